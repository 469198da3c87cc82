"""Factories for cases: reference data looked up by code, themes, tools, case pages.

Local governments are reference data (全国地方公共団体コード, loaded by a migration): the
factory finds one by its code and never makes one up.
"""

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from cases.models import (
    CaseCoImplementer,
    CaseIndexPage,
    CasePage,
    CaseResult,
    CaseSource,
    Theme,
    Tool,
)
from core.factories import PageFactory
from localgov.factories import LocalGovernmentFactory


class ThemeFactory(DjangoModelFactory):
    """A theme, or the existing one with the same slug (the migration loads the standard ones)."""

    slug = factory.Sequence(lambda n: f"theme-{n}")
    name = factory.Sequence(lambda n: f"テーマ{n}")

    class Meta:
        model = Theme
        django_get_or_create = ("slug",)


class ToolFactory(DjangoModelFactory):
    """A tool tag; an existing tool of the same name (in any letter case) is reused."""

    name = factory.Sequence(lambda n: f"ツール{n}")

    class Meta:
        model = Tool

    @classmethod
    def _create(cls, model_class, *args, name, **kwargs):
        return model_class.objects.filter(name__iexact=name).first() or super()._create(
            model_class, *args, name=name, **kwargs
        )


class CaseIndexPageFactory(PageFactory):
    title = "事例"
    slug = "cases"
    show_in_menus = True

    class Meta:
        model = CaseIndexPage


class CasePageFactory(PageFactory):
    """A case under ``parent`` (a CaseIndexPage), by default the AI-OCR case of 金沢市.

    ``themes`` are Theme objects or slugs, ``tools`` tool names, ``results`` dicts of
    CaseResult fields, ``co_implementers`` LocalGovernment objects or codes. A case with a
    ``source_url`` lists it as its source 「出典」, as an imported case does.
    """

    title = factory.Sequence(lambda n: f"テスト事例{n}")
    summary = "紙の申請書をAI-OCRで読み取り、入力作業を自動化した。"
    local_government = factory.SubFactory(LocalGovernmentFactory)
    start_year = 2022
    source_url = factory.Sequence(lambda n: f"https://example.lg.jp/case/{n}")
    themes = ("ai-ocr",)
    tools = ("WinActor",)
    results = ({"label": "削減時間", "value": 1200, "unit": "時間/年"},)
    co_implementers = ()

    class Meta:
        model = CasePage

    @classmethod
    def _prepare_page(cls, model_class, *args, themes, tools, results, co_implementers, **kwargs):
        page = model_class(*args, **kwargs)
        page.themes.set([t if isinstance(t, Theme) else Theme.objects.get(slug=t) for t in themes])
        page.tools.set([ToolFactory(name=name) for name in tools])
        page.results = [
            CaseResult(**{**row, "value": _decimal(row.get("value"))}) for row in results
        ]
        page.co_implementer_links = [
            CaseCoImplementer(local_government=LocalGovernmentFactory(code=lg))
            if isinstance(lg, str)
            else CaseCoImplementer(local_government=lg)
            for lg in co_implementers
        ]
        if page.source_url:
            page.sources = [CaseSource(title="出典", url=page.source_url)]
        return page


def _decimal(value):
    return None if value is None else Decimal(str(value))
