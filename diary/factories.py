"""Factories for the relay diary, and the helpers the demo content and the tests use to build
series with their writers and entries in code."""

from __future__ import annotations

import datetime

import factory
from factory.django import DjangoModelFactory

from core.factories import PageFactory
from diary.models import (
    Cadence,
    DiaryEntryPage,
    DiaryIndexPage,
    DiarySeriesPage,
    SeriesKind,
    SeriesStatus,
    SeriesWriter,
    Writer,
)


class DiaryIndexPageFactory(PageFactory):
    title = "日記"
    slug = "diary"
    show_in_menus = True

    class Meta:
        model = DiaryIndexPage


class WriterFactory(DjangoModelFactory):
    family_name = factory.Sequence(lambda n: f"執筆{n}")
    given_name = "花子"
    organisation = "デジタル推進課"
    role = "主任"
    biography = "窓口業務のデジタル化を担当しています。"

    class Meta:
        model = Writer


class DiarySeriesPageFactory(PageFactory):
    """A relay series (``parent``: a DiaryIndexPage); ``writers``: Writers in rotation order."""

    title = factory.Sequence(lambda n: f"テスト連載{n}")
    summary = "四つのまちの職員が順番に書きつなぐ日記です。"
    kind = SeriesKind.RELAY
    cadence = Cadence.WEEKLY
    status = SeriesStatus.ONGOING
    start_date = datetime.date(2026, 4, 1)

    class Meta:
        model = DiarySeriesPage

    @classmethod
    def _prepare_page(cls, model_class, *args, writers=(), **kwargs):
        page = model_class(*args, **kwargs)
        page.series_writers = [SeriesWriter(writer=w, sort_order=i) for i, w in enumerate(writers)]
        return page


class DiaryEntryPageFactory(PageFactory):
    """An entry (``parent``: a DiarySeriesPage; ``writer`` must be one of its writers)."""

    title = factory.Sequence(lambda n: f"テスト日記{n}")
    summary = "窓口のデジタル化を始めた一週間の記録です。"
    date = datetime.date(2026, 4, 1)

    class Meta:
        model = DiaryEntryPage


def add_series(index, *, writers, themes=(), live=True, **fields) -> DiarySeriesPage:
    series = DiarySeriesPageFactory(parent=index, writers=writers, live=live, **fields)
    if themes:
        series.themes.set(themes)
        series.save_revision().publish() if live else series.save_revision()
    return series


def add_entry(series, *, writer, live=True, themes=(), owner=None, **fields) -> DiaryEntryPage:
    """An entry under ``series``, published through a revision (as an editor's approval does)."""
    entry = DiaryEntryPage(writer=writer, live=False, owner=owner, **fields)
    series.add_child(instance=entry)
    if themes:
        entry.themes.set(themes)
    revision = entry.save_revision(user=owner)
    if live:
        revision.publish(user=owner)
    entry.refresh_from_db()
    return entry
