"""Organisers work on the events of their own prefecture.

The role 県の主催者 may add pages under the event index (Wagtail's ``add`` permission, not
``publish``: what they write goes to the editors' review). Wagtail would let them edit only the
pages they own, whatever the prefecture; here an organiser may edit, add a report to and delete
(as a draft) every event whose organiser is in the prefecture they work for (their
``accounts.StaffProfile``), a colleague's too, and no event of another prefecture. Editors and
reviewers keep what Wagtail gives them.
"""

from __future__ import annotations

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
