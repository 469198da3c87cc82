from django.urls import include, path

from accounts import reports, views

urlpatterns = [
    path("accounts/signup/", views.signup, name="account_signup"),
    path("accounts/password/reset/", views.password_reset, name="account_reset_password"),
    path("accounts/", include("allauth.urls")),
    path("report/<int:page_id>/", reports.report_page, name="report_page"),
]
