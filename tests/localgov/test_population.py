"""The e-Stat population CSV reader. Pure Python: no database, no Django settings."""

from __future__ import annotations

import io
from datetime import date

import pytest

from localgov.population import PopulationCSVResult, PopulationRow, parse_population_csv

# ---------------------------------------------------------------------------
# Population CSV
# ---------------------------------------------------------------------------

ESTAT_CSV = """\
"令和2年国勢調査 人口等基本集計"
"表番号","2-1"
""
"地域コード","地域","人口総数","人口（男）","人口密度","時点"
"00000","全国","126,146,099","61,349,581","338.2","2020年10月1日"
"01100","札幌市","1,973,395","918,682","1765.4","2020年10月1日"
"17201","金沢市","463,254","222,736","990.3","令和2年10月1日"
"13101","千代田区","66,680","33,000","5722.6","2020/10/01"
"99999","どこか","100","50","1.0","2020-10-01"
"01395","ニセコ町","-","-","","2020-10-01"
"47324","読谷村","abc","1","1","2020-10-01"
"注：人口密度は参考値"
"""


def _parse_bytes(text: str, encoding: str) -> PopulationCSVResult:
    return parse_population_csv(io.BytesIO(text.encode(encoding)))


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp932"])
def test_parse_population_csv_encodings_and_preamble(encoding):
    rows, errors = _parse_bytes(ESTAT_CSV, encoding)
    assert rows == [
        PopulationRow("011002", 1_973_395, date(2020, 10, 1)),
        PopulationRow("172014", 463_254, date(2020, 10, 1)),
        PopulationRow("131016", 66_680, date(2020, 10, 1)),
        PopulationRow("013951", None, date(2020, 10, 1)),
    ]
    assert [line for line, _ in errors] == [9, 11]
    assert "99999" in errors[0][1]
    assert "人口" in errors[1][1]


def test_parse_population_csv_cp932_is_really_cp932():
    data = ESTAT_CSV.encode("cp932")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert len(parse_population_csv(data).rows) == 4


def test_parse_population_csv_six_digit_codes_text_input_no_date():
    text = (
        "団体コード,都道府県名,市区町村名,総人口\n"
        "172014,石川県,金沢市,463254\n"
        "010006,北海道,,5224614\n"
    )
    result = parse_population_csv(io.StringIO(text))
    assert result.errors == []
    assert result.rows == [
        PopulationRow("172014", 463_254, None),
        PopulationRow("010006", 5_224_614, None),
    ]


def test_parse_population_csv_english_headers_and_code_variants():
    text = (
        "code,name,population,date\n"
        "1100,札幌市,1973395,2024-01-01\n"  # leading zero lost
        "11002,札幌市?,1,2024-01-01\n"  # duplicate of the above (6-digit, zero lost)
        "131017,bad check digit,5,2024-01-01\n"
        '13102,中央区,"１７０,０００",R6.1.1\n'
        "13103,港区,260000,someday\n"
        "13104,新宿区,350000.0,2024年\n"
    )
    rows, errors = parse_population_csv(text)
    assert rows == [
        PopulationRow("011002", 1_973_395, date(2024, 1, 1)),
        PopulationRow("131024", 170_000, date(2024, 1, 1)),
        PopulationRow("131041", 350_000, None),
    ]
    assert [line for line, _ in errors] == [3, 4, 6]
    assert "重複" in errors[0][1]
    assert "検査数字" in errors[1][1]
    assert "時点" in errors[2][1]


def test_parse_population_csv_digit_like_characters_are_errors():
    text = "code,population\n١٧٢٠١٤,100\n172014,١٠٠\n17202,100\n"
    rows, errors = parse_population_csv(text)
    assert rows == [PopulationRow("172022", 100, None)]
    assert [line for line, _ in errors] == [2, 3]
    assert "団体コードが不正です" in errors[0][1]
    assert "人口が数値ではありません" in errors[1][1]


def test_parse_population_csv_empty_population_is_none():
    rows, errors = parse_population_csv(b"code,population\n17201,\n17202,-\n")
    assert errors == []
    assert [r.population for r in rows] == [None, None]


def test_parse_population_csv_tab_separated():
    rows, errors = parse_population_csv("地域コード\t人口\n17201\t463254\n")
    assert errors == []
    assert rows == [PopulationRow("172014", 463_254, None)]


@pytest.mark.parametrize(
    "text",
    ["", "foo,bar\n1,2\n", "地域コード,地域\n17201,金沢市\n", "人口,人口密度\n1,2\n"],
)
def test_parse_population_csv_without_header_raises(text):
    with pytest.raises(ValueError, match="ヘッダー"):
        parse_population_csv(text.encode("utf-8"))
