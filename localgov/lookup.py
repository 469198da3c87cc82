"""Name lookup: which local government a written name (or code) denotes.

``石川県金沢市``, ``石川 金沢``, ``金沢``, ``河北郡内灘町``, ``鶴ヶ島市`` = ``鶴ケ島市``, ``白山市役所``.
Pure Python (no Django imports).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from localgov.codes import (
    TOWN,
    VILLAGE,
    CodeRecord,
    all_local_governments,
    code_digits,
    get_by_code,
    prefectures,
)

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
    pref_by_key: dict[str, CodeRecord]  # full and short prefecture names
    muni_by_name: dict[str, tuple[CodeRecord, ...]]
    muni_by_stem: dict[str, tuple[CodeRecord, ...]]
    pref_full_keys: tuple[str, ...]  # longest first
    pref_short_keys: tuple[str, ...]


@lru_cache(maxsize=1)
def _index() -> _Index:
    by_name: dict[str, list[CodeRecord]] = {}
    by_stem: dict[str, list[CodeRecord]] = {}
    pref_by_key: dict[str, CodeRecord] = {}
    full_keys: list[str] = []
    short_keys: list[str] = []
    for rec in all_local_governments():
        key = normalize_name(rec.name)
        if rec.is_prefecture:
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
        pref_by_key=pref_by_key,
        muni_by_name={k: tuple(v) for k, v in by_name.items()},
        muni_by_stem={k: tuple(v) for k, v in by_stem.items()},
        pref_full_keys=tuple(sorted(full_keys, key=len, reverse=True)),
        pref_short_keys=tuple(sorted(short_keys, key=len, reverse=True)),
    )


def resolve_prefecture(name: str) -> CodeRecord | None:
    """Prefecture record from ``石川県``/``石川``/``東京``/``京都``/``北海道`` (or a code:
    ``13``, ``１３``, ``130001``; never ``²`` or ``①``, see :func:`code_digits`)."""
    digits = code_digits(name)
    if digits is not None:
        rec = get_by_code(digits) if len(digits) in (5, 6) else None
        if rec is None and len(digits) <= 2:
            prefs = prefectures()
            n = int(digits)
            rec = prefs[n - 1] if 1 <= n <= len(prefs) else None
        return rec if rec is not None and rec.is_prefecture else None
    return _index().pref_by_key.get(normalize_name(name))


def _match_in(key: str, pref: CodeRecord | None) -> list[CodeRecord]:
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


def _strip_gun(key: str, pref: CodeRecord | None) -> list[CodeRecord]:
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


def _resolve_within(key: str, pref: CodeRecord) -> list[CodeRecord]:
    """Match ``key`` inside ``pref``: 福島 with 福島県 is 福島市, not the prefecture."""
    idx = _index()
    if not key or key == normalize_name(pref.name):
        return [pref]
    exact = [r for r in idx.muni_by_name.get(key, ()) if r.prefecture_code == pref.prefecture_code]
    found = exact or _strip_gun(key, pref) or _match_in(key, pref)
    if not found and idx.pref_by_key.get(key) == pref:
        return [pref]
    return found


def _resolve_key(key: str) -> list[CodeRecord]:
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


def resolve_all(name: str, prefecture: str | None = None) -> list[CodeRecord]:
    """Every record ``name`` may denote (optionally within ``prefecture``); [] if none."""
    pref: CodeRecord | None = None
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


def resolve(name: str, prefecture: str | None = None) -> CodeRecord | None:
    """The single record ``name`` denotes, or None if unknown or ambiguous."""
    found = resolve_all(name, prefecture)
    return found[0] if len(found) == 1 else None
