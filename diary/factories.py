"""Factories for the relay diary."""

import factory

from core.factories import PageFactory
from diary.models import DiaryEntryPage, DiaryIndexPage


class DiaryIndexPageFactory(PageFactory):
    title = "日記"
    slug = "diary"
    show_in_menus = True

    class Meta:
        model = DiaryIndexPage


class DiaryEntryPageFactory(PageFactory):
    """A diary entry (``parent``: a DiaryIndexPage)."""

    title = factory.Sequence(lambda n: f"テスト日記{n}")
    summary = "窓口のデジタル化を始めた一週間の記録です。"
    writer_name = "自治体 太郎"
    writer_affiliation = "金沢市 デジタル推進課"

    class Meta:
        model = DiaryEntryPage
