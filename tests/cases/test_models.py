import pytest

from cases.models import Theme, Tool

pytestmark = pytest.mark.django_db

REQUIRED_THEMES = [
    "RPA", "AI-OCR", "書かない窓口", "窓口DX", "電子申請", "生成AI活用", "チャットボット", "子育て支援",
    "議事録AI", "ノーコード/ローコード", "ペーパーレス/電子決裁", "防災DX", "マイナンバーカード活用",
    "デジタル人材育成", "テレワーク/フリーアドレス", "キャッシュレス決済", "DX推進体制",
    "データ連携基盤/スマートシティ", "市民向けアプリ/ポータル", "情報セキュリティ",
    "オープンガバメント/市民参加", "ガバメントクラウド", "オープンデータ", "デジタルデバイド対策",
]  # fmt: skip


def test_seed_themes():
    names = set(Theme.objects.values_list("name", flat=True))
    assert set(REQUIRED_THEMES) <= names
    assert Theme.objects.get(slug="ai-ocr").name_en


def test_tools_are_one_tag_whatever_the_case_or_width(import_case):
    import_case(tools=["kintone"])
    import_case(tools=["Kintone"])
    import_case(tools=["ＫＩＮＴＯＮＥ"])
    assert Tool.objects.filter(name__iexact="kintone").count() == 1
    assert Tool.objects.get(name__iexact="kintone").tagged_cases.count() == 3


def test_case_page_keeps_revisions(import_case):
    url = "https://example.lg.jp/revised"
    page = import_case(title="改訂される事例", summary="初版", source_url=url)
    import_case(title="改訂される事例", summary="第2版", source_url=url)
    page.refresh_from_db()
    assert page.summary == "第2版"
    assert page.revisions.count() == 2


def test_a_theme_is_named_in_the_active_language(db):
    """The admin's theme checkboxes use str(theme): Japanese in the Japanese admin, English in
    the English one (a theme without an English name keeps its Japanese)."""
    from django.utils import translation

    from cases.models import Theme

    theme = Theme.objects.exclude(name_en="").first()
    with translation.override("ja"):
        assert str(theme) == theme.name
    with translation.override("en"):
        assert str(theme) == theme.name_en
    theme.name_en = ""
    with translation.override("en"):
        assert str(theme) == theme.name
