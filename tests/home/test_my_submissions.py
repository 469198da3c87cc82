"""「自分の投稿」: a member throws away a draft of their own that was never published, after a
confirmation (a page that has been public, one in review and another member's are refused and
stay), and reads the editor's comment of an approval."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Page, WorkflowState

from cases.factories import CasePageFactory
from cases.models import CaseIndexPage
from core.review import submit_for_review
from home.demo import DEMO_USERS
from localgov.models import LocalGovernment

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(demo_site):
    return get_user_model().objects.get(username=DEMO_USERS["staff"][0])  # 金沢市


def case(owner, title, *, live=False):
    """A case of 金沢市 owned by ``owner``, with a revision (as the form saves it)."""
    page = CasePageFactory(
        parent=CaseIndexPage.objects.get(),
        live=live,
        owner=owner,
        title=title,
        local_government=LocalGovernment.objects.get(code="172014"),
    )
    page.save_revision(user=owner)
    return page


def delete_url(page):
    return reverse("delete_draft", args=(page.pk,))


def test_a_member_deletes_a_draft_of_their_own_after_confirming(client, staff):
    draft = case(staff, "書きかけの下書きA")
    client.force_login(staff)
    listing = client.get(reverse("my_submissions")).content.decode()
    assert delete_url(draft) in listing

    confirm = client.get(delete_url(draft))
    assert confirm.status_code == 200
    assert "元に戻せません" in confirm.content.decode()
    assert Page.objects.filter(pk=draft.pk).exists()  # a GET deletes nothing

    done = client.post(delete_url(draft), follow=True)
    assert not Page.objects.filter(pk=draft.pk).exists()
    assert "下書き「書きかけの下書きA」を削除しました。" in done.content.decode()


def test_pages_that_were_public_or_are_in_review_or_another_s_stay(client, staff):
    colleague = get_user_model().objects.get(username=DEMO_USERS["editor"][0])
    published = case(colleague, "公開済みの事例B", live=True)
    Page.objects.filter(pk=published.pk).update(owner=staff)  # published by an editor
    in_review = case(staff, "審査中の事例C")
    submit_for_review(in_review, staff)
    others = case(colleague, "編集者の下書きD")
    client.force_login(staff)

    listing = client.get(reverse("my_submissions")).content.decode()
    assert delete_url(published) not in listing and delete_url(in_review) not in listing
    for page in (published, in_review):
        response = client.post(delete_url(page), follow=True)
        assert "は削除できません" in response.content.decode()
    assert client.post(delete_url(others)).status_code == 404
    assert Page.objects.filter(pk__in=[published.pk, in_review.pk, others.pk]).count() == 3
    assert WorkflowState.objects.filter(object_id=str(in_review.pk)).exists()


def test_the_confirmation_reads_in_english(client, staff):
    draft = case(staff, "書きかけの下書きE")
    client.force_login(staff)
    client.cookies["django_language"] = "en"
    page = client.get(delete_url(draft)).content.decode()
    assert "cannot be undone" in page


def test_a_published_page_shows_the_editor_s_comment_of_its_approval(client, staff):
    """The approval mail says 「自分の投稿（審査の状況とコメント）」: the comment is there."""
    approved = case(staff, "承認された事例F")
    submit_for_review(approved, staff)
    editor = get_user_model().objects.get(username=DEMO_USERS["editor"][0])
    approved.current_workflow_state.current_task_state.approve(
        user=editor, comment="写真の説明を補いました。"
    )
    assert Page.objects.get(pk=approved.pk).live
    client.force_login(staff)
    row = client.get(reverse("my_submissions")).content.decode().split("承認された事例F")[1]
    assert "写真の説明を補いました。" in row.split("</tr>")[0]
