"""The site's roles as Wagtail groups, what each may do, and the editors' review workflow.

Contributors (municipal staff, organisers, diary writers) may add pages in their own section and
edit the pages they own (Wagtail's ``add`` permission without ``change``), but not publish: what
they submit goes to the workflow 「編集者による審査」, whose one task is approved by the group
編集者. Editors edit and publish everything and keep the vocabularies, images and documents tidy.
Contributors upload images and documents into their own collection and choose from it.

Everything here takes an app registry, so that the migration ``home/0002`` (with historical
models) and the demo loader (with the real ones) set up the same groups and workflow.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps as global_apps
from django.utils.translation import gettext_lazy as _

CONTRIBUTOR_PAGE_PERMISSIONS = ("add_page",)
EDITOR_PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
    "bulk_delete_page",
)
CONTRIBUTOR_MEDIA_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
)
EDITOR_MEDIA_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "delete_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "delete_document"),
    ("wagtaildocs", "choose_document"),
)
EDITOR_MODEL_PERMISSIONS = (
    ("cases", "add_theme"),
    ("cases", "change_theme"),
    ("cases", "delete_theme"),
    ("cases", "view_theme"),
    ("cases", "add_tool"),
    ("cases", "change_tool"),
    ("cases", "delete_tool"),
    ("cases", "view_tool"),
    # names and codes come from the code table; editors keep populations current
    ("localgov", "change_localgovernment"),
    ("localgov", "view_localgovernment"),
    # which local government a user works for (an organiser's prefecture comes from it)
    ("accounts", "add_staffprofile"),
    ("accounts", "change_staffprofile"),
    ("accounts", "delete_staffprofile"),
    ("accounts", "view_staffprofile"),
    # accounts: change a user's role or deactivate them (Wagtail's user admin; only a
    # superuser sees the superuser flag)
    ("auth", "add_user"),
    ("auth", "change_user"),
    # reports of published pages: read, mark handled, delete
    ("accounts", "change_pagereport"),
    ("accounts", "delete_pagereport"),
    ("accounts", "view_pagereport"),
    # the diary's writer profiles (home/0005)
    ("diary", "add_writer"),
    ("diary", "change_writer"),
    ("diary", "delete_writer"),
    ("diary", "view_writer"),
    # the events' speakers, a shared list of people (home/0010)
    ("events", "add_speaker"),
    ("events", "change_speaker"),
    ("events", "delete_speaker"),
    ("events", "view_speaker"),
)
# An organiser adds the speakers of their own events; the list is shared by every
# prefecture, so changing or deleting a speaker is left to the editors.
ORGANISER_MODEL_PERMISSIONS = (
    ("events", "add_speaker"),
    ("events", "view_speaker"),
)
ADMIN_ACCESS = ("wagtailadmin", "access_admin")

WORKFLOW_NAME = "編集者による審査"
TASK_NAME = "編集者の承認"


@dataclass(frozen=True)
class Role:
    key: str
    group_name: str
    label: str
    section: str | None  # model of the index page the role contributes under; None = whole site
    page_permissions: tuple[str, ...]
    collection: str | None = None  # the contributors' own collection of images and documents
    model_permissions: tuple[tuple[str, str], ...] = ()  # beyond page and media permissions


ROLES = [
    Role("editor", "編集者", _("編集者"), None, EDITOR_PAGE_PERMISSIONS),
    Role(
        "staff",
        "自治体職員",
        _("自治体職員"),
        "cases.CaseIndexPage",
        CONTRIBUTOR_PAGE_PERMISSIONS,
        "事例の画像・資料",
    ),
    Role(
        "organiser",
        "県の主催者",
        _("都道府県の主催者"),
        "events.EventIndexPage",
        CONTRIBUTOR_PAGE_PERMISSIONS,
        "イベントの画像・資料",
        ORGANISER_MODEL_PERMISSIONS,
    ),
    Role(
        "writer",
        "日記執筆者",
        _("日記執筆者"),
        "diary.DiaryIndexPage",
        CONTRIBUTOR_PAGE_PERMISSIONS,
        "日記の画像・資料",
    ),
]
ROLES_BY_KEY = {role.key: role for role in ROLES}
EDITOR = ROLES_BY_KEY["editor"]

# Wagtail's initial data, which this site replaces with its own roles and workflow.
WAGTAIL_DEFAULT_GROUPS = ("Moderators", "Editors")
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"
ROOT_COLLECTION_NAME = "共通"


def _permission(apps, app_label: str, codename: str):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _migrated(apps, app_label: str, codename: str = "") -> bool:
    """Whether ``app_label`` (and the model of the permission ``codename``) is in the
    (historical) app registry yet: the models of localgov and accounts join the state after
    the migration that first made the groups, and later migrations (home.0003, home.0005,
    home.0006) grant their permissions."""
    try:
        config = apps.get_app_config(app_label)
    except LookupError:
        return False
    if not codename:
        return True
    model_name = codename.split("_", 1)[1]
    return any(model._meta.model_name == model_name for model in config.get_models())


def _ensure_permissions_exist(apps) -> None:
    """Permissions are normally created after all migrations (post_migrate); the migration
    needs them now."""
    from django.contrib.auth.management import create_permissions

    # Each call empties Django's content-type cache and refills it with that app's models:
    # "cases" last, so that the case pages' content types stay cached as they were before
    # localgov existed (the query counts of the admin tests depend on it).
    for label in (
        "wagtailadmin",
        "wagtailcore",
        "wagtailimages",
        "wagtaildocs",
        "auth",
        "localgov",
        "accounts",
        "diary",
        "events",
        "cases",
    ):
        create_permissions(global_apps.get_app_config(label), verbosity=0, apps=apps)


def _collection(apps, name: str):
    """The child of the root collection called ``name`` (created when missing)."""
    Collection = apps.get_model("wagtailcore", "Collection")
    root = Collection.objects.filter(depth=1).order_by("path").first()
    found = Collection.objects.filter(depth=2, name=name, path__startswith=root.path).first()
    if found is not None:
        return found
    # treebeard's add_child() is not available on historical models: place the node by hand
    last = Collection.objects.filter(depth=2).order_by("-path").first()
    steplen = 4
    number = int(last.path[-steplen:], 36) + 1 if last else 1
    path = root.path + _base36(number).rjust(steplen, "0")
    found = Collection.objects.create(name=name, path=path, depth=2, numchild=0)
    root.numchild = Collection.objects.filter(depth=2, path__startswith=root.path).count()
    root.save(update_fields=["numchild"])
    return found


def _base36(number: int) -> str:
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


def ensure_groups(apps=global_apps) -> dict[str, object]:
    """Every role's group with admin access, its model permissions and its collection rights
    (idempotent). Page permissions need the section pages: :func:`grant_section_permissions`."""
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    _ensure_permissions_exist(apps)
    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    groups = {}
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role.group_name)
        group.permissions.add(_permission(apps, *ADMIN_ACCESS))
        if role.collection is None:
            collection, media = root_collection, EDITOR_MEDIA_PERMISSIONS
            group.permissions.add(
                *(_permission(apps, *p) for p in EDITOR_MODEL_PERMISSIONS if _migrated(apps, *p))
            )
        else:
            collection, media = _collection(apps, role.collection), CONTRIBUTOR_MEDIA_PERMISSIONS
        group.permissions.add(
            *(_permission(apps, *p) for p in role.model_permissions if _migrated(apps, *p))
        )
        for app_label, codename in media:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=collection,
                permission=_permission(apps, app_label, codename),
            )
        groups[role.key] = group
    return groups


def ensure_review_workflow(apps=global_apps):
    """The workflow 「編集者による審査」 (one task, approved by 編集者) on the root page, so that
    it covers every page of every site; Wagtail's default "Moderators approval" is detached,
    and its empty default groups are removed."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    editors, _created = Group.objects.get_or_create(name=EDITOR.group_name)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        content_type, _created = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(
            name=TASK_NAME, content_type=content_type, active=True
        )
    task.groups.set([editors])
    workflow, _created = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    root = Page.objects.filter(depth=1).order_by("path").first()
    if root is not None:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    # Wagtail's default workflow, now attached nowhere, is retired so that nobody picks it;
    # never used (no page went through it), it is deleted with its task, so that the
    # reports' filters offer the site's workflow only (its name is English)
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    Task = apps.get_model("wagtailcore", "Task")
    for old in Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW).exclude(pk=workflow.pk):
        attached = (
            WorkflowPage.objects.filter(workflow=old).exists()
            or WorkflowContentType.objects.filter(workflow=old).exists()
        )
        if attached:
            continue
        old_tasks = Task.objects.filter(workflow_tasks__workflow=old).exclude(pk=task.pk)
        if WorkflowState.objects.filter(workflow=old).exists():
            old.active = False
            old.save(update_fields=["active"])
            old_tasks.update(active=False)
            continue
        unshared = [t.pk for t in old_tasks if not t.workflow_tasks.exclude(workflow=old).exists()]
        old.delete()
        Task.objects.filter(pk__in=unshared, task_states__isnull=True).delete()
    for name in WAGTAIL_DEFAULT_GROUPS:
        Group.objects.filter(name=name, user__isnull=True).delete()
    Collection = apps.get_model("wagtailcore", "Collection")
    Collection.objects.filter(depth=1, name="Root").update(name=ROOT_COLLECTION_NAME)
    return workflow


def grant_section_permissions(role: Role, home, apps=global_apps) -> None:
    """The role's page permissions: editors on the home page, contributors on their section's
    index page (when the page tree has it)."""
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Group = apps.get_model("auth", "Group")
    group = Group.objects.get(name=role.group_name)
    if role.section is None:
        page = home
    else:
        page = apps.get_model(role.section).objects.descendant_of(home).first()
        if page is None:
            return
    for codename in role.page_permissions:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=_permission(apps, "wagtailcore", codename)
        )
    # a contributor's permissions are exactly the role's: no "change" left from before
    GroupPagePermission.objects.filter(group=group, page=page).exclude(
        permission__codename__in=role.page_permissions
    ).delete()


def setup(home=None) -> dict[str, object]:
    """Groups, the review workflow and (given the home page) the section permissions."""
    groups = ensure_groups()
    ensure_review_workflow()
    if home is not None:
        for role in ROLES:
            grant_section_permissions(role, home)
    return groups
