"""What a search result's snippet is cut from: a case's own words from its summary on, with its
results' numbers as a reader writes them."""

import pytest

from search.documents import build_document
from search.models import PageSearchText
from search.service import search
from tests.search.conftest import case_page

pytestmark = pytest.mark.django_db

SUMMARY = "窓口の待ち時間を番号札アプリで知らせるようにした。"


@pytest.fixture
def case(site_tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return case_page(
            site_tree["cases"],
            title="窓口の呼び出しをスマートフォンへ",
            summary=SUMMARY,
            themes=("madoguchi-dx",),
            results=[
                {"label": "平均待ち時間", "value": 15, "baseline": 60, "unit": "分"},
                {"label": "削減した業務時間", "value": 5000, "unit": "時間"},
                {"label": "利用率", "value": 0.5, "unit": "%"},
            ],
        )


def test_a_snippet_starts_at_the_summary_not_at_the_labels(case):
    doc = build_document(case)
    # the place and themes stay in the indexed text (a query may match them) ...
    assert "石川県金沢市" in doc.text and "窓口DX" in doc.text
    # ... but a result already shows them beside the snippet
    assert doc.snippet_text.startswith(SUMMARY)
    assert PageSearchText.objects.get(page=case).text.startswith(SUMMARY)
    result = next(r for r in search("番号札アプリ", mode="keyword") if r["id"] == case.pk)
    assert result["snippet"].startswith("窓口の待ち時間を<mark>番号札")


def test_results_read_as_written_in_the_text(case):
    text = build_document(case).text
    assert "平均待ち時間 60分 → 15分" in text
    assert "削減した業務時間 5,000時間" in text and "利用率 0.5%" in text
    assert ".00" not in text


def test_a_page_without_a_summary_loses_only_its_title(site_tree):
    page = case_page(site_tree["cases"], title="要約のない事例", summary="")
    snippet = build_document(page).snippet_text
    assert not snippet.startswith("要約のない事例") and snippet.startswith("石川県金沢市")
