"""The listing mechanism works for any queryset, not only cases."""

import pytest
from django.test import RequestFactory
from wagtail.models import Page

from core.listing import ChoiceFacet, Listing, OpenFacet

pytestmark = pytest.mark.django_db

LISTING = Listing(
    facets=(
        ChoiceFacet(
            "depth",
            "深さ",
            lookup="depth",
            values=lambda base: [(d, f"{d}階層") for d in (1, 2, 3)],
            coerce=int,
        ),
        OpenFacet("slug", "スラッグ", lookup="slug", top=5, expanded=True),
    ),
    sorts={"title": ("タイトル順", ("title",)), "depth": ("深さ順", ("-depth", "title"))},
    default_sort="title",
    per_page=1,
)


@pytest.fixture(autouse=True)
def pages():
    root = Page.get_first_root_node()
    for slug in ("alpha", "beta"):
        root.add_child(instance=Page(title=slug.title(), slug=slug))


def run(query: str):
    return LISTING.run(RequestFactory().get("/?" + query), Page.objects.all())


def test_filters_are_validated_and_bad_values_dropped():
    result = run("depth=2&slug=ALPHA&sort=bogus&page=abc")
    assert result.filters == {"depth": 2, "slug": "ALPHA"}
    assert [p.slug for p in result.queryset] == ["alpha"]
    assert result.form.sort_key() == "title"
    assert result.is_filtered
    assert result.page_obj.number == 1
    assert run("depth=7").filters == {}


def test_each_facet_is_counted_with_the_other_filters():
    result = run("depth=2")
    depth = next(f for f in result.facets if f["name"] == "depth")
    counts = {item["value"]: item["count"] for item in depth["items"]}
    assert counts == {1: 1, 2: Page.objects.filter(depth=2).count()}
    selected = next(item for item in depth["items"] if item["selected"])
    assert selected["value"] == 2 and "depth" not in selected["url"]
    slug = next(f for f in result.facets if f["name"] == "slug")
    assert {item["value"] for item in slug["items"]} == set(
        Page.objects.filter(depth=2).values_list("slug", flat=True)
    )


def test_an_unfiltered_first_page_is_indexable_and_exports_skip_counting():
    assert not run("").is_filtered
    export = LISTING.run(
        RequestFactory().get("/?format=csv"), Page.objects.all(), with_facets=False
    )
    assert export.facets == [] and export.page_obj is None
    assert export.queryset.count() == Page.objects.count()


def test_a_facet_is_open_when_declared_so_or_when_it_filters():
    def opened(query):
        return {f["name"]: f["open"] for f in run(query).facets}

    assert opened("") == {"depth": False, "slug": True}
    assert opened("depth=2") == {"depth": True, "slug": True}
