"""A writer writes their turn from the public site: the form starts from the baton, keeps a
draft, submits it to the editors' review; nobody outside the series may; an entry the form could
not give back whole is left to the admin."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.users.models import UserProfile

from diary.models import DiaryEntryPage, DiarySeriesPage, Writer
from diary.submission import stream_to_text, text_to_stream
from home import roles
from home.demo import DEMO_USERS

pytestmark = pytest.mark.django_db

BODY = "## 窓口で\n\n申請書を書かない窓口を始めました。\n二週間で百件。\n\n次は電子申請です。"


@pytest.fixture
def series(demo_site):
    return DiarySeriesPage.objects.get(slug="tozainanboku")


@pytest.fixture
def writer_client(client, series):
    client.force_login(get_user_model().objects.get(username=DEMO_USERS["writer"][0]))
    return client


def url(series):
    return reverse("write_entry", args=(series.pk,))


def post(client, series, button="save", **fields):
    me = Writer.objects.get(user__username=DEMO_USERS["writer"][0])
    data = {
        "title": "試験窓口Zの二週間",
        "summary": "書かない窓口を始めた二週間の記録です。",
        "date": "2026-12-01",
        "question": "最初の一歩は？",
        "body": BODY,
        "baton_writer": str(series.writer_after(me).pk),
        "baton_question": "窓口の次に何を変えますか？",
        button: "1",
        **fields,
    }
    return client.post(url(series), data)


def test_a_writer_drafts_resumes_and_submits_their_turn(writer_client, series, client):
    form = writer_client.get(url(series))
    assert form.status_code == 200
    assert form.context["form"].initial["question"] == series.next_question
    assert writer_client.get(series.url).content.decode().count(url(series)) == 1
    assert post(writer_client, series).status_code == 302
    entry = DiaryEntryPage.objects.get(title="試験窓口Zの二週間")
    assert not entry.live and entry.owner.username == DEMO_USERS["writer"][0]
    assert entry.volume is None  # numbered when published
    assert [b.block_type for b in entry.body] == ["heading", "paragraph", "paragraph"]
    assert "申請書を書かない窓口を始めました。<br/>二週間で百件。" in entry.body[1].value.source
    mine = writer_client.get(reverse("my_submissions")).content.decode()
    edit = reverse("write_entry_edit", args=(entry.pk,))
    assert "下書き" in mine and edit in mine
    resumed = writer_client.get(edit)
    assert resumed.context["form"].initial["body"] == BODY
    response = writer_client.post(
        edit,
        {**resumed.context["form"].initial, "title": "試験窓口Zの三週間", "submit": "1"},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert entry.get_latest_revision_as_object().title == "試験窓口Zの三週間"
    # in review: what the editor reads is what approval publishes, so the form is closed
    mine = writer_client.get(reverse("my_submissions")).content.decode()
    assert "試験窓口Zの三週間" in mine and "審査が終わるまで編集できません" in mine
    assert edit not in mine
    locked = writer_client.get(edit)
    assert locked.status_code == 200 and "form" not in locked.context
    assert "審査中" in locked.content.decode()
    sneaky = {**resumed.context["form"].initial, "title": "審査中の書き換え", "save": "1"}
    assert writer_client.post(edit, sneaky).status_code == 409
    assert entry.get_latest_revision_as_object().title == "試験窓口Zの三週間"
    client.logout()
    assert "試験窓口Z" not in client.get(series.url).content.decode()
    assert client.get(series.url + entry.slug + "/").status_code == 404


def _approve(client, entry):
    client.force_login(get_user_model().objects.get(username=DEMO_USERS["editor"][0]))
    state = entry.current_workflow_state
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=(entry.pk, "approve", state.current_task_state.pk),
        ),
        {"comment": ""},
    )
    assert response.status_code in (200, 302)
    entry.refresh_from_db()
    assert entry.live


def test_a_draft_takes_its_number_and_address_when_published(writer_client, series, client):
    last = max(e.volume for e in series.get_entries())
    assert post(writer_client, series, title="仮題のまま").status_code == 302
    abandoned = DiaryEntryPage.objects.get(title="仮題のまま")
    assert post(writer_client, series, title="作業中の題").status_code == 302
    entry = DiaryEntryPage.objects.get(title="作業中の題")
    edit = reverse("write_entry_edit", args=(entry.pk,))
    form = writer_client.get(edit).context["form"].initial
    response = writer_client.post(edit, {**form, "title": "窓口の二週間", "submit": "1"})
    assert response.status_code == 302
    _approve(client, DiaryEntryPage.objects.get(pk=entry.pk))
    entry.refresh_from_db()
    abandoned.refresh_from_db()
    # the abandoned draft took no number: the published entry follows the last one
    assert abandoned.volume is None and entry.volume == last + 1
    assert entry.slug == f"vol-{last + 1}"  # the title's percent-encoded slug, replaced
    assert entry.url.endswith(f"/vol-{last + 1}/")
    client.logout()
    page = client.get(entry.url)
    assert page.status_code == 200 and f"第{last + 1}回" in page.content.decode()
    # once published, the address stays whatever the title becomes
    writer_client.force_login(get_user_model().objects.get(username=DEMO_USERS["writer"][0]))
    form = writer_client.get(edit).context["form"].initial
    assert writer_client.post(edit, {**form, "title": "窓口の三週間"}).status_code == 302
    revision = DiaryEntryPage.objects.get(pk=entry.pk).get_latest_revision_as_object()
    assert revision.title == "窓口の三週間" and revision.slug == f"vol-{last + 1}"


def test_a_writer_out_of_turn_is_told_whose_turn_it_is(client, series):
    turn = series.next_writer
    other = next(w for w in series.rotation if w.pk != turn.pk and w.user_id is None)
    user = get_user_model().objects.create_user("east-writer", "e@city.example.lg.jp")
    user.groups.add(Group.objects.get(name=roles.ROLES_BY_KEY["writer"].group_name))
    other.user = user
    other.save()
    client.force_login(user)
    response = client.get(url(series))
    assert response.status_code == 200
    assert series.next_question
    # the question was asked of the writer holding the baton: not pre-filled for another
    assert response.context["form"].initial["question"] == ""
    assert response.context["turn_writer"] == turn
    assert f"いまバトンを持っているのは{turn.full_name}さんです" in response.content.decode()
    # the writer holding it gets the question and no notice
    client.force_login(turn.user)
    response = client.get(url(series))
    assert response.context["form"].initial["question"] == series.next_question
    assert response.context["turn_writer"] is None
    assert "いまバトンを持っているのは" not in response.content.decode()


def test_nobody_outside_the_series_writes_in_it(client, series):
    outsider = get_user_model().objects.create_user("outsider", "o@city.example.lg.jp")
    outsider.groups.add(Group.objects.get(name=roles.ROLES_BY_KEY["writer"].group_name))
    Writer.objects.create(family_name="外野", user=outsider)
    before = DiaryEntryPage.objects.count()
    for user in (outsider, get_user_model().objects.get(username=DEMO_USERS["staff"][0])):
        client.force_login(user)
        assert client.get(url(series)).status_code == 404
        assert post(client, series).status_code == 404
        assert url(series) not in client.get(series.url).content.decode()
    client.logout()
    assert client.get(url(series)).status_code == 302  # to sign in
    assert DiaryEntryPage.objects.count() == before


def test_the_baton_goes_to_another_writer_and_bots_are_dropped(writer_client, series):
    me = Writer.objects.get(user__username=DEMO_USERS["writer"][0])
    before = DiaryEntryPage.objects.count()
    choices = writer_client.get(url(series)).context["form"].fields["baton_writer"].queryset
    assert me not in choices and len(choices) == len(series.rotation) - 1
    response = post(writer_client, series, baton_writer=str(me.pk))
    assert response.status_code == 200
    assert response.context["form"].errors["baton_writer"]
    response = post(writer_client, series, baton_writer="", baton_question="次は？")
    assert "問いを渡す相手を選んでください" in response.content.decode()
    assert post(writer_client, series, website="http://spam.example").status_code == 302
    assert DiaryEntryPage.objects.count() == before


def test_a_text_too_long_is_refused_with_the_form_s_message(writer_client, series):
    from diary.submission import BODY_MAX_CHARS

    before = DiaryEntryPage.objects.count()
    response = post(writer_client, series, body="長" * (BODY_MAX_CHARS + 1), summary="概" * 401)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"body", "summary"}
    assert "長" * 100 in response.content.decode()  # what was typed is kept
    assert DiaryEntryPage.objects.count() == before


def test_an_entry_with_more_than_text_is_edited_in_the_admin(writer_client, series):
    post(writer_client, series)
    entry = DiaryEntryPage.objects.get(title="試験窓口Zの二週間")
    entry.body = [*text_to_stream(BODY), ("quote", {"text": "引用です", "attribution": ""})]
    entry.save_revision()
    response = writer_client.get(reverse("write_entry_edit", args=(entry.pk,)))
    assert response.status_code == 200 and "form" not in response.context
    assert reverse("wagtailadmin_pages:edit", args=(entry.pk,)) in response.content.decode()


def test_plain_text_goes_into_blocks_and_back(series):
    entry = DiaryEntryPage(body=text_to_stream(BODY))
    assert stream_to_text(entry.body) == BODY
    # the admin's editor marks each paragraph with a block key: still plain text
    entry.body = [
        ("heading", {"text": "窓口で"}),
        (
            "paragraph",
            '<p data-block-key="a1b2c">申請書を書かない窓口を始めました。<br/>二週間で百件。</p>',
        ),
        ("paragraph", '<p data-block-key="d3e4f">次は電子申請です。</p>'),
    ]
    assert stream_to_text(entry.body) == BODY
    entry.body = [("paragraph", '<p><a href="https://example.lg.jp">リンク</a></p>')]
    assert stream_to_text(entry.body) is None
    assert text_to_stream("<script>alert(1)</script>")[0][1] == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    )


def test_my_submissions_links_an_entry_outside_ones_series_to_the_admin(client, demo_site):
    from diary.demo import NEWS_SLUG
    from diary.factories import add_entry

    editor = get_user_model().objects.create_user("second-editor", "e2@city.example.lg.jp")
    editor.groups.add(Group.objects.get(name=roles.ROLES_BY_KEY["editor"].group_name))
    news = DiarySeriesPage.objects.get(slug=NEWS_SLUG)
    entry = add_entry(
        news,
        writer=news.rotation[0],
        live=False,
        owner=editor,
        title="編集部の下書き",
        slug="draft-x",
    )
    client.force_login(editor)
    mine = client.get(reverse("my_submissions")).content.decode()
    assert reverse("wagtailadmin_pages:edit", args=(entry.pk,)) in mine
    assert reverse("write_entry_edit", args=(entry.pk,)) not in mine


def test_my_submissions_reads_a_fixed_number_of_queries_however_many_entries(writer_client, series):
    """「自分の投稿」 reads the pages, their review states and the writer's series once each:
    two more entries (one in review) cost no more queries, and each still links to the
    writing form."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from diary.factories import add_entry

    me = Writer.objects.get(user__username=DEMO_USERS["writer"][0])
    user = me.user

    def mine():
        with CaptureQueriesContext(connection) as queries:
            page = writer_client.get(reverse("my_submissions"))
        return page.content.decode(), len(queries)

    add_entry(series, writer=me, live=False, owner=user, title="一件目の下書き", slug="q-1")
    mine()  # the first request after login reads what later ones find cached
    _, count = mine()
    added = [
        add_entry(series, writer=me, live=False, owner=user, title=f"追加{n}", slug=f"q-{n}")
        for n in (2, 3)
    ]
    added[1].get_workflow().start(added[1], user)  # the second one submitted for review
    after, count_after = mine()
    assert count_after == count
    assert reverse("write_entry_edit", args=(added[0].pk,)) in after
    assert reverse("write_entry_edit", args=(added[1].pk,)) not in after  # in review: closed
    assert "追加3" in after and "審査中" in after


def test_an_entry_sent_back_mails_its_writer_the_writing_form(writer_client, series, client):
    assert post(writer_client, series, button="submit", title="差し戻される回").status_code == 302
    entry = DiaryEntryPage.objects.get(title="差し戻される回")
    writer = entry.owner
    profile = UserProfile.get_for_user(writer)
    profile.preferred_language = "en"  # the writer reads the admin in English
    profile.save()
    client.force_login(get_user_model().objects.get(username=DEMO_USERS["editor"][0]))
    state = entry.current_workflow_state
    mail.outbox.clear()
    action = reverse(
        "wagtailadmin_pages:workflow_action", args=(entry.pk, "reject", state.current_task_state.pk)
    )
    assert client.post(action, {"comment": "写真の説明を一行足してください。"}).status_code in (
        200,
        302,
    )
    (message,) = [m for m in mail.outbox if writer.email in m.to]
    assert "写真の説明を一行足してください。" in message.body
    assert "asked for changes to" in message.body and "Editor's comment" in message.body
    assert reverse("write_entry_edit", args=(entry.pk,)) in message.body
    assert reverse("my_submissions") in message.body and "/admin/pages/" not in message.body
    # the form it links to shows the request above the entry
    writer_client.force_login(writer)  # (the same client as the editor's)
    form = writer_client.get(reverse("write_entry_edit", args=(entry.pk,))).content.decode()
    request = form.split('id="sent-back-heading"', 1)[1].split("</section>", 1)[0]
    assert "写真の説明を一行足してください。" in request
    writer_client.cookies["django_language"] = "en"  # the editor's words stay marked Japanese
    english = writer_client.get(reverse("write_entry_edit", args=(entry.pk,))).content.decode()
    assert '<blockquote lang="ja">写真の説明を一行足してください。</blockquote>' in english


def test_a_draft_needs_only_a_title_and_submitting_needs_the_rest(writer_client, series):
    assert post(writer_client, series, summary="", date="", body="").status_code == 302
    entry = DiaryEntryPage.objects.get(title="試験窓口Zの二週間")
    assert not entry.live and entry.summary == "" and len(entry.body) == 0
    assert entry.date is not None  # an empty date is today's

    edit = reverse("write_entry_edit", args=(entry.pk,))
    data = {"title": entry.title, "summary": "", "date": "", "body": "", "submit": "1"}
    refused = writer_client.post(edit, data)
    assert refused.status_code == 200
    assert set(refused.context["form"].errors) == {"summary", "date", "body"}
    assert not WorkflowState.objects.filter(object_id=str(entry.pk)).exists()
    assert post(writer_client, series, title="").context["form"].errors.keys() == {"title"}


def test_my_page_tells_a_writer_whose_turn_it_is_and_where_to_write(writer_client, series):
    """「自分の投稿」 lists the running series one writes for: whose turn, by when, and a link to
    the form (the waiting draft once one is saved); a paused series and non-writers get none."""
    me = Writer.objects.get(user__username=DEMO_USERS["writer"][0])
    mine = writer_client.get(reverse("my_submissions")).content.decode()
    section = mine.split('id="turns-heading"', 1)[1].split("</section>", 1)[0]
    assert series.title in section and url(series) in section
    turn = series.next_writer
    if turn.pk == me.pk:
        assert "次はあなたの番です。" in section
    else:
        assert f"次は{turn.full_name}さんの番です。" in section
    assert "までに掲載の予定です。" in section
    assert post(writer_client, series).status_code == 302
    draft = DiaryEntryPage.objects.get(title="試験窓口Zの二週間")
    section = writer_client.get(reverse("my_submissions")).content.decode()
    assert (
        reverse("write_entry_edit", args=(draft.pk,)) in section and "下書きの続きを書く" in section
    )
    edit = reverse("write_entry_edit", args=(draft.pk,))
    form = writer_client.get(edit).context["form"]
    assert writer_client.post(edit, {**form.initial, "submit": "1"}).status_code == 302
    mine = writer_client.get(reverse("my_submissions")).content.decode()
    section = mine.split('id="turns-heading"', 1)[1].split("</section>", 1)[0]
    assert "提出した回は審査中です。" in section
    assert url(series) not in section and "次はあなたの番です。" not in section
    DiarySeriesPage.objects.filter(pk=series.pk).update(status="paused")
    assert series.title not in writer_client.get(reverse("my_submissions")).content.decode()


def test_my_page_has_no_turns_for_a_member_who_writes_no_series(client, demo_site):
    client.force_login(get_user_model().objects.get(username=DEMO_USERS["staff"][0]))
    assert 'id="turns-heading"' not in client.get(reverse("my_submissions")).content.decode()
