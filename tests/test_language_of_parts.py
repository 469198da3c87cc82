"""WCAG 2.1, 3.1.2 Language of Parts: on the English site, every piece of Japanese text that
people wrote (titles, names, venues, series, tools, filter options) sits inside an element
marked ``lang="ja"``, so that a screen reader reads it with a Japanese voice."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page

from cases.models import CasePage
from diary.models import DiaryIndexPage, DiarySeriesPage
from home import demo

pytestmark = pytest.mark.django_db

JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uff60]")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
UNMARKABLE = {"title", "script", "style", "textarea"}
"""Elements whose text cannot hold a marked part (the document title) or is not read as text."""


class UnmarkedJapanese(HTMLParser):
    """Text with Japanese characters whose nearest ``lang`` ancestor is not ``ja``."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, str | None]] = []
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if any(tag in UNMARKABLE for tag, _lang in self.stack):
            return
        lang = next((lang for _tag, lang in reversed(self.stack) if lang), "")
        if JAPANESE.search(data) and not lang.startswith("ja"):
            path = ">".join(tag for tag, _lang in self.stack[-3:])
            self.found.append(f"{path}: {data.strip()[:50]}")


def unmarked(html: str) -> list[str]:
    parser = UnmarkedJapanese()
    parser.feed(html)
    return parser.found


def test_the_checker_finds_japanese_outside_a_japanese_element():
    html = '<p>Venue: 旭川市</p><p lang="ja">旭川市</p><select><option lang="ja">連載</option></select>'
    assert unmarked(html) == ["p: Venue: 旭川市"]


def _public_urls() -> list[str]:
    pages = Page.objects.live().public().not_type(CasePage).specific()
    urls = [page.url for page in pages if page.url]
    urls += [case.url for case in CasePage.objects.live().public().order_by("pk")[:5]]
    series = DiarySeriesPage.objects.live().first()
    writer = series.series_writers.first().writer
    return [
        *urls,
        f"{DiaryIndexPage.objects.get().url}writers/{writer.pk}/",
        f"/report/{series.pk}/",
        "/cases/stats/",
        "/search/?q=%E6%97%A5%E8%A8%98",  # 日記: diary entries, with the series filter
        "/search/?q=RPA",
    ]


def test_the_english_site_marks_what_people_wrote_as_japanese(demo_site, client):
    client.cookies["django_language"] = "en"
    found = {}
    for url in _public_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        if parts := unmarked(response.content.decode()):
            found[url] = parts[:3]
    assert found == {}


def _signed_in(client, role: str):
    user = get_user_model().objects.get(username=demo.DEMO_USERS[role][0])
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return user


def test_members_forms_mark_names_and_titles_as_japanese(demo_site, client):
    series = DiarySeriesPage.objects.live().get(
        series_writers__writer__user=_signed_in(client, "writer")
    )
    found = {}
    for role, url in [
        ("writer", "/my/"),
        ("writer", f"/submit/diary/{series.pk}/"),
        ("staff", "/my/"),
        ("staff", "/submit/case/"),
    ]:
        _signed_in(client, role)
        response = client.get(url)
        assert response.status_code == 200, url
        if parts := unmarked(response.content.decode()):
            found[f"{role} {url}"] = parts
    assert found == {}
