"""Staff work on the cases of their own local government.

A case keeps its owner (who wrote it), but staff move on at 人事異動: every staff member of the
case's local government may edit it and submit the changes for review, and the owner may hand
it over to a colleague there (``cases.handover``). Staff of another town see none of its drafts.
"""

from __future__ import annotations

from accounts.models import local_government_id_of
from accounts.permissions import WorkplacePermissionTester


class LocalGovernmentPermissionTester(WorkplacePermissionTester):
    def in_scope(self) -> bool:
        if self.page.owner_id == self.user.pk:
            return True
        mine = local_government_id_of(self.user)
        return mine is not None and mine == getattr(self.page, "local_government_id", None)
