"""Nothing unapproved is ever public: a draft, a page in review, a page sent back and a private
page (for the editors only) are in no listing, search result, similar page, feed, calendar, sitemap,
API response, export or the home page, for anonymous visitors and for another signed-in
member alike. Each hidden page carries a word no other page has, and every public surface is
read for it."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import PageViewRestriction, Workflow

from cases.factories import CasePageFactory
from cases.models import CaseIndexPage, CasePage
from events.factories import add_event, local_government
from events.models import EventIndexPage
from home import roles

pytestmark = pytest.mark.django_db

STATES = ("draft", "in_review", "sent_back", "private")
WORD = {state: f"秘匿語{n}ぬらりひょん" for n, state in enumerate(STATES)}


def _hide(page, state, author):
    """Put a just-published page into ``state``."""
    if state == "private":  # for the editors only
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.set([Group.objects.get(name=roles.EDITOR.group_name)])
        return
    page.unpublish()
    if state == "draft":
        return
    page.save_revision(user=author)
    workflow_state = Workflow.objects.get(name=roles.WORKFLOW_NAME).start(page, author)
    if state == "sent_back":
        task_state = workflow_state.current_task_state
        task_state.task.specific.on_action(task_state, author, "reject", comment="直してください")


@pytest.fixture
def hidden(demo_site, django_capture_on_commit_callbacks):
    author = get_user_model().objects.create_user("leak-author", "a@city.example.lg.jp")
    editor = get_user_model().objects.get(username="demo-editor")
    cases_index = CaseIndexPage.objects.get()
    events_index = EventIndexPage.objects.get()
    pages = {}
    with django_capture_on_commit_callbacks(execute=True):
        for state in STATES:
            case = CasePageFactory(
                parent=cases_index,
                title=f"{WORD[state]}の事例 AI-OCR",
                summary=f"{WORD[state]} 紙の申請書をAI-OCRで読み取った。",
            )
            start = timezone.now() + datetime.timedelta(days=10)
            event = add_event(
                events_index,
                title=f"{WORD[state]}のフォーラム",
                slug=f"leak-{state}",
                organiser=local_government("石川県"),
                venue="石川県庁",
                start_at=start,
                end_at=start + datetime.timedelta(hours=2),
            )
            for page in (case, event):
                type(page).objects.filter(pk=page.pk).update(owner=author)
                _hide(page, state, editor if state == "sent_back" else author)
            pages[state] = (case, event)
    return pages


def surfaces(client, live_case: CasePage) -> dict[str, str]:
    """Every public surface, as text."""
    out = {}
    for name, url in {
        "home": "/",
        "case listing": "/cases/",
        "case csv": "/cases/?format=csv",
        "case json": "/cases/?format=json",
        "event listing": "/events/",
        "past events": "/events/?when=past",
        "calendar": "/events/calendar/",
        "prefecture calendar": "/events/prefecture/17/calendar/",
        "sitemap": "/sitemap.xml",
        "search page": "/search/?q=秘匿語",
        "search api": "/api/search/?q=秘匿語",
        "similar api": f"/api/search/similar/?page={live_case.pk}&limit=50",
    }.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        out[name] = response.content.decode()
    for state in STATES:  # the search engine itself, every mode
        for mode in ("hybrid", "keyword", "semantic"):
            response = client.get("/api/search/", {"q": WORD[state], "mode": mode})
            out[f"search api {mode} {state}"] = response.content.decode()
    return out


@pytest.mark.parametrize("who", ["anonymous", "another member"])
def test_no_unapproved_or_private_page_is_anywhere_public(client, hidden, who):
    if who == "another member":
        other = get_user_model().objects.create_user("other-staff", "o@town.example.lg.jp")
        other.groups.add(Group.objects.get(name=roles.ROLES_BY_KEY["staff"].group_name))
        client.force_login(other)
    live_case = CasePage.objects.live().public().first()
    texts = surfaces(client, live_case)
    hidden_ids = {str(page.pk) for pair in hidden.values() for page in pair}
    for name, text in texts.items():
        for state in STATES:
            assert WORD[state] not in text, (who, name, state)
        if name.endswith("api") or name.startswith("search api"):
            for pk in hidden_ids:
                assert f'"id": {pk},' not in text and f'"id":{pk},' not in text, (name, pk)
    for state, pair in hidden.items():
        for page in pair:
            if page.url:
                assert client.get(page.url).status_code in (302, 404), (who, state, page)


def test_the_words_are_findable_once_published(client, hidden, django_capture_on_commit_callbacks):
    """The check above can fail: published, the same page is found by its word."""
    case, _event = hidden["draft"]
    with django_capture_on_commit_callbacks(execute=True):
        case.save_revision().publish()
    assert WORD["draft"] in client.get("/api/search/", {"q": WORD["draft"]}).content.decode()
    assert WORD["draft"] in client.get("/sitemap.xml").content.decode() or case.url in (
        client.get("/sitemap.xml").content.decode()
    )


UNDER = "秘匿語連載ぬらりひょん"


@pytest.fixture
def under_unpublished(demo_site, client, django_capture_on_commit_callbacks):
    """A live entry of a series and the live report of a past event, each carrying a word no
    other page has; then the series and the event alone are unpublished (the admin's default
    leaves the pages below them live)."""
    from diary.factories import add_entry, add_series
    from diary.models import DiaryIndexPage, Writer
    from events.factories import add_report

    writer = Writer.objects.first()
    with django_capture_on_commit_callbacks(execute=True):
        series = add_series(
            DiaryIndexPage.objects.get(),
            title=f"{UNDER}の連載",
            slug="leak-series",
            writers=[writer],
        )
        entry = add_entry(
            series,
            writer=writer,
            title=f"{UNDER}の回",
            slug="leak-entry",
            date=timezone.localdate() + datetime.timedelta(days=1),  # the newest entry
            summary=f"{UNDER} 窓口の記録",
        )
        start = timezone.now() - datetime.timedelta(days=10)
        event = add_event(
            EventIndexPage.objects.get(),
            title="開いたフォーラム",
            slug="leak-held",
            organiser=local_government("石川県"),
            venue="石川県庁",
            start_at=start,
            end_at=start + datetime.timedelta(hours=2),
        )
        report = add_report(event, title=f"{UNDER}の開催報告", slug="report", summary=UNDER)
    found = client.get("/api/search/", {"q": UNDER, "mode": "keyword"}).json()
    assert {entry.pk, report.pk} <= {r["id"] for r in found}  # while their parents are live
    assert entry.url in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        series.unpublish()
        event.unpublish()
    return {"series": series, "entry": entry, "event": event, "report": report}


def test_a_live_page_below_an_unpublished_one_is_hidden_with_it(
    client, under_unpublished, django_capture_on_commit_callbacks
):
    """Wagtail unpublishes a series without its entries by default; they were still on the
    home page, in search, similar pages and the sitemap, and served at their address."""
    entry, report = under_unpublished["entry"], under_unpublished["report"]
    live_case = CasePage.objects.live().public().first()
    texts = surfaces(client, live_case)
    texts["search under"] = client.get("/api/search/", {"q": UNDER}).content.decode()
    for name, text in texts.items():
        assert UNDER not in text, name
        assert entry.url not in text and report.url not in text, name
    for page in (entry, report):
        assert client.get(page.url).status_code == 404
        assert client.get(f"/report/{page.pk}/").status_code == 404
        assert client.get("/api/search/similar/", {"page": page.pk}).status_code == 404
    # published again, the series brings its entry back to search
    with django_capture_on_commit_callbacks(execute=True):
        under_unpublished["series"].get_latest_revision().publish()
    found = client.get("/api/search/", {"q": UNDER, "mode": "keyword"}).json()
    assert entry.pk in {r["id"] for r in found} and report.pk not in {r["id"] for r in found}
    assert client.get(entry.url).status_code == 200
