"""The site's roles as Wagtail groups, and what each may do in the page tree.

Contributors (municipal staff, organisers, diary writers) may add and edit pages in their own
section but not publish: their submissions go to the editors through Wagtail's moderation workflow.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _
from wagtail.models import GroupPagePermission, Page

CONTRIBUTOR_PAGE_PERMISSIONS = ("add_page", "change_page")
EDITOR_PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
    "bulk_delete_page",
)


@dataclass(frozen=True)
class Role:
    key: str
    group_name: str
    label: str
    section: str | None  # model of the index page the role contributes under; None = whole site
    page_permissions: tuple[str, ...]


ROLES = [
    Role("editor", "編集者", _("編集者"), None, EDITOR_PAGE_PERMISSIONS),
    Role(
        "staff", "自治体職員", _("自治体職員"), "cases.CaseIndexPage", CONTRIBUTOR_PAGE_PERMISSIONS
    ),
    Role(
        "organiser",
        "県の主催者",
        _("都道府県の主催者"),
        "events.EventIndexPage",
        CONTRIBUTOR_PAGE_PERMISSIONS,
    ),
    Role(
        "writer",
        "日記執筆者",
        _("日記執筆者"),
        "diary.DiaryIndexPage",
        CONTRIBUTOR_PAGE_PERMISSIONS,
    ),
]
ROLES_BY_KEY = {role.key: role for role in ROLES}


def ensure_group(role: Role, home: Page) -> Group:
    """Create the role's group with admin access and its page permissions (idempotent)."""
    from django.apps import apps

    group, _created = Group.objects.get_or_create(name=role.group_name)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    if role.section is None:
        page = home
        # Editors also keep the controlled vocabularies tidy (snippets, tags, images, documents).
        for codename in ("add_image", "change_image", "add_document", "change_document"):
            group.permissions.add(*Permission.objects.filter(codename=codename))
    else:
        model = apps.get_model(role.section)
        page = model.objects.descendant_of(home).first()
        if page is None:
            return group
        for codename in ("add_image", "add_document"):
            group.permissions.add(*Permission.objects.filter(codename=codename))
    for codename in role.page_permissions:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    return group
