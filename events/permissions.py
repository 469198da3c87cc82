"""Organisers work on the events of their own prefecture.

The role 県の主催者 may add pages under the event index (Wagtail's ``add`` permission, not
``publish``: what they write goes to the editors' review). Wagtail would let them edit only the
pages they own, whatever the prefecture; here an organiser may edit, add a report to and delete
(as a draft) every event whose organiser is in the prefecture they work for (their
``accounts.StaffProfile``), a colleague's too, and no event of another prefecture. Editors and
reviewers keep what Wagtail gives them.
"""

from __future__ import annotations

from wagtail.models import PagePermissionTester

from accounts.models import prefecture_id_of


class PrefecturePermissionTester(PagePermissionTester):
    def __init__(self, user, page, prefecture_id: int | None):
        super().__init__(user, page)
        self.prefecture_id = prefecture_id

    def _is_organiser(self) -> bool:
        """A contributor of this section: may add pages here but not publish them. A page not
        saved yet is left to Wagtail (the create view has asked its parent)."""
        return (
            self.page.pk is not None
            and self.user.is_active
            and not self.user.is_superuser
            and "add" in self.permissions
            and "publish" not in self.permissions
        )

    def _own_prefecture(self) -> bool:
        mine = prefecture_id_of(self.user)
        return mine is not None and mine == self.prefecture_id

    def can_edit(self):
        if self._is_organiser():
            return self._own_prefecture()
        return super().can_edit()

    def can_add_subpage(self):
        if self._is_organiser() and not self._own_prefecture():
            return False
        return super().can_add_subpage()

    def can_delete(self, ignore_bulk=False):
        if self._is_organiser() and not self._own_prefecture():
            return False
        return super().can_delete(ignore_bulk)

    def can_copy(self):
        if self._is_organiser() and not self._own_prefecture():
            return False
        return super().can_copy()


def is_organiser_of_section(user, parent_page) -> bool:
    """Whether ``user`` adds pages under ``parent_page`` as an organiser (not an editor)."""
    if user is None or user.is_superuser:
        return False
    tester = parent_page.permissions_for_user(user)
    return tester.can_add_subpage() and not tester.can_publish_subpage()
