"""Japanese date and number formatting for templates."""

import datetime
import re

from django import template
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from core.japanese_dates import fiscal_year_label, format_japanese_year

register = template.Library()

CONTENT_LANGUAGE = "ja"
"""What pages are written in: the interface is translated, the content is not."""

WEEKDAYS_JA = "月火水木金土日"


def _local(value):
    if isinstance(value, str):
        # an ISO date as search rows store it ("2030-11-20"); anything else is shown as given
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value
    return value


@register.filter
def jdate(value):
    """2024年12月27日(金) in Japanese, 27 Dec 2024 (Fri) in English: a day someone goes
    somewhere or something happens (an event, a diary entry)."""
    return _date(value, weekday=True)


@register.filter
def jday(value):
    """2024年1月1日 in Japanese, 1 Jan 2024 in English: a date that things are counted at (a
    population's reference date), where the weekday says nothing."""
    return _date(value, weekday=False)


def _date(value, *, weekday: bool) -> str:
    if not value:
        return ""
    value = _local(value)
    if value is None:
        return ""
    if get_language() == "en":
        return value.strftime("%-d %b %Y (%a)" if weekday else "%-d %b %Y")
    day = f"{value.year}年{value.month}月{value.day}日"
    return f"{day}({WEEKDAYS_JA[value.weekday()]})" if weekday else day


@register.filter
def jdatetime(value):
    """2024年12月27日(金) 13:30"""
    if not value:
        return ""
    value = _local(value)
    return f"{jdate(value)} {value:%H:%M}"


@register.filter
def jyear(year):
    """A year on its own shows both calendars: 2024年（令和6年）, 2019年（平成31年/令和元年）."""
    if not year:
        return ""
    year = int(year)
    if get_language() == "en":
        return str(year)
    return format_japanese_year(year)


@register.filter
def fiscal_year(year):
    """Fiscal year starting in April of ``year``: 令和6年度 (2019 is 令和元年度)."""
    if not year:
        return ""
    return fiscal_year_label(int(year))


@register.filter
def jnumber(value):
    """Thousands separators; drops a trailing .0. A negative number (a result that fell) is
    「▲15」 in Japanese, as public documents write it, and "−15" (the minus sign) in English."""
    if value is None or value == "":
        return ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value
    sign = ""
    if number < 0:
        sign, number = ("▲" if get_language() != "en" else "\u2212"), -number
    if number == int(number):
        return f"{sign}{int(number):,}"
    return sign + f"{number:,.2f}".rstrip("0").rstrip(".")


@register.filter
def in_section(page, item) -> bool:
    """True when ``page`` is ``item`` or below it in the page tree (for aria-current)."""
    return bool(page and item and getattr(page, "path", "").startswith(item.path))


@register.filter
def mul50(value) -> int:
    """Tile-map coordinate: grid cell to SVG units."""
    return int(value) * 50


@register.filter
def unquoted(value) -> str:
    """A title without the 「」 (or 『』) around the whole of it, for a template that puts its
    own around it: 「「行政DXの四領域」」 would read doubled. 「A」と「B」 keeps its brackets."""
    text = str(value or "").strip()
    for opening, closing in ("「」", "『』"):
        inner = text[1:-1]
        if (
            len(text) > 2
            and text[0] == opening
            and text[-1] == closing
            and opening not in inner
            and closing not in inner
        ):
            return inner.strip()
    return text


def written_lang() -> str | None:
    """The language to mark on what people wrote, ``None`` when the interface is in it."""
    if (get_language() or "").split("-")[0] == CONTENT_LANGUAGE:
        return None
    return CONTENT_LANGUAGE


@register.simple_tag
def content_lang():
    """``lang="ja"`` for an element holding what people wrote (titles, summaries, bodies),
    when the interface is in another language: the content is Japanese whatever the interface
    (WCAG 2.1, 3.1.2 Language of Parts), so that a screen reader reads it as Japanese."""
    lang = written_lang()
    return mark_safe(f' lang="{lang}"') if lang else ""


@register.filter(needs_autoescape=True)
def affiliation(person, autoescape=True):
    """A person's affiliation, 「旭川市 総務部」: the place's name as the interface gives it
    ("Asahikawa City (Hokkaido)" in English), what they wrote of their organisation marked
    Japanese (:func:`ja`). ``person`` gives ``affiliation_parts()``."""
    place, organisation = person.affiliation_parts()
    parts = [conditional_escape(place) if place else "", ja(organisation, autoescape)]
    return mark_safe(" ".join(str(part) for part in parts if part))


@register.filter(needs_autoescape=True)
def ja(value, autoescape=True):
    """A short piece of what people wrote inside interface text (a writer's name, a venue, a
    series' title in a line of labels), marked Japanese as :func:`content_lang` marks an
    element."""
    text = conditional_escape(value) if autoescape else value
    lang = content_lang()
    if not lang or not value:
        return text
    return format_html("<span{}>{}</span>", lang, text)


_JAPANESE = "\u3000-\u303f\u3040-\u30ff\u3400-\u9fff\uff01-\uff60"
_JAPANESE_RUN = re.compile(f"[{_JAPANESE}](?:[{_JAPANESE}0-9０-９ /]*[{_JAPANESE}])?")
"""Japanese characters, with the digits, spaces and slashes between them (「年間削減時間 3000
時間/年」 is one run)."""


@register.filter(needs_autoescape=True)
def ja_runs(value, autoescape=True):
    """Interface text that quotes Japanese (a help text's example, 「例: 令和5年」 in English)
    with each Japanese run marked ``lang="ja"``, when the interface is not Japanese."""
    text = conditional_escape(value) if autoescape else str(value)
    lang = written_lang()
    if not lang or not value:
        return text
    marked = _JAPANESE_RUN.sub(lambda m: f'<span lang="{lang}">{m.group(0)}</span>', str(text))
    return mark_safe(marked)


@register.filter(needs_autoescape=True)
def site_copy(value, autoescape=True):
    """The site's own words kept on a page (the home page's lead, a section's introduction, as
    the demo writes them): in the interface's language when the catalogue has them, else as
    written and marked Japanese (:func:`ja`), as after an editor rewrites them."""
    if not value:
        return ""
    translated = gettext(str(value))
    if translated != str(value):
        return conditional_escape(translated) if autoescape else translated
    return ja(value, autoescape)
