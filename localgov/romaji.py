"""Place names in Latin letters, from the readings in the code table (「かなざわし」 -> "Kanazawa").

The English UI names a municipality by its romanised reading, as its own English pages do,
and site search indexes that reading, so that an English query 「Kanazawa chatbot」 finds the
cases of 金沢市. Modified Hepburn without macrons: long vowels are written once (とうきょう ->
"Tokyo", おおいた -> "Oita", ちゅうおう -> "Chuo").
"""

from __future__ import annotations

import re

import jaconv

# the reading of a name's last character, left out of the romanised name ("Kanazawa" City)
_SUFFIX_READINGS = {
    "市": ("し",),
    "町": ("まち", "ちょう"),
    "村": ("むら", "そん"),
    "区": ("く",),
    "県": ("けん",),
    "府": ("ふ",),
    "都": ("と",),
}
_LONG_VOWELS = (("ou", "o"), ("uu", "u"), ("oo", "o"))
# romanised names that are also everyday English words or abbreviations: not search words, so
# that "deadline date" or "IDE" does not bring up 伊達市 or 井手町
ENGLISH_WORDS = frozenset({"date", "mine", "sue", "ide", "so", "ama"})
_NOT_LATIN_RE = re.compile(r"[^a-z' -]")


def reading_without_suffix(name: str, kana: str) -> str:
    """The reading of ``name`` without that of its kind (市, 町, 村, 区, 県, 府, 都); 北海道
    and any name whose reading does not end so stay whole."""
    kana = (kana or "").strip()
    for reading in _SUFFIX_READINGS.get(name[-1:] if name else "", ()):
        if kana.endswith(reading) and len(kana) > len(reading):
            return kana[: -len(reading)]
    return kana


def literal(kana: str) -> str:
    """Kana letter by letter in Latin ("toukyou"), lower case; '' when nothing is left."""
    text = jaconv.kana2alphabet(jaconv.kata2hira(kana or "")).lower()
    text = _NOT_LATIN_RE.sub("", text.replace("ー", ""))
    return text.strip(" -'")


def hepburn(kana: str) -> str:
    """The usual English spelling, long vowels written once ("tokyo"), lower case."""
    text = literal(kana)
    for long, short in _LONG_VOWELS:
        text = text.replace(long, short)
    return text


def romanize(name: str, kana: str) -> str:
    """金沢市 read かなざわし gives "Kanazawa"; '' without a reading."""
    return hepburn(reading_without_suffix(name, kana)).title()


def search_words(name: str, kana: str) -> list[str]:
    """The spellings an English reader may type for the place: the usual one and, when it
    differs, the letter-by-letter one ("oita", "ooita")."""
    base = reading_without_suffix(name, kana)
    words = (hepburn(base), literal(base))
    return list(dict.fromkeys(w for w in words if w and w not in ENGLISH_WORDS))
