"""Open-data export of cases (CSV and JSON, CC BY 4.0) in the import format, so it re-imports."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from django.utils import timezone

from cases.bodytext import stream_to_body
from core.spreadsheet import guard_formula

LICENSE = "CC BY 4.0"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/deed.ja"
ATTRIBUTION = "自治体DX共創ひろば"
NOTICE = f"{ATTRIBUTION} 事例データ（{LICENSE}、{LICENSE_URL}）"
CSV_COLUMNS = [
    "municipality",
    "prefecture",
    "local_government_code",
    "title",
    "summary",
    "theme",
    "tools",
    "results",
    "year",
    "month",
    "status",
    "department",
    "contact",
    "co_implementers",
    "source_url",
    "url",
    "body",
]


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def result_data(result) -> dict:
    data = {"label": result.label, "value": _number(result.value), "unit": result.unit}
    if result.baseline is not None:
        data["baseline"] = _number(result.baseline)
    for name in ("period", "note"):
        if getattr(result, name):
            data[name] = getattr(result, name)
    return data


def result_text(data: dict) -> str:
    """A result as one CSV string that :func:`parse_result_text` reads back (with its
    before-value: 「問い合わせ件数: 120 → 10 件」)."""
    if data["value"] is None or str(data["value"]) in data["label"].replace(",", ""):
        return data["label"]
    if data.get("baseline") is not None:
        return f"{data['label']}: {data['baseline']} → {data['value']} {data['unit']}".strip()
    return f"{data['label']}: {data['value']} {data['unit']}".strip()


def case_record(page, request=None) -> dict:
    lg = page.local_government
    return {
        "municipality": "" if lg.is_prefecture else lg.name,
        "prefecture": lg.prefecture.name,
        "local_government_code": lg.code,  # 全国地方公共団体コード: names can be ambiguous
        "title": page.title,
        "summary": page.summary,
        "theme": [t.name for t in page.themes.all()],
        "tools": sorted(t.name for t in page.tools.all()),
        "results": [result_data(r) for r in page.results.all()],
        "year": page.start_year,
        "month": page.start_month,
        "status": page.status,
        "department": page.department,
        "contact": page.contact,
        "co_implementers": [c.full_name for c in page.co_implementers],
        "source_url": page.source_url,
        "url": page.get_full_url(request),
        "body": stream_to_body(page.body.get_prep_value()),
    }


def export_queryset(pages):
    return pages.select_related("local_government__prefecture").prefetch_related(
        "themes", "tools", "results", "co_implementer_links__local_government__prefecture"
    )


def to_json(pages, request=None) -> str:
    records = [case_record(p, request) for p in export_queryset(pages)]
    document = {
        "license": LICENSE,
        "license_url": LICENSE_URL,
        "attribution": ATTRIBUTION,
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "count": len(records),
        "cases": records,
    }
    return json.dumps(document, ensure_ascii=False, indent=1)


def to_csv(pages, request=None) -> str:
    """The CSV export; a cell a spreadsheet would run as a formula starts with a single quote,
    which the importer takes away again (:func:`core.spreadsheet.guard_formula`). The first
    line is the header, as spreadsheets and CSV readers expect; the licence travels beside the
    file (the download link, the response's ``Link: rel="license"``), the importer still skips
    the ``#`` lines that earlier exports began with."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for page in export_queryset(pages):
        record = case_record(page, request)
        record["theme"] = ";".join(record["theme"])
        record["tools"] = ";".join(record["tools"])
        record["co_implementers"] = ";".join(record["co_implementers"])
        record["results"] = ";".join(result_text(r) for r in record["results"])
        writer.writerow(
            {k: "" if record[k] is None else guard_formula(str(record[k])) for k in CSV_COLUMNS}
        )
    return out.getvalue()
