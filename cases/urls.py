from django.urls import path

from cases import submission

urlpatterns = [
    path("submit/case/", submission.submit_case, name="submit_case"),
    path("submit/case/<int:page_id>/", submission.submit_case, name="submit_case_edit"),
]
