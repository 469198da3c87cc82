from django.urls import path

from diary import submission

urlpatterns = [
    path("submit/diary/<int:series_id>/", submission.write_entry, name="write_entry"),
    path("submit/diary/entry/<int:page_id>/", submission.write_entry, name="write_entry_edit"),
]
