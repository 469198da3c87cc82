from django.urls import include, path

from accounts import views

urlpatterns = [
    path("accounts/signup/", views.signup, name="account_signup"),
    path("accounts/password/reset/", views.password_reset, name="account_reset_password"),
    path("accounts/", include("allauth.urls")),
]
