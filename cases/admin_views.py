"""Admin endpoints of the case repository."""

from __future__ import annotations

import logging

from django import forms
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cases.search import possible_duplicates

logger = logging.getLogger(__name__)

WARNING_MIN_SIMILARITY = 0.55
"""Typed titles and summaries are shorter than a published case's head, so a case on the same
work scores lower against them (0.59-0.69 on the demo cases) than the API's duplicate
threshold; unrelated cases stay below 0.4."""


class DuplicateCheckForm(forms.Form):
    title = forms.CharField(required=False, max_length=255)
    summary = forms.CharField(required=False, max_length=2000)
    page = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)


@require_GET
def duplicates(request):
    """Published cases that read like the title and summary being typed, for the case form's
    warning (``cases.panels.DuplicateWarningPanel``); never the page being edited."""
    form = DuplicateCheckForm(request.GET)
    if not form.is_valid():
        return JsonResponse(
            {"results": [], "error": _("入力を確認できませんでした。")},
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    data = form.cleaned_data
    try:
        found = possible_duplicates(
            data["title"],
            data["summary"],
            limit=5,
            min_similarity=WARNING_MIN_SIMILARITY,
            exclude=data["page"],
        )
    except Exception:
        logger.exception("duplicate check failed")
        found = []
    results = [
        {
            "title": item["title"],
            "url": item["url"],
            "place": item["municipality"] or item["prefecture"],
            "similarity": item["score"],
        }
        for item in found
    ]
    return JsonResponse({"results": results}, json_dumps_params={"ensure_ascii": False})
