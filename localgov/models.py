"""Prefectures and local governments (全国地方公共団体コード) as the site stores them.

The rows are loaded from the code table (:mod:`localgov.codes`) by a migration; editors only keep
the populations current. The tables keep the names they had when these models lived in
``cases``.
"""

from __future__ import annotations

import functools
import unicodedata

from django.db import models
from django.db.models import Case, Q, When
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from core.i18n import in_english
from localgov import bands, codes, romaji
from localgov.labels import population_band_label, region_label
from localgov.regions import PREFECTURE_NAMES_EN, REGION_CHOICES

# English names of the kinds in a romanised name: 東京都の特別区 call themselves "City" too
_KIND_WORDS_EN = {"市": "City", "町": "Town", "村": "Village", "区": "City"}


class Prefecture(models.Model):
    code = models.PositiveSmallIntegerField(_("都道府県コード"), primary_key=True)
    name = models.CharField(_("名称"), max_length=10, unique=True)
    kana = models.CharField(_("よみ"), max_length=30, blank=True)
    region = models.CharField(_("地方"), max_length=20, choices=REGION_CHOICES)

    class Meta:
        db_table = "cases_prefecture"
        ordering = ["code"]
        verbose_name = _("都道府県")
        verbose_name_plural = _("都道府県")

    def __str__(self) -> str:
        """Its name in the active language (the admin's choosers and lists show it)."""
        return self.display_name

    @property
    def display_name(self) -> str:
        """「石川県」, "Ishikawa" in English."""
        if in_english():
            return PREFECTURE_NAMES_EN.get(self.code, self.name)
        return self.name

    @property
    def short_name(self) -> str:
        """「石川」 (「北海道」 stays whole), "Ishikawa" in English: for small spaces like a map."""
        if in_english() or self.name == "北海道":
            return self.display_name
        return self.name[:-1]

    @property
    def region_label(self) -> str:
        return region_label(self.region)


class LocalGovernmentQuerySet(models.QuerySet):
    def search(self, query: str):
        """Local governments by name (「白山」), reading in hiragana or katakana (「はくさん」),
        code with or without its check digit (「172103」, 「17210」) or prefecture and name
        (「石川県白山市」, 「石川白山」); exact names first, then the names that start with the
        query, then the rest; within each, prefectures and larger kinds of government first."""
        text = "".join(unicodedata.normalize("NFKC", query or "").split())
        if not text:
            return self
        q = Q(name__contains=text) | Q(kana__contains=codes.katakana_to_hiragana(text))
        if text.isascii() and text.isdigit():
            q |= Q(code__startswith=text)
        for pref in codes.prefectures():
            for prefix in {pref.name, pref.name.rstrip("都府県") or pref.name}:
                rest = text[len(prefix) :]
                if text.startswith(prefix) and rest:
                    q |= Q(prefecture_id=pref.prefecture_code, name__contains=rest)
        exact = Case(When(name=text, then=0), When(name__startswith=text, then=1), default=2)
        # among names that match alike, the larger kind of government first (「横浜」: 横浜市
        # before 青森県横浜町), then the larger population where it is known
        size = Case(*(When(kind=k, then=i) for i, k in enumerate(codes.KIND_LABELS)), default=9)
        return self.filter(q).order_by(
            exact, size, models.F("population").desc(nulls_last=True), "code"
        )


class LocalGovernment(models.Model):
    """A municipality (市・町・村・特別区) or a prefectural government as an organisation."""

    code = models.CharField(_("団体コード"), max_length=6, unique=True)
    prefecture = models.ForeignKey(
        Prefecture, on_delete=models.PROTECT, related_name="local_governments"
    )
    name = models.CharField(_("名称"), max_length=30)
    kana = models.CharField(_("よみ"), max_length=60, blank=True)
    kind = models.CharField(_("種別"), max_length=20, choices=codes.KIND_CHOICES)
    population = models.PositiveIntegerField(_("人口"), null=True, blank=True)
    population_as_of = models.DateField(_("人口の基準日"), null=True, blank=True)

    objects = LocalGovernmentQuerySet.as_manager()

    panels = [
        FieldPanel("code", read_only=True),
        FieldPanel("name", read_only=True),
        FieldRowPanel([FieldPanel("population"), FieldPanel("population_as_of")]),
    ]

    class Meta:
        db_table = "cases_localgovernment"
        ordering = ["code"]
        verbose_name = _("自治体")
        verbose_name_plural = _("自治体")

    def __str__(self) -> str:
        """Its name in the active language: 「石川県金沢市」, "Kanazawa City (Ishikawa)" (the
        admin's choosers and lists show it)."""
        return self.display_name

    @property
    def is_prefecture(self) -> bool:
        return self.kind == codes.PREFECTURE

    @property
    def full_name(self) -> str:
        """「石川県金沢市」, or 「石川県」 for the prefectural government."""
        if self.is_prefecture:
            return self.name
        return f"{self.prefecture.name}{self.name}"

    @property
    def display_name(self) -> str:
        """The full name; in English the romanised name and kind with the prefecture
        ("Hakusan City (Ishikawa)"; the Japanese name where the code table has no reading)."""
        if not in_english():
            return self.full_name
        prefecture = self.prefecture.display_name
        if self.is_prefecture:
            return {1: "Hokkaido", 13: "Tokyo Metropolis"}.get(
                self.prefecture_id, f"{prefecture} Prefecture"
            )
        if not self.romaji:
            return f"{self.name} ({prefecture})"
        kind = _KIND_WORDS_EN.get(self.name[-1:], "")
        return f"{self.romaji} {kind} ({prefecture})" if kind else f"{self.romaji} ({prefecture})"

    @property
    def romaji(self) -> str:
        """The name in Latin letters from its reading, without its kind: "Kanazawa"."""
        return romaji.romanize(self.name, self.kana)

    def search_words_en(self) -> list[str]:
        """What an English query may call the place: the municipality's and its prefecture's
        romanised names (indexed with the case: "kanazawa", "ishikawa")."""
        words = romaji.search_words(self.name, self.kana)
        words += romaji.search_words(self.prefecture.name, self.prefecture.kana)
        return list(dict.fromkeys(words))

    @property
    def kind_label(self) -> str:
        labels = codes.KIND_LABELS_EN if in_english() else codes.KIND_LABELS
        return labels.get(self.kind, self.kind)

    @property
    def population_band(self) -> str | None:
        return bands.population_band(self.population)

    @property
    def population_band_label(self) -> str:
        return population_band_label(self.population_band or "")


@functools.lru_cache(maxsize=8192)
def _display_name(pk: int, english: bool) -> str:
    lg = LocalGovernment.objects.select_related("prefecture").filter(pk=pk).first()
    return lg.display_name if lg is not None else ""


def display_name_of(pk: int | None) -> str:
    """A local government's :attr:`~LocalGovernment.display_name` by its id, read once per
    process (for lists that name the place of each row, such as the admin's page lists). A
    rename saved in this process is seen at once; other processes see it when restarted."""
    return _display_name(pk, in_english()) if pk else ""


@receiver([post_save, post_delete], sender=LocalGovernment)
@receiver([post_save, post_delete], sender=Prefecture)
def _forget_display_names(**kwargs):
    _display_name.cache_clear()
