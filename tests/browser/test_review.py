"""In Chromium: a staff member writes a case and submits it, the editor approves it from the
dashboard, and an anonymous visitor reads it."""

import re

import pytest
from django.core import mail

from home import demo
from home.roles import TASK_NAME

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "白山市で書かない窓口の聞き取り入力を始めた"


def login(browser, live_server, username):
    context = browser.new_context(locale="ja-JP", viewport={"width": 1300, "height": 1000})
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo-pass-123")
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")
    return page


def open_action_menu(page):
    page.locator("footer [data-w-dropdown-target='toggle']").last.click()


def test_staff_submits_editor_approves_public_reads(live_server, browser):
    home = demo.ensure_home()
    index = demo.ensure_sections(home)["cases"]
    demo.ensure_accounts("demo-pass-123")

    staff = login(browser, live_server, "demo-staff")
    staff.goto(f"{live_server.url}/admin/pages/add/cases/casepage/{index.pk}/")
    staff.fill("#id_title", TITLE)
    staff.fill(
        "#id_summary", "窓口で職員が聞き取り、申請書を自動で作成する書かない窓口を導入した。"
    )
    staff.get_by_role("button", name="自治体を選択").first.click()
    staff.fill(".modal-content input[name=q]", "はくさん")
    staff.locator(".modal-content table a", has_text="石川県白山市").click()
    staff.select_option("#id_themes", label="書かない窓口")
    open_action_menu(staff)
    submit = staff.locator("button[name=action-submit]")
    assert submit.inner_text().strip() == "編集者による審査に提出する"
    mail.outbox.clear()
    submit.click()
    staff.wait_for_url(re.compile(r".*/admin/pages/\d+/$"))
    assert TITLE in staff.locator(".messages").inner_text()
    assert any(TITLE in m.subject + m.body for m in mail.outbox if "demo-editor" in m.to[0])

    anonymous = browser.new_context(locale="ja-JP").new_page()
    anonymous.goto(live_server.url + "/cases/")
    assert anonymous.get_by_role("link", name=TITLE).count() == 0  # not public yet

    editor = login(browser, live_server, "demo-editor")
    # the dashboard's task column is an icon whose state was only in a hover tooltip
    row = editor.locator("tr", has=editor.get_by_role("link", name=TITLE)).first
    task = row.get_by_role("img", name=re.compile(rf"^{TASK_NAME}: "))
    assert task.count() == 1, row.inner_html()
    editor.get_by_role("link", name=TITLE).first.click()
    assert "ロックされています" not in editor.content()
    open_action_menu(editor)
    editor.locator("footer button", has_text=re.compile(r"^\s*承認と公開\s*$")).click()
    editor.wait_for_url(re.compile(r".*/admin/pages/\d+/$"))
    assert "を承認し、公開しました。" in editor.locator(".messages").inner_text()

    anonymous.goto(live_server.url + "/cases/")
    anonymous.get_by_role("link", name=TITLE).click()
    assert anonymous.get_by_role("heading", level=1).inner_text() == TITLE
    assert "石川県白山市" in anonymous.locator(".case-facts").inner_text()
