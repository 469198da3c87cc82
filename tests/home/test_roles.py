"""Roles and the editors' review, exercised through the Wagtail admin as each role uses it:
a staff member submits a case, the editor is told, approves it, and the public can read it."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from wagtail.models import Page, Workflow, WorkflowState
from wagtail.test.utils.form_data import querydict_from_html

from cases.models import CaseIndexPage, CasePage, Theme
from home import roles
from localgov.models import LocalGovernment

pytestmark = pytest.mark.django_db


def user(role: str):
    from home.demo import DEMO_USERS

    return get_user_model().objects.get(username=DEMO_USERS[role][0])


def login(client, role: str):
    client.force_login(user(role))
    return client


def add_case_form(client, index: CaseIndexPage, **fields) -> dict:
    """The admin's "add case" form as the browser would send it, with ``fields`` filled in."""
    url = reverse("wagtailadmin_pages:add", args=("cases", "casepage", index.pk))
    response = client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data["body-count"] = "0"  # the StreamField's inputs are drawn by the browser
    for name, value in fields.items():
        if isinstance(value, list):
            data.setlist(name, value)
        else:
            data[name] = value
    return url, data


def test_fresh_database_has_the_review_workflow_on_the_root():
    """Migrations alone (no demo) leave the editors' workflow in charge of every page."""
    root = Page.get_first_root_node()
    workflow = root.get_workflow()
    assert workflow is not None and workflow.name == roles.WORKFLOW_NAME
    tasks = [task.specific for task in workflow.tasks]
    assert [t.name for t in tasks] == [roles.TASK_NAME]
    assert list(tasks[0].groups.values_list("name", flat=True)) == ["編集者"]
    assert not Workflow.objects.filter(name="Moderators approval", active=True).exists()


def test_every_section_page_is_under_the_review_workflow(demo_site):
    for page in Page.objects.filter(depth__gte=2).specific()[:20]:
        assert page.get_workflow().name == roles.WORKFLOW_NAME, page


def test_staff_submits_editor_is_notified_and_approves_then_public_reads(demo_site, client):
    index = CaseIndexPage.objects.get()
    hakusan = LocalGovernment.objects.get(code="172103")
    theme = Theme.objects.first()
    login(client, "staff")
    url, data = add_case_form(
        client,
        index,
        title="白山市の電子申請でRPAを使った入力の自動化",
        slug="hakusan-rpa-input",
        summary="紙の申請書の入力をRPAで自動化した。",
        local_government=str(hakusan.pk),
        themes=[str(theme.pk)],
    )
    data["action-submit"] = "submit"
    mail.outbox.clear()
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    case = CasePage.objects.get(slug="hakusan-rpa-input")
    assert not case.live
    assert case.owner == user("staff")
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(case.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == roles.WORKFLOW_NAME
    assert client.get(case.url).status_code == 404 if case.url else True

    # the editor is told by email (in Japanese, linking to the configured site address) ...
    editor = user("editor")
    to_editor = [m for m in mail.outbox if editor.email in m.to]
    assert len(to_editor) == 1
    assert case.title in to_editor[0].subject + to_editor[0].body
    assert re.search(r"https?://127\.0\.0\.1:8000/admin/", to_editor[0].body)
    # ... and sees it waiting on the dashboard
    client.logout()
    login(client, "editor")
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert case.title in dashboard
    task_state = state.current_task_state
    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=(case.pk, "approve", task_state.pk)
    )
    assert approve in dashboard
    response = client.post(approve, {"comment": ""}, follow=True)
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.live
    # the dashboard's button says what it did (Wagtail's says nothing)
    shown = [str(m) for m in response.context["messages"]]
    assert shown == [f"「{case.get_admin_display_title()}」を承認し、公開しました。"]
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED

    # anyone can read it now
    client.logout()
    response = client.get(case.url)
    assert response.status_code == 200
    assert "白山市の電子申請" in response.content.decode()


def _in_review(index, title, slug):
    staff = user("staff")
    case = CasePage(
        title=title,
        slug=slug,
        summary="窓口の申請書を読み取った。",
        local_government=LocalGovernment.objects.get(code="172103"),
        owner=staff,
        live=False,
    )
    index.add_child(instance=case)
    case.themes.set([Theme.objects.first()])
    case.save_revision(user=staff)
    Workflow.objects.get(name=roles.WORKFLOW_NAME).start(case, staff)
    return case


def test_the_submitting_staff_member_sees_the_page_in_review_not_locked_for_the_editor(
    demo_site, client
):
    case = _in_review(CaseIndexPage.objects.get(), "審査中の事例", "in-review")
    assert case.get_latest_revision()
    login(client, "editor")
    html = client.get(reverse("wagtailadmin_pages:edit", args=(case.pk,))).content.decode()
    assert "ロックされています" not in html
    assert 'name="action-workflow-action"' in html or "承認" in html


def test_staff_edit_only_their_own_cases(demo_site, client):
    """Contributors have "add" without "change": they edit the pages they own (and their own
    town's, tests/test_permission_matrix.py), never another town's live case."""
    index = CaseIndexPage.objects.get()
    staff = user("staff")
    others = (
        CasePage.objects.live()
        .exclude(owner=staff)
        .exclude(local_government=staff.staff_profile.local_government)
        .first()
    )
    assert others is not None
    perms = others.permissions_for_user(staff)
    assert not perms.can_edit()
    login(client, "staff")
    edit = reverse("wagtailadmin_pages:edit", args=(others.pk,))
    assert client.get(edit).status_code in (302, 403)
    before = others.get_latest_revision()
    response = client.post(edit, {"title": "上書き", "action-submit": "submit"})
    assert response.status_code in (302, 403)
    assert others.get_latest_revision() == before
    # their own draft they can edit
    mine = CasePage(
        title="自分の事例",
        slug="mine",
        local_government=LocalGovernment.objects.get(code="172103"),
        owner=staff,
        live=False,
    )
    index.add_child(instance=mine)
    assert mine.permissions_for_user(staff).can_edit()
    assert client.get(reverse("wagtailadmin_pages:edit", args=(mine.pk,))).status_code == 200


@pytest.mark.parametrize(
    ("role", "section"),
    # a diary writer adds entries in the series they write in (the demo relay), not series
    [("organiser", "events.EventIndexPage"), ("writer", "diary.DiarySeriesPage")],
)
def test_other_contributors_are_owner_only_too(demo_site, role, section):
    from django.apps import apps

    pages = apps.get_model(section).objects.all()
    if role == "writer":
        pages = pages.filter(series_writers__writer__user=user(role))
    index = pages.get()
    perms = index.permissions_for_user(user(role))
    assert perms.can_add_subpage()
    assert not perms.can_edit()  # the index page itself, and so other people's pages
    assert not perms.can_publish_subpage()


@pytest.mark.parametrize(
    "url_name",
    [
        "wagtailsnippets_cases_theme:list",
        "wagtailsnippets_cases_tool:list",
        "wagtailsnippets_localgov_localgovernment:list",
        "wagtailsnippets_accounts_staffprofile:list",
        "wagtailsnippets_accounts_pagereport:list",
        "wagtailimages:index",
        "wagtailimages:add",
        "wagtaildocs:index",
        "wagtaildocs:add",
    ],
)
def test_editor_manages_vocabularies_images_and_documents(demo_site, client, url_name):
    login(client, "editor")
    assert client.get(reverse(url_name)).status_code == 200


def test_editor_edits_a_theme(demo_site, client):
    theme = Theme.objects.first()
    login(client, "editor")
    url = reverse("wagtailsnippets_cases_theme:edit", args=(theme.pk,))
    response = client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="w-editor-form")
    data["description"] = "編集者が説明を整えた"
    assert client.post(url, data).status_code == 302
    theme.refresh_from_db()
    assert theme.description == "編集者が説明を整えた"


def png() -> bytes:
    import io

    from PIL import Image as PILImage

    out = io.BytesIO()
    PILImage.new("RGB", (4, 3), "white").save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize("role", ["editor", "staff", "organiser", "writer"])
def test_every_role_uploads_an_image_and_a_pdf(demo_site, client, role):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.documents.models import Document
    from wagtail.images.models import Image

    login(client, role)
    assert client.get(reverse("wagtailimages:add")).status_code == 200
    expected = roles.ROLES_BY_KEY[role].collection
    if expected:  # contributors upload into their own collection only
        from wagtail.permissions import policy_registry

        policy = policy_registry.get_by_type(Image)
        allowed = policy.collections_user_has_permission_for(user(role), "add")
        assert [c.name for c in allowed] == [expected]
    collection = roles.ROLES_BY_KEY[role].collection or roles.ROOT_COLLECTION_NAME
    from wagtail.models import Collection

    target = Collection.objects.get(name=collection)
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": f"{role}の写真",
            "file": SimpleUploadedFile("photo.png", png(), content_type="image/png"),
            "collection": target.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    image = Image.objects.get(title=f"{role}の写真")
    assert image.collection == target
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": f"{role}の資料",
            "file": SimpleUploadedFile("slides.pdf", b"%PDF-1.4\n%%EOF\n"),
            "collection": target.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    assert Document.objects.get(title=f"{role}の資料").collection == target
    # and can choose what they uploaded
    chooser = client.get(reverse("wagtailimages_chooser:choose"))
    assert chooser.status_code == 200
    assert f"{role}の写真" in chooser.json()["html"]


def test_wagtail_default_workflow_is_deleted_unless_a_page_went_through_it(db):
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import GroupApprovalTask, Task, WorkflowState, WorkflowTask

    # migrations removed it: the workflow reports list the site's workflow only
    assert not Workflow.objects.filter(name=roles.WAGTAIL_DEFAULT_WORKFLOW).exists()
    old = Workflow.objects.create(name=roles.WAGTAIL_DEFAULT_WORKFLOW, active=True)
    task = GroupApprovalTask.objects.create(name=roles.WAGTAIL_DEFAULT_WORKFLOW)
    WorkflowTask.objects.create(workflow=old, task=task, sort_order=0)
    root = Page.objects.get(depth=1)
    page_type = ContentType.objects.get_for_model(Page)
    state = WorkflowState.objects.create(
        content_type=page_type,
        base_content_type=page_type,
        object_id=str(root.pk),
        workflow=old,
        status=WorkflowState.STATUS_APPROVED,
    )
    # a page went through it: its history keeps it, retired
    roles.ensure_review_workflow()
    old.refresh_from_db()
    assert not old.active and not Task.objects.get(pk=task.pk).active
    state.delete()
    roles.ensure_review_workflow()
    assert not Workflow.objects.filter(pk=old.pk).exists()
    assert not Task.objects.filter(pk=task.pk).exists()
    assert Workflow.objects.get(name=roles.WORKFLOW_NAME).active


@pytest.mark.parametrize(
    ("action", "said", "live"),
    [
        ("approve", "「{title}」を承認し、公開しました。", True),
        (
            "reject",
            "「{title}」を差し戻しました。投稿者が直して再提出するまで公開されません。",
            False,
        ),
    ],
)
def test_an_editor_is_told_what_their_decision_did(demo_site, client, action, said, live):
    """Approving or sending back from the edit page says so, not 「…の更新が完了しました」,
    the message of a saved draft."""
    case = _in_review(CaseIndexPage.objects.get(), "審査を受ける窓口の事例", f"decided-{action}")
    login(client, "editor")
    edit = reverse("wagtailadmin_pages:edit", args=(case.pk,))
    data = querydict_from_html(client.get(edit).content.decode(), form_id="page-edit-form")
    data["body-count"] = "0"
    data["action-workflow-action"] = "true"
    data["workflow-action-name"] = action
    data["workflow-action-extra-data"] = '{"comment": "表を足してください"}'
    response = client.post(edit, data, follow=True)
    shown = [str(m) for m in response.context["messages"]]
    title = CasePage.objects.get(pk=case.pk).get_admin_display_title()
    assert shown == [said.format(title=title)]
    assert CasePage.objects.get(pk=case.pk).live is live
