"""Translation catalogues: every string of the site has its English, and Wagtail's admin reads
in Japanese (overrides in locale/ja for what Wagtail leaves untranslated or words oddly)."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, ngettext

ROOT = Path(settings.BASE_DIR)
SKIP = {
    ".venv",
    "var",
    "media",
    "static_collected",
    "tests",
    "bench",
    "docs",
    ".git",
    "node_modules",
}


def missing_english(po: polib.POFile) -> list[str]:
    return [
        (f"[{e.msgctxt}] " if e.msgctxt else "") + e.msgid
        for e in po
        if not e.obsolete and (e.fuzzy or not e.translated())
    ]


@pytest.fixture(scope="module")
def extracted_english(tmp_path_factory) -> polib.POFile:
    """``makemessages -l en`` run over a copy of the project, merged with the committed
    catalogue: what the catalogue would be if it were extracted now."""
    copy = tmp_path_factory.mktemp("extract") / "site"
    shutil.copytree(
        ROOT, copy, ignore=lambda d, names: [n for n in names if n in SKIP or n.endswith(".mo")]
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete", "-v", "0"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    return polib.pofile(str(copy / "locale/en/LC_MESSAGES/django.po"))


def test_every_site_string_has_its_english(extracted_english):
    assert len(extracted_english) > 200
    assert missing_english(extracted_english) == []


def test_the_committed_english_catalogue_is_complete():
    po = polib.pofile(str(ROOT / "locale/en/LC_MESSAGES/django.po"))
    assert missing_english(po) == []


@pytest.mark.parametrize(
    ("msgid", "japanese"),
    [
        ("Help", "ヘルプ"),
        ("Privacy and access", "公開範囲"),
        ("Task submitted by", "提出者"),
        ("This %(model_name)s is currently awaiting moderation.", "審査待ち"),
        ("Page '%(page_title)s' has been submitted for moderation.", "審査に提出しました"),
        ("Search all pages…", "すべてのページを検索"),
        ("Draft saved", "下書き"),
        ("Name and Email", "名前とメールアドレス"),  # the admin's account page
        ("Profile picture", "プロフィール画像"),
        ("Theme preferences", "表示の設定"),
        (
            "If you have not created an account yet, then please %(link)ssign up%(end_link)s first.",
            "お持ちでなければ、%(link)sこちらからユーザー登録%(end_link)sしてください。",
        ),
    ],
)
def test_wagtail_admin_strings_read_in_japanese(msgid, japanese):
    with translation.override("ja"):
        assert japanese in gettext(msgid)
        assert "調整" not in gettext(msgid)


def test_wagtail_plural_strings_read_in_japanese():
    with translation.override("ja"):
        pages = ngettext(
            '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>',
            '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>',
            137,
        ) % {"total": 137, "site_name": "ひろば"}
        matches = ngettext("There is %(counter)s match", "There are %(counter)s matches", 3) % {
            "counter": 3
        }
    assert "Pages" not in pages and "ページ" in pages
    assert matches == "3 件見つかりました"


def test_japanese_overrides_are_well_formed():
    for name in ("django.po", "djangojs.po"):
        po = polib.pofile(str(ROOT / "locale/ja/LC_MESSAGES" / name))
        assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
        assert missing_english(po) == []  # every override has its Japanese


@pytest.mark.django_db
def test_admin_javascript_catalogue_is_japanese(client):
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.create_user("js-editor", password="x", is_superuser=True)
    client.force_login(editor)
    body = client.get("/admin/jsi18n/").content.decode()
    collapse_all = "すべて閉じる"  # "Collapse all"
    assert collapse_all.encode("unicode_escape").decode() in body or collapse_all in body


def test_required_fields_are_marked_in_each_language_s_punctuation():
    from django import forms
    from django.template.loader import render_to_string

    class Form(forms.Form):
        name = forms.CharField(label="氏名")

    with translation.override("ja"):
        assert "（必須）" in render_to_string("components/form_fields.html", {"form": Form()})
    with translation.override("en"):
        html = render_to_string("components/form_fields.html", {"form": Form()})
    assert '<span class="required">(required)</span>' in html
    assert "（" not in html


def _html(client, url, language):
    client.cookies["django_language"] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_names_with_affiliations_use_each_language_s_parentheses(client, demo_site):
    """A writer's or speaker's affiliation in brackets: 「北原 遥（北海道旭川市…）」 in Japanese;
    in English after a middle dot, "北原 遥 · Asahikawa City (Hokkaido) …", the place having
    brackets of its own (no "(… (Hokkaido) …)"), never the full-width pair."""
    from cases.models import CasePage
    from core.templatetags.jp import affiliation
    from diary.models import DiaryEntryPage
    from events.models import EventPage, SessionSpeaker

    entry = DiaryEntryPage.objects.live().public().exclude(writer=None).first()
    link = (
        SessionSpeaker.objects.filter(session__page__live=True)
        .exclude(speaker__local_government=None)
        .first()
    )
    event = EventPage.objects.get(pk=link.session.page_id)
    for language, opening in (("ja", "（"), ("en", " · ")):
        with translation.override(language):
            writer, speaker = str(affiliation(entry.writer)), str(affiliation(link.speaker))
        assert f"{opening}{writer}" in _html(client, entry.url, language)
        name = (
            link.speaker.full_name
            if language == "ja"
            else f'<span lang="ja">{link.speaker.full_name}</span>'
        )
        assert f"{name}</strong>{opening}{speaker}" in _html(client, event.url, language)
    assert f"（{writer}" not in _html(client, entry.url, "en")
    assert f"({writer}" not in _html(client, entry.url, "en")
    hokkaido = CasePage.objects.live().filter(local_government__prefecture__code=1).first()
    assert hokkaido is not None
    assert "Hokkaido (Hokkaido)" not in _html(client, hokkaido.url, "en")
    assert "北海道（北海道）" not in _html(client, hokkaido.url, "ja")


@pytest.mark.django_db
def test_time_ranges_and_quoted_titles_read_in_english(client, demo_site):
    """「13:00〜17:30」 and 「事例紹介「…」」 in Japanese; "13:00–17:30" and "Case presentation:
    “…”" in English."""
    from cases.models import CasePage
    from events.models import EventSession, SessionCase

    session = EventSession.objects.filter(page__live=True).exclude(start_time=None).first()
    event_url = session.page.url
    for language, dash in (("ja", "〜"), ("en", "–")):
        with translation.override(language):
            label = session.time_label
        assert dash in label
        separator = {"ja": " ・ ", "en": " · "}[language]
        assert f"{label}{separator}" in _html(client, event_url, language)
    link = SessionCase.objects.filter(session__page__live=True, case__live=True).first()
    case = CasePage.objects.get(pk=link.case_id)
    with translation.override("en"):
        kind = link.session.get_kind_display()
    english = _html(client, case.url, "en")
    # the session's title is what people wrote, marked Japanese inside the English sentence
    assert f'{kind}: “<span lang="ja">{link.session.title}</span>”' in english
    assert f"{kind}「" not in english


@pytest.mark.django_db
def test_the_header_names_the_sections_in_each_language(client, demo_site):
    from home.models import HomePage

    sections = HomePage.objects.first().get_children().live().in_menu()
    assert [p.title for p in sections] == ["事例", "イベント", "日記"]
    header = _html(client, "/", "en").split("</header>")[0]
    assert all(f">{name}</a>" in header for name in ("Cases", "Events", "Diary"))
    assert ">事例</a>" not in header
    assert ">事例</a>" in _html(client, "/", "ja").split("</header>")[0]
    for section, english in zip(sections, ("Cases", "Events", "Diary"), strict=True):
        html = _html(client, section.url, "en")
        assert f"<h1>{english}</h1>" in html and f"<title>{english} | " in html
        assert f"<h1>{section.title}</h1>" in _html(client, section.url, "ja")


@pytest.mark.django_db
def test_link_lists_are_separated_in_the_language_of_the_page(client, demo_site):
    """The calendar links of an event and the export links of the case listing: 「 ・ 」 in
    Japanese, " · " in English (a full-width dot in English text reads as a stray mark)."""
    import re

    from events.models import EventPage

    event = next(e for e in EventPage.objects.live() if not e.has_ended())
    for url, marker in ((event.url, "add-to-calendar"), ("/cases/", 'class="export"')):
        for language, separator in (("ja", "・"), ("en", "·")):
            html = _html(client, url, language)
            start = html.index(marker)
            links = html[start : html.index("</p>", start)]
            between = re.findall(r"</a>\s*(\S+)\s*<a ", links)
            assert between and set(between) == {separator}, (url, language, between)


def test_the_admin_user_list_and_shortcuts_read_in_japanese(client, demo_site):
    # strings Wagtail 8.0 has no Japanese for: the users listing, its bulk actions and the
    # keyboard-shortcuts dialog on every admin page; the yes/no icons carry a Japanese title
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="demo-editor"))
    html = client.get("/admin/users/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    for japanese in (
        "権限",
        "最終ログイン",
        "ロールを割り当て",
        "すべてのキーボードショートカット",
    ):
        assert japanese in html, japanese
    for english in (">Access level<", ">Last login<", "Toggle sidebar"):
        assert english not in html, english
    flat = re.sub(r"\s+", " ", html)
    assert 'class="w-sr-only"> はい </span>' in flat
    assert 'class="w-sr-only"> True </span>' not in flat


@pytest.mark.django_db
def test_japanese_content_is_marked_japanese_in_the_english_interface(client, demo_site):
    """WCAG 3.1.2: in English the page is lang="en" and what people wrote (a case's, an event's
    and an entry's title, summary and body; cards in listings) says lang="ja"; in Japanese
    nothing needs saying."""
    from cases.models import CasePage
    from diary.models import DiaryEntryPage
    from events.models import EventPage

    pages = [
        CasePage.objects.live().exclude(summary="").first(),
        EventPage.objects.live().exclude(summary="").first(),
        DiaryEntryPage.objects.live().exclude(summary="").first(),
    ]
    for page in pages:
        english = _html(client, page.url, "en")
        assert '<html lang="en">' in english
        assert f'<h1 lang="ja">{page.title}</h1>' in english, page.url
        assert f'<p class="lead" lang="ja">{page.summary}</p>' in english, page.url
        japanese = _html(client, page.url, "ja")
        assert (
            f"<h1>{page.title}</h1>" in japanese and ' lang="ja">' not in japanese.split("<main")[1]
        )
    listing = _html(client, "/cases/", "en")
    assert re.search(r'<h3 class="card-title" lang="ja"><a href="[^"]+">', listing)
    # names inside a line of English labels
    writer = pages[2].writer
    assert f'<span lang="ja">{writer.full_name}</span>' in _html(client, pages[2].url, "en")
    assert f'<span lang="ja">{writer.full_name}</span>' not in _html(client, pages[2].url, "ja")


@pytest.mark.django_db
def test_a_section_named_above_a_page_is_in_the_page_s_language(client, demo_site):
    """The link to the section above a page's heading (statistics, a series, a writer)."""
    from diary.models import DiarySeriesPage

    series = DiarySeriesPage.objects.live().first()
    for url, japanese, english in (
        ("/cases/stats/", "事例", "Cases"),
        (series.url, "日記", "Diary"),
    ):
        for language, name in (("ja", japanese), ("en", english)):
            eyebrow = _html(client, url, language).split('<p class="eyebrow">', 1)[1]
            assert eyebrow.split("</a>", 1)[0].endswith(f">{name}"), (url, language)


@pytest.mark.django_db
def test_an_event_s_cases_and_format_read_as_its_date_and_language_want(client, demo_site):
    """Cases an event still to come will present are 「紹介する事例」, not 「紹介した」; the
    format 「会場開催」 ("In person") is not the venue's own label; no half-width space before
    a full-width parenthesis in Japanese."""
    from events.models import EventFormat, EventPage

    coming = next(
        e
        for e in EventPage.objects.live()
        if not e.has_ended()
        and e.format == EventFormat.VENUE
        and any(s.case_links.exists() for s in e.session_list)
    )
    html = _html(client, coming.url, "ja")
    assert "紹介する事例" in html and "紹介した事例" not in html
    assert "会場開催" in html
    assert " （" not in html.split("<main", 1)[1]
    english = _html(client, coming.url, "en")
    assert "In person" in english and "Cases to be presented" in english


@pytest.mark.django_db
def test_the_site_s_japanese_name_is_marked_japanese_in_english(client, demo_site):
    from django.conf import settings

    name = settings.WAGTAIL_SITE_NAME
    english = _html(client, "/", "en")
    assert f'class="site-name" href="/" lang="ja">{name}</a>' in english
    assert f'<span lang="ja">{name}</span> —' in english
    assert f'href="/">{name}</a>' in _html(client, "/", "ja")
