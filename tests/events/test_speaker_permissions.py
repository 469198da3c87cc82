"""Speakers through the admin: an organiser adds them, and changes or deletes their own while
no published event shows them; everything else about the shared list is the editors'."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.permissions import policy_registry
from wagtail.test.utils.form_data import querydict_from_html

from events import factories
from events.models import SessionKind, Speaker, SpeakerRole
from home.demo import DEMO_USERS
from tests.events.test_permissions import event_of, ishikawa_organiser  # noqa: F401

pytestmark = pytest.mark.django_db

ADD = "wagtailsnippets_events_speaker:add"


def demo_user(role):
    return get_user_model().objects.get(username=DEMO_USERS[role][0])


def url(name, speaker):
    return reverse(f"wagtailsnippets_events_speaker:{name}", args=(speaker.pk,))


def add_speaker(client, user, **fields) -> Speaker:
    client.force_login(user)
    form = client.get(reverse(ADD))
    assert form.status_code == 200
    data = querydict_from_html(form.content.decode(), form_id=None)
    data.update(fields)
    assert client.post(reverse(ADD), data).status_code == 302
    return Speaker.objects.get(family_name=fields["family_name"])


def edit(client, speaker, **fields):
    form = client.get(url("edit", speaker))
    assert form.status_code == 200, form
    data = querydict_from_html(form.content.decode(), form_id="w-editor-form")
    data.update(fields)
    return client.post(url("edit", speaker), data)


def refused_with(client, response) -> str:
    """The reason an edit or delete view was refused with: it sends back to the speaker."""
    assert response.status_code == 302
    speaker_page = client.get(response["Location"])
    assert speaker_page.status_code == 200
    return " ".join(str(m) for m in speaker_page.context["messages"])


def test_an_organiser_changes_the_speaker_they_added_until_an_event_shows_them(client, demo_site):
    organiser = demo_user("organiser")
    speaker = add_speaker(client, organiser, family_name="登壇", given_name="花子")
    assert speaker.created_by == organiser

    response = edit(client, speaker, job_title="課長")
    assert response.status_code == 302
    speaker.refresh_from_db()
    assert speaker.job_title == "課長"

    # the speakers' list offers the organiser the edit link of their speaker only
    listing = client.get(reverse("wagtailsnippets_events_speaker:list")).content.decode()
    assert url("edit", speaker) in listing
    others = Speaker.objects.exclude(pk=speaker.pk).first()
    assert url("edit", others) not in listing

    # once a published event shows the speaker, a change is the editors' (no review)
    event = event_of("神奈川県")
    assert event.live
    event.sessions.add(
        factories.session(
            SessionKind.KEYNOTE, "基調講演", speakers=[(speaker, SpeakerRole.SPEAKER)]
        )
    )
    event.save()
    message = refused_with(client, client.get(url("edit", speaker)))
    assert "公開中のイベント" in message
    refused_with(client, client.post(url("edit", speaker), {"family_name": "改竄"}))
    speaker.refresh_from_db()
    assert speaker.family_name == "登壇"
    assert url("edit", speaker) not in client.get(url("inspect", speaker)).content.decode()

    client.force_login(demo_user("editor"))
    assert edit(client, speaker, job_title="部長").status_code == 302
    speaker.refresh_from_db()
    assert speaker.job_title == "部長"


def test_an_organiser_cannot_change_or_delete_someone_elses_speaker(
    client,
    demo_site,
    ishikawa_organiser,  # noqa: F811
):
    speaker = add_speaker(client, ishikawa_organiser, family_name="石川", given_name="一")
    client.force_login(demo_user("organiser"))
    assert "ほかの人が登録した" in refused_with(client, client.get(url("edit", speaker)))
    refused_with(client, client.post(url("delete", speaker)))
    refused_with(client, client.get(url("usage", speaker)))
    assert Speaker.objects.filter(pk=speaker.pk).exists()

    # their own, unused: deleted
    client.force_login(ishikawa_organiser)
    assert client.post(url("delete", speaker)).status_code == 302
    assert not Speaker.objects.filter(pk=speaker.pk).exists()


def test_the_policy_lists_what_each_role_may_change(demo_site):
    organiser, editor, staff = (demo_user(r) for r in ("organiser", "editor", "staff"))
    own = Speaker.objects.create(family_name="自分", created_by=organiser)
    policy = policy_registry.get_by_type(Speaker)
    assert list(policy.instances_user_has_permission_for(organiser, "change")) == [own]
    assert policy.instances_user_has_permission_for(editor, "change").count() == (
        Speaker.objects.count()
    )
    assert not policy.user_has_permission(staff, "change")
    assert not policy.user_has_permission_for_instance(staff, "change", own)
    assert not policy.user_has_permission_for_instance(organiser, "publish", own)
    organiser.is_active = False
    assert not policy.user_has_permission_for_instance(organiser, "change", own)


def test_staff_and_writers_do_not_add_speakers(client, demo_site):
    for role in ("staff", "writer"):
        client.force_login(demo_user(role))
        assert client.get(reverse(ADD)).status_code in (302, 403)
