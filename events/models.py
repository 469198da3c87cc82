"""Events: prefectural forums from announcement to report, linked to the cases presented.

An :class:`EventPage` carries its organiser, dates (stored in UTC, shown in Asia/Tokyo), format,
venue, registration and its programme: ordered :class:`EventSession` rows, each with speakers
(the reusable :class:`Speaker` snippet), linked case pages and materials. After the event one
:class:`EventReportPage` under it records what happened. The session → case rows
(:class:`SessionCase`) are real foreign keys, so a case page finds the events it was presented
at in one query.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from core.blocks import BaseStreamBlock
from core.models import BasePage
from core.panels import InlinePanel
from events.forms import EventPageForm, EventReportPageForm
from events.permissions import PrefecturePermissionTester
from localgov.models import LocalGovernment

TOKYO = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def start_of_today(now: datetime.datetime | None = None) -> datetime.datetime:
    """Midnight at the start of today in Asia/Tokyo, as an aware datetime."""
    now = timezone.localtime(now or timezone.now(), TOKYO)
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def upcoming_q(now: datetime.datetime | None = None) -> models.Q:
    """Events not over yet. With an end: it has not passed. Without one: it starts today (in
    Asia/Tokyo) or later, so it stays upcoming until the day ends."""
    now = now or timezone.now()
    return models.Q(end_at__gte=now) | models.Q(
        end_at__isnull=True, start_at__gte=start_of_today(now)
    )


def past_q(now: datetime.datetime | None = None) -> models.Q:
    """The exact complement of :func:`upcoming_q`."""
    now = now or timezone.now()
    return models.Q(end_at__lt=now) | models.Q(
        end_at__isnull=True, start_at__lt=start_of_today(now)
    )


class EventFormat(models.TextChoices):
    VENUE = "venue", _("会場開催")
    ONLINE = "online", _("オンライン")
    HYBRID = "hybrid", _("ハイブリッド")


class EventStatus(models.TextChoices):
    UPCOMING = "upcoming", _("開催予定")  # nothing to apply for: no address, no deadline
    OPEN = "open", _("募集中")
    CLOSED = "closed", _("締切")
    ONGOING = "ongoing", _("開催中")
    ENDED = "ended", _("開催済")
    CANCELLED = "cancelled", _("中止")


class SessionKind(models.TextChoices):
    OPENING = "opening", _("開会")
    KEYNOTE = "keynote", _("基調講演")
    PANEL = "panel", _("パネルディスカッション")
    WORKSHOP = "workshop", _("ワークショップ")
    CASE = "case", _("事例紹介")
    GROUP = "group", _("グループディスカッション")
    CLOSING = "closing", _("閉会")


class SpeakerRole(models.TextChoices):
    SPEAKER = "speaker", _("登壇者")
    MODERATOR = "moderator", _("モデレーター")
    LECTURER = "lecturer", _("講師")
    GREETING = "greeting", _("挨拶")


# ---------------------------------------------------------------------------
# Speakers (reusable people, a snippet)
# ---------------------------------------------------------------------------


class Speaker(index.Indexed, models.Model):
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
        related_name="speakers",
        help_text=_("自治体職員のときに選びます"),
    )
    affiliation = models.CharField(
        _("所属"),
        max_length=200,
        blank=True,
        help_text=_("自治体以外の所属、または自治体内の部署名"),
    )
    job_title = models.CharField(_("役職"), max_length=100, blank=True)
    biography = models.TextField(_("略歴"), blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("写真"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # who added the speaker: an organiser may change their own (events.permissions)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登録した人"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldRowPanel([FieldPanel("family_name"), FieldPanel("given_name")]),
        FieldRowPanel([FieldPanel("family_name_kana"), FieldPanel("given_name_kana")]),
        FieldPanel("local_government"),
        FieldRowPanel([FieldPanel("affiliation"), FieldPanel("job_title")]),
        FieldPanel("biography"),
        FieldPanel("photo"),
    ]
    search_fields = [
        index.SearchField("family_name"),
        index.SearchField("given_name"),
        index.SearchField("family_name_kana"),
        index.SearchField("given_name_kana"),
        index.SearchField("affiliation"),
        index.AutocompleteField("family_name"),
    ]

    class Meta:
        ordering = ["family_name_kana", "given_name_kana", "family_name"]
        verbose_name = _("登壇者")
        verbose_name_plural = _("登壇者")

    def __str__(self) -> str:
        affiliation = self.affiliation_label
        return f"{self.full_name}（{affiliation}）" if affiliation else self.full_name

    @property
    @admin.display(description=_("氏名"))  # the admin list's column
    def full_name(self) -> str:
        """Family name first: 「山田 花子」."""
        return " ".join(part for part in (self.family_name, self.given_name) if part)

    @property
    @admin.display(description=_("よみがな"))  # the admin list's column
    def kana(self) -> str:
        return " ".join(p for p in (self.family_name_kana, self.given_name_kana) if p)

    @property
    @admin.display(description=_("所属"))  # the admin list's column
    def affiliation_label(self) -> str:
        """「神奈川県葉山町 総務課」, 「TIS株式会社」 ..."""
        return " ".join(part for part in self.affiliation_parts() if part)

    def affiliation_parts(self) -> tuple[str, str]:
        """(the local government's name in the active language, the organisation as written):
        the ``affiliation`` filter marks the second as Japanese in English pages."""
        place = self.local_government.display_name if self.local_government_id else ""
        return place, self.affiliation


# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------


class EventIndexPage(RoutablePageMixin, BasePage):
    site_search = False
    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = _("イベント一覧")
        verbose_name_plural = _("イベント一覧")

    def get_events(self):
        """Live, public events with what a listing shows, in a fixed number of queries."""
        return (
            EventPage.objects.descendant_of(self)
            .live()
            .public()
            .select_related("organiser__prefecture")
            .prefetch_related("themes")
        )

    @path("")
    def listing(self, request):
        from events.views import event_listing

        return event_listing(request, self)

    @path("prefecture/<int:code>/")
    def prefecture(self, request, code):
        from events.views import event_listing

        return event_listing(request, self, prefecture_code=code)

    @path("calendar/")
    def calendar(self, request):
        from events.views import calendar_feed

        return calendar_feed(request, self)

    @path("prefecture/<int:code>/calendar/")
    def prefecture_calendar(self, request, code):
        from events.views import calendar_feed

        return calendar_feed(request, self, prefecture_code=code)


class EventPage(RoutablePageMixin, BasePage):
    """A forum: opening messages, keynote, panels, workshops, group discussions."""

    organiser = models.ForeignKey(
        LocalGovernment,
        verbose_name=_("主催"),
        on_delete=models.PROTECT,
        related_name="organised_events",
        # null only in the table, for pages made before the field existed; the form requires it
        null=True,
        help_text=_("主催する都道府県または市区町村"),
    )
    start_at = models.DateTimeField(_("開始日時"))
    end_at = models.DateTimeField(_("終了日時"), null=True, blank=True)
    format = models.CharField(
        _("開催形式"), max_length=10, choices=EventFormat.choices, default=EventFormat.VENUE
    )
    venue = models.CharField(_("会場名"), max_length=200, blank=True)
    venue_address = models.CharField(_("会場の住所"), max_length=300, blank=True)
    venue_access = models.TextField(_("アクセス"), blank=True)
    online_url = models.URLField(
        _("オンライン参加URL"),
        max_length=500,
        blank=True,
        help_text=_("開催前と開催中だけ表示します"),
    )
    audience = models.CharField(
        _("対象"), max_length=200, blank=True, help_text=_("例: 県内市町村職員")
    )
    capacity = models.PositiveIntegerField(_("定員"), null=True, blank=True)
    registration_url = models.URLField(_("申込URL"), max_length=500, blank=True)
    registration_deadline = models.DateTimeField(
        _("申込締切"),
        null=True,
        blank=True,
        help_text=_("日付だけを入力すると、その日の23:59までになります"),
    )
    cancelled = models.BooleanField(_("中止"), default=False)
    themes = ParentalManyToManyField(
        "cases.Theme", verbose_name=_("テーマ"), related_name="events", blank=True
    )
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("内容"))

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("organiser"),
                InlinePanel(
                    "co_organisers",
                    heading=_("共催"),
                    label=pgettext_lazy("one item of an admin list", "共催"),
                ),
            ],
            heading=_("主催"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_at"), FieldPanel("end_at")]),
                FieldPanel("cancelled"),
            ],
            heading=_("日時"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("format"),
                FieldRowPanel([FieldPanel("venue"), FieldPanel("venue_address")]),
                FieldPanel("venue_access"),
                FieldPanel("online_url"),
            ],
            heading=_("会場とオンライン"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("audience"), FieldPanel("capacity")]),
                FieldRowPanel(
                    [FieldPanel("registration_url"), FieldPanel("registration_deadline")]
                ),
            ],
            heading=_("対象と申込"),
        ),
        FieldPanel("themes"),
        InlinePanel(
            "sessions",
            heading=_("プログラム"),
            label=pgettext_lazy("one item of an admin list", "セッション"),
        ),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("venue"),
        index.SearchField("audience"),
        index.FilterField("start_at"),
        index.FilterField("end_at"),
        index.FilterField("organiser"),
        index.RelatedFields("organiser", [index.SearchField("name")]),
        index.RelatedFields("themes", [index.SearchField("name")]),
    ]
    base_form_class = EventPageForm
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = ["events.EventReportPage"]

    class Meta:
        # Japanese has one form for both; the contexts give English "Event" and "Events"
        verbose_name = pgettext_lazy("model name", "イベント")
        verbose_name_plural = pgettext_lazy("model name plural", "イベント")

    def clean(self):
        super().clean()
        # every problem at once: an organiser fixes them in one go, not one save at a time
        errors = {}
        if self.start_at and self.end_at and self.end_at < self.start_at:
            errors["end_at"] = _("終了日時は開始日時より後にしてください")
        if (
            self.start_at
            and self.registration_deadline
            and self.registration_deadline > (self.end_at or self.start_at)
        ):
            errors["registration_deadline"] = _("申込締切はイベントの終了より前にしてください")
        if self.format != EventFormat.ONLINE and not self.venue:
            errors["venue"] = _("会場で開く場合は会場名を入力してください")
        if errors:
            raise ValidationError(errors)

    # --- queries -----------------------------------------------------------------------------

    @staticmethod
    def upcoming(queryset, now=None):
        """Events that have not ended, soonest first: an event today stays until it is over."""
        return queryset.filter(upcoming_q(now)).order_by("start_at", "pk")

    @staticmethod
    def past(queryset, now=None):
        return queryset.filter(past_q(now)).order_by("-start_at", "-pk")

    # --- derived -----------------------------------------------------------------------------

    @property
    def effective_end(self) -> datetime.datetime:
        """The end, or the end of the start day (Asia/Tokyo) for an event without one."""
        if self.end_at:
            return self.end_at
        start = timezone.localtime(self.start_at, TOKYO)
        return start.replace(hour=0, minute=0, second=0, microsecond=0) + datetime.timedelta(days=1)

    def has_ended(self, now=None) -> bool:
        now = now or timezone.now()
        if self.end_at:
            return self.end_at < now
        return self.start_at < start_of_today(now)

    def status(self, now=None) -> str:
        """開催予定 / 募集中 / 締切 / 開催中 / 開催済 / 中止, from the dates, the cancelled flag
        and whether there is anything to apply for (an address or a deadline): an event that
        takes no applications is 開催予定, not 募集中."""
        now = now or timezone.now()
        if self.cancelled:
            return EventStatus.CANCELLED
        if self.has_ended(now):
            return EventStatus.ENDED
        if self.start_at <= now:
            return EventStatus.ONGOING
        deadline = self.registration_deadline or self.start_at
        if now > deadline:
            return EventStatus.CLOSED
        if not (self.registration_url or self.registration_deadline):
            return EventStatus.UPCOMING
        return EventStatus.OPEN

    @property
    def current_status(self) -> str:
        return self.status()

    @property
    def status_label(self) -> str:
        return EventStatus(self.current_status).label

    def show_online_url(self, now=None) -> bool:
        """The online URL only before and during the event (and never for a cancelled one)."""
        return bool(self.online_url) and not self.cancelled and not self.has_ended(now)

    @property
    def online_url_visible(self) -> bool:
        return self.show_online_url()

    @property
    def has_venue(self) -> bool:
        return self.format in (EventFormat.VENUE, EventFormat.HYBRID)

    @property
    def is_online(self) -> bool:
        return self.format in (EventFormat.ONLINE, EventFormat.HYBRID)

    @cached_property
    def co_organiser_list(self) -> list[LocalGovernment]:
        return [
            link.local_government
            for link in self.co_organisers.select_related("local_government__prefecture")
        ]

    @cached_property
    def theme_list(self):
        return list(self.themes.all())

    @cached_property
    def session_list(self) -> list[EventSession]:
        return list(
            self.sessions.prefetch_related(
                models.Prefetch(
                    "speaker_links",
                    queryset=SessionSpeaker.objects.select_related(
                        "speaker__local_government__prefecture", "speaker__photo"
                    ),
                ),
                models.Prefetch(
                    "case_links",
                    queryset=SessionCase.objects.select_related(
                        "case__local_government__prefecture"
                    ),
                ),
                models.Prefetch(
                    "materials", queryset=SessionMaterial.objects.select_related("document")
                ),
            )
        )

    def get_report(self):
        return EventReportPage.objects.child_of(self).live().public().first()

    def get_search_text(self) -> str:
        parts = [
            self.title,
            self.organiser.full_name if self.organiser_id else "",
            "、".join(t.name for t in self.themes.all()),
            self.summary,
            self.venue,
            self.audience,
        ]
        for session in self.sessions.all():
            parts.append(f"{session.get_kind_display()} {session.title} {session.description}")
            parts.extend(link.speaker.full_name for link in session.speaker_links.all())
        return "\n".join(p.strip() for p in parts if p and p.strip())

    @property
    def organiser_prefecture_id(self) -> int | None:
        if not self.organiser_id:
            return None
        return (
            LocalGovernment.objects.filter(pk=self.organiser_id)
            .values_list("prefecture_id", flat=True)
            .first()
        )

    def permissions_for_user(self, user):
        """Organisers edit the events of their own prefecture (``events.permissions``)."""
        return PrefecturePermissionTester(user, self, self.organiser_prefecture_id)

    def why_no_subpage(self) -> str:
        """An event's one child is its report, added once the event has begun."""
        if EventReportPage.objects.child_of(self).exists():
            return gettext(
                "「%(title)s」にはすでに開催報告があります（開催報告は1つのイベントに1つです）。"
                "下の一覧から開いて編集してください。"
            ) % {"title": self.title}
        if self.start_at and self.start_at > timezone.now():
            return gettext("開催報告は、イベントが始まってから（%(start)s以降）作成できます。") % {
                "start": timezone.localtime(self.start_at, TOKYO).strftime("%Y/%m/%d %H:%M")
            }
        return ""

    def get_search_filters(self) -> dict:
        return {
            "prefecture": self.organiser.prefecture_id if self.organiser_id else None,
            "theme": sorted(t.slug for t in self.themes.all()),
            "format": self.format,
            "starts_on": self.start_at.astimezone(TOKYO).date().isoformat()
            if self.start_at
            else None,
        }

    @path("")
    def event(self, request):
        return self.render(request)

    @path("calendar/")
    def calendar(self, request):
        from events.views import event_calendar

        return event_calendar(request, self)

    def get_context(self, request, *args, **kwargs):
        from events import calendar

        context = super().get_context(request, *args, **kwargs)
        context["sessions"] = self.session_list
        context["report"] = self.get_report()
        context["google_calendar_url"] = calendar.google_calendar_url(self, request)
        context["outlook_calendar_url"] = calendar.outlook_calendar_url(self, request)
        context["json_ld"] = calendar.json_ld(self, request)
        return context


class EventCoOrganiser(Orderable):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="co_organisers")
    local_government = models.ForeignKey(
        LocalGovernment,
        verbose_name=_("共催の自治体"),
        on_delete=models.PROTECT,
        related_name="co_organised_events",
    )

    panels = [FieldPanel("local_government")]

    class Meta(Orderable.Meta):
        verbose_name = _("共催")
        verbose_name_plural = _("共催")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "local_government"], name="unique_event_co_organiser"
            )
        ]


class EventSession(ClusterableModel, Orderable):
    """One item of the programme, in order."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("種類"), max_length=20, choices=SessionKind.choices)
    start_time = models.TimeField(_("開始時刻"), null=True, blank=True)
    end_time = models.TimeField(_("終了時刻"), null=True, blank=True)
    title = models.CharField(_("タイトル"), max_length=200)
    description = models.TextField(_("説明"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldPanel("title"),
        FieldPanel("description"),
        InlinePanel(
            "speaker_links",
            heading=_("登壇者"),
            label=pgettext_lazy("one item of an admin list", "登壇者"),
        ),
        InlinePanel(
            "case_links",
            heading=_("紹介した事例"),
            label=pgettext_lazy("one item of an admin list", "事例"),
        ),
        InlinePanel(
            "materials", heading=_("資料"), label=pgettext_lazy("one item of an admin list", "資料")
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("セッション")
        verbose_name_plural = _("セッション")

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        if self.start_time and self.end_time and self.end_time < self.start_time:
            raise ValidationError({"end_time": _("終了時刻は開始時刻より後にしてください")})

    @property
    def anchor(self) -> str:
        return f"session-{self.pk}"

    @property
    def public_cases(self) -> list:
        """The session's cases that a reader may open (live, not restricted), in order: the
        page shows the heading 「紹介した事例」 only when there is one."""
        cases = (link.case for link in self.case_links.all())
        return [case for case in cases if case.live and _is_public(case)]

    @property
    def time_label(self) -> str:
        """「13:30〜14:10」"""
        if not self.start_time:
            return ""
        start, until = self.start_time.strftime("%H:%M"), gettext("〜")  # "–" in English
        return (
            f"{start}{until}{self.end_time.strftime('%H:%M')}" if self.end_time else start + until
        )


class SessionSpeaker(Orderable):
    session = ParentalKey(EventSession, on_delete=models.CASCADE, related_name="speaker_links")
    speaker = models.ForeignKey(
        Speaker, verbose_name=_("登壇者"), on_delete=models.PROTECT, related_name="session_links"
    )
    role = models.CharField(
        _("役割"), max_length=20, choices=SpeakerRole.choices, default=SpeakerRole.SPEAKER
    )

    panels = [FieldRowPanel([FieldPanel("speaker"), FieldPanel("role")])]

    class Meta(Orderable.Meta):
        verbose_name = _("登壇者")
        verbose_name_plural = _("登壇者")


class SessionCase(Orderable):
    """A case page presented in a session: the link a case page reads back."""

    session = ParentalKey(EventSession, on_delete=models.CASCADE, related_name="case_links")
    case = models.ForeignKey(
        "cases.CasePage",
        verbose_name=_("事例"),
        on_delete=models.CASCADE,
        related_name="event_session_links",
    )

    panels = [PageChooserPanel("case", "cases.CasePage")]

    class Meta(Orderable.Meta):
        verbose_name = _("紹介した事例")
        verbose_name_plural = _("紹介した事例")


class SessionMaterial(Orderable):
    session = ParentalKey(EventSession, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("資料名"), max_length=200, blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("資料ファイル"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("title"), FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("資料")
        verbose_name_plural = _("資料")

    @property
    def label(self) -> str:
        return self.title or self.document.title


# ---------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------


class EventReportPage(BasePage):
    """開催報告: what happened, under its event (one per event)."""

    participants = models.PositiveIntegerField(_("参加者数"), null=True, blank=True)
    survey_summary = models.TextField(
        _("アンケート結果"), blank=True, help_text=_("回答数や満足度など")
    )
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("本文"))

    content_panels = BasePage.content_panels + [
        FieldPanel("participants"),
        InlinePanel(
            "highlights",
            heading=_("セッションごとの報告"),
            label=pgettext_lazy("one item of an admin list", "報告"),
        ),
        InlinePanel(
            "quotes",
            heading=_("参加者・登壇者の声"),
            label=pgettext_lazy("one item of an admin list", "声"),
        ),
        InlinePanel(
            "photos", heading=_("写真"), label=pgettext_lazy("one item of an admin list", "写真")
        ),
        InlinePanel(
            "materials", heading=_("資料"), label=pgettext_lazy("one item of an admin list", "資料")
        ),
        MultiFieldPanel(
            [
                FieldPanel("survey_summary"),
                InlinePanel(
                    "survey_items",
                    heading=_("集計"),
                    label=pgettext_lazy("one item of an admin list", "項目"),
                ),
            ],
            heading=_("アンケート"),
        ),
        FieldPanel("body"),
    ]
    base_form_class = EventReportPageForm
    parent_page_types = ["events.EventPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("開催報告")
        verbose_name_plural = pgettext_lazy("model name plural", "開催報告")

    @classmethod
    def can_create_at(cls, parent) -> bool:
        """One report per event, once the event has begun (an organiser may draft it on the
        day; a report of an event still to come would be listed as if it had happened)."""
        if not super().can_create_at(parent):
            return False
        event = parent.specific
        if getattr(event, "start_at", None) and event.start_at > timezone.now():
            return False
        return not cls.objects.child_of(parent).exists()

    @cached_property
    def event(self) -> EventPage:
        return self.get_parent().specific

    def get_search_text(self) -> str:
        parts = [self.title, self.event.title, self.summary, self.survey_summary]
        parts += [f"{h.title} {h.text}" for h in self.highlights.all()]
        parts += [q.text for q in self.quotes.all()]
        return "\n".join(p.strip() for p in parts if p and p.strip())

    def permissions_for_user(self, user):
        """The report belongs to its event's organiser prefecture."""
        parent = self.get_parent() if self.pk else None  # a new report: judged by its parent
        prefecture = parent.specific.organiser_prefecture_id if parent else None
        return PrefecturePermissionTester(user, self, prefecture)

    def get_search_filters(self) -> dict:
        return self.event.get_search_filters()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        event = self.event
        sessions = event.session_list
        highlights = {}
        for h in self.highlights.all():
            highlights.setdefault(h.session_id, []).append(h)
        context.update(
            event=event,
            sessions=[(s, highlights.pop(s.pk, [])) for s in sessions],
            general_highlights=[h for rows in highlights.values() for h in rows],
            cases_presented=self.cases_presented(sessions),
            quotes=list(self.quotes.all()),
            photos=list(self.photos.select_related("image")),
            materials=list(self.materials.select_related("document")),
            survey_items=list(self.survey_items.all()),
        )
        return context

    def cases_presented(self, sessions=None) -> list:
        """Live, public cases of the event's sessions, each once, in programme order."""
        seen, cases = set(), []
        for session in sessions if sessions is not None else self.event.session_list:
            for link in session.case_links.all():
                case = link.case
                if case.pk in seen or not case.live or not _is_public(case):
                    continue
                seen.add(case.pk)
                cases.append((case, session))
        return cases


def _is_public(page) -> bool:
    return not page.get_view_restrictions().exists()


class ReportHighlight(Orderable):
    page = ParentalKey(EventReportPage, on_delete=models.CASCADE, related_name="highlights")
    session = models.ForeignKey(
        EventSession,
        verbose_name=_("セッション"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("空欄なら全体の報告になります"),
    )
    title = models.CharField(_("見出し"), max_length=200, blank=True)
    text = models.TextField(_("内容"))

    panels = [FieldPanel("session"), FieldPanel("title"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("セッションごとの報告")
        verbose_name_plural = _("セッションごとの報告")


class ReportQuote(Orderable):
    page = ParentalKey(EventReportPage, on_delete=models.CASCADE, related_name="quotes")
    text = models.TextField(_("発言・感想"))
    attribution = models.CharField(
        _("発言者"), max_length=200, blank=True, help_text=_("例: 参加者（町村職員）")
    )

    panels = [FieldPanel("text"), FieldPanel("attribution")]

    class Meta(Orderable.Meta):
        verbose_name = _("参加者・登壇者の声")
        verbose_name_plural = _("参加者・登壇者の声")


class ReportPhoto(Orderable):
    page = ParentalKey(EventReportPage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("写真"), on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField(_("説明"), max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("写真")
        verbose_name_plural = _("写真")


class ReportMaterial(Orderable):
    page = ParentalKey(EventReportPage, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("資料名"), max_length=200, blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("資料ファイル"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("title"), FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("資料")
        verbose_name_plural = _("資料")

    @property
    def label(self) -> str:
        return self.title or self.document.title


class ReportSurveyItem(Orderable):
    page = ParentalKey(EventReportPage, on_delete=models.CASCADE, related_name="survey_items")
    question = models.CharField(_("質問"), max_length=200)
    result = models.CharField(_("結果"), max_length=200, help_text=_("例: 満足 82%"))

    panels = [FieldRowPanel([FieldPanel("question"), FieldPanel("result")])]

    class Meta(Orderable.Meta):
        verbose_name = _("アンケートの項目")
        verbose_name_plural = _("アンケートの項目")
