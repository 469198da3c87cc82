"""A person filters the case listing by prefecture and theme in Chromium and opens a case."""

import json
import re

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


@pytest.mark.parametrize(
    "language, words",
    [("ja", r"（石川県\S+・類似度 \d+%）$"), ("en", r" · \S+ City \(Ishikawa\), similarity \d+%$")],
)
def test_a_possible_duplicate_is_described_in_the_reader_s_language(
    live_server, browser, tmp_path, language, words
):
    """Typing a case that is already published, the public form names it with its place and
    similarity in the words of the interface, and marks its title as Japanese in English."""
    home = demo.ensure_home()
    index = demo.ensure_sections(home)["cases"]
    demo.ensure_accounts("demo-pass-123")
    rows = json.loads(DEMO_CASES.read_text(encoding="utf-8"))
    rows = [r for r in rows if r["prefecture"] == "石川県"][:3]
    assert importing.import_file(write_json(tmp_path, rows), index).ok

    context = browser.new_context(locale="ja-JP")
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=login]", "demo-staff")
    page.fill("input[name=password]", "demo-pass-123")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(live_server.url + "/my/")
    page.goto(live_server.url + "/submit/case/")
    page.fill("#id_title", rows[0]["title"])
    page.fill("#id_summary", rows[0]["summary"])
    item = page.locator(".duplicate-check__result li").first
    item.wait_for()
    assert re.search(words, item.inner_text()), item.inner_text()
    link = item.get_by_role("link")
    assert link.inner_text() == rows[0]["title"]
    assert link.get_attribute("lang") == (None if language == "ja" else "ja")
    context.close()


def test_the_admin_case_form_names_its_tag_box_and_rich_text_editors(
    live_server, browser, tmp_path
):
    """Wagtail draws the tools' text box (tag-it) and Draftail's editors with no name; a screen
    reader then says only "edit text". static/js/admin-labels.js names them by their labels."""
    home = demo.ensure_home()
    index = demo.ensure_sections(home)["cases"]
    demo.ensure_accounts("demo-pass-123")
    rows = json.loads(DEMO_CASES.read_text(encoding="utf-8"))
    row = next(r for r in rows if r["prefecture"] == "石川県")
    assert importing.import_file(write_json(tmp_path, [row]), index).ok
    case = index.get_children().get(title=row["title"])

    context = browser.new_context(locale="ja-JP", viewport={"width": 1300, "height": 1000})
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "demo-editor")
    page.fill("#id_password", "demo-pass-123")
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")
    page.goto(f"{live_server.url}/admin/pages/{case.pk}/edit/")
    assert page.get_by_role("textbox", name="ツール", exact=True).count() == 1
    editors = page.locator('.public-DraftEditor-content[role="textbox"]')
    assert editors.count() >= 1
    names = editors.evaluate_all(
        "els => els.map(e => (document.getElementById(e.getAttribute('aria-labelledby'))"
        " || {textContent: ''}).textContent.trim())"
    )
    assert names and all(name.startswith("本文") for name in names), names
    context.close()
