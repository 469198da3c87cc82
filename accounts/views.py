"""django-allauth's sign-up with a honeypot, and its costly views behind the shared limiter."""

from __future__ import annotations

from allauth.account.views import PasswordResetView, SignupView
from django.shortcuts import redirect

from core.ratelimit import ratelimit


class HoneypotSignupView(SignupView):
    def form_valid(self, form):
        if form.is_bot:  # as if it had worked: a bot learns nothing, and no account is made
            return redirect("account_email_verification_sent")
        return super().form_valid(form)


# a mistyped town or password is sent back and may be tried again: only sign-ups made count
# against "signup"; every attempt against the wider "signup-attempt"
signup = ratelimit("signup-attempt", methods=("POST",))(
    ratelimit("signup", methods=("POST",), successes_only=True)(HoneypotSignupView.as_view())
)
password_reset = ratelimit("password-reset", methods=("POST",))(PasswordResetView.as_view())
