"""The case pages in English: reference data (regions, prefectures, population bands, themes)
in English, no 件/年/時点; Japanese stays the default."""

import datetime
import re

import pytest
from django.utils import translation
from wagtail.models import Page

from cases.models import CasePage, Theme
from diary.models import DiaryEntryPage
from events.models import EventPage
from localgov.models import LocalGovernment, Prefecture

pytestmark = pytest.mark.django_db

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e]")


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def with_population(demo_cases):
    """A population for every implementer of a live case, so the population facet shows."""
    live = CasePage.objects.live().values_list("local_government", flat=True)
    LocalGovernment.objects.filter(pk__in=live).update(
        population=110_000, population_as_of=datetime.date(2024, 1, 1)
    )


def test_listing_facets_are_english(english, with_population):
    response = english.get("/cases/")
    assert response.status_code == 200
    facets = {f["name"]: f for f in response.context["facets"]}
    assert [f["label"] for f in response.context["facets"]] == [
        "Region",
        "Prefecture",
        "Population",
        "Theme",
        "Tool",
        "Stage",
        "Start year",
    ]
    for name in ("region", "prefecture", "population", "theme", "status", "year"):
        labels = [item["label"] for item in facets[name]["items"]]
        assert labels, name
        assert not [label for label in labels if JAPANESE.search(str(label))], name
    html = response.content.decode()
    assert "Ishikawa" in html and "Kinki" in html and "50,000–199,999" in html
    assert Theme.objects.get(slug="rpa").name_en in html
    heading = re.search(r'<h2 id="results-heading"[^>]*>(.*?)</h2>', html).group(1)
    assert not JAPANESE.search(heading)  # 「136 件の事例」 → "136 cases"
    # the filter form's choices too
    form_choices = [str(label) for _, label in response.context["form"].fields["region"].choices]
    assert "Tohoku" in form_choices


def test_listing_stays_japanese_by_default(client, with_population):
    html = client.get("/cases/").content.decode()
    assert "石川県" in html and "近畿" in html and "5万〜20万人" in html
    assert "Ishikawa" not in html


def test_case_page_in_english_has_no_as_of_in_japanese(english, with_population):
    case = CasePage.objects.live().filter(local_government__kind="city").first()
    html = english.get(case.url).content.decode()
    assert "時点" not in html and "as of" in html
    assert case.local_government.prefecture.code and "Prefecture" in html
    assert f"({Prefecture.objects.get(code=case.local_government.prefecture_id).name}" not in html


def test_statistics_and_local_government_pages_in_english(english, demo_cases):
    stats = english.get("/cases/stats/").content.decode()
    assert "Hokkaido" in stats and "北海道" not in stats
    # a name wider than its 48-unit tile at 11px is narrowed to fit; a short one is not
    assert re.search(r'textLength="44"[^>]*>Kagoshima</text>', stats)
    assert re.search(r'text-anchor="middle">Osaka</text>', stats)
    lg = english.get("/cases/lg/170003/").content.decode()  # 石川県 as an organisation
    assert "Ishikawa Prefecture" in lg and "Prefecture" in lg


def test_page_types_have_proper_plurals():
    with translation.override("en"):
        assert str(EventPage._meta.verbose_name_plural) == "Events"
        assert str(DiaryEntryPage._meta.verbose_name_plural) == "Diaries"
        assert str(CasePage._meta.verbose_name_plural) == "Cases"
        assert str(EventPage._meta.verbose_name) == "Event"
    with translation.override("ja"):
        assert str(EventPage._meta.verbose_name_plural) == "イベント"
        assert str(DiaryEntryPage._meta.verbose_name_plural) == "日記"


def test_search_type_filter_reads_events_and_diaries(demo_site):
    """The search page's type filter lists the indexed page types by their plural names."""
    from django.contrib.contenttypes.models import ContentType

    from search.forms import SearchForm
    from search.models import PageSearchText

    # the form lists the content types it finds in the index: rows standing for an event and
    # a diary entry are enough (the demo has none of them indexed)
    unindexed = Page.objects.filter(depth__gt=1, search_text__isnull=True)[:2]
    for model, page in zip((EventPage, DiaryEntryPage), unindexed, strict=True):
        PageSearchText.objects.create(
            page=page,
            content_type=ContentType.objects.get_for_model(model),
            page_type=model._meta.label_lower,
            search_vector="",
            content_hash="test",
        )
    for language, expected in (("en", {"Events", "Diaries"}), ("ja", {"イベント", "日記"})):
        with translation.override(language):
            labels = {str(label) for _, label in SearchForm().fields["type"].choices}
        assert expected <= labels, labels
        assert not [label for label in labels if label.endswith(("ss", "ys", "トs", "記s"))]


def test_a_local_government_s_page_reads_in_english(english, with_population):
    html = english.get("/cases/lg/172014/").content.decode()
    assert "<h1>Cases of Kanazawa City (Ishikawa)</h1>" in html
    eyebrow = re.search(r'<p class="eyebrow"><a [^>]*>(.*?)</a></p>', html).group(1)
    assert eyebrow == "Cases"
    population = re.search(r"<dt>Population</dt><dd>(.*?)</dd>", html).group(1)
    assert population == "110,000 people (50,000–199,999)"
