"""A page type joins site search, its facets and similar pages by registering a spec, without
any change to ``search/``: a throwaway spec for the events' page type, in place of the one the
events app registers (put back afterwards)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import EventFormat, EventPage
from localgov.models import LocalGovernment
from search import indexing, registry, service, serving, similar
from search.embedding import HashingBackend
from search.forms import SearchForm
from search.registry import Facet, SearchSpec, SimilarSplit

pytestmark = pytest.mark.django_db

FORMATS = [("online", "オンライン"), ("onsite", "会場")]


def _event_filters(page) -> dict:
    online = page.format == EventFormat.ONLINE
    return {"format": "online" if online else "onsite", "venue_name": page.venue}


@pytest.fixture
def event_spec(monkeypatch):
    backend = HashingBackend(dimensions=512)
    monkeypatch.setattr(indexing, "get_backend", lambda alias="default": backend)
    monkeypatch.setattr(serving, "get_backend", lambda alias="default": backend)
    spec = SearchSpec(
        facets=[Facet("format", "形式", choices=lambda: FORMATS)],
        result_fields=["venue"],
        labels=lambda filters: {"venue": filters.get("venue_name", "")},
        filters=_event_filters,
        similar=SimilarSplit(facet="format", other_key="elsewhere", same_key="same_format"),
    )
    previous = registry.spec_for(EventPage)
    registry.register(EventPage, spec)
    yield spec
    registry.register(EventPage, previous)


@pytest.fixture
def events(site_tree, event_spec, django_capture_on_commit_callbacks):
    start = timezone.now() + timedelta(days=30)
    made = []
    with django_capture_on_commit_callbacks(execute=True):
        for n, (online, venue) in enumerate(
            [(True, "オンライン会場"), (False, "金沢市役所"), (False, "富山県民会館")]
        ):
            page = EventPage(
                title=f"除雪のDXを語るフォーラム{n}",
                summary="除雪車の位置情報と住民の問い合わせ対応を自動化した話。",
                start_at=start,
                format=EventFormat.ONLINE if online else EventFormat.VENUE,
                venue=venue,
                organiser=LocalGovernment.objects.get(code="172014"),
            )
            site_tree["events"].add_child(instance=page)
            page.save_revision().publish()
            made.append(page)
    return made


def test_a_registered_page_type_gets_facets_results_and_similar_pages(events):
    online, kanazawa, toyama = events
    found = service.search("除雪 フォーラム", mode="keyword", limit=10)
    assert {r["id"] for r in found} == {e.pk for e in events}
    assert all(r["type"] == "event" and "venue" in r for r in found)
    assert {r["venue"] for r in found} == {"オンライン会場", "金沢市役所", "富山県民会館"}

    onsite = service.Filters.from_mapping({"format": "onsite"})
    assert {r["id"] for r in service.search("除雪", mode="keyword", filters=onsite)} == {
        kanazawa.pk,
        toyama.pk,
    }
    form = SearchForm({"q": "除雪", "format": "online"})
    assert form.is_valid() and "format" in form.fields
    assert form.filters().get("format") == ["online"]

    groups = similar.similar_pages(kanazawa)
    assert set(groups) == {"elsewhere", "same_format"}
    assert [r["id"] for r in groups["same_format"]] == [toyama.pk]
    assert [r["id"] for r in groups["elsewhere"]] == [online.pk]
    assert groups["same_format"][0]["same_format"] is True


def test_a_result_url_is_the_page_url(events):
    found = service.search("除雪", mode="keyword", limit=10)
    pages = {e.pk: e for e in events}
    assert found and all(r["url"] == pages[r["id"]].url for r in found)


def test_a_japanese_slug_is_url_encoded_like_page_url(events):
    page = events[0]
    page.slug = "除雪フォーラム"
    page.save_revision().publish()
    indexing.index_page(page.pk)
    page.refresh_from_db()
    (item,) = [r for r in service.search("除雪", mode="keyword") if r["id"] == page.pk]
    assert item["url"] == page.url and "%E9%99%A4" in item["url"]


def test_a_facet_relabelled_by_registering_again_shows_in_the_reason():
    """The reason (共通: …) is made once per language and facets, and made again when a page
    type is registered anew with other labels."""
    before = similar.reason(["format"])
    assert before == f"共通: {registry.facet('format').label}" != "共通: 形式"
    previous = registry.spec_for(EventPage)
    try:
        registry.register(EventPage, SearchSpec(facets=[Facet("format", "形式")]))
        assert similar.reason(["format"]) == "共通: 形式"
    finally:
        registry.register(EventPage, previous)
    assert similar.reason(["format"]) == before
