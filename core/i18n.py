"""Small helpers for text in the active language."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _


def in_english() -> bool:
    """True when the active language is English: reference data then shows its English names."""
    return (get_language() or "").split("-")[0] == "en"


def year_label(year: int) -> str:
    """「2024年」, "2024" in English."""
    return _("%(year)s年") % {"year": year}
