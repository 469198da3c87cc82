"""Anyone can report a published page; the editors are emailed once; drafts cannot be reported;
a bot filling the trap is dropped."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import PageReport
from cases.models import CasePage

pytestmark = pytest.mark.django_db


def test_a_visitor_reports_a_page_and_the_editors_are_told(client, demo_site):
    case = CasePage.objects.live().first()
    html = client.get(case.url).content.decode()
    url = reverse("report_page", args=(case.pk,))
    assert url in html  # the link in the footer
    form = client.get(url)
    assert form.status_code == 200
    choices = [value for value, _label in form.context["form"].fields["reason"].choices]
    assert choices == [value for value, _label in PageReport.Reason.choices]  # no 「---------」
    assert "---------" not in form.content.decode()
    mail.outbox.clear()
    response = client.post(url, {"reason": "outdated", "message": "令和6年度で終了しています。"})
    assert response.status_code == 200
    assert "ご報告ありがとうございます" in response.content.decode()
    report = PageReport.objects.get()
    assert (report.page_id, report.reason, report.handled) == (case.pk, "outdated", False)
    (message,) = mail.outbox
    assert "demo-editor@example.lg.jp" in message.to
    assert case.title in message.subject and "令和6年度で終了しています。" in message.body


def test_a_bad_reason_changes_nothing_and_a_bot_is_dropped(client, demo_site):
    case = CasePage.objects.live().first()
    url = reverse("report_page", args=(case.pk,))
    assert client.post(url, {"reason": "nonsense"}).status_code == 200
    client.post(url, {"reason": "abuse", "website": "http://spam.example"})
    assert not PageReport.objects.exists()
    assert not mail.outbox


def test_a_draft_cannot_be_reported(client, demo_site):
    case = CasePage.objects.live().first()
    case.unpublish()
    assert client.get(reverse("report_page", args=(case.pk,))).status_code == 404


def test_editors_mark_a_report_handled_and_cannot_change_what_was_reported(client, demo_site):
    from django.contrib.auth import get_user_model

    from home.demo import DEMO_USERS

    users = get_user_model().objects
    staff = users.get(username=DEMO_USERS["staff"][0])
    case = CasePage.objects.live().first()
    report = PageReport.objects.create(page=case, reason="outdated", message="古い", reporter=staff)
    client.force_login(users.get(username=DEMO_USERS["editor"][0]))
    listing = client.get(reverse("wagtailsnippets_accounts_pagereport:list")).content.decode()
    assert staff.get_full_name() in listing and ">False<" not in listing
    edit_url = reverse("wagtailsnippets_accounts_pagereport:edit", args=(report.pk,))
    form = client.get(edit_url).context["form"]
    assert set(form.fields) == {"handled"}
    other = CasePage.objects.live().exclude(pk=case.pk).first()
    response = client.post(edit_url, {"handled": "on", "reason": "abuse", "page": other.pk})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.handled and (report.reason, report.page_id) == ("outdated", case.pk)
