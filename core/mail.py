"""Mail that a person reads: Japanese, as text with an HTML alternative (``<html lang="ja">``),
from the site's address (``DEFAULT_FROM_EMAIL``)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import override


def send_japanese_mail(subject: str, template: str, context: dict, to: list[str]) -> None:
    """Render ``template`` + ``.txt`` and ``.html`` in Japanese and send them to ``to``."""
    with override("ja"):
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to)
    message.attach_alternative(html, "text/html")
    message.send()


def site_url(path: str) -> str:
    """An absolute address on the site (``SITE_URL``) for a path."""
    return settings.SITE_URL.rstrip("/") + path
