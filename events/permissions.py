"""Organisers work on the events of their own prefecture.

The role 県の主催者 may add pages under the event index (Wagtail's ``add`` permission, not
``publish``: what they write goes to the editors' review). Wagtail would let them edit only the
pages they own, whatever the prefecture; here an organiser may edit, add a report to and delete
(as a draft) every event whose organiser is in the prefecture they work for (their
``accounts.StaffProfile``), a colleague's too, and no event of another prefecture. Editors and
reviewers keep what Wagtail gives them.
"""

from __future__ import annotations

from wagtail.permission_policies import ModelPermissionPolicy

from accounts.models import prefecture_id_of
from accounts.permissions import WorkplacePermissionTester


class PrefecturePermissionTester(WorkplacePermissionTester):
    def __init__(self, user, page, prefecture_id: int | None):
        super().__init__(user, page)
        self.prefecture_id = prefecture_id

    def in_scope(self) -> bool:
        mine = prefecture_id_of(self.user)
        return mine is not None and mine == self.prefecture_id


def is_organiser_of_section(user, parent_page) -> bool:
    """Whether ``user`` adds pages under ``parent_page`` as an organiser (not an editor)."""
    if user is None or user.is_superuser:
        return False
    tester = parent_page.permissions_for_user(user)
    return tester.can_add_subpage() and not tester.can_publish_subpage()


class SpeakerPermissionPolicy(ModelPermissionPolicy):
    """Who may change a speaker.

    The list of speakers is shared by every prefecture and has no review of its own, so
    changing a speaker who appears on a published event changes a public page unreviewed:
    that stays with whoever holds ``change_speaker`` (the editors). An organiser may add
    speakers, and change or delete one they added while no published event shows them: the
    typo in a job title found before the event goes to review is theirs to fix."""

    own_actions = ("change", "delete")

    def user_has_permission(self, user, action):
        if super().user_has_permission(user, action):
            return True
        # an organiser may change some speakers: the views check which (per instance)
        return action in self.own_actions and super().user_has_permission(user, "add")

    def user_has_permission_for_instance(self, user, action, instance):
        if super().user_has_permission(user, action):
            return True
        return action in self.own_actions and self.is_own_unpublished(user, instance)

    def instances_user_has_permission_for(self, user, action):
        if super().user_has_permission(user, action):
            return self.model._default_manager.all()
        if action not in self.own_actions or not super().user_has_permission(user, "add"):
            return self.model._default_manager.none()
        return self.model._default_manager.filter(created_by=user).exclude(
            pk__in=shown_speakers().values("pk")
        )

    def is_own_unpublished(self, user, instance) -> bool:
        return (
            user.is_active
            and super().user_has_permission(user, "add")
            and instance.created_by_id == user.pk
            and not shown_speakers().filter(pk=instance.pk).exists()
        )


def shown_speakers():
    """The speakers that a published event shows."""
    from events.models import Speaker

    return Speaker.objects.filter(session_links__session__page__live=True)
