from django.urls import path

from api import views

urlpatterns = [
    path("api/search/", views.search, name="api_search"),
    path("api/search/similar/", views.similar_pages, name="api_search_similar"),
]
