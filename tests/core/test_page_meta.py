"""Canonical addresses and link cards (Open Graph) on public pages; none where search engines
are told not to index."""

import re

import pytest

from cases.models import CasePage
from diary.models import DiaryIndexPage, Writer

pytestmark = pytest.mark.django_db


def meta(html: str) -> dict[str, str]:
    found = dict(re.findall(r'<meta property="(og:[a-z_]+)" content="([^"]*)"', html))
    canonical = re.search(r'<link rel="canonical" href="([^"]*)"', html)
    if canonical:
        found["canonical"] = canonical.group(1)
    return found


def test_a_case_page_has_its_address_title_and_summary(demo_site, client):
    case = CasePage.objects.live().public().order_by("pk").first()
    tags = meta(client.get(case.url, {"utm_source": "mail"}).content.decode())
    assert tags["canonical"] == f"http://testserver{case.url}"  # the query is left out
    assert tags["og:url"] == tags["canonical"]
    assert tags["og:title"] == case.title
    assert tags["og:description"] == case.get_meta_description()
    assert tags["og:type"] == "article" and tags["og:locale"] == "ja_JP"


def test_home_is_a_website_and_english_names_the_section_in_english(demo_site, client):
    assert meta(client.get("/").content.decode())["og:type"] == "website"
    client.cookies["django_language"] = "en"
    tags = meta(client.get("/cases/").content.decode())
    assert tags["og:title"] == "Cases" and tags["og:locale"] == "en_US"


def test_a_route_keeps_its_address_without_its_index_pages_title(demo_site, client):
    index = DiaryIndexPage.objects.live().first()
    writer = Writer.objects.filter(entries__live=True).distinct().first()
    url = f"{index.url}writers/{writer.pk}/"
    tags = meta(client.get(url).content.decode())
    assert tags["canonical"] == f"http://testserver{url}"
    assert "og:title" not in tags and "og:description" not in tags


@pytest.mark.parametrize("url", ["/cases/?sort=new", "/search/?q=RPA"])
def test_no_canonical_where_pages_are_not_indexed(demo_site, client, url):
    html = client.get(url).content.decode()
    assert 'content="noindex"' in html
    assert meta(html) == {}
