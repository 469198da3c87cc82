"""A person filters the case listing by prefecture and theme in Chromium and opens a case."""

import json

import pytest

from cases import importing
from home import demo
from tests.cases.conftest import DEMO_CASES, write_json

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_filter_listing_and_open_a_case(live_server, page, tmp_path):
    home = demo.ensure_home()
    index = demo.ensure_sections(home)["cases"]
    # Ishikawa's demo cases and those of two other prefectures (the filter must leave those out)
    rows = json.loads(DEMO_CASES.read_text(encoding="utf-8"))
    rows = [r for r in rows if r["prefecture"] in ("石川県", "北海道", "神奈川県")]
    assert importing.import_file(write_json(tmp_path, rows), index).ok

    page.goto(live_server.url + "/cases/")
    page.get_by_role("combobox", name="都道府県").select_option(label="石川県")
    page.get_by_role("combobox", name="テーマ").select_option(label="RPA")
    page.get_by_role("button", name="この条件で表示").click()
    page.wait_for_url("**/cases/?*prefecture=17*")
    assert "theme=rpa" in page.url
    status = page.get_by_role("status").first.inner_text()
    cards = page.locator(".case-card")
    assert cards.count() >= 1
    assert str(cards.count()) in status
    for i in range(cards.count()):
        assert "石川県" in cards.nth(i).inner_text()
    title = cards.first.get_by_role("link").inner_text()
    cards.first.get_by_role("link").click()
    assert page.get_by_role("heading", level=1).inner_text() == title
    assert "石川県" in page.locator(".case-facts").inner_text()
    assert page.locator(".case-facts").get_by_role("link", name="RPA").is_visible()
