"""Staff submit a case from the public site: drafts saved and resumed, the importer's messages,
the editors' review (sent back with a comment, fixed, resubmitted, approved), colleagues of the
same town, and a live case that stays as it was until its edit is approved."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from wagtail.models import WorkflowState

from accounts.models import StaffProfile
from cases.models import CasePage
from home import roles
from home.demo import DEMO_USERS
from localgov.models import LocalGovernment
from search import service

pytestmark = pytest.mark.django_db
User = get_user_model()


def account(role):
    return User.objects.get(username=DEMO_USERS[role][0])


def staff_of(code, username):
    user = User.objects.create_user(username, f"{username}@city.example.lg.jp")
    user.groups.add(Group.objects.get(name=roles.ROLES_BY_KEY["staff"].group_name))
    StaffProfile.objects.create(user=user, local_government=LocalGovernment.objects.get(code=code))
    return user


def case_form(**fields):
    data = {
        "title": "金沢市の窓口予約をLoGoフォームで受け付けた",
        "summary": "電話だけだった窓口予約を、LoGoフォームで24時間受け付けるようにした。",
        "prefecture": "石川県",
        "municipality": "金沢市",
        "theme": ["madoguchi-dx"],
        "tools": "LoGoフォーム",
        "results": "電話対応の削減 120 時間/年",
        "year": "令和5年",
        "month": "",
        "status": "production",
        "source_url": "",
        "body": "## 背景\n電話予約が集中していた。",
        "department": "市民課",
        "contact": "",
        "website": "",
    }
    data.update(fields)
    return data


def test_a_submitted_case_is_reviewed_sent_back_fixed_and_published(client, demo_site):
    staff = account("staff")
    client.force_login(staff)
    form_page = client.get(reverse("submit_case"))
    assert form_page.status_code == 200
    assert 'value="金沢市"' in form_page.content.decode()  # from the staff profile

    # a bad year: the importer's own message, nothing saved
    response = client.post(reverse("submit_case"), case_form(year="昔", save="1"))
    assert response.status_code == 200
    # the form names its own field, not the import file's column (「年（year）」)
    assert "開始年「昔」は1990〜2100年の西暦か和暦で書いてください" in response.content.decode()
    assert "（year）" not in response.content.decode()
    assert not CasePage.objects.filter(title__startswith="金沢市の窓口予約").exists()

    # saved as a draft, then resumed and submitted
    client.post(reverse("submit_case"), case_form(save="1"))
    case = CasePage.objects.get(title__startswith="金沢市の窓口予約")
    assert case.owner == staff and not case.live
    resume = client.get(reverse("submit_case_edit", args=(case.pk,))).content.decode()
    assert "LoGoフォーム" in resume and "電話対応の削減" in resume
    mail.outbox.clear()
    client.post(reverse("submit_case_edit", args=(case.pk,)), case_form(submit="1"))
    state = WorkflowState.objects.get(object_id=str(case.pk), status="in_progress")
    assert any(account("editor").email in m.to for m in mail.outbox)
    assert "審査中" in client.get(reverse("my_submissions")).content.decode()
    # in review, the form is closed: a POST changes nothing the editor is reading
    edit = reverse("submit_case_edit", args=(case.pk,))
    assert "form" not in client.get(edit).context
    assert client.post(edit, case_form(title="審査中の書き換え", save="1")).status_code == 409
    assert (
        CasePage.objects.get(pk=case.pk).get_latest_revision_as_object().title != "審査中の書き換え"
    )

    # the editor sends it back with a comment; the staff member is told and sees it
    client.force_login(account("editor"))
    reject = reverse(
        "wagtailadmin_pages:workflow_action",
        args=(case.pk, "reject", state.current_task_state.pk),
    )
    mail.outbox.clear()
    assert client.post(
        reject, {"comment": "成果の数値の根拠を本文に書いてください。"}
    ).status_code in (
        200,
        302,
    )
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    (sent_back,) = [m for m in mail.outbox if staff.email in m.to]
    # the mail points to the form the case was written in and to 「自分の投稿」, not the admin
    assert "成果の数値の根拠を本文に書いてください。" in sent_back.body
    assert "編集部 花子さんから修正の依頼" in sent_back.body
    assert sent_back.subject == f"[自治体DX共創ひろば] 「{case.title}」に修正の依頼があります"
    assert reverse("submit_case_edit", args=(case.pk,)) in sent_back.body
    assert reverse("my_submissions") in sent_back.body
    assert reverse("wagtailadmin_pages:edit", args=(case.pk,)) not in sent_back.body
    client.force_login(staff)
    mine = client.get(reverse("my_submissions")).content.decode()
    assert "差し戻し" in mine and "成果の数値の根拠を本文に書いてください。" in mine
    # and on the form the case is fixed in
    fixing = client.get(reverse("submit_case_edit", args=(case.pk,))).content.decode()
    request = fixing.split('id="sent-back-heading"', 1)[1].split("</section>", 1)[0]
    assert "成果の数値の根拠を本文に書いてください。" in request

    # fixed and resubmitted: the same review goes on; the editor approves; the public reads it
    client.post(
        reverse("submit_case_edit", args=(case.pk,)),
        case_form(
            body="## 背景\n電話予約が集中していた。\n\n削減時間は通話記録から数えた。", submit="1"
        ),
    )
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    client.force_login(account("editor"))
    approve = reverse(
        "wagtailadmin_pages:workflow_action",
        args=(case.pk, "approve", state.current_task_state.pk),
    )
    mail.outbox.clear()
    client.post(approve, {"comment": "根拠が分かりやすくなりました。公開します。"})
    case.refresh_from_db()
    assert case.live
    # the author is told who approved it, with the comment, the page and 「自分の投稿」
    (approved,) = [m for m in mail.outbox if staff.email in m.to]
    assert "編集部 花子さんが承認し、公開しました" in approved.body
    assert approved.subject == f"[自治体DX共創ひろば] 「{case.title}」が承認され、公開されました"
    assert "根拠が分かりやすくなりました。公開します。" in approved.body
    assert case.full_url in approved.body and reverse("my_submissions") in approved.body
    client.force_login(staff)  # approved: the request for changes is no longer shown
    edit = client.get(reverse("submit_case_edit", args=(case.pk,))).content.decode()
    assert 'id="sent-back-heading"' not in edit
    client.logout()
    assert "通話記録から数えた" in client.get(case.url).content.decode()


def test_a_draft_is_nowhere_public(client, demo_site, django_capture_on_commit_callbacks):
    client.force_login(account("staff"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("submit_case"), case_form(title="非公開の下書き事例だけの語ぬえ", save="1")
        )
    draft = CasePage.objects.get(title="非公開の下書き事例だけの語ぬえ")
    client.logout()
    assert draft.pk not in {r["id"] for r in service.search("非公開の下書き事例だけの語ぬえ")}
    assert "非公開の下書き事例" not in client.get("/cases/").content.decode()
    assert "非公開の下書き事例" not in client.get("/cases/?format=csv").content.decode()
    api = client.get("/api/search/", {"q": "非公開の下書き事例だけの語ぬえ"}).json()
    assert draft.pk not in {r["id"] for r in api}


def test_colleagues_of_the_same_town_edit_a_case_and_others_cannot(client, demo_site):
    owner = account("staff")
    colleague = staff_of("172014", "kanazawa-colleague")
    stranger = staff_of("172103", "hakusan-staff")
    client.force_login(owner)
    client.post(reverse("submit_case"), case_form(save="1"))
    case = CasePage.objects.get(title__startswith="金沢市の窓口予約")
    url = reverse("submit_case_edit", args=(case.pk,))
    client.force_login(colleague)
    assert client.get(url).status_code == 200
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    assert client.post(url, case_form(title="上書き", save="1")).status_code == 404
    assert CasePage.objects.get(pk=case.pk).get_latest_revision_as_object().title != "上書き"


def test_editing_a_live_case_keeps_the_live_version_until_approved(client, demo_site):
    staff = account("staff")
    live = CasePage.objects.live().filter(local_government__code="172014").first()
    live.owner = staff
    live.save(update_fields=["owner"])
    before = live.title
    client.force_login(staff)
    client.post(
        reverse("submit_case_edit", args=(live.pk,)),
        case_form(title="改訂中のタイトル", submit="1"),
    )
    live.refresh_from_db()
    assert live.live and live.title == before
    client.logout()
    assert before in client.get(live.url).content.decode()
    assert WorkflowState.objects.filter(object_id=str(live.pk), status="in_progress").exists()


def test_sign_in_is_needed_to_submit(client, demo_site):
    response = client.get(reverse("submit_case"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_corrected_source_address_replaces_the_listed_source(client, demo_site):
    client.force_login(account("staff"))
    wrong, right = "https://www.city.kanazawa.lg.jp/wrong", "https://www.city.kanazawa.lg.jp/right"
    client.post(reverse("submit_case"), case_form(source_url=wrong, save="1"))
    case = CasePage.objects.get(title__startswith="金沢市の窓口予約")
    url = reverse("submit_case_edit", args=(case.pk,))
    client.post(url, case_form(source_url=right, save="1"))
    latest = CasePage.objects.get(pk=case.pk).get_latest_revision_as_object()
    assert latest.source_url == right
    assert [s.url for s in latest.sources.all()] == [right]
    client.post(url, case_form(source_url="", save="1"))
    latest = CasePage.objects.get(pk=case.pk).get_latest_revision_as_object()
    assert list(latest.sources.all()) == []


def test_the_form_s_messages_follow_the_reader_s_language(client, demo_site):
    client.force_login(account("staff"))
    client.cookies["django_language"] = "en"
    bad = case_form(
        year="昔", month="13", source_url="bad", theme=[], municipality="富山市", save="1"
    )
    html = client.post(reverse("submit_case"), bad).content.decode()
    assert "No local government “富山市” found in Ishikawa" in html  # not 「石川県」
    assert "Start year “昔” must be a year from 1990 to 2100" in html
    assert "Start month “13” must be a number from 1 to 12" in html
    assert "Source URL “bad” must be an address starting with http://" in html
    assert "書いてください" not in html and "(year)" not in html
    assert not CasePage.objects.filter(title__startswith="金沢市の窓口予約").exists()


def test_editing_in_the_form_keeps_a_result_s_before_value_period_and_note(client, demo_site):
    from cases.models import CaseResult

    staff = account("staff")
    client.force_login(staff)
    results = "問い合わせ件数 120 件 → 10 件\n電話対応の削減 120 時間/年"
    client.post(reverse("submit_case"), case_form(results=results, save="1"))
    case = CasePage.objects.get(title__startswith="金沢市の窓口予約")
    latest = case.get_latest_revision_as_object()
    first = latest.results.all()[0]
    assert (first.label, first.value, first.baseline, first.unit) == (
        "問い合わせ件数",
        10,
        120,
        "件",
    )
    # an editor adds a period and a note in the admin
    latest.results = [
        CaseResult(
            label=r.label,
            value=r.value,
            unit=r.unit,
            baseline=r.baseline,
            period="2023年度" if i == 0 else "",
            note="電話の記録から" if i == 0 else "",
            sort_order=i,
        )
        for i, r in enumerate(latest.results.all())
    ]
    latest.save_revision(user=staff)
    url = reverse("submit_case_edit", args=(case.pk,))
    form = client.get(url).context["form"]
    assert "問い合わせ件数: 120 → 10 件" in form.initial["results"]
    data = {**case_form(), **form.initial, "theme": form.initial["theme"], "save": "1"}
    data["title"] = "金沢市の窓口予約をLoGoフォームで受け付けた（改）"
    assert client.post(url, data).status_code == 302
    again = CasePage.objects.get(pk=case.pk).get_latest_revision_as_object()
    assert again.title.endswith("（改）")
    kept = again.results.all()[0]
    assert (kept.value, kept.baseline, kept.period, kept.note) == (
        10,
        120,
        "2023年度",
        "電話の記録から",
    )


def test_a_draft_needs_only_a_title_and_submitting_needs_the_rest(client, demo_site):
    """「下書き保存」 keeps a case with a title and nothing more (the prefecture comes from the
    member's workplace); 「審査に提出」 of it asks for the summary and a theme and changes
    nothing."""
    client.force_login(account("staff"))
    bare = case_form(title="窓口の書かない申請（書きかけ）", summary="", theme=[], tools="")
    bare.update(results="", year="", body="", department="", save="1")
    assert client.post(reverse("submit_case"), bare).status_code == 302
    case = CasePage.objects.get(title="窓口の書かない申請（書きかけ）")
    assert not case.live and case.summary == "" and not case.themes.exists()
    assert case.local_government.name == "金沢市"
    shown = client.get(reverse("submit_case_edit", args=(case.pk,))).content.decode()
    assert "窓口の書かない申請（書きかけ）" in shown
    assert "（必須）" in shown  # what submitting needs is still marked

    bare.pop("save")
    refused = client.post(reverse("submit_case_edit", args=(case.pk,)), {**bare, "submit": "1"})
    assert refused.status_code == 200
    errors = refused.context["form"].errors
    assert set(errors) == {"summary", "theme"}
    assert errors["theme"] == [
        "審査に提出するには入力してください（下書きは空のままでも保存できます）"
    ]
    assert not WorkflowState.objects.filter(object_id=str(case.pk)).exists()

    # a draft is still checked for what it holds, and a title is needed
    no_title = client.post(reverse("submit_case"), {**bare, "title": "", "save": "1"})
    assert set(no_title.context["form"].errors) == {"title"}
    bad_year = client.post(reverse("submit_case"), {**bare, "year": "昔", "save": "1"})
    assert set(bad_year.context["form"].errors) == {"year"}
    assert CasePage.objects.filter(title="窓口の書かない申請（書きかけ）").count() == 1


def test_a_resumed_draft_moves_to_another_local_government(client, demo_site):
    """The resumed form keeps the case's code in a hidden field; changing the municipality or
    the prefecture chooses the local government those name, and a name that exists nowhere
    is said so."""
    client.force_login(account("staff"))
    client.post(reverse("submit_case"), case_form(save="1"))
    case = CasePage.objects.get(title__startswith="金沢市の窓口予約")
    edit = reverse("submit_case_edit", args=(case.pk,))
    hidden = client.get(edit).context["form"].initial["local_government_code"]
    assert hidden == "172014"
    for prefecture, municipality, expected in (
        ("石川県", "加賀市", "石川県加賀市"),
        ("石川県", "", "石川県"),
        ("富山県", "高岡市", "富山県高岡市"),
    ):
        data = case_form(
            prefecture=prefecture,
            municipality=municipality,
            local_government_code=hidden,
            save="1",
        )
        assert client.post(edit, data).status_code == 302, expected
        saved = CasePage.objects.get(pk=case.pk).get_latest_revision_as_object()
        assert saved.local_government.full_name == expected
    unknown = client.post(
        edit, case_form(municipality="存在しない市", local_government_code=hidden, save="1")
    )
    assert unknown.context["form"].errors["municipality"] == [
        "自治体「存在しない市」が石川県に見つかりません"
    ]
