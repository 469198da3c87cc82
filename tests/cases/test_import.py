"""import_cases: validation by line number, all or nothing, idempotent re-import, export round trip."""

import csv
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
    # The file's order is stored, so an export lists results the way the author wrote them.
    assert [r.sort_order for r in results] == [0, 1]
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


def test_export_reimports_to_the_same_cases(tmp_path, demo_cases):
    """Every demo case (imported by the demo loader) goes out and comes back unchanged."""
    pages = CasePage.objects.live().public()
    exported = pages.count()
    assert exported > 100
    for fmt, render in (("json", exporting.to_json), ("csv", exporting.to_csv)):
        path = tmp_path / f"export.{fmt}"
        path.write_text(render(pages), encoding="utf-8")
        again = importing.import_file(path, demo_cases)
        assert again.ok, (fmt, again.errors[:3])
        assert (again.created, again.updated, again.unchanged) == (0, 0, exported), fmt


def test_export_command_writes_license(tmp_path, site_tree, make_case):
    make_case()
    out = io.StringIO()
    call_command("export_cases", "--format", "json", stdout=out)
    document = json.loads(out.getvalue())
    assert document["license"] == "CC BY 4.0"
    assert document["count"] == 1
    target = tmp_path / "cases.csv"
    err = io.StringIO()
    call_command("export_cases", "--format", "csv", "-o", str(target), stderr=err)
    assert target.read_text(encoding="utf-8").startswith("municipality,")
    assert "CC BY 4.0" in err.getvalue()  # said to whoever exported it


# ---------------------------------------------------------------------------
# Issue #10: bad input that still crashed, and the export's 全国地方公共団体コード
# ---------------------------------------------------------------------------

CSV_HEADER = "municipality,prefecture,title,summary,theme,tools,results,year,source_url\n"


def write_csv(tmp_path, text, name="cases.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run_failing_import(path, *args):
    """import_cases that must refuse the file: (the command's error, its stderr)."""
    err = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_cases", str(path), *args, stdout=io.StringIO(), stderr=err)
    return str(excinfo.value), err.getvalue()


def test_export_carries_the_local_government_code(site_tree, make_case):
    page = make_case()
    document = json.loads(exporting.to_json(CasePage.objects.live()))
    assert document["cases"][0]["local_government_code"] == "172014"
    assert page.local_government.code == "172014"
    text = exporting.to_csv(CasePage.objects.live())
    # the header comes first, as a spreadsheet reads it
    assert text.split("\n", 1)[0] == ",".join(exporting.CSV_COLUMNS)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["local_government_code"] == "172014"
    assert rows[0]["municipality"] == "金沢市"


def test_local_government_code_identifies_the_local_government(tmp_path, site_tree):
    rows = [
        {
            **GOOD,
            "title": "コードのみ",
            "municipality": "",
            "prefecture": "",
            "local_government_code": "172014",
        },
        {
            **GOOD,
            "title": "コードと名前",
            "municipality": "金沢市",
            "prefecture": "石川県",
            "local_government_code": "172014",
        },
        # Excel drops the leading zero of 011002 (札幌市); 伊達市 alone is ambiguous, the code is not
        {
            **GOOD,
            "title": "先頭のゼロなし",
            "municipality": "札幌市",
            "prefecture": "",
            "local_government_code": "11002",
        },
        {
            **GOOD,
            "title": "曖昧な名前",
            "municipality": "伊達市",
            "prefecture": "",
            "local_government_code": "072133",
        },
        {
            **GOOD,
            "title": "都道府県",
            "municipality": "",
            "prefecture": "石川県",
            "local_government_code": "170003",
        },
    ]
    report = importing.import_file(write_json(tmp_path, rows), site_tree["cases"])
    assert report.ok, report.errors
    names = dict(CasePage.objects.values_list("title", "local_government__code"))
    assert names == {
        "コードのみ": "172014",
        "コードと名前": "172014",
        "先頭のゼロなし": "011002",
        "曖昧な名前": "072133",
        "都道府県": "170003",
    }


def test_local_government_code_that_disagrees_is_a_row_error(tmp_path, site_tree):
    path = write_csv(
        tmp_path,
        "municipality,prefecture,local_government_code,title,summary,theme,year,source_url\n"
        "金沢市,石川県,172014,正しい,概要,RPA,2020,https://example.lg.jp/a\n"
        "小松市,石川県,172014,違う市,概要,RPA,2020,https://example.lg.jp/b\n"
        ",富山県,172014,違う県,概要,RPA,2020,https://example.lg.jp/c\n"
        "金沢市,石川県,172015,検査数字が違う,概要,RPA,2020,https://example.lg.jp/d\n"
        "金沢市,石川県,①⑦②⓪①④,数字でない,概要,RPA,2020,https://example.lg.jp/e\n",
    )
    report = importing.import_file(path, site_tree["cases"])
    errors = {e.line: e.message for e in report.errors}
    assert sorted(errors) == [3, 4, 5, 6]
    assert "172014" in errors[3] and "石川県金沢市" in errors[3] and "小松市" in errors[3]
    assert "富山県" in errors[4]
    assert "local_government_code" in errors[5] and "172015" in errors[5]
    assert "local_government_code" in errors[6]
    assert CasePage.objects.count() == 0


def test_control_characters_in_a_cell_are_row_errors(tmp_path, site_tree):
    path = write_csv(
        tmp_path,
        CSV_HEADER
        + "金沢市,石川県,正しい行,概要,RPA,,,2020,https://example.lg.jp/a\n"
        + "金沢市,石川県,NULのある行,概要\x00です,RPA,,,2020,https://example.lg.jp/b\n"
        + "金沢市,石川県,ESCのある行,概要,RPA,Win\x1bActor,,2020,https://example.lg.jp/c\n",
    )
    for args in (("--dry-run",), ()):
        message, err = run_failing_import(path, *args)
        assert "2件の問題" in message
        assert "3行目: summary に制御文字（NUL）が含まれています" in err
        assert "4行目: tools に制御文字（U+001B）が含まれています" in err
    assert CasePage.objects.count() == 0
    rows = [{**GOOD, "results": [{"label": "削減\x00", "value": 1}]}, {**GOOD, "title": "\ud800"}]
    path = tmp_path / "escaped.json"
    path.write_text(json.dumps(rows, indent=1), encoding="ascii")  # \u0000 and \ud800 escapes
    report = importing.import_file(path, site_tree["cases"])
    assert [e.message for e in report.errors] == [
        "results に制御文字（NUL）が含まれています",
        "title に不正な文字（サロゲート U+D800）が含まれています",
    ]


def test_numbers_beyond_the_model_field_are_row_errors_in_dry_run_and_import(tmp_path, site_tree):
    path = write_csv(
        tmp_path,
        CSV_HEADER + "金沢市,石川県,大きすぎる成果,概要,RPA,,削減額: 99999999999999999999 円,2020,"
        "https://example.lg.jp/a\n",
    )
    for args in (("--dry-run",), ()):
        message, err = run_failing_import(path, *args)
        assert "2行目: 成果「削減額」の値が大きすぎます" in err, err
    assert CasePage.objects.count() == 0
    results = [
        [{"label": "a", "value": 1, "baseline": 10**20}],
        [{"label": "b", "value": "1e20"}],
        [{"label": "c", "value": 1, "unit": "億円", "baseline": 10**7}],  # 10^15 円
        [{"label": "d", "value": "NaN"}],
        [{"label": "e", "value": "Infinity"}],
        [{"label": "f", "value": "1e400"}],
        ["年間 99999999999999 万円 削減"],
    ]
    rows = [{**GOOD, "title": f"成果{n}", "results": r} for n, r in enumerate(results)]
    text = write_json(tmp_path, rows)
    for dry_run in (True, False):
        report = importing.import_file(text, site_tree["cases"], dry_run=dry_run)
        messages = [e.message for e in report.errors]
        assert len(messages) == len(results), messages
        assert "成果「a」の導入前の値（baseline）が大きすぎます" in messages[0]
        assert "99,999,999,999,999.99" in messages[0]
        assert all("大きすぎます" in m for m in messages[:3] + messages[5:]), messages
        assert all("数値ではありません" in m for m in messages[3:5]), messages
    assert CasePage.objects.count() == 0


def test_baseline_in_man_yen_is_scaled_like_the_value(tmp_path, site_tree):
    row = {**GOOD, "results": [{"label": "経費", "value": 120, "unit": "万円", "baseline": 200}]}
    assert importing.import_file(write_json(tmp_path, [row]), site_tree["cases"]).ok
    result = CasePage.objects.get().results.get()
    assert (int(result.value), int(result.baseline), result.unit) == (1_200_000, 2_000_000, "円")


def test_dry_run_is_the_real_import_rolled_back(
    tmp_path, site_tree, django_capture_on_commit_callbacks
):
    path = write_json(tmp_path, [GOOD, {**GOOD, "title": "二つ目"}])
    with django_capture_on_commit_callbacks() as callbacks:
        report = importing.import_file(path, site_tree["cases"], dry_run=True)
    assert report.ok and (report.created, report.updated, report.unchanged) == (2, 0, 0)
    assert callbacks == []  # no search indexing for a rolled-back dry run
    assert CasePage.objects.count() == 0 and Tool.objects.count() == 0
    with django_capture_on_commit_callbacks() as callbacks:
        report = importing.import_file(path, site_tree["cases"])
    assert report.created == 2 and callbacks
    write_json(tmp_path, [GOOD, {**GOOD, "title": "二つ目", "summary": "変えた"}])
    report = importing.import_file(path, site_tree["cases"], dry_run=True)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert CasePage.objects.get(title="二つ目").summary == GOOD["summary"]
    # the index page held in memory is still usable after the rolled-back dry run
    assert (
        importing.import_file(
            write_json(tmp_path, [{**GOOD, "title": "三つ目"}]), site_tree["cases"]
        ).created
        == 1
    )


@pytest.mark.parametrize("args", [(), ("--dry-run",)], ids=["import", "dry-run"])
def test_without_a_case_index_the_command_refuses_and_creates_no_page_tree(tmp_path, db, args):
    from wagtail.models import Page, Site

    def site_roots():
        return list(Site.objects.order_by("pk").values_list("pk", "root_page_id"))

    pages, roots = Page.objects.count(), site_roots()
    message, _ = run_failing_import(write_json(tmp_path, [GOOD]), *args)
    assert "事例一覧ページ（CaseIndexPage）がありません" in message
    assert "何も取り込んでいません" in message
    assert Page.objects.count() == pages
    assert site_roots() == roots


def test_import_adds_only_cases_and_leaves_the_site_root(tmp_path, site_tree):
    from wagtail.models import Page, Site

    site = Site.objects.get(is_default_site=True)
    others = set(Page.objects.values_list("pk", flat=True))
    out, _ = run_import(write_json(tmp_path, [GOOD, {**GOOD, "title": "別の事例"}]))
    assert "新規 2件" in out
    site.refresh_from_db()
    assert site.root_page_id == site_tree["home"].pk
    added = Page.objects.exclude(pk__in=others)
    assert added.count() == 2
    assert {p.specific_class for p in added} == {CasePage}
    assert all(p.get_parent().pk == site_tree["cases"].pk for p in added)


def test_parent_chooses_the_case_index(tmp_path, site_tree):
    from cases.factories import CaseIndexPageFactory

    other = CaseIndexPageFactory(parent=site_tree["home"], title="事例（別）", slug="more-cases")
    path = write_json(tmp_path, [GOOD])
    message, _ = run_failing_import(path)
    assert "複数あります" in message and "--parent" in message
    assert not CasePage.objects.exists()

    run_import(path, "--parent", str(other.pk))
    assert CasePage.objects.child_of(other).count() == 1
    run_import(write_json(tmp_path, [{**GOOD, "title": "URLで選ぶ事例"}]), "--parent", "/cases/")
    assert CasePage.objects.child_of(site_tree["cases"]).get().title == "URLで選ぶ事例"
    message, _ = run_failing_import(path, "--parent", "/no-such-page/")
    assert "--parent「/no-such-page/」" in message
    message, _ = run_failing_import(path, "--parent", str(site_tree["home"].pk))
    assert "見つかりません" in message  # the home page is no case index


def test_a_database_error_while_applying_is_a_row_error(site_tree):
    rows = [importing.RawRow(7, GOOD), importing.RawRow(12, {**GOOD, "title": "二つ目"})]
    items, errors = importing.validate_rows(rows)
    assert not errors
    items[1].results[0].value = "99999999999999999999.00"  # past validation: numeric overflow
    report = importing.apply(items, site_tree["cases"])
    assert [e.line for e in report.errors] == [12]
    assert "データベースに保存できませんでした" in report.errors[0].message
    assert (report.created, report.updated) == (0, 0)
    assert CasePage.objects.count() == 0 and Tool.objects.count() == 0
    # nothing half-written, and the index page is usable again
    assert importing.apply(items[:1], site_tree["cases"]).created == 1


def test_a_misspelt_header_is_an_error_with_a_suggestion(tmp_path, site_tree):
    path = write_csv(
        tmp_path,
        "# コメント行\nmunicipality,prefecture,title,sumary,テーマ,xyz,year,source_url\n"
        "金沢市,石川県,見出しの誤り,概要,RPA,?,2020,https://example.lg.jp/a\n",
    )
    message, err = run_failing_import(path)
    assert "2行目: 見出し「sumary」（4列目）は使えません。summary のことですか？" in err
    assert "2行目: 見出し「xyz」（6列目）は使えません。" in err and "source_url" in err
    assert CasePage.objects.count() == 0
    rows = [{**GOOD, "sumary": "概要"}, {**GOOD, "title": "別", "タイトル": "重複"}]
    report = importing.import_file(write_json(tmp_path, rows), site_tree["cases"])
    assert [e.message for e in report.errors] == [
        "項目「sumary」は使えません。summary のことですか？",
        "項目「タイトル」は「title」と同じ項目です（どちらか一方にしてください）",
    ]


def test_a_repeated_header_and_an_overlong_cell_are_errors(tmp_path, site_tree):
    path = write_csv(tmp_path, "title,タイトル,theme\nx,y,RPA\n")
    report = importing.import_file(path, site_tree["cases"])
    assert [str(e) for e in report.errors] == [
        "1行目: 見出し「タイトル」（2列目）は1列目と同じ項目（title）です（どちらか一方にしてください）"
    ]
    long_cell = '"' + "あ" * 200_000 + '"'
    path = write_csv(
        tmp_path,
        CSV_HEADER
        + "金沢市,石川県,短い,概要,RPA,,,2020,https://example.lg.jp/a\n"
        + f"金沢市,石川県,長い,{long_cell},RPA,,,2020,https://example.lg.jp/b\n",
    )
    report = importing.import_file(path, site_tree["cases"])
    assert [e.line for e in report.errors] == [3]
    assert "CSVとして読めません" in report.errors[0].message
    assert CasePage.objects.count() == 0


def test_a_case_without_a_theme_is_an_error(tmp_path, site_tree):
    path = write_csv(
        tmp_path,
        "municipality,prefecture,title,summary,year,source_url\n"
        "金沢市,石川県,テーマなし,概要,2020,https://example.lg.jp/a\n",
    )
    message, err = run_failing_import(path, "--dry-run")
    assert "2行目: テーマ（theme）がありません" in err
    rows = [GOOD, {**GOOD, "title": "空のテーマ", "theme": []}]
    report = importing.import_file(write_json(tmp_path, rows), site_tree["cases"])
    assert len(report.errors) == 1 and "テーマ（theme）がありません" in report.errors[0].message
    assert CasePage.objects.count() == 0


def test_demo_cases_all_have_themes():
    cases = json.loads(DEMO_CASES.read_text(encoding="utf-8"))
    assert all(case.get("theme") for case in cases)


@pytest.mark.parametrize("prefecture", ["²", "①", "١٣", "❶", "1፩", "⓵⓷"])
def test_exotic_digits_as_prefecture_give_a_japanese_error(tmp_path, site_tree, prefecture):
    rows = [
        {**GOOD, "municipality": "", "prefecture": prefecture},
        {**GOOD, "title": "別", "municipality": "金沢市", "prefecture": prefecture},
    ]
    report = importing.import_file(write_json(tmp_path, rows), site_tree["cases"])
    assert len(report.errors) == 2, report.errors
    for error in report.errors:
        assert error.message.startswith(f"都道府県「{prefecture}」が見つかりません")
        assert "invalid literal" not in error.message
    assert CasePage.objects.count() == 0


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000,
        "[" * 100_000 + "]" * 100_000,
        '[{"title": "x", "results": ' + "[" * 5_000 + "]" * 5_000 + "}]",
        '{"cases": [{"title": "x", "body": ' + '{"a": ' * 50 + "1" + "}" * 50 + "}]}",
    ],
)
def test_deeply_nested_json_is_a_file_error(tmp_path, site_tree, text):
    path = tmp_path / "deep.json"
    path.write_text(text, encoding="utf-8")
    report = importing.import_file(path, site_tree["cases"])
    assert [e.line for e in report.errors] == [0]
    assert "JSONの入れ子が深すぎます" in report.errors[0].message
    with pytest.raises(CommandError):
        run_import(path)


def test_csv_export_neutralises_formulas_and_reimports_unchanged(tmp_path, site_tree, import_case):
    import_case(
        title='=HYPERLINK("https://evil.example","click")',
        summary="+1+1",
        department="@SUM(A1)",
        contact="-2+3",
        tools=["=WEBSERVICE(A1)"],
        results=["-40%の削減"],
    )
    import_case(title="'=既に引用符のある題名", summary="'普通の引用符", department="\t=タブ")
    pages = CasePage.objects.live().order_by("path")
    text = exporting.to_csv(pages)
    rows = list(csv.DictReader(io.StringIO(text)))
    first, second = rows
    assert first["title"] == '\'=HYPERLINK("https://evil.example","click")'
    assert first["summary"] == "'+1+1"
    assert first["department"] == "'@SUM(A1)"
    assert first["contact"] == "'-2+3"
    assert first["tools"] == "'=WEBSERVICE(A1)"
    assert first["results"] == "'-40%の削減"
    assert second["title"] == "''=既に引用符のある題名"
    assert second["summary"] == "'普通の引用符"
    dangerous = ("=", "+", "-", "@", "\t", "\r")
    assert not [cell for row in rows for cell in row.values() if cell.startswith(dangerous)]
    # the JSON export keeps the text as it is
    document = json.loads(exporting.to_json(pages))
    assert document["cases"][0]["title"].startswith("=HYPERLINK")
    assert document["cases"][1]["title"] == "'=既に引用符のある題名"
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    again = importing.import_file(path, site_tree["cases"])
    assert again.ok, again.errors
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("問い合わせ件数 120 件 → 10 件", ("問い合わせ件数", 10, "件", 120)),
        ("処理時間 30分→5分", ("処理時間", 5, "分", 30)),
        ("待ち時間を60分から15分に短縮", ("待ち時間を短縮", 15, "分", 60)),
        ("紙の申請 120件から10件に減少", ("紙の申請（減少）", 10, "件", 120)),
        ("経費 500万円→120万円", ("経費", 1_200_000, "円", 5_000_000)),
        # two units, or no number after the arrow: plain text, as before
        ("3時間から30分に短縮", ("3時間から30分に短縮", None, "", None)),
        ("受付 2023年4月から", ("受付 2023年4月から", None, "", None)),
        ("年間削減時間 3000 時間/年", ("年間削減時間", 3000, "時間/年", None)),
        # an amount per year in 万円: the label is the words, the value in 円
        ("委託費の削減 900万円/年", ("委託費の削減", 9_000_000, "円/年", None)),
        ("紙の使用量 2000枚/月", ("紙の使用量", 2000, "枚/月", None)),
        # a sign is kept: the minus sign, full-width, and ▲/△ as public accounts write a fall
        ("残業時間 -5 時間/年", ("残業時間", -5, "時間/年", None)),
        ("残業時間 −20 時間", ("残業時間", -20, "時間", None)),
        ("コスト －40%", ("コスト", -40, "%", None)),
        ("前年比 ▲15%", ("前年比", -15, "%", None)),
        ("前年比△3件の苦情", ("前年比△3件の苦情", -3, "件", None)),
        ("利用者 +12 人", ("利用者", 12, "人", None)),
        # a hyphen between digits is no sign
        ("2022-23年度の受付 400件", ("2022-23年度の受付", 400, "件", None)),
        # a score in 点 (4.2: compared as whole numbers here), and 万 or 億 before a unit other
        # than 円
        ("住民満足度 4.2 点", ("住民満足度", 4, "点", None)),
        ("来庁者アンケート満足度: 4.2 点", ("来庁者アンケート満足度", 4, "点", None)),
        ("処理件数 3万 件", ("処理件数", 30_000, "件", None)),
        (
            "電子申請の利用が年間1.2万件に増えた",
            ("電子申請の利用が年間1.2万件に増えた", 12_000, "件/年", None),
        ),
    ],
)
def test_a_result_written_as_before_and_after_keeps_both(text, expected):
    from cases.input import parse_result_text

    found = parse_result_text(text)
    number = lambda v: None if v is None else int(float(v))  # noqa: E731
    assert (found.label, number(found.value), found.unit, number(found.baseline)) == expected


def test_a_result_s_before_value_survives_the_text_round_trip():
    from cases.exporting import result_text
    from cases.input import parse_result_text

    data = {"label": "問い合わせ件数", "value": 10, "unit": "件/年", "baseline": 120}
    text = result_text(data)
    assert text == "問い合わせ件数: 120 → 10 件/年"
    back = parse_result_text(text)
    assert (back.label, back.value, back.unit, back.baseline) == (
        "問い合わせ件数",
        "10.00",
        "件/年",
        "120.00",
    )


def test_a_result_too_large_is_refused_in_the_reader_s_language():
    """The message around the label the member wrote is in their language: "The value of the
    result “削減額” is too large", not 「成果「削減額」の値 is too large」."""
    from django.utils import translation

    from cases.input import parse_result_text

    for text in ("削減額 1000000000000000000 円", "年間で1000000000000000000件を削減"):
        with translation.override("en"), pytest.raises(ValueError) as refused:
            parse_result_text(text)
        assert str(refused.value).startswith("The value of the result “"), refused.value
        assert "成果" not in str(refused.value)
