import datetime
import itertools

import pytest

from cases import importing
from events import factories
from events.models import EventFormat, SessionKind, SpeakerRole

_numbers = itertools.count(1)


@pytest.fixture
def event_index(site_tree):
    return site_tree["events"]


@pytest.fixture
def kanagawa():
    return factories.local_government("神奈川県")


@pytest.fixture
def ishikawa():
    return factories.local_government("石川県")


@pytest.fixture
def make_event(event_index, kanagawa):
    def make(live=True, **fields):
        n = next(_numbers)
        values = {
            "title": f"テストフォーラム{n}",
            "slug": f"test-forum-{n}",
            "organiser": kanagawa,
            "start_at": factories.tokyo(2030, 11, 20, 13, 30),
            "end_at": factories.tokyo(2030, 11, 20, 17, 0),
            "format": EventFormat.VENUE,
            "venue": "県庁大会議場",
            "venue_address": "横浜市中区日本大通1",
        }
        values.update(fields)
        return factories.add_event(event_index, live=live, **values)

    return make


@pytest.fixture
def make_case(site_tree):
    def make(**fields):
        n = next(_numbers)
        row = {
            "municipality": "金沢市",
            "prefecture": "石川県",
            "title": f"イベントで紹介する事例{n}",
            "summary": "紙の申請書をAI-OCRで読み取った。",
            "theme": ["AI-OCR"],
            "year": 2022,
            "source_url": f"https://example.lg.jp/event-case/{n}",
        }
        row.update(fields)
        items, errors = importing.validate_rows([importing.RawRow(1, row)])
        assert not errors, errors
        importing.apply(items, site_tree["cases"], publish=True)
        return importing.find_existing(items[0], site_tree["cases"])

    return make


@pytest.fixture
def forum(make_event, make_case):
    """An event with a programme: opening, a panel presenting a case, and a closing."""
    case = make_case()
    chair = factories.speaker("今村", "寛", family_name_kana="いまむら", given_name_kana="ひろし")
    panellist = factories.speaker("山形", "巧哉", affiliation="デザイン事務所", job_title="代表")
    event = make_event(
        sessions=[
            factories.session(SessionKind.OPENING, "開会挨拶", start="13:30", end="13:40"),
            factories.session(
                SessionKind.PANEL,
                "リアル版・デジデジ日記",
                start="14:00",
                end="15:00",
                speakers=[(panellist, SpeakerRole.SPEAKER), (chair, SpeakerRole.MODERATOR)],
                cases=[case],
            ),
            factories.session(SessionKind.CLOSING, "閉会", start="16:50", end="17:00"),
        ]
    )
    return event, case


def held(event):
    """The event moved to yesterday (a report is added once its event has begun)."""
    event.start_at, event.end_at = ago(days=1, hours=4), ago(days=1)
    event.registration_deadline = None
    event.save(update_fields=["start_at", "end_at", "registration_deadline"])
    return event


def ago(**kwargs):
    from django.utils import timezone

    return timezone.now() - datetime.timedelta(**kwargs)
