"""Contributors work on the pages of their workplace.

A contributor of a section (Wagtail's ``add`` permission there, not ``publish``: what they write
goes to the editors' review) may by Wagtail's rules edit only the pages they own. A section
narrows or widens that by where the contributor works (``accounts.StaffProfile``): organisers
edit every event of their own prefecture, staff every case of their own local government.
Editors and reviewers keep what Wagtail gives them.
"""

from __future__ import annotations

from wagtail.models import PagePermissionTester


class WorkplacePermissionTester(PagePermissionTester):
    """Subclasses say which pages are the contributor's (:meth:`in_scope`)."""

    def is_contributor(self) -> bool:
        """A contributor of this section: may add pages here but not publish them. A page not
        saved yet is left to Wagtail (the create view has asked its parent)."""
        return (
            self.page.pk is not None
            and self.user.is_active
            and not self.user.is_superuser
            and "add" in self.permissions
            and "publish" not in self.permissions
        )

    def in_scope(self) -> bool:
        raise NotImplementedError

    def can_edit(self):
        if self.is_contributor():
            return self.in_scope()
        return super().can_edit()

    def can_add_subpage(self):
        if self.is_contributor() and not self.in_scope():
            return False
        return super().can_add_subpage()

    def can_delete(self, ignore_bulk=False):
        if self.is_contributor() and not self.in_scope():
            return False
        return super().can_delete(ignore_bulk)

    def can_copy(self):
        if self.is_contributor() and not self.in_scope():
            return False
        return super().can_copy()
