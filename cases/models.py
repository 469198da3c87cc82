"""Case repository: themes, tools and structured case studies."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import ItemBase, TagBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    MultipleChooserPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from cases.blocks import CaseBodyBlock
from cases.bodytext import stream_to_body
from cases.forms import CasePageForm
from cases.panels import DuplicateWarningPanel
from cases.permissions import LocalGovernmentPermissionTester
from core.i18n import in_english
from core.models import BasePage
from core.panels import InlinePanel
from localgov.bands import get_population_band
from localgov.models import LocalGovernment, Prefecture, display_name_of
from localgov.regions import get_region
from search.text import reading

# ---------------------------------------------------------------------------
# Themes (controlled) and tools (open, taggit)
# ---------------------------------------------------------------------------


ALIAS_SEPARATORS = re.compile(r"[;；、]")
"""Between aliases: 「;」, and the full-width 「；」 and 「、」 a Japanese keyboard types."""


def split_aliases(text: str) -> list[str]:
    """The aliases of a theme's or a tool's 別名 field, stripped, empty ones left out."""
    return [alias.strip() for alias in ALIAS_SEPARATORS.split(text or "") if alias.strip()]


class Theme(models.Model):
    slug = models.SlugField(_("スラッグ"), max_length=50, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    name_en = models.CharField(_("英語名"), max_length=80, blank=True)
    description = models.TextField(_("説明"), blank=True)
    aliases = models.CharField(
        _("別名"),
        max_length=200,
        blank=True,
        help_text=_("取り込み時に同じテーマとして扱う表記（; か 、 で区切る）"),
    )
    sort_order = models.PositiveSmallIntegerField(_("並び順"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("aliases"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("テーマ")
        verbose_name_plural = _("テーマ")

    def __str__(self) -> str:
        # the admin's checkboxes and choosers: English in the English admin
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the active language: the English name when English is active."""
        if in_english() and self.name_en:
            return self.name_en
        return self.name


class Tool(TagBase):
    """A product or service used in a case (kintone, WinActor, LoGoフォーム ...). Its aliases
    are the other ways staff write it (「キントーン」): search finds its cases by them, and a
    case form or an import given one gets the tool itself, not a second tool."""

    free_tagging = True
    aliases = models.CharField(
        _("読み・別名"),
        max_length=200,
        blank=True,
        help_text=_("検索と取り込みで同じツールとして扱う表記（; か 、 で区切る）。例: キントーン"),
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("aliases")]

    class Meta:
        verbose_name = _("ツール")
        verbose_name_plural = _("ツール")

    def alias_list(self) -> list[str]:
        return split_aliases(self.aliases)

    @classmethod
    def canonical_names(cls) -> dict[str, str]:
        """Every alias, case-folded and NFKC-normalised, to the name of its tool."""
        names = {}
        for name, aliases in cls.objects.exclude(aliases="").values_list("name", "aliases"):
            for alias in split_aliases(aliases):
                key = unicodedata.normalize("NFKC", alias).strip().casefold()
                if key:
                    names.setdefault(key, name)
        return names


class CasePageTag(ItemBase):
    tag = models.ForeignKey(Tool, on_delete=models.CASCADE, related_name="tagged_cases")
    content_object = ParentalKey(
        "cases.CasePage", on_delete=models.CASCADE, related_name="tool_items"
    )


# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------


class CaseStatus(models.TextChoices):
    CONSIDERING = "considering", _("検討中")
    PILOT = "pilot", _("実証")
    PRODUCTION = "production", _("本格運用")
    ENDED = "ended", _("終了")


class CaseIndexPage(RoutablePageMixin, BasePage):
    """事例: the faceted listing, one page per local government, statistics and open data."""

    site_search = False

    parent_page_types = ["home.HomePage"]
    subpage_types = ["cases.CasePage"]
    max_count = 1

    class Meta:
        verbose_name = _("事例一覧")
        verbose_name_plural = _("事例一覧")

    def get_cases(self):
        """Live, public cases with what a listing shows, in a fixed number of queries."""
        return (
            CasePage.objects.descendant_of(self)
            .live()
            .public()
            .select_related("local_government__prefecture")
            .prefetch_related("themes", "tools")
        )

    @path("")
    def listing(self, request):
        from cases.views import case_listing

        return case_listing(request, self)

    @path("lg/<str:code>/")
    def local_government(self, request, code):
        from cases.views import local_government_cases

        return local_government_cases(request, self, code)

    @path("stats/")
    def statistics(self, request):
        from cases.statistics import case_statistics

        return case_statistics(request, self)


class CasePage(BasePage):
    local_government = models.ForeignKey(
        LocalGovernment,
        verbose_name=_("実施自治体"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    themes = ParentalManyToManyField(Theme, verbose_name=_("テーマ"), related_name="cases")
    tools = ClusterTaggableManager(
        through=CasePageTag, blank=True, verbose_name=_("ツール"), help_text=_("製品・サービス名")
    )
    status = models.CharField(
        _("段階"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.PRODUCTION
    )
    title_reading = models.CharField(
        _("タイトルの読み"),
        max_length=255,
        blank=True,
        editable=False,
        help_text=_(
            "タイトル順（五十音順）の並べ替えに使う読み。保存のたびにタイトルから作られます"
        ),
    )
    start_year = models.PositiveSmallIntegerField(
        _("開始年"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    start_month = models.PositiveSmallIntegerField(
        _("開始月"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    department = models.CharField(_("担当課"), max_length=100, blank=True)
    contact = models.CharField(_("問い合わせ先"), max_length=200, blank=True)
    body = StreamField(CaseBodyBlock(), blank=True, verbose_name=_("本文"))
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("カバー画像"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_url = models.URLField(
        _("出典URL"),
        max_length=500,
        blank=True,
        db_index=True,
        help_text=_("取り込み時の照合にも使います（出典URLとタイトルが同じ事例は更新されます）"),
    )
    import_hash = models.CharField(max_length=64, blank=True, editable=False)

    content_panels = BasePage.content_panels + [
        DuplicateWarningPanel(),
        MultiFieldPanel(
            [
                FieldPanel("local_government"),
                MultipleChooserPanel(
                    "co_implementer_links",
                    chooser_field_name="local_government",
                    label=_("共同実施自治体"),
                    heading=_("共同実施自治体"),
                ),
                FieldRowPanel([FieldPanel("department"), FieldPanel("contact")]),
            ],
            heading=_("実施自治体"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("themes"),
                FieldPanel("tools"),
                FieldRowPanel(
                    [FieldPanel("status"), FieldPanel("start_year"), FieldPanel("start_month")]
                ),
            ],
            heading=_("分類と時期"),
        ),
        InlinePanel(
            "results",
            heading=_("成果（数値）"),
            label=pgettext_lazy("one item of an admin list", "成果"),
        ),
        FieldPanel("body"),
        InlinePanel(
            "sources",
            heading=_("出典・資料"),
            label=pgettext_lazy("one item of an admin list", "出典"),
        ),
        FieldPanel("source_url"),
        FieldPanel("cover_image"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("department"),
        index.SearchField("body"),
        index.FilterField("local_government"),
        index.FilterField("status"),
        index.FilterField("start_year"),
        index.RelatedFields("local_government", [index.SearchField("name")]),
        index.RelatedFields("themes", [index.SearchField("name")]),
        index.RelatedFields("tools", [index.SearchField("name")]),
    ]
    base_form_class = CasePageForm
    parent_page_types = ["cases.CaseIndexPage"]
    subpage_types = []

    class Meta:
        # Japanese has one form for both; the contexts give English "Case" and "Cases"
        verbose_name = pgettext_lazy("model name", "事例")
        verbose_name_plural = pgettext_lazy("model name plural", "事例")

    def save(self, *args, **kwargs):
        # 「タイトル順」 lists cases in 五十音順 of their titles, not in code-point order
        self.title_reading = reading(self.title)
        fields = kwargs.get("update_fields")
        if fields is not None and "title" in fields:
            kwargs["update_fields"] = {*fields, "title_reading"}
        return super().save(*args, **kwargs)

    def get_admin_display_title(self):
        """The title with where the case was done, 「…（石川県金沢市）」: the admin's page lists,
        its page chooser (an organiser linking a case to a session) and the review tell apart
        cases of the same name from different towns."""
        title = super().get_admin_display_title()
        place = display_name_of(self.local_government_id)
        return f"{title}{gettext('（')}{place}{gettext('）')}" if place else title

    @property
    def prefecture(self) -> Prefecture:
        return self.local_government.prefecture

    @property
    def period_label(self) -> str:
        if not self.start_year:
            return ""
        if self.start_month:
            return f"{self.start_year}年{self.start_month}月〜"
        return f"{self.start_year}年〜"

    @cached_property
    def co_implementers(self) -> list[LocalGovernment]:
        """The other local governments that carried out the case with the implementer."""
        return [link.local_government for link in self.co_implementer_links.all()]

    @cached_property
    def theme_list(self) -> list[Theme]:
        return list(self.themes.all())

    @cached_property
    def tool_names(self) -> list[str]:
        return sorted(tag.name for tag in self.tools.all())

    def get_search_text(self) -> str:
        lg = self.local_government
        parts = [
            self.title,
            # the index is Japanese whatever the language of the request that saved the page
            f"{lg.full_name}（{get_region(lg.prefecture.region).name_ja}地方）",
            "、".join(t.name for t in self.themes.all()),
            "、".join(t.name for t in self.tools.all()),
            self.summary,
            "\n".join(r.text for r in self.results.all()),
            body_plain_text(self.body),
        ]
        return "\n".join(p.strip() for p in parts if p and p.strip())

    def permissions_for_user(self, user):
        """Staff edit the cases of their own local government (``cases.permissions``)."""
        return LocalGovernmentPermissionTester(user, self)

    def get_search_filters(self) -> dict:
        lg = self.local_government
        return {
            "prefecture": lg.prefecture_id,
            "region": lg.prefecture.region,
            "local_government": lg.code,
            "population": lg.population_band,
            "theme": sorted(t.slug for t in self.themes.all()),
            "tool": sorted(t.name.casefold() for t in self.tools.all()),
            "status": self.status,
            "year": self.start_year,
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["results_rows"] = list(self.results.all())
        context["source_rows"] = list(self.sources.all())
        return context


class CaseResult(Orderable):
    """One measured result: label, value and unit, so towns of different sizes can compare."""

    page = ParentalKey(CasePage, on_delete=models.CASCADE, related_name="results")
    label = models.CharField(_("項目"), max_length=200)
    value = models.DecimalField(_("値"), max_digits=16, decimal_places=2, null=True, blank=True)
    unit = models.CharField(
        _("単位"), max_length=20, blank=True, help_text=_("例: 時間/年、円/年、%、件、人")
    )
    baseline = models.DecimalField(
        _("導入前の値"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    period = models.CharField(_("対象期間"), max_length=50, blank=True)
    note = models.CharField(_("備考"), max_length=300, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("value"), FieldPanel("unit")]),
        FieldRowPanel([FieldPanel("baseline"), FieldPanel("period"), FieldPanel("note")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("成果")
        verbose_name_plural = _("成果")

    @property
    def text(self) -> str:
        """The result as a line of the case's text (search and its snippets), numbers as a
        reader writes them: 「削減した業務時間 5,000時間」, 「問い合わせ件数 120件 → 10件」."""
        if self.value is None:
            return self.label
        value = f"{_plain_number(self.value)}{self.unit}"
        if self.baseline is not None:
            value = f"{_plain_number(self.baseline)}{self.unit} → {value}"
        return f"{self.label} {value}"


def _plain_number(value) -> str:
    """5000.00 -> 5,000, 0.50 -> 0.5 (no exponent; the tokenizer reads 5,000 as 5000)."""
    number = Decimal(str(value)).normalize()
    return f"{number:,f}"


class CaseCoImplementer(Orderable):
    """A local government that carried out the case together with the implementer."""

    page = ParentalKey(CasePage, on_delete=models.CASCADE, related_name="co_implementer_links")
    local_government = models.ForeignKey(
        LocalGovernment,
        verbose_name=_("自治体"),
        on_delete=models.PROTECT,
        related_name="co_implemented_links",
    )

    panels = [FieldPanel("local_government")]

    class Meta(Orderable.Meta):
        verbose_name = _("共同実施自治体")
        verbose_name_plural = _("共同実施自治体")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "local_government"], name="unique_case_co_implementer"
            )
        ]


class CaseSource(Orderable):
    page = ParentalKey(CasePage, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(_("資料名"), max_length=200, blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("資料ファイル"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("title"), FieldPanel("url"), FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("出典")
        verbose_name_plural = _("出典")

    @property
    def href(self) -> str:
        return self.document.url if self.document else self.url


def body_plain_text(body) -> str:
    """Plain text of a StreamField body, section headings included."""
    return stream_to_body(body.get_prep_value())


def population_band_q(slug: str, prefix: str = "local_government__") -> Q:
    """The population band as a filter on the implementing local government."""
    band = get_population_band(slug)
    if band is None:
        return Q(pk__in=[])
    q = Q(**{f"{prefix}population__gte": band.minimum})
    if band.maximum is not None:
        q &= Q(**{f"{prefix}population__lt": band.maximum})
    return q
