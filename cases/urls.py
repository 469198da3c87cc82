from django.contrib.auth.decorators import login_required
from django.urls import path

from cases import admin_views, handover, submission

urlpatterns = [
    path("submit/case/", submission.submit_case, name="submit_case"),
    path("submit/case/<int:page_id>/", submission.submit_case, name="submit_case_edit"),
    path("my/cases/<int:page_id>/hand-over/", handover.hand_over_case, name="hand_over_case"),
    # the admin form's duplicate warning, for the same check on the public form
    path(
        "submit/case/duplicates/",
        login_required(admin_views.duplicates),
        name="submit_case_duplicates",
    ),
]
