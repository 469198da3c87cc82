"""A person opens an event in Chromium, downloads its calendar file, follows a session to the
case presented there and comes back to the event from the case page."""

import datetime

import icalendar
import pytest
from django.utils import timezone

from cases import importing
from events import factories
from events.models import SessionKind, SpeakerRole
from home import demo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _case(index):
    row = {
        "municipality": "葉山町",
        "prefecture": "神奈川県",
        "title": "町村の共同事業でシステムを共同運用",
        "summary": "町村が組合をつくり、基幹システムを共同で運用している。",
        "theme": ["ガバメントクラウド"],
        "year": 2023,
        "source_url": "https://example.lg.jp/browser-event-case",
    }
    items, errors = importing.validate_rows([importing.RawRow(1, row)])
    assert not errors
    importing.apply(items, index, publish=True)
    return importing.find_existing(items[0], index)


def test_event_calendar_case_and_back(live_server, page, tmp_path):
    home = demo.ensure_home()
    sections = demo.ensure_sections(home)
    case = _case(sections["cases"])
    start = timezone.now() + datetime.timedelta(days=10)
    event = factories.add_event(
        sections["events"],
        title="ブラウザで見るフォーラム",
        slug="browser-forum",
        organiser=factories.local_government("神奈川県"),
        start_at=start,
        end_at=start + datetime.timedelta(hours=3),
        format="venue",
        venue="県民ホール",
        sessions=[
            factories.session(
                SessionKind.PANEL,
                "共同運用を語るパネル",
                start="14:00",
                end="15:00",
                speakers=[(factories.speaker("今村", "寛"), SpeakerRole.MODERATOR)],
                cases=[case],
            )
        ],
    )

    page.goto(live_server.url + "/events/")
    page.get_by_role("link", name="ブラウザで見るフォーラム").click()
    assert page.get_by_role("heading", level=1).inner_text() == "ブラウザで見るフォーラム"
    assert "開催予定" in page.locator(".eyebrow").inner_text()  # takes no applications

    with page.expect_download() as download_info:
        page.get_by_role("link", name="iCalendar ファイル（.ics）").click()
    download = download_info.value
    assert download.suggested_filename == f"event-{event.pk}.ics"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    (vevent,) = icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert vevent["DTSTART"].params["TZID"] == "Asia/Tokyo"
    assert str(vevent["UID"]) == f"event-{event.pk}@{event.get_site().hostname}"

    programme = page.locator(".programme")
    assert "モデレーター" in programme.inner_text()
    programme.get_by_role("link", name=case.title).click()
    assert page.get_by_role("heading", level=1).inner_text() == case.title
    block = page.locator(".case-events")
    assert "共同運用を語るパネル" in block.inner_text()
    block.get_by_role("link", name="ブラウザで見るフォーラム").click()
    page.wait_for_url("**/events/browser-forum/#session-*")
    assert page.get_by_role("heading", level=1).inner_text() == "ブラウザで見るフォーラム"
    assert page.locator(".session:target").count() == 1


def _new_event_form(live_server, browser):
    """demo-organiser on the admin's form for a new event."""
    from tests.browser.test_review import login

    home = demo.ensure_home()
    events = demo.ensure_sections(home)["events"]
    demo.ensure_accounts("demo-pass-123")
    page = login(browser, live_server, "demo-organiser")
    page.goto(f"{live_server.url}/admin/pages/add/events/eventpage/{events.pk}/")
    return page


def _type_dates(page, typed: dict) -> None:
    """Types each field's text as an input method gives it, leaves the field, and checks what
    the field then holds: ``{selector: (typed, expected)}``."""
    for selector, (text, _expected) in typed.items():
        page.locator(selector).click()
        page.keyboard.insert_text(text)
        page.keyboard.press("Tab")
    for selector, (_text, expected) in typed.items():
        assert page.locator(selector).input_value() == expected, selector


def test_an_organiser_types_dates_as_a_japanese_input_method_gives_them(live_server, browser):
    """Full-width digits, 年月日 and 時 reach the date pickers in their form: before, the
    picker replaced them with the current time when the organiser left the field. A day with
    no year is the nearest one, and a deadline given as a day lasts to the end of it."""
    page = _new_event_form(live_server, browser)
    soon = timezone.localdate() + datetime.timedelta(days=40)  # next year in late November
    typed = {
        "#id_start_at": ("２０２６-１２-１９ １４：００", "2026-12-19 14:00"),
        "#id_end_at": (f"{soon.month}月{soon.day}日 17時30分", f"{soon:%Y-%m-%d} 17:30"),
        "#id_registration_deadline": ("２０２６/１２/１６", "2026-12-16 23:59"),
    }
    _type_dates(page, typed)


def test_a_date_the_picker_cannot_read_is_kept_and_named_not_made_now(live_server, browser):
    """An era year is read as its Western year. What is not a real day (「来週の土曜」) stays as
    typed: the picker put the current time in its place, which could be saved unnoticed; the
    form's check now names the field, and the text is still there to correct."""
    page = _new_event_form(live_server, browser)
    page.locator("#id_title").fill("日付を確かめる会")
    typed = {
        "#id_start_at": ("令和8年12月19日 14時", "2026-12-19 14:00"),
        "#id_end_at": ("来週の土曜", "来週の土曜"),
        "#id_registration_deadline": ("2026/13/40", "2026/13/40"),
    }
    _type_dates(page, typed)
    page.locator("footer button.action-save").first.click()
    page.wait_for_load_state()
    assert page.locator("#id_end_at").input_value() == "来週の土曜"
    field = page.locator("[data-field-wrapper]", has=page.locator("#id_end_at"))
    assert "日時として読めませんでした" in field.locator(".error-message").inner_text()
