"""Events and their reports in site search through the registry: found by their programme,
filtered by format and organiser prefecture, labelled with the prefecture and the date; a
draft event is never found."""

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


def test_events_are_filtered_by_format_and_organiser_prefecture(indexed, ishikawa):
    assert ids("除雪DX", format="online")[0] == {indexed["online"].pk}
    in_ishikawa = ids("除雪DX", prefecture=str(ishikawa.prefecture_id))[0]
    assert in_ishikawa == {indexed["onsite"].pk, indexed["report"].pk}
