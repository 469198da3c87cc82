"""Events and their reports in site search through the registry: found by their programme,
filtered by format and organiser prefecture, labelled with the prefecture and the date; a
draft event is never found."""

import re

import pytest

from events.factories import add_report
from events.models import EventFormat
from search import service

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(make_event, ishikawa, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        online = make_event(
            title="除雪DXオンライン勉強会",
            format=EventFormat.ONLINE,
            online_url="https://example.lg.jp/meet",
        )
        onsite = make_event(title="除雪DX県民フォーラム", organiser=ishikawa)
        draft = make_event(title="除雪DX非公開の準備会", live=False)
        report = add_report(
            onsite, title="除雪DX県民フォーラム 開催報告", slug="report", summary="除雪の話"
        )
    return {"online": online, "onsite": onsite, "draft": draft, "report": report}


def ids(query, **filters):
    found = service.search(
        query, mode="keyword", filters=service.Filters.from_mapping(filters), limit=20
    )
    return {r["id"] for r in found}, found


def test_live_events_and_reports_are_found_and_drafts_never(indexed):
    found, results = ids("除雪DX")
    assert found == {indexed[k].pk for k in ("online", "onsite", "report")}
    assert indexed["draft"].pk not in ids("非公開の準備会")[0]
    by_id = {r["id"]: r for r in results}
    onsite = by_id[indexed["onsite"].pk]
    assert onsite["type"] == "event"
    assert onsite["prefecture"] == "石川県"
    assert onsite["starts_on"] == "2030-11-20"  # 13:30 in Tokyo, whatever UTC says


def test_the_search_page_gives_an_event_s_date_as_people_write_it(indexed, client):
    html = client.get("/search/", {"q": "除雪DX", "mode": "keyword"}).content.decode()
    assert '<time datetime="2030-11-20">2030年11月20日(水)</time>' in html
    # each result says what it is: an event, its report
    kinds = re.findall(r'<span class="result-type">([^<]*)</span>', html)
    assert "イベント" in kinds and "開催報告" in kinds and "" not in kinds
    client.cookies["django_language"] = "en"
    html = client.get("/search/", {"q": "除雪DX", "mode": "keyword"}).content.decode()
    assert '<time datetime="2030-11-20">20 Nov 2030 (Wed)</time>' in html
    assert '<span class="result-type">Event</span>' in html


def test_events_are_filtered_by_format_and_organiser_prefecture(indexed, ishikawa):
    assert ids("除雪DX", format="online")[0] == {indexed["online"].pk}
    in_ishikawa = ids("除雪DX", prefecture=str(ishikawa.prefecture_id))[0]
    assert in_ishikawa == {indexed["onsite"].pk, indexed["report"].pk}


@pytest.fixture
def themed(make_event, make_case, django_capture_on_commit_callbacks):
    """An event on AI-OCR, the cases on its theme and one on another, a draft case, and
    another event on the same words."""
    from cases.models import Theme

    ocr = Theme.objects.get(slug="ai-ocr")
    with django_capture_on_commit_callbacks(execute=True):
        on_theme = make_case(title="申請書のAI-OCR読み取りで入力を自動化")
        in_kanagawa = make_case(
            municipality="横須賀市",
            prefecture="神奈川県",
            title="窓口の申請書をAI-OCRで読み取り",
        )
        off_theme = make_case(
            title="除雪車の位置を地図で公開", summary="除雪車にGPSを付けた。", theme=["防災DX"]
        )
        draft = make_case(title="AI-OCRの申請書読み取り（下書き）")
        draft.unpublish()
        event = make_event(
            title="AI-OCRで申請書の入力をなくす勉強会",
            summary="紙の申請書をAI-OCRで読み取り、入力作業を自動化した市町村が報告します。",
            themes=[ocr],
        )
        other_event = make_event(
            title="AI-OCR申請書入力の勉強会（第2回）",
            summary="紙の申請書をAI-OCRで読み取り、入力作業を自動化する。",
            themes=[ocr],
        )
    return locals()


def test_an_event_finds_the_cases_on_its_themes(themed, client):
    from search.similar import similar_pages

    found = similar_pages(themed["event"])
    items = found["other_prefectures"] + found["same_prefecture"]
    ids = [item["id"] for item in items]
    assert {item["type"] for item in items} == {"case"}  # no event, not the page itself
    assert themed["other_event"].pk not in ids and themed["event"].pk not in ids
    assert themed["draft"].pk not in ids
    # the organiser is Kanagawa: Ishikawa's case comes among the other prefectures, first as the
    # only one sharing the theme; the Kanagawa case under the prefecture's own
    assert found["other_prefectures"][0]["id"] == themed["on_theme"].pk
    assert found["other_prefectures"][0]["reason"] == "共通: テーマ"
    assert [item["id"] for item in found["same_prefecture"]] == [themed["in_kanagawa"].pk]

    html = client.get(themed["event"].url).content.decode()
    assert "このイベントに関連する事例" in html
    assert themed["on_theme"].title in html and themed["draft"].title not in html


def test_an_event_s_related_cases_share_a_theme_and_one_without_themes_has_none(
    themed, make_event, client, django_capture_on_commit_callbacks
):
    """The text alone of a new event with no theme (its title and a line) drew cases that
    had nothing to do with it: every related case shares one of the event's themes."""
    from search.similar import similar_pages

    found = similar_pages(themed["event"])
    items = found["other_prefectures"] + found["same_prefecture"]
    assert items and all(item["reason"] == "共通: テーマ" for item in items)
    assert themed["off_theme"].pk not in [item["id"] for item in items]
    with django_capture_on_commit_callbacks(execute=True):
        bare = make_event(
            title="AI-OCRで申請書の入力をなくす相談会",
            summary="紙の申請書をAI-OCRで読み取る方法を相談します。",
            themes=[],
        )
    assert similar_pages(bare) == {"other_prefectures": [], "same_prefecture": []}
    assert "このイベントに関連する事例" not in client.get(bare.url).content.decode()


def test_the_cases_an_event_presents_are_not_suggested_beside_it(
    themed, make_event, client, django_capture_on_commit_callbacks
):
    """The event page and its report list the cases presented in the sessions; the similar
    cases beside them are others."""
    from cases.models import Theme
    from events import factories
    from events.models import SessionKind
    from search.similar import similar_pages

    presented = themed["on_theme"]
    with django_capture_on_commit_callbacks(execute=True):
        event = make_event(
            title="AI-OCRで申請書の入力をなくす事例発表会",
            summary="紙の申請書をAI-OCRで読み取り、入力作業を自動化した市町村が報告します。",
            themes=[Theme.objects.get(slug="ai-ocr")],
            sessions=[factories.session(SessionKind.CASE, "金沢市の報告", cases=[presented])],
        )
        report = add_report(event, title="事例発表会 開催報告", slug="report", summary="AI-OCR")
    # without the session, the presented case is the first suggestion (the fixture's test)
    assert similar_pages(themed["event"])["other_prefectures"][0]["id"] == presented.pk
    for page in (event, report):
        found = similar_pages(page)
        ids = [item["id"] for item in found["other_prefectures"] + found["same_prefecture"]]
        assert ids and presented.pk not in ids
        assert themed["in_kanagawa"].pk in ids  # the others are still there
        html = client.get(page.url).content.decode()
        similar_html = html.split("このイベントに関連する事例", 1)[1]
        assert presented.title not in similar_html
    assert presented.title in client.get(report.url).content.decode()  # listed as presented
