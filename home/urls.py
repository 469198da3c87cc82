from django.urls import path

from home import views

urlpatterns = [
    path("my/", views.my_submissions, name="my_submissions"),
    path("my/<int:page_id>/delete/", views.delete_draft, name="delete_draft"),
]
