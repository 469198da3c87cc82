from django.urls import path

from search import views

urlpatterns = [
    path("search/", views.search, name="search"),
    path("api/search/", views.api_search, name="api_search"),
    path("api/search/similar/", views.api_similar, name="api_search_similar"),
]
