"""The case input form on its own: what the importer, the submission form and the API share."""

import pytest

from cases.input import CaseInputForm
from localgov.models import LocalGovernment

pytestmark = pytest.mark.django_db


def valid(**fields):
    data = {
        "municipality": "金沢市",
        "prefecture": "石川県",
        "title": "  紙の申請書を   AI-OCRで読み取り ",
        "theme": "手書き文字認識、RPA",
        "tools": ["ＷｉｎＡｃｔｏｒ", "winactor"],
        "results": "年間削減時間 3,000 時間/年",
        "year": "令和3年",
    }
    data.update(fields)
    return CaseInputForm(data)


def test_a_valid_case_gives_its_normalised_data(site_tree):
    form = valid()
    assert form.is_valid(), form.error_list()
    case = form.case_data(line=7)
    kanazawa = LocalGovernment.objects.get(name="金沢市")
    assert case.line == 7
    assert case.local_government_code == kanazawa.code
    assert case.title == "紙の申請書を AI-OCRで読み取り"
    # A theme by its alias, another by its name; one tool however it was typed.
    assert case.theme_slugs == ["ai-ocr", "rpa"]
    assert len(case.tools) == 1 and case.tools[0].casefold() == "winactor"
    assert (case.results[0].value, case.results[0].unit) == ("3000.00", "時間/年")
    assert (case.year, case.month, case.status) == (2021, None, "production")


def test_a_ward_belongs_to_its_designated_city_and_a_month_overrides_the_year(site_tree):
    form = valid(municipality="札幌市中央区", prefecture="北海道", year="2021-04", month="6月")
    assert form.is_valid(), form.error_list()
    case = form.case_data()
    assert case.local_government_code == LocalGovernment.objects.get(name="札幌市").code
    assert (case.year, case.month) == (2021, 6)


def test_every_message_is_japanese_and_in_field_order(site_tree):
    form = valid(
        title="",
        municipality="存在しない町",
        theme="ない主題",
        results=[{"label": "削減", "value": "たくさん"}],
        year="昔",
        status="やめた",
    )
    assert not form.is_valid()
    assert form.error_list() == [
        "タイトル（title）がありません",
        "自治体「存在しない町」が石川県に見つかりません",
        "テーマ「ない主題」は登録されていません",
        "成果「削減」の値「たくさん」が数値ではありません",
        "開始年（year）「昔」は1990〜2100年の西暦か和暦で書いてください（例: 2021、令和3年）",
        "段階（status）「やめた」は 検討中・実証・本格運用・終了 のいずれかです",
    ]


def test_a_case_needs_a_theme_and_a_code_must_agree_with_the_name(site_tree):
    form = valid(theme="", local_government_code="011002")  # 札幌市's code, 金沢市's name
    assert not form.is_valid()
    messages = form.error_list()
    assert "テーマ（theme）がありません（1つ以上指定してください）" in messages
    assert any(m.startswith("団体コード（local_government_code）「011002」は") for m in messages)
