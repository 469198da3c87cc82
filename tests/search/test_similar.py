"""Similar pages from everything a case says: document and whole-page vectors, the case's key
terms and the boosts its type declares; the split (other prefectures first), the reason shown,
and never the page itself, a draft or a private page."""

import dataclasses
import math
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation
from wagtail.models import Page, PageViewRestriction

from cases.models import CasePage, Theme, Tool
from localgov.regions import PREFECTURE_NAMES_EN
from search import evaluation, registry, service, similar
from search.documents import build_document

pytestmark = pytest.mark.django_db

KANAZAWA = "https://www.city.kanazawa.ishikawa.jp/dx/rpa-aiocr-2019"


def _ids(found: dict) -> list[int]:
    return [item["id"] for group in found.values() for item in group]


def _row(pid, head, whole, terms, filters, src_filters):
    return (
        pid,
        head,
        whole,
        terms,
        f"事例{pid}",
        f"/c/{pid}/",
        "cases.casepage",
        filters,
        {},
        src_filters,
    )


def test_the_page_itself_is_never_suggested(demo_index):
    for case in CasePage.objects.live().public():
        found = similar.similar_pages(case)
        assert case.pk not in _ids(found)
        assert len(found["other_prefectures"]) == 5


def test_other_prefectures_first_and_the_reason_shown(demo_index):
    case = CasePage.objects.live().get(source_url=KANAZAWA)
    found = similar.similar_pages(case)
    others, same = found["other_prefectures"], found["same_prefecture"]
    assert others and all(not item["same_prefecture"] for item in others)
    assert all(item["prefecture"] != "石川県" for item in others)
    assert all(item["same_prefecture"] and item["prefecture"] == "石川県" for item in same)
    themed = [item for item in others if item["shared_themes"]]
    assert themed, others
    for item in themed:
        assert "theme" in item["shared_facets"]
        assert item["reason"].startswith("共通: ") and "テーマ" in item["reason"]
    assert all(bool(item["reason"]) == bool(item["shared_facets"]) for item in others + same)
    assert similar.reason(["theme", "tool"]) == "共通: テーマ・ツール"
    assert similar.reason([]) == ""
    with translation.override("en"):
        assert similar.reason(["theme", "tool"]) == "In common: Theme, Tool"
        # the cached list is shown in the language of each request
        assert similar.similar_pages(case)["other_prefectures"][0]["reason"].startswith(
            "In common: "
        )


def test_names_in_the_similar_list_follow_the_language(demo_index, client):
    case = CasePage.objects.live().get(source_url=KANAZAWA)
    japanese = similar.similar_pages(case)  # cached first in Japanese
    with translation.override("en"):
        english = similar.similar_pages(case)
    pairs = list(zip(japanese["other_prefectures"], english["other_prefectures"], strict=True))
    assert [j["id"] for j, _ in pairs] == [e["id"] for _, e in pairs]
    for ja, en in pairs:
        lg = CasePage.objects.get(pk=ja["id"]).local_government
        assert ja["municipality"] == lg.full_name
        with translation.override("en"):
            assert en["municipality"] == lg.display_name
        assert en["municipality"].startswith(lg.romaji)
        assert en["prefecture"] == PREFECTURE_NAMES_EN[lg.prefecture_id]
    themed = [(ja, en) for ja, en in pairs if ja["shared_themes"]]
    assert themed
    names = dict(Theme.objects.values_list("name", "name_en"))
    for ja, en in themed:
        assert en["shared_themes"] == [names[name] for name in ja["shared_themes"]]
    assert any(en["shared_themes"] != ja["shared_themes"] for ja, en in themed)
    # the case page in English: the places, and the heading of the same-prefecture list
    client.cookies["django_language"] = "en"
    page = client.get(case.url).content.decode()
    assert f"· {english['other_prefectures'][0]['municipality']}" in page
    near = next(c for c in CasePage.objects.live() if similar.similar_pages(c)["same_prefecture"])
    prefecture = PREFECTURE_NAMES_EN[near.local_government.prefecture_id]
    assert f"Similar cases in {prefecture}" in client.get(near.url).content.decode()


def test_labels_are_stored_in_japanese_whatever_the_request_language(demo_index):
    case = CasePage.objects.live().get(source_url=KANAZAWA)
    with translation.override("en"):
        labels = build_document(case).labels
    assert labels["municipality"] == "石川県金沢市"
    assert labels["en"]["municipality"] == "Kanazawa City (Ishikawa)"
    assert labels["en"]["prefecture"] == "Ishikawa"
    assert set(labels["en"]["theme"]) == set(labels["theme"])


def test_the_reason_is_in_the_page_and_the_api(demo_index, client):
    case = CasePage.objects.live().get(source_url=KANAZAWA)
    html = client.get(case.url).content.decode()
    assert "共通: テーマ" in html
    data = client.get("/api/search/similar/", {"page": case.pk}).json()
    assert data["other_prefectures"][0]["reason"].startswith("共通: ")
    # each shared theme and tool its own list item beside the reason, not names run together
    shown = re.findall(
        r'<div class="shared"><span class="reason">([^<]*)</span>\s*(?:<ul class="tags">(.*?)</ul>)?',
        html,
    )
    expected = [
        item
        for group in (data["other_prefectures"], data["same_prefecture"])
        for item in group
        if item["reason"]
    ]
    assert shown and len(shown) == len(expected)
    for (reason, chips), item in zip(shown, expected, strict=True):
        assert reason == item["reason"]
        names = re.findall(r"<li[^>]*>([^<]*)</li>", chips)
        assert names == item["shared_themes"] + item["shared_tools"]


def test_shared_tools_are_named_as_editors_wrote_them(demo_index):
    # the tool facet compares names case-folded (kintone = Kintone); the chips show the name
    written = set(Tool.objects.values_list("name", flat=True))
    shown = set()
    for case in CasePage.objects.live().order_by("pk")[:40]:
        for group in similar.similar_pages(case.pk).values():
            for item in group:
                shown.update(item["shared_tools"])
    assert shown and shown <= written
    assert any(name != name.casefold() for name in shown)


def test_hidden_pages_are_never_suggested_even_while_their_rows_remain(demo_index):
    """The visibility guard of the statement, not only the index: a page unpublished or made
    private without its rows being removed yet (no signal ran) is still left out."""
    case = CasePage.objects.live().get(source_url=KANAZAWA)
    cache.clear()
    first = similar.similar_pages(case)["other_prefectures"][0]["id"]
    Page.objects.filter(pk=first).update(live=False)  # no signal: the search rows stay
    try:
        cache.clear()
        assert first not in _ids(similar.similar_pages(case))
    finally:
        Page.objects.filter(pk=first).update(live=True)
    restriction = PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page_id=first, restriction_type=PageViewRestriction.LOGIN)]
    )[0]
    try:
        cache.clear()
        assert first not in _ids(similar.similar_pages(case))
    finally:
        PageViewRestriction.objects.filter(pk=restriction.pk).delete()
        cache.clear()
    assert first in _ids(similar.similar_pages(case))


def test_drafts_and_private_pages_are_never_suggested(demo_index):
    hidden = {demo_index["draft"].pk, demo_index["private"].pk}
    for case in CasePage.objects.live().public():
        assert not hidden & set(_ids(similar.similar_pages(case)))


def test_boosts_move_a_same_theme_page_up():
    src = {"theme": ["rpa"], "tool": ["kintone"]}
    rows = [
        _row(1, 0.90, 0.90, 10.0, {"theme": ["ai-ocr"]}, src),
        _row(2, 0.85, 0.86, 8.0, {"theme": ["rpa", "x"]}, src),
        _row(3, 0.50, 0.50, 1.0, {"theme": []}, src),
    ]
    plain = similar.score_candidates(rows, {})
    assert [row[0] for _, row, _ in plain] == [1, 2, 3]
    boosted = similar.score_candidates(rows, {"theme": 0.3, "tool": 0.1})
    assert [row[0] for _, row, _ in boosted] == [2, 1, 3]
    assert [shared for _, _, shared in boosted] == [["theme"], [], []]
    # a missing vector scores as the lowest candidate, not as an error
    missing = similar.score_candidates([*rows, _row(4, None, None, 0, {}, src)], {})
    assert [row[0] for _, row, _ in missing][-1] == 4


def test_declared_boosts_raise_the_theme_share(demo_index):
    spec = registry.spec_for(CasePage)
    assert spec.similar.boosts["theme"] > 0
    with_boosts = evaluation.evaluate_similar({})["by_facet"]["p_at_k"]
    registry.register(
        CasePage, dataclasses.replace(spec, similar=dataclasses.replace(spec.similar, boosts={}))
    )
    try:
        cache.clear()
        without = evaluation.evaluate_similar({})["by_facet"]["p_at_k"]
    finally:
        registry.register(CasePage, spec)
        cache.clear()
    assert with_boosts > without


def test_a_boost_of_a_facet_name_that_cannot_be_sql_is_refused():
    with pytest.raises(ValueError):
        registry.SimilarSplit(facet="prefecture", boosts={"theme'; --": 1.0})


def test_query_classes():
    tools = {"kintone", "logoフォーム"}
    assert evaluation.query_class({"query": "kintone"}, tools) == "tool"
    assert evaluation.query_class({"query": " Kintone "}, tools) == "tool"
    assert evaluation.query_class({"query": "LoGoフォーム"}, tools) == "tool"
    assert evaluation.query_class({"query": "paper forms by hand"}, tools) == "english"
    assert evaluation.query_class({"query": "紙の申請書"}, tools) == "japanese"
    assert evaluation.query_class({"query": "kintone", "class": "english"}, tools) == "english"


def test_related_pairs_come_from_shared_queries():
    related = evaluation.related_pairs(
        [{"query": "q", "relevant": {"a": 2, "b": 1, "c": 0}}, {"query": "r", "relevant": {"a": 1}}]
    )
    assert related == {"a": {"b"}, "b": {"a"}}


def test_evaluate_search_reports_similar_pages_and_classes(demo_index, capsys):
    call_command("evaluate_search", "--similar-only")
    out = capsys.readouterr().out
    assert "P@5 by theme" in out and "related@5 (search_eval_heldout)" in out
    call_command("evaluate_search", "--mode", "keyword", "--file", str(evaluation.SETS[1]))
    out = capsys.readouterr().out
    assert "japanese (" in out and "english (" in out and "search_eval_heldout" in out


def test_cross_validation_chooses_each_set_s_fusion_on_the_other_sets(monkeypatch):
    # One query per set over the same two pages: keyword prefers page 1, semantic page 2.
    # Set "a" wants page 1 (a keyword-leaning fusion), set "b" page 2 (a semantic-leaning one).
    monkeypatch.setattr(evaluation, "source_urls", lambda: {1: "k1", 2: "k2"})
    rankings = {"qa": ([(1, 1.0), (2, 0.5)], [(2, 0.9), (1, 0.1)])}
    rankings["qb"] = rankings["qa"]
    sets = {
        "a": [{"query": "qa", "relevant": {"k1": 2}}],
        "b": [{"query": "qb", "relevant": {"k2": 2}}],
    }
    keyword_leaning = service.Fusion(semantic_weight=0.3)
    semantic_leaning = service.Fusion(semantic_weight=0.7)
    result = evaluation.cross_validate(
        sets,
        grid=[keyword_leaning, semantic_leaning],
        deployed=keyword_leaning,
        signals=rankings.__getitem__,
        tool_facet="",
    )
    assert result["a"]["chosen"] == "convex w=0.7" and result["a"]["chosen_on"] == ["b"]
    assert result["a"]["tuned_here"] == "convex w=0.3"
    assert result["a"]["cross_validated"]["ndcg"] == pytest.approx(1 / math.log2(3))
    assert result["a"]["tuned_here_scores"]["ndcg"] == 1.0 == result["a"]["deployed"]["ndcg"]
    assert result["b"]["chosen"] == "convex w=0.3"
    assert result["b"]["cross_validated"]["ndcg"] == pytest.approx(1 / math.log2(3))
    with pytest.raises(ValueError):
        evaluation.cross_validate({"a": sets["a"]}, signals=rankings.__getitem__)


def test_a_page_of_the_same_prefecture_comes_only_with_a_theme_or_tool_in_common(demo_index):
    """The prefecture's own list is drawn from its few pages and was always full: 岡山県's three
    demo cases listed each other under 「岡山県内の類似事例」 with nothing in common."""
    shown = 0
    for case in CasePage.objects.live().public():
        for item in similar.similar_pages(case)["same_prefecture"]:
            shown += 1
            assert item["shared_themes"] or item["shared_tools"], (case.title, item["title"])
    assert shown > 20
