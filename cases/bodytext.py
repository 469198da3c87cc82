"""The case body as plain text and back: 【課題】-style headings map to the sections of
:class:`cases.blocks.CaseBodyBlock`. The importer reads bodies with :func:`body_to_stream`; the
export, the search text and the duplicate check write them with :func:`stream_to_body`."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from django.utils.html import strip_tags

from cases.blocks import SECTION_CHOICES

SECTION_BY_LABEL = {str(label): kind for kind, label in SECTION_CHOICES}
SECTION_BY_LABEL.update({"工夫": "lessons", "苦労": "lessons", "工夫と苦労": "lessons"})
SECTION_LABEL_BY_KIND = {kind: str(label) for kind, label in SECTION_CHOICES}


def body_to_stream(text: str) -> list[dict]:
    """Plain text with 【課題】-style headings into CaseBodyBlock data."""
    blocks: list[dict] = []
    section: dict | None = None
    for paragraph in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        lines = [line.strip() for line in paragraph.split("\n") if line.strip()]
        while lines:
            heading = re.fullmatch(r"[【\[■#]+\s*(.+?)\s*[】\]]?", lines[0])
            if (
                heading
                and len(lines[0]) <= 40
                and (lines[0].startswith(("【", "[")) or lines[0].startswith(("■", "#")))
            ):
                label = heading.group(1)
                kind = SECTION_BY_LABEL.get(label)
                if kind:
                    section = {"type": "section", "value": {"kind": kind, "text": ""}}
                    blocks.append(section)
                else:
                    section = None
                    blocks.append({"type": "heading", "value": {"text": label[:80]}})
                lines = lines[1:]
                continue
            html_paragraph = "<p>" + "<br/>".join(html.escape(line) for line in lines) + "</p>"
            if section is not None:
                section["value"]["text"] += html_paragraph
            else:
                blocks.append({"type": "paragraph", "value": html_paragraph})
            lines = []
    return [b for b in blocks if b["type"] != "section" or b["value"]["text"]]


def stream_to_body(stream_data: Iterable[dict]) -> str:
    """The inverse of :func:`body_to_stream`, for exports."""
    parts = []
    for block in stream_data:
        kind, value = block["type"], block["value"]
        if kind == "section":
            parts.append(f"【{SECTION_LABEL_BY_KIND.get(value['kind'], value['kind'])}】")
            parts.extend(_html_paragraphs(value["text"]))
        elif kind == "heading":
            parts.append(f"【{value['text']}】")
        elif kind == "paragraph":
            parts.extend(_html_paragraphs(value))
        elif kind == "quote":
            parts.append(value.get("text", ""))
    return "\n\n".join(p for p in parts if p)


def _html_paragraphs(markup: str) -> list[str]:
    paragraphs = re.split(r"</p>\s*", markup)
    result = []
    for paragraph in paragraphs:
        text = re.sub(r"<br\s*/?>", "\n", paragraph)
        text = html.unescape(strip_tags(text)).strip()
        if text:
            result.append(text)
    return result
