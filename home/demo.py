"""Demo content: the page tree, one account per role, and whatever each capability adds.

Idempotent: pages are found by slug and accounts by username, so running it again changes
nothing but the demo passwords (which are reset so that the printed ones work).
"""

import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from wagtail.models import Page, Site

from accounts.models import StaffProfile
from cases import demo as cases_demo
from cases.factories import CaseIndexPageFactory
from diary import demo as diary_demo
from diary.factories import DiaryIndexPageFactory
from events import demo as events_demo
from events.factories import EventIndexPageFactory
from home import roles
from home.factories import HomePageFactory
from home.models import HomePage
from home.roles import ROLES
from localgov.models import LocalGovernment

SECTIONS = [
    (
        CaseIndexPageFactory,
        "cases",
        "事例",
        "全国の自治体のDX事例を、地域・人口規模・テーマ・ツール・成果から探せます。",
    ),
    (
        EventIndexPageFactory,
        "events",
        "イベント",
        "都道府県が主催するフォーラム、講演、パネル討論、ワークショップの案内と報告です。",
    ),
    (
        DiaryIndexPageFactory,
        "diary",
        "日記",
        "各地の自治体職員が順番にバトンをつなぐリレー日記です。",
    ),
]

DEMO_USERS = {
    "editor": ("demo-editor", "編集部", "花子"),
    "staff": ("demo-staff", "自治体職員", "太郎"),
    "organiser": ("demo-organiser", "県担当", "一郎"),
    "writer": ("demo-writer", "日記", "さくら"),
}

# Where each demo account works (code of the 全国地方公共団体コード): the organiser is at
# 神奈川県, so edits Kanagawa's events and no other prefecture's.
DEMO_WORKPLACES = {
    "staff": "172014",  # 金沢市
    "organiser": "140007",  # 神奈川県
    "writer": "012084",  # 北見市
}


@dataclass
class DemoAccount:
    role: str
    username: str
    password: str | None


def site_address() -> tuple[str, int]:
    """Hostname and port of the configured site address (``SITE_URL``), as Wagtail's Site
    stores them: absolute URLs of pages (exports, feeds, emails) are built from that Site."""
    url = urlsplit(settings.SITE_URL)
    return url.hostname or "localhost", url.port or (443 if url.scheme == "https" else 80)


def ensure_home() -> HomePage:
    """The one HomePage, as the default site's root, replacing Wagtail's welcome page."""
    home = HomePage.objects.first()
    root = Page.get_first_root_node()
    if home is None:
        welcome = Page.objects.filter(depth=2, slug="home").exclude(content_type__model="homepage")
        for page in welcome:
            page.slug = f"welcome-{page.pk}"
            page.save(update_fields=["slug"])
        home = HomePageFactory(
            parent=root,
            title="自治体DX共創ひろば",
            slug="home",
            lead="「他のまちは、もう解決している？」にこたえる場所",
            summary=(
                "全国の自治体職員が、DXの事例と成果、フォーラムの学び、現場の日記を共有する"
                "サイトです。困りごとを自分の言葉で入力すると、他の都道府県の似た事例も見つかります。"
            ),
        )
    hostname, port = site_address()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(is_default_site=True)
    site.hostname, site.port = hostname, port
    site.root_page = home
    site.site_name = "自治体DX共創ひろば"
    site.save()
    for page in Page.objects.filter(depth=2).exclude(pk=home.pk):
        if page.content_type.model == "page" and not page.get_children().exists():
            page.delete()  # Wagtail's welcome page
    return home


def ensure_sections(home: HomePage) -> dict[str, Page]:
    sections = {}
    for page_factory, slug, title, summary in SECTIONS:
        page = page_factory._meta.model.objects.child_of(home).first()
        if page is None:
            page = page_factory(
                parent=home, title=title, slug=slug, summary=summary, show_in_menus=True
            )
        sections[slug] = page
    return sections


def ensure_accounts(password: str | None = None) -> list[DemoAccount]:
    """One account per role in its group; passwords are new random ones unless given."""
    user_model = get_user_model()
    accounts = []
    home = HomePage.objects.get()
    groups = roles.setup(home)
    for role in ROLES:
        group = groups[role.key]
        username, last_name, first_name = DEMO_USERS[role.key]
        user, _ = user_model.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@example.lg.jp",
                "last_name": last_name,
                "first_name": first_name,
            },
        )
        new_password = password or secrets.token_urlsafe(9)
        user.set_password(new_password)
        user.save()
        user.groups.add(group)
        # verified, as an invited member's is: the printed logins work on the public sign-in
        # (which asks for a verified address) without a confirmation email
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"primary": True, "verified": True}
        )
        workplace = LocalGovernment.objects.filter(code=DEMO_WORKPLACES.get(role.key)).first()
        if workplace is not None:
            StaffProfile.objects.update_or_create(
                user=user, defaults={"local_government": workplace}
            )
        accounts.append(DemoAccount(role.key, username, new_password))
    return accounts


@transaction.atomic
def load(password: str | None = None, stdout=None) -> list[DemoAccount]:
    home = ensure_home()
    sections = ensure_sections(home)
    accounts = ensure_accounts(password)
    cases_demo.load(sections["cases"], stdout=stdout)
    events_demo.load(sections["events"], stdout=stdout)
    diary_demo.load(sections["diary"], stdout=stdout)
    return accounts
