"""Name normalisation and resolution. Pure Python: no database, no Django settings needed."""

from __future__ import annotations

from collections import Counter

import pytest

from localgov.codes import iter_local_governments
from localgov.lookup import normalize_name, resolve, resolve_all, resolve_prefecture

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
    assert normalize_name(a) == normalize_name(b)


def test_normalize_name_keeps_hiragana_words():
    assert normalize_name("かすみがうら市") == "かすみがうら市"
    assert normalize_name("鹿嶋市") != normalize_name("鹿島市")


def test_normalization_does_not_merge_distinct_names():
    raw = Counter(r.name for r in iter_local_governments())
    normalized = Counter(normalize_name(r.name) for r in iter_local_governments())
    assert sorted(raw.values()) == sorted(normalized.values())
    full = {normalize_name(r.full_name) for r in iter_local_governments()}
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
    assert resolve(query).code == "172014"


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
    assert resolve(query).code == code


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
    rec = resolve(query)
    assert (rec.code if rec else None) == code


def test_resolve_prefecture_level():
    assert resolve("", prefecture="石川県").code == "170003"
    assert resolve("", prefecture="石川").code == "170003"
    assert resolve("石川県", prefecture="石川県").code == "170003"
    assert resolve_prefecture("13").name == "東京都"
    assert resolve_prefecture("東京") == resolve("東京都")
    assert resolve_prefecture("金沢市") is None


@pytest.mark.parametrize("name", ["²", "①", "١٣", "❶", "1፩", "⓵⓷", "⑬"])
def test_resolve_prefecture_refuses_digit_like_characters(name):
    assert resolve_prefecture(name) is None
    assert resolve_all("金沢市", prefecture=name) == []
    assert resolve_prefecture("１３").name == resolve_prefecture(" 13 ").name == "東京都"


def test_resolve_with_prefecture_argument():
    assert resolve("金沢市", prefecture="石川県").code == "172014"
    assert resolve("府中市", prefecture="広島県").code == "342084"
    assert resolve("府中市", prefecture="東京").code == "132063"
    assert resolve("伊達市", prefecture="北海道").code == "012335"
    # with the prefecture given, a bare 福島 means the city
    assert resolve("福島", prefecture="福島県").code == "072010"
    assert resolve("福島").code == "070009"


def test_resolve_conflicting_prefecture():
    assert resolve("金沢市", prefecture="富山県") is None
    assert resolve("石川県金沢市", prefecture="富山県") is None
    assert resolve_all("石川県 金沢市", prefecture="富山県") == []
    assert resolve("金沢市", prefecture="ムー大陸") is None


def test_ambiguous_names():
    assert resolve("府中市") is None
    assert {r.full_name for r in resolve_all("府中市")} == {"東京都府中市", "広島県府中市"}
    assert resolve("伊達市") is None
    assert {r.full_name for r in resolve_all("伊達市")} == {"北海道伊達市", "福島県伊達市"}
    # without the suffix, 広島県府中町 also matches
    assert {r.full_name for r in resolve_all("府中")} == {
        "東京都府中市",
        "広島県府中市",
        "広島県府中町",
    }
    assert len(resolve_all("池田町")) == 4


@pytest.mark.parametrize("query", ["", "   ", "ムー大陸", "札幌市中央区", "市", "ＮＩＳＥＫＯ町"])
def test_resolve_unknown(query):
    assert resolve(query) is None
    assert resolve_all(query) == []
