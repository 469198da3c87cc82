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


def test_a_day_of_counting_has_no_weekday():
    import datetime

    day = datetime.date(2024, 1, 1)
    with translation.override("ja"):
        assert jp.jdate(day) == "2024年1月1日(月)"
        assert jp.jday(day) == "2024年1月1日"
        assert jp.jday("2024-01-01") == "2024年1月1日" and jp.jday(None) == ""
    with translation.override("en"):
        assert jp.jdate(day) == "1 Jan 2024 (Mon)"
        assert jp.jday(day) == "1 Jan 2024"


def test_a_quoted_title_is_not_quoted_twice():
    assert jp.unquoted("「行政DXの四領域」") == "行政DXの四領域"
    assert jp.unquoted("『通底するのは対話』") == "通底するのは対話"
    assert jp.unquoted("「A」と「B」") == "「A」と「B」"
    assert jp.unquoted("行政DX") == "行政DX" and jp.unquoted(None) == ""


def test_japanese_quoted_in_english_interface_text_is_marked_run_by_run():
    text = "One per line. For example: 年間削減時間 3000 時間/年 (hours) or 令和5年 <b>"
    with translation.override("en"):
        assert jp.ja_runs(text) == (
            'One per line. For example: <span lang="ja">年間削減時間 3000 時間/年</span> '
            '(hours) or <span lang="ja">令和5年</span> &lt;b&gt;'
        )
    with translation.override("ja"):
        assert jp.ja_runs("例: 令和5年") == "例: 令和5年"


def test_a_select_of_written_names_marks_each_option_but_the_empty_one():
    from django import forms

    from core.widgets import WrittenSelect

    widget = WrittenSelect(choices=[("", "All"), (1, "東西南北デジデジ日記")])
    with translation.override("en"):
        html = widget.render("series", 1)
    assert '<option value="">All</option>' in html
    assert '<option value="1" selected lang="ja">東西南北デジデジ日記</option>' in html
    with translation.override("ja"):
        assert "lang=" not in WrittenSelect(choices=[(1, "連載")]).render("series", 1)
    assert isinstance(widget, forms.Select)
