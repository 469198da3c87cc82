"""Who may do what, in one table: every actor × view, create, edit, submit, approve, publish, for
a case, an event and a diary entry, each a draft by its contributor.

Each cell is exercised where a person does it: ``view`` is the admin's preview of the draft,
``create`` the admin's add form under the section (for a case also the public form), ``edit``
the admin's edit form (for a case also the public form, which must agree), ``submit`` what the
edit form offers (Wagtail's check on top of ``edit``), ``approve`` the review task's actions once
the draft is in review, ``publish`` Wagtail's check. The public page of a draft answers 404 to
everyone. The expected table is written out in full, so a failure shows every cell that moved.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import StaffProfile
from cases.factories import CasePageFactory
from cases.models import CaseIndexPage
from diary.factories import add_entry
from diary.models import DiarySeriesPage, Writer
from events import factories as event_factories
from events.models import EventIndexPage
from home import roles
from home.demo import DEMO_USERS
from localgov.models import LocalGovernment

pytestmark = pytest.mark.django_db

ACTIONS = ("view", "create", "edit", "submit", "approve", "publish")
ALL = set(ACTIONS)
CONTRIBUTOR = {"view", "create", "edit", "submit"}

EXPECTED = {
    "case": {
        "anonymous": set(),
        "staff of town A (owner)": CONTRIBUTOR,
        "staff of town A (colleague)": CONTRIBUTOR,
        "staff of town B": {"create"},
        "organiser of prefecture X": set(),
        "organiser of prefecture Y": set(),
        "writer in the series": set(),
        "writer outside the series": set(),
        "editor": ALL,
    },
    "event": {
        "anonymous": set(),
        "staff of town A (owner)": set(),
        "staff of town A (colleague)": set(),
        "staff of town B": set(),
        "organiser of prefecture X": CONTRIBUTOR,
        "organiser of prefecture Y": {"create"},
        "writer in the series": set(),
        "writer outside the series": set(),
        "editor": ALL,
    },
    "entry": {
        "anonymous": set(),
        "staff of town A (owner)": set(),
        "staff of town A (colleague)": set(),
        "staff of town B": set(),
        "organiser of prefecture X": set(),
        "organiser of prefecture Y": set(),
        "writer in the series": CONTRIBUTOR,
        "writer outside the series": set(),
        "editor": ALL,
    },
}


def member(username: str, role: str, code: str):
    user = get_user_model().objects.create_user(username, f"{username}@city.example.lg.jp")
    user.groups.add(Group.objects.get(name=roles.ROLES_BY_KEY[role].group_name))
    StaffProfile.objects.create(user=user, local_government=LocalGovernment.objects.get(code=code))
    return user


def demo_user(role: str):
    return get_user_model().objects.get(username=DEMO_USERS[role][0])


@pytest.fixture
def actors(demo_site):
    outsider = member("writer-outside", "writer", "462012")  # 鹿児島市
    Writer.objects.create(family_name="外野", given_name="守", user=outsider)
    return {
        "anonymous": None,
        "staff of town A (owner)": demo_user("staff"),  # 金沢市
        "staff of town A (colleague)": member("kanazawa-colleague", "staff", "172014"),
        "staff of town B": member("kaga-staff", "staff", "172065"),  # 加賀市
        "organiser of prefecture X": demo_user("organiser"),  # 神奈川県
        "organiser of prefecture Y": member("ishikawa-organiser", "organiser", "170003"),
        "writer in the series": demo_user("writer"),
        "writer outside the series": outsider,
        "editor": demo_user("editor"),
    }


@pytest.fixture
def drafts(actors):
    """A draft of each type by its contributor, and the parent each type is created under."""
    case_index = CaseIndexPage.objects.get()
    owner = actors["staff of town A (owner)"]
    case = CasePageFactory(
        parent=case_index,
        live=False,
        owner=owner,
        title="権限表の下書き事例",
        local_government=LocalGovernment.objects.get(code="172014"),
    )
    case.save_revision(user=owner)
    event_index = EventIndexPage.objects.get()
    event = event_factories.add_event(
        event_index,
        title="権限表の下書きイベント",
        slug="matrix-event",
        organiser=LocalGovernment.objects.get(code="140007"),
        start_at=event_factories.tokyo(2031, 2, 1, 13, 0),
        venue="県庁大会議場",
        live=False,
        owner=actors["organiser of prefecture X"],
    )
    series = DiarySeriesPage.objects.get(slug="tozainanboku")
    writer = Writer.objects.get(user=actors["writer in the series"])
    entry = add_entry(
        series,
        writer=writer,
        live=False,
        owner=actors["writer in the series"],
        title="権限表の下書き日記",
        slug="matrix-entry",
    )
    return {
        "case": (case, case_index),
        "event": (event, event_index),
        "entry": (entry, series),
    }


def status(client, user, url: str) -> int:
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url).status_code


def cells(client, user, page, parent) -> set[str]:
    """What ``user`` may do with the draft ``page`` (not yet in review)."""
    allowed = set()
    page = page.specific
    model = type(page)._meta
    add_url = reverse("wagtailadmin_pages:add", args=(model.app_label, model.model_name, parent.pk))
    if status(client, user, reverse("wagtailadmin_pages:view_draft", args=(page.pk,))) == 200:
        allowed.add("view")
    if status(client, user, add_url) == 200:
        allowed.add("create")
    if status(client, user, reverse("wagtailadmin_pages:edit", args=(page.pk,))) == 200:
        allowed.add("edit")
    if user is not None:
        tester = page.permissions_for_user(user)
        if "edit" in allowed and tester.can_submit_for_moderation():
            allowed.add("submit")
        if tester.can_publish():
            allowed.add("publish")
    return allowed


def approvers(page, users) -> set[str]:
    """Who the review task offers 承認 to, once the owner has submitted ``page``."""
    page = page.specific
    page.get_workflow().start(page, page.owner)
    task = page.current_workflow_task
    return {
        name
        for name, user in users.items()
        if user is not None and "approve" in {action for action, *_ in task.get_actions(page, user)}
    }


def test_the_permission_matrix(client, actors, drafts):
    found = {kind: {} for kind in drafts}
    for kind, (page, parent) in drafts.items():
        for name, user in actors.items():
            found[kind][name] = cells(client, user, page, parent)
        for name in approvers(page, actors):
            found[kind][name].add("approve")
    assert found == EXPECTED


def test_the_public_case_form_agrees_with_the_admin(client, actors, drafts):
    case, _ = drafts["case"]
    edit_url = reverse("submit_case_edit", args=(case.pk,))
    for name, user in actors.items():
        may = "edit" in EXPECTED["case"][name]
        assert status(client, user, edit_url) == (200 if may else 302 if user is None else 404), (
            name
        )
        may_create = "create" in EXPECTED["case"][name]
        expected = 200 if may_create else 302 if user is None else 403
        assert status(client, user, reverse("submit_case")) == expected, name


def test_no_draft_is_public(client, actors, drafts):
    for page, _ in drafts.values():
        for user in actors.values():
            # a draft has no public address yet: its URL as it will be
            url = page.get_parent().url + page.slug + "/"
            assert status(client, user, url) == 404, url
