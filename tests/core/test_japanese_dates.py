"""Japanese eras, fiscal years and date parsing.

Pure Python: no database, no Django settings needed.
"""

from __future__ import annotations

from datetime import date

import pytest

from core.japanese_dates import (
    era_for_date,
    era_year,
    fiscal_year_label,
    fiscal_year_of,
    format_japanese_year,
    parse_era_year,
    parse_japanese_date,
)

# ---------------------------------------------------------------------------
# Dates, eras and fiscal years
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-10-01", date(2020, 10, 1)),
        ("2020/10/01", date(2020, 10, 1)),
        ("2020年10月1日", date(2020, 10, 1)),
        ("令和2年10月1日", date(2020, 10, 1)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("平成31年4月1日", date(2019, 4, 1)),
        ("H27.10.1", date(2015, 10, 1)),
        ("２０２０年１０月１日", date(2020, 10, 1)),
        ("2020-10-01 00:00:00", date(2020, 10, 1)),
        ("2020年10月", date(2020, 10, 1)),
        ("2020年", None),
        ("", None),
    ],
)
def test_parse_japanese_date(value, expected):
    assert parse_japanese_date(value) == expected


@pytest.mark.parametrize("value", ["2020-13-01", "someday", "令和2年2月30日"])
def test_parse_japanese_date_invalid(value):
    with pytest.raises(ValueError):
        parse_japanese_date(value)


@pytest.mark.parametrize(
    ("year", "label"),
    [
        (2024, "2024年（令和6年）"),
        (2020, "2020年（令和2年）"),
        (2019, "2019年（平成31年/令和元年）"),
        (2018, "2018年（平成30年）"),
        (1990, "1990年（平成2年）"),
        (1989, "1989年（昭和64年/平成元年）"),
        (1988, "1988年（昭和63年）"),
    ],
)
def test_format_japanese_year(year, label):
    assert format_japanese_year(year) == label


@pytest.mark.parametrize(
    ("year", "label"),
    [(2024, "令和6年度"), (2020, "令和2年度"), (2019, "令和元年度"), (2018, "平成30年度")],
)
def test_fiscal_year_label(year, label):
    assert fiscal_year_label(year) == label


def test_fiscal_year_of():
    assert fiscal_year_of(date(2025, 3, 31)) == 2024
    assert fiscal_year_of(date(2025, 4, 1)) == 2025


# ---------------------------------------------------------------------------
# Era boundaries: an era changes on a day
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2019, 4, 30), "平成31年"),
        (date(2019, 5, 1), "令和元年"),
        (date(2020, 1, 1), "令和2年"),
        (date(2024, 12, 31), "令和6年"),
        (date(1989, 1, 7), "昭和64年"),
        (date(1989, 1, 8), "平成元年"),
        (date(1926, 12, 24), "大正15年"),
        (date(1926, 12, 25), "昭和元年"),
        (date(1912, 7, 29), "明治45年"),
        (date(1912, 7, 30), "大正元年"),
        (date(1868, 1, 1), "明治元年"),
        (date(1867, 12, 31), "1867年"),
    ],
)
def test_era_year_changes_on_the_first_day_of_the_era(day, label):
    assert era_year(day) == label


def test_era_for_date():
    assert era_for_date(date(2019, 4, 30)).name == "平成"
    assert era_for_date(date(2019, 5, 1)).name == "令和"
    assert era_for_date(date(1867, 12, 31)) is None


def test_fiscal_years_around_the_changes():
    # FY2018 (April 2018–March 2019) was entirely 平成; FY2019 began in 平成 and is 令和元年度.
    assert fiscal_year_label(fiscal_year_of(date(2019, 4, 30))) == "令和元年度"
    assert fiscal_year_label(fiscal_year_of(date(2019, 3, 31))) == "平成30年度"
    assert fiscal_year_label(fiscal_year_of(date(2025, 3, 31))) == "令和6年度"
    assert fiscal_year_label(fiscal_year_of(date(2024, 4, 1))) == "令和6年度"
    assert fiscal_year_label(1989) == "平成元年度"
    assert fiscal_year_label(1850) == "1850年度"


def test_a_year_before_meiji_has_no_era():
    assert format_japanese_year(1850) == "1850年"


@pytest.mark.parametrize(
    ("value", "year"),
    [
        ("令和3年", 2021),
        ("令和3年度", 2021),
        ("令和元年", 2019),
        ("R3", 2021),
        ("r3", 2021),
        ("平成31年", 2019),
        ("H30年度", 2018),
        ("昭和64年", 1989),
        ("2021", None),
        ("令和", None),
        ("令和3年4月", None),
    ],
)
def test_parse_era_year(value, year):
    assert parse_era_year(value) == year


def test_era_dates_parse_on_both_sides_of_the_change():
    assert parse_japanese_date("平成31年4月30日") == date(2019, 4, 30)
    assert parse_japanese_date("令和元年5月1日") == date(2019, 5, 1)
    assert parse_japanese_date("R1.5.1") == date(2019, 5, 1)
