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
import io
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from cases.input import CaseData, CaseInputForm, Vocabulary
from cases.models import CaseCoImplementer, CasePage, CaseResult, CaseSource, Theme, Tool
from core.encoding import decode_text
from core.spreadsheet import unguard_formula
from core.text import forbidden_character, unique_slug
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
MAX_JSON_DEPTH = 20
"""A case file needs five levels (document, cases, case, results, result); far deeper nesting
is no case file, and Python's own recursion limit must never be what stops it."""


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
# Validation: the row's keys here, its values by the case input form
# ---------------------------------------------------------------------------


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


def validate_row(raw: RawRow, vocabulary: Vocabulary | None = None) -> CaseData | list[str]:
    """The row as a case, or its messages (keys first, then the form's in field order)."""
    if not isinstance(raw.data, dict):
        return ["事例はオブジェクト（{...}）にしてください"]
    data, errors, forbidden = _fields(raw.data)
    if forbidden:
        return errors
    if raw.extra_cells:
        errors.append("見出しより列が多い行です（区切りの , を確認してください）")
    form = CaseInputForm(data, vocabulary=vocabulary)
    if not form.is_valid():
        return errors + form.error_list()
    return errors or form.case_data(raw.line)


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
    vocabulary = Vocabulary()
    items, errors, seen = [], [], {}
    for raw in rows:
        outcome = validate_row(raw, vocabulary)
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
    pages = CasePage.objects.descendant_of(index_page).filter(title=item.title)
    if item.source_url:
        return pages.filter(source_url=item.source_url).first()
    return pages.filter(source_url="", local_government__code=item.local_government_code).first()


def _tools(names: list[str]):
    tools = []
    for name in names:
        tool = Tool.objects.filter(name__iexact=name).first()
        if tool is None:
            tool = Tool.objects.create(name=name)
        tools.append(tool)
    return tools


def fill_page(page, item: CaseData, lgs: dict, themes: dict) -> None:
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
    previous_url = page.source_url
    page.source_url = item.source_url
    page.body = item.body
    page.status = item.status
    page.department = item.department
    page.contact = item.contact
    page.import_hash = item.content_hash()
    sources = list(page.sources.all())
    if not sources:
        if item.source_url:
            page.sources = [CaseSource(title="出典", url=item.source_url, sort_order=0)]
    elif previous_url and previous_url != item.source_url:
        # A corrected source address replaces the old one in the listed sources too; other
        # sources an editor added stay as they are.
        kept = []
        for source in sources:
            if source.url == previous_url:
                if not item.source_url:
                    continue
                source.url = item.source_url
            kept.append(source)
        page.sources = kept


def _apply_one(item: CaseData, index_page, lgs, themes, taken_slugs, user, publish) -> str:
    """Create, update or leave one case; which of the three it was."""
    page = find_existing(item, index_page)
    if page is not None and page.import_hash == item.content_hash():
        return "unchanged"
    if page is None:
        page = CasePage(
            slug=unique_slug(index_page, item.title, taken_slugs, "case"), live=False, owner=user
        )
        fill_page(page, item, lgs, themes)
        index_page.add_child(instance=page)
        outcome = "created"
    else:
        page = page.get_latest_revision_as_object()
        fill_page(page, item, lgs, themes)
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
