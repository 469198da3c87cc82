"""Factories for the home page (the root of the site's page tree)."""

from core.factories import PageFactory
from home.models import HomePage


class HomePageFactory(PageFactory):
    """A HomePage under the tree's root (or ``parent``); the sections' index pages have their
    factories in their apps (CaseIndexPageFactory, EventIndexPageFactory, ...)."""

    title = "自治体DX共創ひろば"
    slug = "home"
    lead = "「他のまちは、もう解決している？」にこたえる場所"
    summary = (
        "全国の自治体職員が、DXの事例と成果、フォーラムの学び、現場の日記を共有するサイトです。"
    )

    class Meta:
        model = HomePage
