"""The Japanese date filters of the templates (``{% load jp %}``)."""

from django.utils import translation

from core.japanese_dates import fiscal_year_label, format_japanese_year
from core.templatetags import jp


def test_the_filters_use_core_japanese_dates():
    """``jyear`` and ``fiscal_year`` in templates agree with core.japanese_dates, 2019 included."""
    with translation.override("ja"):
        for year in (2018, 2019, 2020, 2024, 1989):
            assert jp.jyear(year) == format_japanese_year(year)
            assert jp.fiscal_year(year) == fiscal_year_label(year)
        assert jp.jyear(2019) == "2019年（平成31年/令和元年）"
        assert jp.fiscal_year(2019) == "令和元年度"
