"""Place names in Latin letters from the code table's readings (localgov.romaji)."""

import pytest
from django.utils import translation

from localgov import romaji
from localgov.models import LocalGovernment


@pytest.mark.parametrize(
    ("name", "kana", "expected"),
    [
        ("金沢市", "かなざわし", "Kanazawa"),
        ("東京都", "とうきょうと", "Tokyo"),
        ("大分市", "おおいたし", "Oita"),
        ("中央区", "ちゅうおうく", "Chuo"),
        ("北海道", "ほっかいどう", "Hokkaido"),
        ("札幌市", "さっぽろし", "Sapporo"),
        ("白馬村", "はくばむら", "Hakuba"),
        ("森町", "もりまち", "Mori"),
        ("金沢市", "", ""),
    ],
)
def test_romanised_name_leaves_out_the_kind_and_writes_long_vowels_once(name, kana, expected):
    assert romaji.romanize(name, kana) == expected


def test_search_words_keep_the_letter_by_letter_spelling_too():
    assert romaji.search_words("大分市", "おおいたし") == ["oita", "ooita"]
    assert romaji.search_words("金沢市", "かなざわし") == ["kanazawa"]
    assert romaji.search_words("金沢市", "") == []
    # an everyday English word is not a search word, though it is the displayed name
    assert romaji.search_words("伊達市", "だてし") == []
    assert romaji.romanize("伊達市", "だてし") == "Date"


@pytest.mark.django_db
def test_every_local_government_has_a_latin_name():
    names = {lg.code: lg.romaji for lg in LocalGovernment.objects.all()}
    assert len(names) == 1788
    bad = {code: name for code, name in names.items() if not name.replace(" ", "").isalpha()}
    assert not bad
    assert all(name.isascii() for name in names.values())


@pytest.mark.django_db
def test_english_display_name_is_the_romanised_name_and_kind():
    kanazawa = LocalGovernment.objects.get(code="172014")
    shinjuku = LocalGovernment.objects.get(name="新宿区")
    with translation.override("en"):
        assert kanazawa.display_name == "Kanazawa City (Ishikawa)"
        assert shinjuku.display_name == "Shinjuku City (Tokyo)"
        assert kanazawa.search_words_en() == ["kanazawa", "ishikawa"]
    with translation.override("ja"):
        assert kanazawa.display_name == "石川県金沢市"
