"""Import of case studies from JSON or CSV, all or nothing.

Every row is read and validated first; a file with any bad row changes nothing and each bad row is
reported by its line number in Japanese. Valid files are then applied in one transaction: new cases
are created, cases with the same ``source_url`` and ``title`` are updated as a new revision, and
rows whose content is unchanged since the last import are left alone (no new revision). A row the
database still refuses is reported by its line like a validation error and the transaction is
rolled back. A dry run is that same transaction, always rolled back, so it judges a file exactly
as the import does.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from cases.bodytext import body_to_stream
from cases.forms import normalize_tool_name
from core.encoding import decode_text
from core.japanese_dates import parse_era_year
from core.spreadsheet import unguard_formula
from core.text import forbidden_character
from localgov.codes import DESIGNATED_CITY, get_by_code
from localgov.lookup import normalize_name, resolve, resolve_all, resolve_prefecture
from localgov.models import LocalGovernment

FIELDS = (
    "municipality",
    "prefecture",
    "title",
    "summary",
    "theme",
    "tools",
    "results",
    "year",
    "source_url",
    "body",
)
OPTIONAL_FIELDS = (
    "local_government_code",
    "month",
    "status",
    "department",
    "contact",
    "co_implementers",
    "url",
)
HEADER_ALIASES = {
    "自治体": "municipality",
    "自治体名": "municipality",
    "市区町村": "municipality",
    "都道府県": "prefecture",
    "タイトル": "title",
    "事例名": "title",
    "概要": "summary",
    "テーマ": "theme",
    "themes": "theme",
    "ツール": "tools",
    "tool": "tools",
    "成果": "results",
    "result": "results",
    "年": "year",
    "開始年": "year",
    "出典": "source_url",
    "出典url": "source_url",
    "url_source": "source_url",
    "本文": "body",
    "段階": "status",
    "担当課": "department",
    "問い合わせ先": "contact",
    "共同実施自治体": "co_implementers",
    "開始月": "month",
    "団体コード": "local_government_code",
    "自治体コード": "local_government_code",
    "全国地方公共団体コード": "local_government_code",
}
# CSV list fields are separated by ";"; themes and tools also accept 、 and commas, which never
# occur in their names, but a result's text may contain them.
LIST_SEPARATORS = re.compile(r"[;；]")
NAME_SEPARATORS = re.compile(r"[;；、，,|]")
MAX_TITLE = 255
MAX_JSON_DEPTH = 20
"""A case file needs five levels (document, cases, case, results, result); far deeper nesting
is no case file, and Python's own recursion limit must never be what stops it."""
STATUS_ALIASES = {
    "検討中": "considering",
    "検討": "considering",
    "considering": "considering",
    "実証": "pilot",
    "実証実験": "pilot",
    "試行": "pilot",
    "pilot": "pilot",
    "本格運用": "production",
    "運用中": "production",
    "本格導入": "production",
    "production": "production",
    "終了": "ended",
    "ended": "ended",
}


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


@dataclass
class RawRow:
    line: int
    data: dict
    extra_cells: int = 0  # CSV cells beyond the header's columns


@dataclass
class RowError:
    line: int  # 0: the file as a whole
    message: str

    def __str__(self) -> str:
        return f"{self.line}行目: {self.message}"


class ImportFileError(Exception):
    """The file as a whole cannot be read (not JSON/CSV, wrong structure, bad header)."""

    def __init__(self, *errors: RowError | str):
        self.errors = [e if isinstance(e, RowError) else RowError(0, e) for e in errors]
        super().__init__("\n".join(str(e) if e.line else e.message for e in self.errors))


def read_rows(source: str | Path | bytes, *, name: str = "") -> list[RawRow]:
    """Read a JSON array (or an export object with ``cases``) or a CSV file into raw rows."""
    if isinstance(source, str | Path):
        path = Path(source)
        name = name or path.name
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ImportFileError(f"ファイルを開けません: {path} ({exc.strerror})") from exc
    else:
        data = source
    text = _decode(data)
    stripped = text.lstrip()
    if name.lower().endswith(".json") or stripped.startswith(("[", "{")):
        return _read_json(text)
    return _read_csv(text)


def _decode(data: bytes) -> str:
    try:
        return decode_text(data)
    except UnicodeDecodeError:
        raise ImportFileError(
            "文字コードを判別できません（UTF-8 または Shift_JIS で保存してください）。"
        ) from None


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


_TOO_DEEP = f"JSONの入れ子が深すぎます（最大{MAX_JSON_DEPTH}段）。事例の配列にしてください。"


def _read_json(text: str) -> list[RawRow]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(RowError(exc.lineno, f"JSONとして読めません（{exc.msg}）。")) from exc
    except RecursionError:
        raise ImportFileError(_TOO_DEEP) from None
    if _depth_exceeds(document, MAX_JSON_DEPTH):
        raise ImportFileError(_TOO_DEEP)
    if isinstance(document, dict) and isinstance(document.get("cases"), list):
        start = text.index("[", _find_key(text, "cases"))
    elif isinstance(document, list):
        start = text.index("[")
    else:
        raise ImportFileError("JSONは事例の配列（または cases を含むオブジェクト）にしてください。")
    # Walk the array once more to learn the line on which each element starts.
    decoder = json.JSONDecoder()
    rows, index = [], start + 1
    while True:
        while index < len(text) and text[index] in " \t\r\n,":
            index += 1
        if index >= len(text) or text[index] == "]":
            break
        value, end = decoder.raw_decode(text, index)
        rows.append(RawRow(_line_of(text, index), value))
        index = end
    return rows


def _depth_exceeds(document, limit: int) -> bool:
    """True if lists and objects nest deeper than ``limit`` (iteratively, without recursion)."""
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > limit:
                return True
            children = value.values() if isinstance(value, dict) else value
            stack.extend((child, depth + 1) for child in children)
    return False


def _find_key(text: str, key: str) -> int:
    match = re.search(rf'"{re.escape(key)}"\s*:', text)
    return match.end() if match else 0


def _read_csv(text: str) -> list[RawRow]:
    lines = text.splitlines(keepends=True)
    skipped = 0
    while skipped < len(lines) and (lines[skipped].startswith("#") or not lines[skipped].strip()):
        skipped += 1
    reader = csv.reader(io.StringIO("".join(lines[skipped:])))
    header_line = skipped + 1
    try:
        header = next(reader)
    except StopIteration:
        raise ImportFileError("CSVに見出し行がありません。") from None
    except csv.Error:
        raise ImportFileError(RowError(header_line, _CSV_UNREADABLE)) from None
    keys, errors = _header_keys(header, header_line)
    if errors:
        raise ImportFileError(*errors)
    if "title" not in keys:
        raise ImportFileError(
            RowError(
                header_line,
                f"CSVの見出しに title（タイトル）がありません。 見出しは {', '.join(FIELDS)} です。",
            )
        )
    rows = []
    line = skipped + reader.line_num + 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                data = {
                    key: unguard_formula(cell)
                    for key, cell in zip(keys, cells, strict=False)
                    if key
                }
                rows.append(RawRow(line, data, extra_cells=max(0, len(cells) - len(keys))))
            line = skipped + reader.line_num + 1
    except csv.Error:
        raise ImportFileError(RowError(line, _CSV_UNREADABLE)) from None
    return rows


_CSV_UNREADABLE = (
    f"CSVとして読めません（1つのセルは{csv.field_size_limit():,}文字までです。"
    '引用符 " が閉じているかも確認してください）。'
)


def _header_keys(header: list[str], line: int) -> tuple[list[str], list[RowError]]:
    """The field of each header cell ("" for an empty cell), and an error for each cell that
    names no field or the same field as an earlier one: a misspelt header would otherwise
    drop its whole column silently."""
    keys, errors, seen = [], [], {}
    for column, cell in enumerate(header, start=1):
        key = field_key(cell) if cell.strip() else ""
        if key is None:
            errors.append(
                RowError(line, f"見出し「{cell}」（{column}列目）は使えません。{_hint(cell)}")
            )
            key = ""
        elif key in seen:
            errors.append(
                RowError(
                    line,
                    f"見出し「{cell}」（{column}列目）は{seen[key]}列目と同じ項目（{key}）です"
                    "（どちらか一方にしてください）",
                )
            )
            key = ""
        elif key:
            seen[key] = column
        keys.append(key)
    return keys, errors


def _normalize_key(name: str) -> str:
    return unicodedata.normalize("NFKC", name).strip().lower().replace(" ", "_")


_KNOWN_KEYS = (*FIELDS, *OPTIONAL_FIELDS, *HEADER_ALIASES)


def field_key(name: str) -> str | None:
    """The field a CSV header cell or JSON key names (aliases such as 「概要」 and
    ``themes`` included), or None if it names none."""
    key = _normalize_key(name)
    key = HEADER_ALIASES.get(key, key)
    return key if key in FIELDS or key in OPTIONAL_FIELDS else None


def _hint(name: str) -> str:
    """「summary のことですか？」 for the nearest known name, else the list of fields."""
    close = difflib.get_close_matches(_normalize_key(name), _KNOWN_KEYS, n=1, cutoff=0.6)
    if close:
        found = close[0]
        canonical = HEADER_ALIASES.get(found, found)
        return (
            f"{found}（{canonical}）のことですか？"
            if found != canonical
            else f"{found} のことですか？"
        )
    return f"使える項目は {', '.join((*FIELDS, *OPTIONAL_FIELDS))} です。"


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------


@dataclass
class ResultData:
    label: str
    value: str | None = None  # Decimal as a canonical string, for hashing
    unit: str = ""
    baseline: str | None = None
    period: str = ""
    note: str = ""


@dataclass
class CaseData:
    line: int
    local_government_code: str
    co_implementer_codes: list[str]
    title: str
    summary: str
    theme_slugs: list[str]
    tools: list[str]
    results: list[ResultData]
    year: int | None
    month: int | None
    source_url: str
    body: list[dict]
    status: str
    department: str
    contact: str
    warnings: list[str] = field(default_factory=list)

    def key(self) -> tuple[str, str]:
        return (
            (self.source_url, self.title)
            if self.source_url
            else (
                self.local_government_code,
                self.title,
            )
        )

    def content_hash(self) -> str:
        payload = asdict(self)
        payload.pop("line")
        payload.pop("warnings")
        # Order of themes, tools and co-implementers is not content.
        payload["theme_slugs"] = sorted(self.theme_slugs)
        payload["tools"] = sorted(t.casefold() for t in self.tools)
        payload["co_implementer_codes"] = sorted(self.co_implementer_codes)
        encoded = json.dumps(payload, ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(encoded.encode()).hexdigest()


class _Themes:
    """Theme lookup by slug, Japanese or English name, alias, or one part of a 「A/B」 name."""

    def __init__(self):
        from cases.models import Theme

        self.by_key = {}
        for theme in Theme.objects.all():
            keys = [theme.slug, theme.name, theme.name_en, *theme.name.split("/")]
            keys += [a for a in theme.aliases.split(";") if a.strip()]
            for key in keys:
                self.by_key.setdefault(self.normalize(key), theme.slug)

    @staticmethod
    def normalize(value: str) -> str:
        value = unicodedata.normalize("NFKC", value).casefold()
        return re.sub(r"[\s\-_・･/()（）]", "", value)

    def get(self, value: str) -> str | None:
        return self.by_key.get(self.normalize(value))


def _as_list(value, separators: re.Pattern = LIST_SEPARATORS) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part.strip() for part in separators.split(str(value)) if part.strip()]


def _text(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        value = str(value)
    return unicodedata.normalize("NFC", value).strip()


NUMBER = r"[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?"
RESULT_UNITS = (
    "時間",
    "分",
    "日",
    "円",
    "万円",
    "億円",
    "件",
    "人",
    "%",
    "％",
    "枚",
    "ポイント",
    "回",
    "時間/年",
    "円/年",
    "件/年",
)
_TRAILING_VALUE = re.compile(
    rf"^(?P<label>.+?)[\s:：]+(?P<value>{NUMBER})\s*(?P<unit>[^\s\d]{{0,8}})$"
)
_EMBEDDED_VALUE = re.compile(
    rf"(?P<value>{NUMBER})\s*(?P<unit>億円|万円|円|時間|分|日|件|人|%|％|枚|ポイント|回)"
)


def parse_decimal(value) -> Decimal | None:
    """A finite Decimal (InvalidOperation for text that is no number, NaN or Infinity)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InvalidOperation
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        number = Decimal(unicodedata.normalize("NFKC", str(value)).replace(",", "").strip())
    if not number.is_finite():
        raise InvalidOperation
    return number


def _result_decimal(value: Decimal | None, what: str, field_name: str = "value") -> str | None:
    """``value`` rounded to the decimal places of ``CaseResult.<field_name>`` as a canonical
    string (for hashing), or a ValueError naming ``what`` if it has more digits before the point
    than that field holds: the model field sets the limit, so the database never overflows."""
    from cases.models import CaseResult

    if value is None:
        return None
    model_field = CaseResult._meta.get_field(field_name)
    step = Decimal(1).scaleb(-model_field.decimal_places)
    bound = Decimal(10) ** (model_field.max_digits - model_field.decimal_places)
    # Compared before rounding too: quantize() itself fails on a number of 28 digits and more.
    if abs(value) >= bound or abs(rounded := value.quantize(step)) >= bound:
        raise ValueError(f"{what}が大きすぎます（最大 {bound - step:,}）")
    return str(rounded)


def _scale(value: Decimal, unit: str) -> tuple[Decimal, str]:
    """万円 and 億円 become 円 so that amounts compare."""
    factors = {"万円": Decimal(10_000), "億円": Decimal(100_000_000)}
    for prefix, factor in factors.items():
        if unit.startswith(prefix):
            return value * factor, "円" + unit[len(prefix) :]
    return value, unit


def parse_result_text(text: str) -> ResultData:
    """「年間削減時間 3000 時間/年」 or 「年間約3,000時間削減」 or 「住民満足度が向上」
    (ValueError if the number is larger than a result holds)."""
    text = " ".join(unicodedata.normalize("NFKC", text).split())
    match = _TRAILING_VALUE.match(text)
    if match and (match.group("unit") in RESULT_UNITS or match.group("unit") == ""):
        label = match.group("label")
        value, unit = _scale(parse_decimal(match.group("value")), match.group("unit"))
        return ResultData(label, _result_decimal(value, f"成果「{label}」の値"), unit)
    embedded = list(_EMBEDDED_VALUE.finditer(text))
    if len(embedded) == 1:
        found = embedded[0]
        value, unit = _scale(parse_decimal(found.group("value")), found.group("unit"))
        if unit in ("時間", "円", "件") and re.search(r"年間|毎年|/年|1年", text):
            unit += "/年"
        return ResultData(
            text, _result_decimal(value, f"成果「{text}」の値"), unit.replace("％", "%")
        )
    return ResultData(text)


def _parse_result(item) -> ResultData:
    if isinstance(item, str):
        return parse_result_text(item)
    if not isinstance(item, dict):
        raise ValueError("成果は文字列か {label, value, unit} の形にしてください")
    label = _text(item.get("label"))
    if not label:
        raise ValueError("成果に label（項目名）がありません")
    what = {"value": f"成果「{label}」の値", "baseline": f"成果「{label}」の導入前の値（baseline）"}
    numbers = {}
    for name in what:
        try:
            numbers[name] = parse_decimal(item.get(name))
        except (InvalidOperation, ValueError):
            raise ValueError(f"{what[name]}が数値ではありません: {item.get(name)!r}") from None
    given_unit = unicodedata.normalize("NFKC", _text(item.get("unit"))).replace("／", "/")
    unit = given_unit
    for name, number in numbers.items():
        if number is not None:  # the baseline is in the value's unit: 万円 becomes 円 for both
            numbers[name], unit = _scale(number, given_unit)
    return ResultData(
        label[:200],
        _result_decimal(numbers["value"], what["value"]),
        unit[:20],
        _result_decimal(numbers["baseline"], what["baseline"], "baseline"),
        _text(item.get("period"))[:50],
        _text(item.get("note"))[:300],
    )


_YEAR_RE = re.compile(
    r"^(?P<year>\d{4})(?:年度?|[-/.](?P<month>\d{1,2}).*|年(?P<month2>\d{1,2})月.*)?$"
)


def parse_year(value) -> tuple[int | None, int | None]:
    """2021 / "2021年" / "2021年度" / "2021-04" / "令和3年" / "R3" → (year, month)."""
    if value is None or value == "":
        return None, None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        year, month = value, None
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip().replace(" ", "")
        match = _YEAR_RE.match(text)
        era_year = parse_era_year(text)
        if match:
            year = int(match.group("year"))
            month_text = match.group("month") or match.group("month2")
            month = int(month_text) if month_text else None
        elif era_year is not None:
            year, month = era_year, None
        else:
            raise ValueError
    if not 1990 <= year <= 2100 or (month is not None and not 1 <= month <= 12):
        raise ValueError
    return year, month


class Validator:
    def __init__(self):
        self.themes = _Themes()

    def resolve_local_government(self, municipality: str, prefecture: str, code: str = ""):
        """(code, co-implementer codes) or a ValueError with a Japanese message. A 全国地方公共団体
        コード (``code``) identifies the local government; the names, if given, must agree."""
        if code:
            return self._resolve_code(code, municipality, prefecture)
        pref = resolve_prefecture(prefecture) if prefecture else None
        if prefecture and pref is None:
            raise ValueError(
                f"都道府県「{prefecture}」が見つかりません"
                "（都道府県名か、1〜47の都道府県コードを数字で書いてください）"
            )
        if not municipality or (
            pref
            and normalize_name(municipality)
            in {
                normalize_name(pref.name),
                normalize_name(pref.name + "庁"),
            }
        ):
            if pref is None:
                raise ValueError("自治体（municipality）と都道府県（prefecture）が空です")
            return pref.code, []
        found = resolve(municipality, pref.name if pref else None)
        if found is None:
            found = self._resolve_ward(municipality, pref)
        if found is not None:
            return found.code, []
        parts = [p for p in re.split(r"[・、,，;；/／]", municipality) if p.strip()]
        if len(parts) > 1:
            codes = [self.resolve_local_government(p.strip(), prefecture)[0] for p in parts]
            return codes[0], codes[1:]
        candidates = resolve_all(municipality, pref.name if pref else None)
        if len(candidates) > 1:
            names = "、".join(c.full_name for c in candidates[:5])
            raise ValueError(
                f"自治体「{municipality}」が複数あります（{names}）。prefecture を指定してください"
            )
        where = f"{pref.name}に" if pref else ""
        raise ValueError(f"自治体「{municipality}」が{where}見つかりません")

    def _resolve_code(self, code: str, municipality: str, prefecture: str):
        found = get_by_code(code)
        if found is None:
            raise ValueError(
                f"団体コード（local_government_code）「{code}」に該当する自治体がありません"
                "（6桁の全国地方公共団体コードを数字で書いてください）"
            )
        if not municipality and not prefecture:
            return found.code, []
        try:
            named, co_codes = self.resolve_local_government(municipality, prefecture)
        except ValueError:  # unknown, or ambiguous (伊達市) and the code says which one
            candidates = resolve_all(municipality, prefecture) if municipality else []
            named, co_codes = (found.code, []) if found in candidates else ("", [])
        if named != found.code:
            given = " ".join(p for p in (prefecture, municipality) if p)
            raise ValueError(
                f"団体コード（local_government_code）「{code}」は{found.full_name}ですが、"
                f"自治体（municipality・prefecture）は「{given}」です"
            )
        return found.code, co_codes

    @staticmethod
    def _resolve_ward(municipality: str, pref):
        """A ward of a designated city (札幌市中央区) belongs to its city."""
        match = re.match(r"^(.+?市).+区$", unicodedata.normalize("NFKC", municipality).strip())
        if not match:
            return None
        found = resolve(match.group(1), pref.name if pref else None)
        if found is not None and found.kind == DESIGNATED_CITY:
            return found
        return None

    @staticmethod
    def _fields(row: dict) -> tuple[dict, list[str], bool]:
        """The row's values by field name; an error for each key that names no field (or one
        already given) and for each value with a control character; whether any value had one
        (such a row is not validated further)."""
        data, errors, given, forbidden = {}, [], {}, False
        for name, value in row.items():
            key = field_key(str(name))
            if key is None:
                errors.append(f"項目「{name}」は使えません。{_hint(str(name))}")
            elif key in given:
                errors.append(
                    f"項目「{name}」は「{given[key]}」と同じ項目です（どちらか一方にしてください）"
                )
            elif found := _forbidden_in(value):
                errors.append(f"{key} に{found}が含まれています")
                forbidden = True
            else:
                given[key] = name
                data[key] = value
        return data, errors, forbidden

    def validate(self, raw: RawRow) -> CaseData | list[str]:
        if not isinstance(raw.data, dict):
            return ["事例はオブジェクト（{...}）にしてください"]
        data, errors, forbidden = self._fields(raw.data)
        if forbidden:
            return errors
        warnings: list[str] = []
        if raw.extra_cells:
            errors.append("見出しより列が多い行です（区切りの , を確認してください）")
        title = " ".join(_text(data.get("title")).split())
        if not title:
            errors.append("タイトル（title）がありません")
        elif len(title) > MAX_TITLE:
            errors.append(f"タイトルが長すぎます（{len(title)}文字、最大{MAX_TITLE}文字）")
        municipality = _text(data.get("municipality"))
        prefecture = _text(data.get("prefecture"))
        code, co_codes = "", []
        try:
            code, co_codes = self.resolve_local_government(
                municipality, prefecture, _text(data.get("local_government_code"))
            )
        except ValueError as exc:
            errors.append(str(exc))
        for name in _as_list(data.get("co_implementers"), NAME_SEPARATORS):
            found = resolve(name)
            if found is None:
                errors.append(f"共同実施自治体「{name}」が見つかりません")
            elif found.code != code and found.code not in co_codes:
                co_codes.append(found.code)
        theme_slugs: list[str] = []
        for name in _as_list(data.get("theme"), NAME_SEPARATORS):
            slug = self.themes.get(name)
            if slug is None:
                errors.append(f"テーマ「{name}」は登録されていません")
            elif slug not in theme_slugs:
                theme_slugs.append(slug)
        if not theme_slugs and not any("テーマ" in e for e in errors):
            # The case form requires a theme: a case without one could not be edited and saved.
            errors.append("テーマ（theme）がありません（1つ以上指定してください）")
        tools: list[str] = []
        for name in _as_list(data.get("tools"), NAME_SEPARATORS):
            cleaned = normalize_tool_name(name)[:100]
            if cleaned and cleaned.casefold() not in {t.casefold() for t in tools}:
                tools.append(cleaned)
        results: list[ResultData] = []
        raw_results = data.get("results")
        items = raw_results if isinstance(raw_results, list) else _as_list(raw_results)
        for item in items:
            try:
                results.append(_parse_result(item))
            except ValueError as exc:
                errors.append(str(exc))
        year = month = None
        try:
            year, month = parse_year(data.get("year"))
        except (ValueError, TypeError):
            errors.append(f"年（year）を読めません: {data.get('year')!r}（例: 2021）")
        if data.get("month") not in (None, ""):
            try:
                month = int(unicodedata.normalize("NFKC", str(data["month"])).rstrip("月"))
                if not 1 <= month <= 12:
                    raise ValueError
            except ValueError:
                errors.append(f"月（month）を読めません: {data.get('month')!r}")
        source_url = _text(data.get("source_url"))
        if source_url and not re.match(r"^https?://[^\s/$.?#].[^\s]*$", source_url):
            errors.append(f"出典URL（source_url）が正しくありません: {source_url}")
        elif len(source_url) > 500:
            errors.append("出典URLが長すぎます（最大500文字）")
        status_text = _text(data.get("status")) or "production"
        status = STATUS_ALIASES.get(unicodedata.normalize("NFKC", status_text).casefold())
        if status is None:
            errors.append(
                f"段階（status）「{status_text}」は 検討中・実証・本格運用・終了 のいずれかです"
            )
        body = data.get("body")
        if body is not None and not isinstance(body, str):
            errors.append("本文（body）は文字列にしてください")
            body = ""
        if errors:
            return errors
        return CaseData(
            line=raw.line,
            local_government_code=code,
            co_implementer_codes=co_codes,
            title=title,
            summary=_text(data.get("summary")),
            theme_slugs=theme_slugs,
            tools=tools,
            results=results,
            year=year,
            month=month,
            source_url=source_url,
            body=body_to_stream(body) if body else [],
            status=status,
            department=_text(data.get("department"))[:100],
            contact=_text(data.get("contact"))[:200],
            warnings=warnings,
        )


def _forbidden_in(value) -> str | None:
    """:func:`core.text.forbidden_character` over a value and the lists and objects in it."""
    if isinstance(value, str):
        return forbidden_character(value)
    if isinstance(value, dict):
        value = [*value, *value.values()]
    if isinstance(value, list):  # nested at most MAX_JSON_DEPTH deep (checked when reading)
        return next((found for item in value if (found := _forbidden_in(item))), None)
    return None


def validate_rows(rows: list[RawRow]) -> tuple[list[CaseData], list[RowError]]:
    validator = Validator()
    items, errors, seen = [], [], {}
    for raw in rows:
        outcome = validator.validate(raw)
        if isinstance(outcome, list):
            errors.extend(RowError(raw.line, message) for message in outcome)
            continue
        if outcome.key() in seen:
            errors.append(
                RowError(
                    raw.line, f"{seen[outcome.key()]}行目と同じ事例です（出典URLとタイトルが同じ）"
                )
            )
            continue
        seen[outcome.key()] = raw.line
        items.append(outcome)
    return items, errors


# ---------------------------------------------------------------------------
# Applying
# ---------------------------------------------------------------------------


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def find_existing(item: CaseData, index_page):
    from cases.models import CasePage

    pages = CasePage.objects.descendant_of(index_page).filter(title=item.title)
    if item.source_url:
        return pages.filter(source_url=item.source_url).first()
    return pages.filter(source_url="", local_government__code=item.local_government_code).first()


def _tools(names: list[str]):
    from cases.models import Tool

    tools = []
    for name in names:
        tool = Tool.objects.filter(name__iexact=name).first()
        if tool is None:
            tool = Tool.objects.create(name=name)
        tools.append(tool)
    return tools


def _fill(page, item: CaseData, lgs: dict, themes: dict) -> None:
    from cases.models import CaseCoImplementer, CaseResult

    page.title = item.title
    page.summary = item.summary
    page.local_government = lgs[item.local_government_code]
    page.co_implementer_links = [
        CaseCoImplementer(local_government=lgs[c], sort_order=i)
        for i, c in enumerate(item.co_implementer_codes)
    ]
    page.themes.set([themes[s] for s in item.theme_slugs])
    page.tools.set(_tools(item.tools))
    page.results = [
        CaseResult(
            label=r.label,
            value=Decimal(r.value) if r.value is not None else None,
            unit=r.unit,
            baseline=Decimal(r.baseline) if r.baseline is not None else None,
            period=r.period,
            note=r.note,
            # Orderable rows keep the file's order; without it they come back in heap order.
            sort_order=i,
        )
        for i, r in enumerate(item.results)
    ]
    page.start_year = item.year
    page.start_month = item.month
    page.source_url = item.source_url
    page.body = item.body
    page.status = item.status
    page.department = item.department
    page.contact = item.contact
    page.import_hash = item.content_hash()
    if item.source_url and not list(page.sources.all()):
        from cases.models import CaseSource

        page.sources = [CaseSource(title="出典", url=item.source_url, sort_order=0)]


def unique_slug(parent, title: str, taken: set[str]) -> str:
    from django.utils.text import slugify

    base = slugify(title, allow_unicode=True)[:70].strip("-") or "case"
    existing = set(parent.get_children().values_list("slug", flat=True)) | taken
    slug, n = base, 2
    while slug in existing:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _apply_one(item: CaseData, index_page, lgs, themes, taken_slugs, user, publish) -> str:
    """Create, update or leave one case; which of the three it was."""
    from cases.models import CasePage

    page = find_existing(item, index_page)
    if page is not None and page.import_hash == item.content_hash():
        return "unchanged"
    if page is None:
        page = CasePage(
            slug=unique_slug(index_page, item.title, taken_slugs), live=False, owner=user
        )
        _fill(page, item, lgs, themes)
        index_page.add_child(instance=page)
        outcome = "created"
    else:
        page = page.get_latest_revision_as_object()
        _fill(page, item, lgs, themes)
        outcome = "updated"
    revision = page.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
    return outcome


def _refusal(exc: DatabaseError | ValidationError) -> str:
    if isinstance(exc, ValidationError):
        return f"事例として保存できませんでした（{'、'.join(exc.messages)}）"
    detail = next((line.strip() for line in str(exc).splitlines() if line.strip()), "")
    return f"データベースに保存できませんでした（{detail or type(exc).__name__}）"


def apply(
    items: list[CaseData],
    index_page,
    *,
    user=None,
    publish: bool = True,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Create or update the cases in one transaction; unchanged rows get no new revision.

    Each row runs in a savepoint: a row the database refuses is reported by its line (the other
    rows are still tried) and the whole transaction is then rolled back, as it always is for a
    ``dry_run``. The on-commit work of a rolled-back transaction (search indexing) never runs.
    """
    from cases.models import Theme

    report = ImportReport()
    codes = {i.local_government_code for i in items} | {
        c for i in items for c in i.co_implementer_codes
    }
    lgs = {lg.code: lg for lg in LocalGovernment.objects.filter(code__in=codes)}
    themes = {t.slug: t for t in Theme.objects.all()}
    taken_slugs: set[str] = set()
    with transaction.atomic():
        for done, item in enumerate(items, start=1):
            try:
                with transaction.atomic():
                    outcome = _apply_one(item, index_page, lgs, themes, taken_slugs, user, publish)
            except (DatabaseError, ValidationError) as exc:
                report.errors.append(RowError(item.line, _refusal(exc)))
                _forget_rolled_back_children(index_page)
            else:
                setattr(report, outcome, getattr(report, outcome) + 1)
            report.warnings.extend(RowError(item.line, w) for w in item.warnings)
            if progress:
                progress(done, len(items))
        rolled_back = dry_run or not report.ok
        if rolled_back:
            transaction.set_rollback(True)
    if rolled_back:
        _forget_rolled_back_children(index_page)
    return ImportReport(errors=report.errors) if report.errors else report


def _forget_rolled_back_children(index_page) -> None:
    """``add_child`` counts each new child in the parent object held in memory; after a
    rollback that count is read again, or the next ``add_child`` would take a wrong path."""
    index_page.refresh_from_db(fields=["numchild"])


def import_file(
    source,
    index_page,
    *,
    user=None,
    publish: bool = True,
    dry_run: bool = False,
    name: str = "",
    progress=None,
) -> ImportReport:
    """Read, validate and apply a file; a ``dry_run`` or any bad row leaves everything as it was.

    A dry run is the real apply, rolled back, so that it judges a file exactly as the import does
    (and counts new, updated and unchanged cases the same way)."""
    try:
        rows = read_rows(source, name=name)
    except ImportFileError as exc:
        return ImportReport(errors=exc.errors)
    items, errors = validate_rows(rows)
    if errors:
        return ImportReport(errors=errors)
    return apply(items, index_page, user=user, publish=publish, dry_run=dry_run, progress=progress)
