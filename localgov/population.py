"""The e-Stat population reader: population and reference date per local government from an
e-Stat-style CSV (国勢調査, 住民基本台帳). Used by ``manage.py import_population``.

Pure Python (no Django imports).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable
from datetime import date
from typing import IO, NamedTuple

from core.encoding import decode_text
from core.japanese_dates import parse_japanese_date
from localgov.codes import get_by_code, is_valid_code


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


def parse_population_csv(file_obj: IO[bytes] | IO[str] | bytes | str) -> PopulationCSVResult:
    """Parse an e-Stat-style population CSV (UTF-8 ± BOM, UTF-16 or Shift_JIS/cp932).

    Lines before the header row are ignored. Bad rows go to ``errors`` as
    ``(line_number, message)``; the only exception is a ValueError when no header
    row (code column + population column) exists. The national total (code 00000)
    and note lines are skipped silently; a repeated code keeps the first row.
    """
    data = file_obj if isinstance(file_obj, bytes | str) else file_obj.read()
    text = decode_text(data, errors="replace")
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
