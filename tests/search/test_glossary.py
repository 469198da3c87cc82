"""English words and phrases of a query become Japanese keyword terms."""

import pytest

from search import glossary, service
from search import text as jtext


def test_phrases_win_over_single_words():
    assert glossary.japanese_terms("My Number card") == ["マイナンバーカード"]
    assert glossary.japanese_terms("evacuation shelters during disasters") == [
        "避難所",
        "災害",
        "防災",
    ]


def test_plurals_and_ing_forms_are_reduced():
    assert glossary.japanese_terms("chatbots") == ["チャットボット"]
    assert glossary.japanese_terms("reductions") == ["削減"]
    assert glossary.japanese_terms("digitizing") == ["デジタル化"]
    assert glossary.japanese_terms("reduced") == ["削減"]


def test_unknown_and_japanese_words_give_nothing():
    assert glossary.japanese_terms("the of and zzzz") == []
    assert glossary.japanese_terms("紙の申請書") == []
    assert glossary.japanese_terms("") == []


def test_english_query_gets_japanese_keyword_terms():
    terms = service.Query.parse("paperless council meetings").terms
    assert "ペーパーレス" in terms and "議会" in terms
    # a Japanese query keeps exactly its own tokens
    assert service.Query.parse("ペーパーレス会議").terms == jtext.to_tsquery_terms(
        "ペーパーレス会議"
    )


@pytest.mark.django_db
def test_english_keyword_search_finds_japanese_cases(demo_index):
    results = service.search("paperless", mode="keyword", limit=5)
    assert results and all(
        "ペーパーレス" in r["snippet"] + r["title"] + "、".join(r["theme"]) for r in results[:3]
    )


def test_long_english_query_keeps_its_translations_and_drops_function_words():
    query = (
        "Our staff are overwhelmed by phone calls from citizens and we would like to know how "
        "other cities in the prefecture reduced phone inquiries with a chatbot on LINE"
    )
    terms = service.Query.parse(query).terms
    assert {"our", "are", "the", "how", "would"}.isdisjoint(terms)
    assert {"職員", "電話", "問い合わせ", "チャットボット", "削減"} <= set(terms)
    assert "line" in terms  # a tool name stays
    assert len(terms) <= jtext.MAX_QUERY_TERMS
