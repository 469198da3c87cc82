from django.contrib.auth.decorators import login_required
from django.urls import path

from cases import admin_views, submission

urlpatterns = [
    path("submit/case/", submission.submit_case, name="submit_case"),
    path("submit/case/<int:page_id>/", submission.submit_case, name="submit_case_edit"),
    # the admin form's duplicate warning, for the same check on the public form
    path(
        "submit/case/duplicates/",
        login_required(admin_views.duplicates),
        name="submit_case_duplicates",
    ),
]
