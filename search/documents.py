"""What one page gives to search: :class:`Document`, built from the page's text and filters
and its type's :class:`~search.registry.SearchSpec` (labels, text hook).

A page type joins search by inheriting ``core.models.BasePage`` (``site_search = True``);
nothing here knows a section.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from django.utils import translation

from core.models import BasePage
from core.visibility import is_visible
from search import registry
from search import text as jtext

CHUNK_CHARS = 400
"""Body text is cut into chunks of at most this many characters, on sentence boundaries."""


@dataclass
class Document:
    """What one page gives to search."""

    page_id: int
    content_type_id: int
    page_type: str
    title: str
    head: str  # title and summary: the high-weight keyword text (and chunk 0 by default)
    text: str  # everything (get_search_text())
    filters: dict
    labels: dict
    chunks: list[str] = field(default_factory=list)
    keywords: str = ""  # keyword-only words (SearchSpec.keywords)
    summary: str = ""

    @property
    def keyword_text(self) -> str:
        """The body text of the keyword index: the page's text and its keyword-only words."""
        return f"{self.text}\n{self.keywords}" if self.keywords else self.text

    @property
    def snippet_text(self) -> str:
        """The text that snippets are cut from: the page text from its summary on. What a
        page type puts between its title and summary (a case's place, themes and tools) is
        shown beside a result as its labels, so a snippet does not spend its characters on
        them; a page without a summary loses only its leading title."""
        body = self.text
        start = body.find(self.summary) if self.summary else -1
        if start >= 0:
            return body[start:]
        if self.title and body.startswith(self.title):
            body = body[len(self.title) :].lstrip()
        return body


def is_indexable(page) -> bool:
    """A live page of a type that declares what it gives to search (not a navigation page),
    visible to anyone (no view restriction, no unpublished ancestor)."""
    if page is None or not isinstance(page, BasePage) or not page.site_search:
        return False
    return not page.expired and is_visible(page)


def content_hash(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


def build_document(page) -> Document:
    title = (page.title or "").strip()
    summary = (getattr(page, "summary", "") or "").strip()
    spec = registry.spec_for(page)
    text = (spec.text(page) if spec.text else page.get_search_text()) or title
    raw = spec.filters(page) if spec.filters else page.get_search_filters()
    filters = _jsonable(raw or {})
    head = "\n".join(p for p in (title, summary) if p)
    vector_head = (spec.head(page) or "").strip() if spec.head else ""
    chunks = [vector_head or head or title] + jtext.chunk_text(text, CHUNK_CHARS)
    keywords = (spec.keywords(page) or "").strip() if spec.keywords else ""
    return Document(
        page_id=page.pk,
        content_type_id=page.content_type_id,
        page_type=page._meta.label_lower,
        title=title,
        head=head,
        text=text,
        filters=filters,
        labels=_labels(spec, filters),
        chunks=[c for c in chunks if c.strip()],
        keywords=keywords,
        summary=summary,
    )


LABEL_LANGUAGES = ("en",)
"""Besides Japanese, the languages whose labels are stored with a row (under their code)."""


def _labels(spec, filters: dict) -> dict:
    """The type's labels in Japanese, whatever the language of the request that saved the
    page, and under ``"en"`` those that differ in English (read by
    :func:`search.results.localized_labels`)."""
    if not spec.labels:
        return {}
    with translation.override("ja"):
        labels = _jsonable(spec.labels(filters) or {})
    for language in LABEL_LANGUAGES:
        with translation.override(language):
            other = _jsonable(spec.labels(filters) or {})
        changed = {k: v for k, v in other.items() if v != labels.get(k)}
        if changed:
            labels[language] = changed
    return labels


def _jsonable(filters: dict) -> dict:
    """Filter values as JSON (lists stay lists, None is dropped)."""
    out = {}
    for key, value in filters.items():
        if value is None:
            continue
        if isinstance(value, (set, tuple)):
            value = sorted(value)
        out[str(key)] = value
    return json.loads(json.dumps(out, default=str))
