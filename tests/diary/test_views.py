"""The public pages: the diary index listing (filters, no drafts, fixed queries), a series with
its rotation and next turn, an entry with its question, baton and neighbours, a writer's page,
and site search (no drafts, the diary facets)."""

import datetime
import re

import pytest
from django.urls import reverse

from diary import factories
from diary.models import DiaryEntryPage, SeriesKind
from search import registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def relay(series, writers, make_entry, django_capture_on_commit_callbacks):
    # search indexes after the commit: run those callbacks here
    with django_capture_on_commit_callbacks(execute=True):
        return _relay(writers, make_entry)


def _relay(writers, make_entry):
    first = make_entry(
        writer=writers[0],
        title="雪の窓口から",
        date=datetime.date(2026, 4, 6),
        baton_writer=writers[1],
        baton_question="最初に自動化した業務は何ですか？",
    )
    second = make_entry(
        writer=writers[1],
        title="最初の自動化はRPAでした",
        date=datetime.date(2026, 4, 13),
        question="最初に自動化した業務は何ですか？",
        baton_writer=writers[2],
        baton_question="庁内の仲間はどう集めましたか？",
    )
    draft = make_entry(writer=writers[2], title="下書きの回", live=False)
    return first, second, draft


def test_index_lists_live_entries_and_series(client, diary_index, relay, series):
    first, second, draft = relay
    html = client.get(diary_index.url).content.decode()
    assert first.title in html and second.title in html
    assert draft.title not in html
    assert series.title in html
    assert 'type="application/rss+xml"' in html and 'type="application/atom+xml"' in html


def test_index_filters_by_writer_and_prefecture(client, diary_index, relay, writers):
    first, second, _draft = relay
    html = client.get(diary_index.url, {"writer": writers[1].pk}).content.decode()
    assert second.title in html and first.title not in html
    assert '<meta name="robots" content="noindex">' in html
    hokkaido = writers[0].local_government.prefecture_id
    html = client.get(diary_index.url, {"prefecture": hokkaido}).content.decode()
    assert first.title in html and second.title not in html
    # an invalid value is dropped, never a 500
    assert client.get(diary_index.url, {"writer": "abc", "page": "x"}).status_code == 200


def test_index_costs_a_fixed_number_of_queries(
    client, diary_index, relay, make_entry, writers, django_assert_max_num_queries
):
    client.get(diary_index.url)  # warm the caches (site, content types)
    with django_assert_max_num_queries(40) as few:
        client.get(diary_index.url)
    for i in range(6):
        make_entry(writer=writers[i % 4], title=f"追加の回{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(diary_index.url)


def test_series_shows_rotation_next_turn_and_due_date(client, series, relay, writers):
    html = client.get(series.url).content.decode()
    for writer in writers:
        assert writer.full_name in html
    assert "次の番" in html
    # the baton of the last live entry (the draft does not count): 南 真央, a week after 4/13
    assert "2026年4月20日(月)までに掲載予定" in html
    next_turn = html[html.index('class="next-turn"') :]
    assert next_turn.index(writers[2].full_name) < next_turn.index("掲載予定")
    assert html.index(relay[0].title) < html.index(relay[1].title)


def test_entry_answers_the_previous_question_with_navigation(client, relay, writers):
    first, second, _draft = relay
    html = client.get(second.url).content.decode()
    assert "第2回" in html
    assert f"{writers[0].full_name}さんの問いに答えて" in html
    assert f'href="{first.url}" rel="prev"' in html
    assert "庁内の仲間はどう集めましたか？" in html  # the baton handed on
    baton = html.split('id="baton-heading"', 1)[1].split("</p>", 1)[0]
    assert f"{writers[2].full_name}</a>さんへ" in baton  # 「…さんへ」, then the affiliation
    client.cookies["django_language"] = "en"
    english = client.get(second.url).content.decode().split('id="baton-heading"', 1)[1]
    assert f'<span lang="ja">{writers[2].full_name}</span></a> — over to you' in english
    assert "下書きの回" not in html  # no link to a draft as the next entry
    html = client.get(first.url).content.decode()
    assert f'href="{second.url}" rel="next"' in html


def test_writer_page_lists_their_entries(client, diary_index, relay, writers):
    first, _second, _draft = relay
    response = client.get(f"{diary_index.url}writers/{writers[0].pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert writers[0].full_name in html and first.title in html
    assert "北海道旭川市" in html
    assert client.get(f"{diary_index.url}writers/999999/").status_code == 404
    loner = factories.WriterFactory(family_name="未参加")
    assert client.get(f"{diary_index.url}writers/{loner.pk}/").status_code == 404


def test_home_shows_latest_news(client, site_tree, writers):
    news = factories.add_series(
        site_tree["diary"], title="編集部からのお知らせ", kind=SeriesKind.NEWS, writers=writers[:1]
    )
    factories.add_entry(news, writer=writers[0], title="リレー日記を始めました")
    factories.add_entry(news, writer=writers[0], title="下書きのお知らせ", live=False)
    html = client.get("/").content.decode()
    section = html[html.index('id="news-heading"') :]
    assert "リレー日記を始めました" in section
    assert "下書きのお知らせ" not in html


def test_search_finds_live_entries_only_with_diary_facets(client, relay, series):
    from search import service

    first, _second, draft = relay
    names = [f.name for f in registry.spec_for(DiaryEntryPage).facets]
    assert names == ["series", "writer", "prefecture", "theme"]
    filters = first.specific.get_search_filters()
    assert filters["series"] == series.pk and filters["prefecture"] == 1
    html = client.get("/search/", {"q": "雪の窓口から"}).content.decode()
    assert f'href="{first.url}"' in html
    found = client.get("/api/search/", {"q": "下書きの回"}).json()
    ids = {item["id"] for item in found}
    assert draft.pk not in ids
    assert ids  # the live entries share words with the query
    by_series = client.get("/api/search/", {"q": "日記", "series": series.pk}).json()
    assert {item["id"] for item in by_series} <= {first.pk, relay[1].pk}
    assert service is not None


def test_unpublished_entry_leaves_listing_feed_and_search(
    client, diary_index, relay, django_capture_on_commit_callbacks
):
    first, _second, _draft = relay
    found = client.get("/api/search/", {"q": "雪の窓口から"}).json()
    assert first.pk in {item["id"] for item in found}
    with django_capture_on_commit_callbacks(execute=True):
        first.unpublish()
    assert first.title not in client.get(diary_index.url).content.decode()
    assert first.title not in client.get(f"{diary_index.url}feed/rss/").content.decode()
    found = client.get("/api/search/", {"q": "雪の窓口から"}).json()
    assert first.pk not in {item["id"] for item in found}


def test_a_diary_entry_s_place_is_in_the_reader_s_language(demo_site, client):
    """A diary result names its writer's town as a case result does: 「北海道旭川市」 in
    Japanese, "Asahikawa City (Hokkaido)" in English, not the Japanese name in both."""
    from django.utils import translation

    entry = next(
        e
        for e in DiaryEntryPage.objects.live().select_related("writer__local_government")
        if e.writer and e.writer.local_government_id
    )
    lg = entry.writer.local_government
    url = reverse("api_search")
    for lang in ("ja", "en"):
        found = client.get(url, {"q": entry.title, "mode": "keyword", "lang": lang}).json()
        (result,) = [r for r in found if r["id"] == entry.pk]
        with translation.override(lang):
            assert result["municipality"] == lg.display_name, lang
    assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", result["municipality"])


def test_a_writer_s_affiliation_reads_without_nested_brackets(demo_site, client):
    """「南風原 真央（沖縄県石垣市 総務部 係長）」 in Japanese; in English the place already holds
    brackets ("Ishigaki City (Okinawa)"), so the affiliation follows a middle dot."""
    from django.utils import translation

    from core.templatetags.jp import affiliation

    entry = next(
        e
        for e in DiaryEntryPage.objects.live().select_related("writer__local_government")
        if e.writer and e.writer.local_government_id and e.writer.role
    )
    japanese = client.get(entry.url).content.decode()
    assert f'<span class="meta">（{entry.writer.affiliation_label} ' in japanese
    client.cookies["django_language"] = "en"
    english = client.get(entry.url).content.decode()
    with translation.override("en"):
        label = str(affiliation(entry.writer))  # the organisation marked lang="ja"
    assert f'<span class="meta"> · {label} ' in english and f"({label}" not in english


def test_the_writer_facet_is_in_reading_order_with_or_without_kana(series, writers, make_entry):
    """By the kana of the name, and a writer with no kana (「編集部」, へんしゅうぶ) by the
    reading of the name, not first."""
    from diary.facets import writer_choices
    from diary.models import SeriesWriter

    kana = {"北野": "きたの", "東山": "ひがしやま", "南": "みなみ", "西村": "にしむら"}
    for writer in writers:
        writer.family_name_kana = kana[writer.family_name]
        writer.save()
    desk = factories.WriterFactory(family_name="編集部", given_name="", family_name_kana="")
    SeriesWriter.objects.create(page=series, writer=desk, sort_order=9)
    for writer in [desk, *writers]:
        make_entry(writer=writer)
    names = [name for _pk, name in writer_choices()]
    assert names == ["北野 遥", "西村 杏", "東山 翔", "編集部", "南 真央"], names


def test_a_writers_organisation_is_marked_japanese_in_english(client, relay, writers):
    """The place is the interface's ("Asahikawa City (Hokkaido)"); the department is what the
    writer wrote, so a screen reader in an English page reads it as Japanese (WCAG 3.1.2)."""
    first, second, _draft = relay
    writers[0].organisation = "総務部 行政改革課"
    writers[0].save()
    client.cookies["django_language"] = "en"
    html = client.get(first.url).content.decode()
    assert 'Asahikawa City (Hokkaido) <span lang="ja">総務部 行政改革課</span>' in html
    client.cookies["django_language"] = "ja"
    assert "北海道旭川市 総務部 行政改革課" in client.get(first.url).content.decode()
