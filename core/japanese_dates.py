"""Japanese eras (和暦), fiscal years (年度) and date parsing: the one era table of the site.

An era changes on a day, not on New Year: 2019-04-30 is 平成31年 and 2019-05-01 is 令和元年
(the first year of an era is 元年). A calendar year on its own that saw a change shows both
eras (``2019年（平成31年/令和元年）``); a fiscal year takes the era in force when it ends, as the
government writes it (2019 → 令和元年度).

Pure Python, no Django imports.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import NamedTuple


class Era(NamedTuple):
    name: str  # 令和
    start: date  # first day
    initial: str  # romaji initial: R


# Newest first. 明治 counted from 1868-01-01 as is customary.
ERAS: tuple[Era, ...] = (
    Era("令和", date(2019, 5, 1), "R"),
    Era("平成", date(1989, 1, 8), "H"),
    Era("昭和", date(1926, 12, 25), "S"),
    Era("大正", date(1912, 7, 30), "T"),
    Era("明治", date(1868, 1, 1), "M"),
)
_ERA_START_YEAR: dict[str, int] = {}
for _era in ERAS:
    _ERA_START_YEAR[_era.name] = _ERA_START_YEAR[_era.initial] = _era.start.year


def _era_year(era: str, year: int) -> str:
    n = year - _ERA_START_YEAR[era] + 1
    return f"{era}{'元' if n == 1 else n}年"


def era_for_date(d: date) -> Era | None:
    """The era in force on ``d`` (None before 明治)."""
    return next((era for era in ERAS if d >= era.start), None)


def era_year(d: date) -> str:
    """The era year of a day: 2019-04-30 → ``平成31年``, 2019-05-01 → ``令和元年``.

    Days before 明治 are returned without an era (``1850年``).
    """
    era = era_for_date(d)
    return _era_year(era.name, d.year) if era else f"{d.year}年"


def format_japanese_year(year: int) -> str:
    """``2024年（令和6年）``; a changeover year shows both: ``2019年（平成31年/令和元年）``.

    Years before 明治 are returned without an era (``1850年``).
    """
    labels: list[str] = []
    next_start: int | None = None  # first year of the following era
    for name, start, _ in ERAS:  # newest first
        if start.year <= year and (next_start is None or year <= next_start):
            labels.insert(0, _era_year(name, year))
        next_start = start.year
    return f"{year}年（{'/'.join(labels)}）" if labels else f"{year}年"


def fiscal_year_label(year: int) -> str:
    """``令和6年度`` for the fiscal year starting April ``year``.

    A changeover year uses the new era, as the government does (2019 → 令和元年度).
    """
    for name, start, _ in ERAS:
        if start.year <= year:
            return _era_year(name, year) + "度"
    return f"{year}年度"


def fiscal_year_of(d: date) -> int:
    """Fiscal year (April–March) containing ``d``, as its starting calendar year."""
    return d.year if d.month >= 4 else d.year - 1


# ---------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------

_ERA_ALT = "|".join(e.name for e in ERAS) + "|" + "|".join(e.initial for e in ERAS)
_TIME_SUFFIX_RE = re.compile(r"[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_WESTERN_DATE_RE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_KANJI_DATE_RE = re.compile(r"(\d{4})年(\d{1,2})月(?:(\d{1,2})日?)?")
_ERA_DATE_RE = re.compile(
    rf"({_ERA_ALT})(元|\d{{1,2}})[年./-](\d{{1,2}})(?:[月./-](\d{{1,2}})日?)?月?", re.IGNORECASE
)
_YEAR_ONLY_RE = re.compile(rf"(?:\d{{4}}|(?:{_ERA_ALT})(?:元|\d{{1,2}}))年?度?", re.IGNORECASE)
_ERA_YEAR_RE = re.compile(rf"({_ERA_ALT})(元|\d{{1,2}})年?度?", re.IGNORECASE)


def _western_year(era: str, n: str) -> int:
    key = era if era in _ERA_START_YEAR else era.upper()
    return _ERA_START_YEAR[key] + (1 if n == "元" else int(n)) - 1


def parse_era_year(value: str) -> int | None:
    """The calendar year of ``令和3年``, ``令和3年度``, ``R3``, ``平成元年`` (None if ``value`` is
    not an era year). ``value`` is expected NFKC-normalised and without spaces."""
    m = _ERA_YEAR_RE.fullmatch(value)
    return _western_year(m[1], m[2]) if m else None


def parse_japanese_date(value: str) -> date | None:
    """Parse 2020-10-01, 2020/10/01, 2020年10月1日, 令和2年10月1日, R2.10.1 (ValueError if not).

    Year-month values give the 1st of the month; a bare year (``2020年``) gives None.
    """
    s = _TIME_SUFFIX_RE.sub("", unicodedata.normalize("NFKC", value).strip())
    s = "".join(s.split())
    if not s:
        return None
    try:
        if m := _WESTERN_DATE_RE.fullmatch(s):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _KANJI_DATE_RE.fullmatch(s):
            return date(int(m[1]), int(m[2]), int(m[3] or 1))
        if m := _ERA_DATE_RE.fullmatch(s):
            return date(_western_year(m[1], m[2]), int(m[3]), int(m[4] or 1))
    except ValueError:
        pass
    else:
        if _YEAR_ONLY_RE.fullmatch(s):
            return None
    raise ValueError(f"日付として解釈できません: {value!r}")
