"""Japanese date and number formatting for templates."""

import datetime

from django import template
from django.utils import timezone
from django.utils.translation import get_language

register = template.Library()

WEEKDAYS_JA = "月火水木金土日"
ERAS = [  # (first day, name)
    (datetime.date(2019, 5, 1), "令和"),
    (datetime.date(1989, 1, 8), "平成"),
    (datetime.date(1926, 12, 25), "昭和"),
]


def era_year(year: int, month: int = 4, day: int = 1) -> str:
    """``2024`` → ``令和6年``; the first year of an era is ``元年``."""
    date = datetime.date(year, month, day)
    for start, name in ERAS:
        if date >= start:
            n = year - start.year + 1
            return f"{name}{'元' if n == 1 else n}年"
    return f"{year}年"


def _local(value):
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value
    return value


@register.filter
def jdate(value):
    """2024年12月27日(金) in Japanese, 27 Dec 2024 (Fri) in English."""
    if not value:
        return ""
    value = _local(value)
    if get_language() == "en":
        return value.strftime("%-d %b %Y (%a)")
    return f"{value.year}年{value.month}月{value.day}日({WEEKDAYS_JA[value.weekday()]})"


@register.filter
def jdatetime(value):
    """2024年12月27日(金) 13:30"""
    if not value:
        return ""
    value = _local(value)
    return f"{jdate(value)} {value:%H:%M}"


@register.filter
def jyear(year):
    """A year on its own shows both calendars: 2024年（令和6年）."""
    if not year:
        return ""
    year = int(year)
    if get_language() == "en":
        return str(year)
    return f"{year}年（{era_year(year, 12, 31)}）"


@register.filter
def fiscal_year(year):
    """Fiscal year starting in April of ``year``: 令和6年度."""
    if not year:
        return ""
    return era_year(int(year), 4, 1).replace("年", "年度")


@register.filter
def jnumber(value):
    """Thousands separators; drops a trailing .0."""
    if value is None or value == "":
        return ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value
    if number == int(number):
        return f"{int(number):,}"
    return f"{number:,.2f}".rstrip("0").rstrip(".")


@register.filter
def in_section(page, item) -> bool:
    """True when ``page`` is ``item`` or below it in the page tree (for aria-current)."""
    return bool(page and item and getattr(page, "path", "").startswith(item.path))


@register.filter
def mul50(value) -> int:
    """Tile-map coordinate: grid cell to SVG units."""
    return int(value) * 50
