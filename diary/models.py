"""The relay diary: writers take turns in a series, each entry answering the question the
previous writer handed on (the baton) and handing a question to the next.

:class:`Writer` (a snippet) is a person who writes; :class:`DiarySeriesPage` (under the one
:class:`DiaryIndexPage`) has its writers in rotation order (:class:`SeriesWriter`), a cadence and a
status; :class:`DiaryEntryPage` (under a series) has a volume number assigned when it is first
published (a draft that is never published takes no number), a writer, a date, the question it answers and the baton. A series of the kind 「お知らせ」 is the
editors' news, listed on the home page.

Values that belong to the page as a whole and not to one revision (the volume, the series, when
the baton was notified, when a reminder was last sent) are kept when a revision is restored or
published (``with_content_json``), so a republish never resets them.
"""

from __future__ import annotations

import calendar
import datetime
import re
import zoneinfo

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PagePermissionTester
from wagtail.search import index

from core.blocks import BaseStreamBlock
from core.models import BasePage
from core.panels import InlinePanel
from diary.forms import DiaryEntryPageForm
from localgov.models import LocalGovernment

TOKYO = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def today_in_tokyo(now: datetime.datetime | None = None) -> datetime.date:
    return timezone.localtime(now or timezone.now(), TOKYO).date()


class Cadence(models.TextChoices):
    WEEKLY = "weekly", _("毎週")
    FORTNIGHTLY = "fortnightly", _("隔週")
    MONTHLY = "monthly", _("毎月")


class SeriesStatus(models.TextChoices):
    ONGOING = "ongoing", _("連載中")
    PAUSED = "paused", _("休止")
    FINISHED = "finished", _("完結")


class SeriesKind(models.TextChoices):
    RELAY = "relay", _("リレー日記")
    NEWS = "news", _("お知らせ")


def add_cadence(day: datetime.date, cadence: str) -> datetime.date:
    """The date one turn after ``day``: a week, two weeks, or the same day of the next month
    (the month's last day when it has no such day: 1月31日 → 2月28日)."""
    if cadence == Cadence.WEEKLY:
        return day + datetime.timedelta(days=7)
    if cadence == Cadence.FORTNIGHTLY:
        return day + datetime.timedelta(days=14)
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# ---------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------


class Writer(index.Indexed, models.Model):
    """A person who writes in the diary: a member of staff of a local government, or someone
    from another organisation (the editors' desk, a company, a university)."""

    family_name = models.CharField(_("姓"), max_length=50)
    given_name = models.CharField(_("名"), max_length=50, blank=True)
    family_name_kana = models.CharField(_("姓（よみ）"), max_length=50, blank=True)
    given_name_kana = models.CharField(_("名（よみ）"), max_length=50, blank=True)
    local_government = models.ForeignKey(
        LocalGovernment,
        verbose_name=_("所属自治体"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="diary_writers",
        help_text=_("自治体職員のときに選びます"),
    )
    organisation = models.CharField(
        _("所属"),
        max_length=200,
        blank=True,
        help_text=_("自治体以外の所属、または自治体内の部署名"),
    )
    role = models.CharField(_("役職・担当"), max_length=100, blank=True)
    biography = models.TextField(_("自己紹介"), blank=True, max_length=600)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("写真"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ユーザーアカウント"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="diary_writer",
        help_text=_("管理画面で日記を書く人のアカウント。バトンと督促のメールはこの宛先に届きます"),
    )

    panels = [
        FieldRowPanel([FieldPanel("family_name"), FieldPanel("given_name")]),
        FieldRowPanel([FieldPanel("family_name_kana"), FieldPanel("given_name_kana")]),
        FieldPanel("local_government"),
        FieldRowPanel([FieldPanel("organisation"), FieldPanel("role")]),
        FieldPanel("biography"),
        FieldPanel("photo"),
        FieldPanel("user"),
    ]
    search_fields = [
        index.SearchField("family_name"),
        index.SearchField("given_name"),
        index.SearchField("family_name_kana"),
        index.SearchField("given_name_kana"),
        index.SearchField("organisation"),
        index.AutocompleteField("family_name"),
    ]

    class Meta:
        ordering = ["family_name_kana", "given_name_kana", "family_name", "pk"]
        verbose_name = _("日記の執筆者")
        verbose_name_plural = _("日記の執筆者")

    def __str__(self) -> str:
        affiliation = self.affiliation_label
        return f"{self.full_name}（{affiliation}）" if affiliation else self.full_name

    @property
    @admin.display(description=_("氏名"))  # the admin list's column
    def full_name(self) -> str:
        """Family name first: 「北野 遥」."""
        return " ".join(part for part in (self.family_name, self.given_name) if part)

    @property
    @admin.display(description=_("所属"))  # the admin list's column
    def affiliation_label(self) -> str:
        """「北海道旭川市 総務部」, 「自治体DX共創ひろば 編集部」 ..."""
        return " ".join(part for part in self.affiliation_parts() if part)

    def affiliation_parts(self) -> tuple[str, str]:
        """(the local government's name in the active language, the organisation as written):
        the ``affiliation`` filter marks the second as Japanese in English pages."""
        place = self.local_government.display_name if self.local_government_id else ""
        return place, self.organisation

    @property
    def email(self) -> str:
        return (self.user.email if self.user_id and self.user.is_active else "") or ""


# ---------------------------------------------------------------------------
# Permissions: writers write only in the series they belong to
# ---------------------------------------------------------------------------


def writer_of(user) -> Writer | None:
    if user is None or not user.is_authenticated:
        return None
    return Writer.objects.filter(user=user).first()


class DiaryIndexPermissionTester(PagePermissionTester):
    """Series are the editors' to start: a contributor (who may add pages under the diary but
    not publish) cannot add a series."""

    def can_add_subpage(self):
        return super().can_add_subpage() and self.can_publish_subpage()


class SeriesPermissionTester(PagePermissionTester):
    """Under a series, a contributor adds entries only when they are one of its writers."""

    def can_add_subpage(self):
        if not super().can_add_subpage():
            return False
        if self.can_publish_subpage():  # editors
            return True
        return self.page.specific_deferred.has_writer_user(self.user)


class EntryPermissionTester(PagePermissionTester):
    """A contributor edits an entry (their own, as Wagtail's ``add`` permission allows) only
    while they are a writer of its series."""

    def can_edit(self):
        if not super().can_edit():
            return False
        if self.user.is_superuser or "publish" in self.permissions or "change" in self.permissions:
            return True
        series = self.page.specific_deferred.get_series()
        return series is not None and series.has_writer_user(self.user)


# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------


class DiaryIndexPage(RoutablePageMixin, BasePage):
    site_search = False
    parent_page_types = ["home.HomePage"]
    subpage_types = ["diary.DiarySeriesPage"]
    max_count = 1

    class Meta:
        verbose_name = _("日記一覧")
        verbose_name_plural = _("日記一覧")

    def permissions_for_user(self, user):
        return DiaryIndexPermissionTester(user, self)

    def get_series(self):
        return (
            DiarySeriesPage.objects.child_of(self)
            .live()
            .public()
            .prefetch_related("series_writers__writer__local_government__prefecture")
            .order_by("kind", "-start_date", "pk")
        )

    def get_entries(self):
        """Live, public entries of every series, newest first, in a fixed number of queries."""
        return (
            DiaryEntryPage.objects.descendant_of(self)
            .live()
            .public()
            .filter(series__in=DiarySeriesPage.objects.live().public())
            .select_related("series", "writer__local_government__prefecture", "writer__photo")
            .prefetch_related("themes")
            .order_by("-date", "-volume", "-pk")
        )

    @path("")
    def listing(self, request):
        from diary.views import entry_listing

        return entry_listing(request, self)

    @path("writers/<int:writer_id>/")
    def writer(self, request, writer_id):
        from diary.views import writer_page

        return writer_page(request, self, writer_id)

    @path("feed/rss/")
    def rss(self, request):
        from diary.feeds import AllEntriesRssFeed

        return AllEntriesRssFeed()(request, index=self)

    @path("feed/atom/")
    def atom(self, request):
        from diary.feeds import AllEntriesAtomFeed

        return AllEntriesAtomFeed()(request, index=self)


class DiarySeriesPage(RoutablePageMixin, BasePage):
    """A series: its writers in rotation order, a cadence, a period and a status."""

    kind = models.CharField(
        _("種類"), max_length=10, choices=SeriesKind.choices, default=SeriesKind.RELAY
    )
    description = models.TextField(_("連載の説明"), blank=True)
    start_date = models.DateField(_("開始日"), default=today_in_tokyo)
    end_date = models.DateField(_("終了日"), null=True, blank=True)
    cadence = models.CharField(
        _("更新の間隔"), max_length=12, choices=Cadence.choices, default=Cadence.WEEKLY
    )
    status = models.CharField(
        _("状態"), max_length=10, choices=SeriesStatus.choices, default=SeriesStatus.ONGOING
    )
    themes = ParentalManyToManyField(
        "cases.Theme", verbose_name=_("テーマ"), related_name="diary_series", blank=True
    )
    last_reminded_on = models.DateField(
        _("最後に督促した日"), null=True, blank=True, editable=False
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("kind"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldRowPanel([FieldPanel("cadence"), FieldPanel("status")]),
            ],
            heading=_("期間と更新"),
        ),
        InlinePanel(
            "series_writers",
            heading=_("執筆者（執筆順）"),
            label=pgettext_lazy("one item of an admin list", "執筆者"),
            min_num=1,
        ),
        FieldPanel("themes"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("description")]
    site_search = False  # search answers with the entries
    parent_page_types = ["diary.DiaryIndexPage"]
    subpage_types = ["diary.DiaryEntryPage"]

    class Meta:
        verbose_name = _("日記の連載")
        verbose_name_plural = _("日記の連載")

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("終了日は開始日より後にしてください")})

    def permissions_for_user(self, user):
        return SeriesPermissionTester(user, self)

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        obj.last_reminded_on = self.last_reminded_on
        return obj

    # --- the rotation ------------------------------------------------------------------------

    @cached_property
    def rotation(self) -> list[Writer]:
        return [
            link.writer
            for link in self.series_writers.select_related(
                "writer__local_government__prefecture", "writer__photo"
            )
        ]

    def has_writer_user(self, user) -> bool:
        if user is None or not user.is_authenticated:
            return False
        return self.series_writers.filter(writer__user=user).exists()

    def get_entries(self):
        return (
            DiaryEntryPage.objects.child_of(self)
            .live()
            .public()
            .select_related("writer__local_government__prefecture", "baton_writer")
            .order_by("volume", "pk")
        )

    @cached_property
    def entry_list(self) -> list[DiaryEntryPage]:
        return list(self.get_entries())

    @property
    def last_entry(self) -> DiaryEntryPage | None:
        return self.entry_list[-1] if self.entry_list else None

    def writer_after(self, writer: Writer | None) -> Writer | None:
        """The writer after ``writer`` in the rotation (the first after the last)."""
        rotation = self.rotation
        if not rotation:
            return None
        ids = [w.pk for w in rotation]
        if writer is None or writer.pk not in ids:
            return rotation[0]
        return rotation[(ids.index(writer.pk) + 1) % len(rotation)]

    @property
    def next_writer(self) -> Writer | None:
        """Whose turn is next: the baton's writer of the last entry, else the rotation's next."""
        last = self.last_entry
        if last is None:
            return self.writer_after(None)
        if last.baton_writer_id:
            return last.baton_writer
        return self.writer_after(last.writer)

    @property
    def next_due(self) -> datetime.date | None:
        """When the next entry is due: the last entry's date plus the cadence (the start date
        before the first entry); none once the series is paused or finished, and none for the
        editors' news, which has no turns."""
        if self.status != SeriesStatus.ONGOING or self.kind == SeriesKind.NEWS:
            return None
        last = self.last_entry
        if last is None:
            return self.start_date
        return add_cadence(last.date, self.cadence)

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        due = self.next_due
        return due is not None and due < (today or today_in_tokyo())

    @property
    def next_question(self) -> str:
        last = self.last_entry
        return last.baton_question if last else ""

    @property
    def is_news(self) -> bool:
        return self.kind == SeriesKind.NEWS

    # --- routes ------------------------------------------------------------------------------

    @path("")
    def series(self, request):
        return self.render(request)

    @path("feed/rss/")
    def rss(self, request):
        from diary.feeds import SeriesRssFeed

        return SeriesRssFeed()(request, series=self)

    @path("feed/atom/")
    def atom(self, request):
        from diary.feeds import SeriesAtomFeed

        return SeriesAtomFeed()(request, series=self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["entries"] = self.entry_list
        context["rotation"] = self.rotation
        context["next_writer"] = self.next_writer
        context["next_due"] = self.next_due
        context["is_overdue"] = self.is_overdue()
        # a writer of the series finds 「この連載に書く」 here
        context["may_write"] = self.has_writer_user(request.user)
        return context


class SeriesWriter(Orderable):
    """A writer of a series, in rotation order."""

    page = ParentalKey(DiarySeriesPage, on_delete=models.CASCADE, related_name="series_writers")
    writer = models.ForeignKey(
        Writer, verbose_name=_("執筆者"), on_delete=models.PROTECT, related_name="series_links"
    )

    panels = [FieldPanel("writer")]

    class Meta(Orderable.Meta):
        verbose_name = _("連載の執筆者")
        verbose_name_plural = _("連載の執筆者")
        constraints = [
            models.UniqueConstraint(fields=["page", "writer"], name="unique_series_writer")
        ]


class DiaryEntryPage(BasePage):
    """One entry of a series: 第N回, by one writer, answering the question handed to them and
    handing a question to the next writer."""

    series = models.ForeignKey(
        DiarySeriesPage,
        verbose_name=_("連載"),
        null=True,  # entries made before series existed
        editable=False,
        # the tree deletes an entry with its series; Wagtail forbids CASCADE between pages
        on_delete=models.SET_NULL,
        related_name="entries",
    )
    volume = models.PositiveIntegerField(_("回"), null=True, editable=False)
    writer = models.ForeignKey(
        Writer,
        verbose_name=_("執筆者"),
        null=True,  # in the table only, for entries made before writers existed
        on_delete=models.PROTECT,
        related_name="entries",
    )
    date = models.DateField(_("日付"), default=today_in_tokyo)
    question = models.TextField(
        _("答える問い"),
        blank=True,
        help_text=_("前の回の執筆者から受け取った問い。新しく書くときは前の回のバトンが入ります"),
    )
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("本文"))
    baton_writer = models.ForeignKey(
        Writer,
        verbose_name=_("次の執筆者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="batons_received",
    )
    baton_question = models.TextField(_("次の執筆者への問い"), blank=True)
    baton_notified_at = models.DateTimeField(
        _("バトンを通知した日時"), null=True, blank=True, editable=False
    )
    themes = ParentalManyToManyField(
        "cases.Theme", verbose_name=_("テーマ"), related_name="diary_entries", blank=True
    )

    content_panels = BasePage.content_panels + [
        # selects (not the snippet chooser): the form offers the series' writers only
        FieldRowPanel([FieldPanel("writer", widget=forms.Select), FieldPanel("date")]),
        FieldPanel("question"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("baton_writer", widget=forms.Select), FieldPanel("baton_question")],
            heading=_("バトン"),
        ),
        FieldPanel("themes"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("question"),
        index.SearchField("baton_question"),
        index.FilterField("date"),
        index.FilterField("writer"),
        index.FilterField("series"),
        index.RelatedFields("writer", [index.SearchField("family_name")]),
    ]
    base_form_class = DiaryEntryPageForm
    parent_page_types = ["diary.DiarySeriesPage"]
    subpage_types = []

    class Meta:
        # Japanese has one form for both; the contexts give English "Diary" and "Diaries"
        verbose_name = pgettext_lazy("model name", "日記")
        verbose_name_plural = pgettext_lazy("model name plural", "日記")
        constraints = [
            models.UniqueConstraint(fields=["series", "volume"], name="unique_diary_volume")
        ]

    def permissions_for_user(self, user):
        return EntryPermissionTester(user, self)

    def clean(self):
        super().clean()
        series = self.get_series()
        if series is None:
            return
        writers = {link.writer_id for link in series.series_writers.all()}
        if self.writer_id and self.writer_id not in writers:
            raise ValidationError({"writer": _("この連載の執筆者ではありません")})
        if self.baton_writer_id and self.baton_writer_id not in writers:
            raise ValidationError({"baton_writer": _("この連載の執筆者ではありません")})

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        obj.series_id = self.series_id
        obj.volume = self.volume
        obj.baton_notified_at = self.baton_notified_at
        return obj

    def get_series(self) -> DiarySeriesPage | None:
        if self.series_id:
            return self.series
        parent = self.get_parent() if self.path else None
        parent = parent.specific if parent is not None else None
        return parent if isinstance(parent, DiarySeriesPage) else None

    def save(self, *args, **kwargs):
        """On first publication under a series, the next volume number, under a lock on the
        series row (the unique constraint (series, volume) backs it): the entries are numbered
        in the order readers see them, and an abandoned draft leaves no gap."""
        if self.series_id is None:
            series = self.get_series()
            self.series_id = series.pk if series is not None else None
        if self.volume is None and self.series_id is not None and self.live:
            with transaction.atomic():
                Page.objects.select_for_update().filter(pk=self.series_id).first()
                latest = DiaryEntryPage.objects.filter(series_id=self.series_id).aggregate(
                    n=Max("volume")
                )["n"]
                self.volume = (latest or 0) + 1
                self._slug_from_volume(kwargs)
                return super().save(*args, **kwargs)
        self._slug_from_volume(kwargs)
        return super().save(*args, **kwargs)

    def _slug_from_volume(self, kwargs) -> None:
        """A numbered entry whose address was only made from its title (the public form's, or
        the admin's default) lives at ``vol-N``, as 第N回 reads: short in mails and feeds, not
        130 percent-encoded characters. A slug an editor chose stays."""
        if self.volume is None or not self.path:
            return
        base = slugify(self.title, allow_unicode=True)[:70].strip("-")
        made = base and re.fullmatch(rf"{re.escape(base)}(?:-\d+)?", self.slug or "")
        wanted = f"vol-{self.volume}"
        if not made or self.slug == wanted:
            return
        if Page.objects.sibling_of(self).exclude(pk=self.pk).filter(slug=wanted).exists():
            return
        self.slug = wanted
        fields = kwargs.get("update_fields")
        if fields is not None:
            kwargs["update_fields"] = {*fields, "slug", "url_path"}

    # --- neighbours --------------------------------------------------------------------------

    def _siblings(self):
        return (
            DiaryEntryPage.objects.filter(series_id=self.series_id)
            .live()
            .public()
            .select_related("writer")
        )

    @cached_property
    def previous_entry(self) -> DiaryEntryPage | None:
        if self.volume is None:
            return None
        return self._siblings().filter(volume__lt=self.volume).order_by("-volume").first()

    @cached_property
    def next_entry(self) -> DiaryEntryPage | None:
        if self.volume is None:
            return None
        return self._siblings().filter(volume__gt=self.volume).order_by("volume").first()

    @property
    def volume_label(self) -> str:
        return _("第%(n)s回") % {"n": self.volume} if self.volume else ""

    @property
    def feed_title(self) -> str:
        label = self.volume_label
        return f"{label} {self.title}" if label and not self.series_is_news else self.title

    @property
    def series_is_news(self) -> bool:
        return bool(self.series_id) and self.series.kind == SeriesKind.NEWS

    # --- search ------------------------------------------------------------------------------

    def get_search_text(self) -> str:
        # the writer and the series before the summary: a result shows them as its labels and
        # its snippet starts at the summary (search.documents.Document.snippet_text)
        parts = [self.title]
        if self.writer_id:
            parts.append(f"{self.writer.full_name} {self.writer.affiliation_label}")
        if self.series_id:
            parts.append(self.series.title)
        parts += [self.summary, self.question, self.get_body_text(), self.baton_question]
        return "\n".join(p.strip() for p in parts if p and p.strip())

    def get_search_filters(self) -> dict:
        writer = self.writer if self.writer_id else None
        lg = writer.local_government if writer and writer.local_government_id else None
        return {
            "series": self.series_id,
            "writer": self.writer_id,
            "prefecture": lg.prefecture_id if lg else None,
            "theme": sorted(t.slug for t in self.themes.all()),
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["series"] = self.series if self.series_id else None
        context["previous_entry"] = self.previous_entry
        context["next_entry"] = self.next_entry
        return context
