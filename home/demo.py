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
from django.utils.translation import gettext_noop
from wagtail.models import Page, Site

from accounts.models import StaffProfile
from cases import demo as cases_demo
from cases import importing
from cases.factories import CaseIndexPageFactory
from cases.models import CasePage
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
        gettext_noop("全国の自治体のDX事例を、地域・人口規模・テーマ・ツール・成果から探せます。"),
    ),
    (
        EventIndexPageFactory,
        "events",
        "イベント",
        gettext_noop(
            "都道府県が主催するフォーラム、講演、パネル討論、ワークショップの案内と報告です。"
        ),
    ),
    (
        DiaryIndexPageFactory,
        "diary",
        "日記",
        gettext_noop("各地の自治体職員が順番にバトンをつなぐリレー日記です。"),
    ),
]

DEMO_USERS = {
    "editor": ("demo-editor", "編集部", "花子"),
    "staff": ("demo-staff", "自治体職員", "太郎"),
    "organiser": ("demo-organiser", "県担当", "一郎"),
    "writer": ("demo-writer", "北原", "遥"),  # the writer 北原 遥 of the demo diary (diary/demo.py)
}

# Where each demo account works (code of the 全国地方公共団体コード): the organiser is at
# 神奈川県, so edits Kanagawa's events and no other prefecture's.
DEMO_WORKPLACES = {
    "staff": "172014",  # 金沢市
    "organiser": "140007",  # 神奈川県
    "writer": "012041",  # 旭川市, where the writer 北原 遥 works
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
            # the site's own words: English from the catalogue (the jp filter site_copy)
            lead=gettext_noop("「他のまちは、もう解決している？」にこたえる場所"),
            summary=gettext_noop(
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


# A case the demo staff member has written and sent to the editors' review, so that the demo
# editor's first login has a submission to read and approve (or send back).
PENDING_CASE = {
    "municipality": "金沢市",
    "prefecture": "石川県",
    "title": "窓口の呼び出し状況をスマートフォンで確認できるようにして待合の混雑を緩和",
    "summary": (
        "転入・転出の多い年度末は市民課の待合が混み合い、番号札を持ったまま長く待つ人が多かった。"
        "発券機の番号と呼び出し状況をウェブで公開し、二次元コードから手元のスマートフォンで確かめられる"
        "ようにしたところ、庁舎の外で待つ人が増え、待合の混雑がやわらいだ。"
    ),
    "theme": ["窓口DX"],
    "year": 2024,
    "source_url": "",
    "body": (
        "【課題】\n年度末の繁忙期には待合の椅子が足りず、呼び出しを聞き逃す人もいた。\n\n"
        "【取組】\n発券機と連動して呼び出し番号をウェブに表示する仕組みを入れ、番号札に二次元コードを"
        "印刷した。\n\n【成果】\n待合で待つ人が減り、呼び出しを聞き逃したという申し出もほとんど"
        "なくなった。（編集者の審査を待つデモ用の投稿です）"
    ),
}


def ensure_pending_submission(index_page) -> CasePage | None:
    """The demo staff member's :data:`PENDING_CASE`, saved as a draft and submitted to the
    review workflow, once: when it exists (in review, approved, sent back or edited) it is left
    as the editor made it."""
    items, errors = importing.validate_rows([importing.RawRow(1, PENDING_CASE)])
    if errors:
        raise RuntimeError("demo submission: " + "; ".join(map(str, errors)))
    if importing.find_existing(items[0], index_page) is not None:
        return None
    staff = get_user_model().objects.get(username=DEMO_USERS["staff"][0])
    importing.apply(items, index_page, user=staff, publish=False)
    page = importing.find_existing(items[0], index_page)
    page.get_workflow().start(page, staff)
    return page


@transaction.atomic
def load(password: str | None = None, stdout=None) -> list[DemoAccount]:
    home = ensure_home()
    sections = ensure_sections(home)
    accounts = ensure_accounts(password)
    cases_demo.load(sections["cases"], stdout=stdout)
    ensure_pending_submission(sections["cases"])
    events_demo.load(sections["events"], stdout=stdout)
    diary_demo.load(sections["diary"], stdout=stdout)
    return accounts
