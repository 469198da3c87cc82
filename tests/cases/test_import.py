"""import_cases: validation by line number, all or nothing, idempotent re-import, export round trip."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from cases import exporting, importing
from cases.models import CasePage, Tool
from tests.cases.conftest import DEMO_CASES, write_json

pytestmark = pytest.mark.django_db

GOOD = {
    "municipality": "旭川市",
    "prefecture": "北海道",
    "title": "kintoneで学校配置の相談業務を効率化",
    "summary": "相談記録を紙からアプリに移し、対応時間を短縮した。",
    "theme": "ノーコード/ローコード",
    "tools": "kintone",
    "results": [{"label": "対応時間", "value": -40, "unit": "%"}, "職員の負担が減った"],
    "year": 2022,
    "source_url": "https://www.city.asahikawa.hokkaido.jp/dx/kintone",
}


def run_import(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_cases", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_creates_published_cases_with_structure(tmp_path, site_tree):
    path = write_json(tmp_path, [GOOD, {**GOOD, "title": "別の事例", "municipality": ""}])
    out, _ = run_import(path)
    assert "新規 2件" in out
    page = CasePage.objects.get(title=GOOD["title"])
    assert page.live
    assert page.local_government.full_name == "北海道旭川市"
    assert [t.slug for t in page.themes.all()] == ["nocode"]
    assert [t.name for t in page.tools.all()] == ["kintone"]
    results = list(page.results.all())
    assert (results[0].label, int(results[0].value), results[0].unit) == ("対応時間", -40, "%")
    assert results[1].value is None
    assert page.start_year == 2022
    prefecture_case = CasePage.objects.get(title="別の事例")
    assert prefecture_case.local_government.kind == "prefecture"
    assert prefecture_case.local_government.full_name == "北海道"


def test_reimport_changes_nothing_and_update_makes_a_revision(tmp_path, site_tree):
    path = write_json(tmp_path, [GOOD])
    run_import(path)
    page = CasePage.objects.get()
    revisions = page.revisions.count()
    out, _ = run_import(path)
    assert "変更なし 1件" in out
    assert CasePage.objects.count() == 1
    assert page.revisions.count() == revisions
    write_json(tmp_path, [{**GOOD, "summary": "更新した概要"}])
    out, _ = run_import(path)
    assert "更新 1件" in out
    page.refresh_from_db()
    assert page.summary == "更新した概要"
    assert page.revisions.count() == revisions + 1


def test_bad_rows_are_reported_by_line_and_change_nothing(tmp_path, site_tree):
    rows = [
        GOOD,
        {**GOOD, "title": "", "source_url": "https://example.lg.jp/2"},
        {**GOOD, "title": "不明な自治体", "municipality": "存在しない市"},
        {**GOOD, "title": "不明なテーマ", "theme": "宇宙開発"},
        {**GOOD, "title": "年が変", "year": "去年"},
        {**GOOD, "title": "値が変", "results": [{"label": "x", "value": "たくさん"}]},
        {**GOOD, "title": "URLが変", "source_url": "not a url"},
    ]
    path = write_json(tmp_path, rows)
    text = path.read_text(encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        run_import(path)
    assert "何も取り込みませんでした" in str(excinfo.value)
    assert CasePage.objects.count() == 0
    assert Tool.objects.count() == 0
    report = importing.import_file(path, site_tree["cases"])
    lines = {error.line: error.message for error in report.errors}
    starts = [i + 1 for i, line in enumerate(text.splitlines()) if line == " {"]
    assert "タイトル" in lines[starts[1]]
    assert "存在しない市" in lines[starts[2]]
    assert "宇宙開発" in lines[starts[3]]
    assert "年" in lines[starts[4]]
    assert "数値ではありません" in lines[starts[5]]
    assert "URL" in lines[starts[6]]
    assert starts[0] not in lines


def test_csv_import_reports_csv_line_numbers(tmp_path, site_tree):
    path = tmp_path / "cases.csv"
    path.write_text(
        "municipality,prefecture,title,summary,theme,tools,results,year,source_url\n"
        "金沢市,石川県,RPAで入力作業を削減,概要,RPA;AI-OCR,WinActor;UiPath,"
        "年間3000時間削減;職員満足度向上,2020,https://example.lg.jp/a\n"
        '伊達市,,曖昧な自治体,"複数行の\n概要",RPA,,,2020,https://example.lg.jp/b\n'
        "金沢市,石川県,,概要,RPA,,,2020,https://example.lg.jp/c\n",
        encoding="utf-8",
    )
    report = importing.import_file(path, site_tree["cases"])
    assert [(e.line, "複数" in e.message) for e in report.errors] == [(3, True), (5, False)]
    assert "タイトル" in report.errors[1].message
    assert CasePage.objects.count() == 0


def test_csv_lists_and_result_strings(tmp_path, site_tree):
    path = tmp_path / "cases.csv"
    path.write_text(
        "municipality,prefecture,title,summary,theme,tools,results,year,source_url\n"
        "金沢市,石川県,RPAで入力作業を削減,概要,RPA;AI-OCR,WinActor;UiPath,"
        '"年間約3,000時間削減;経費 120万円;職員満足度向上",2020年度,https://example.lg.jp/a\n',
        encoding="utf-8",
    )
    report = importing.import_file(path, site_tree["cases"])
    assert report.ok, report.errors
    page = CasePage.objects.get()
    assert sorted(t.slug for t in page.themes.all()) == ["ai-ocr", "rpa"]
    assert sorted(page.tool_names) == ["UiPath", "WinActor"]
    results = [(r.label, r.value and int(r.value), r.unit) for r in page.results.all()]
    assert results == [
        ("年間約3,000時間削減", 3000, "時間/年"),
        ("経費", 1_200_000, "円"),
        ("職員満足度向上", None, ""),
    ]


def test_dry_run_validates_only(tmp_path, site_tree):
    path = write_json(tmp_path, [GOOD])
    out, _ = run_import(path, "--dry-run")
    assert "検証しました" in out
    assert CasePage.objects.count() == 0


def test_draft_option_leaves_cases_unpublished(tmp_path, site_tree):
    run_import(write_json(tmp_path, [GOOD]), "--draft")
    page = CasePage.objects.get()
    assert not page.live
    assert page.revisions.count() == 1


def test_name_variations_resolve(tmp_path, site_tree):
    rows = [
        {**GOOD, "title": "a", "municipality": "石川県金沢市", "prefecture": ""},
        {**GOOD, "title": "b", "municipality": "金沢市", "prefecture": "石川"},
        {**GOOD, "title": "c", "municipality": "札幌市中央区", "prefecture": "北海道"},
        {**GOOD, "title": "d", "municipality": "鶴ケ島市", "prefecture": "埼玉県"},
        {**GOOD, "title": "e", "municipality": "石川県", "prefecture": "石川県"},
    ]
    report = importing.import_file(write_json(tmp_path, rows), site_tree["cases"])
    assert report.ok, report.errors
    names = dict(CasePage.objects.values_list("title", "local_government__name"))
    assert names == {"a": "金沢市", "b": "金沢市", "c": "札幌市", "d": "鶴ヶ島市", "e": "石川県"}


def test_export_reimports_to_the_same_cases(tmp_path, site_tree):
    report = importing.import_file(DEMO_CASES, site_tree["cases"])
    assert report.ok and report.created > 100
    pages = CasePage.objects.live().public()
    for fmt, render in (("json", exporting.to_json), ("csv", exporting.to_csv)):
        path = tmp_path / f"export.{fmt}"
        path.write_text(render(pages), encoding="utf-8")
        again = importing.import_file(path, site_tree["cases"])
        assert again.ok, (fmt, again.errors[:3])
        assert (again.created, again.updated, again.unchanged) == (0, 0, report.created), fmt


def test_export_command_writes_license(tmp_path, site_tree, make_case):
    make_case()
    out = io.StringIO()
    call_command("export_cases", "--format", "json", stdout=out)
    document = json.loads(out.getvalue())
    assert document["license"] == "CC BY 4.0"
    assert document["count"] == 1
    target = tmp_path / "cases.csv"
    call_command("export_cases", "--format", "csv", "-o", str(target), stderr=io.StringIO())
    assert target.read_text(encoding="utf-8").startswith("# ")
    assert "CC BY 4.0" in target.read_text(encoding="utf-8").splitlines()[0]


def test_import_population(tmp_path, site_tree):
    from cases.models import LocalGovernment

    path = tmp_path / "pop.csv"
    path.write_text(
        "人口等基本集計\n団体コード,市区町村,人口総数,時点\n"
        '172014,金沢市,"463,254",2020-10-01\n17203,小松市(5桁),106216,2020-10-01\n',
        encoding="utf-8-sig",
    )
    call_command("import_population", str(path), stdout=io.StringIO())
    kanazawa = LocalGovernment.objects.get(code="172014")
    assert kanazawa.population == 463_254
    assert str(kanazawa.population_as_of) == "2020-10-01"
    assert LocalGovernment.objects.get(name="小松市").population == 106_216
    bad = tmp_path / "bad.csv"
    bad.write_text("団体コード,人口総数\n999999,100\n172014,abc\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_population", str(bad), stdout=io.StringIO(), stderr=io.StringIO())
    kanazawa.refresh_from_db()
    assert kanazawa.population == 463_254
