"""The one check for characters that must not enter the site: every input path (the case
importer, the search API) asks :func:`forbidden_character` and words its own error.
"""

from __future__ import annotations

import re

from django.utils.text import slugify
from django.utils.translation import gettext as _

# C0 and C1 control characters (Unicode category Cc) except tab, line feed and carriage return,
# which ordinary text contains, and lone surrogates (Cs), which JSON's \ud800 escapes can produce
# and which cannot be encoded as UTF-8. PostgreSQL refuses NUL in text outright; the other
# control characters would be stored, then break HTML, XML feeds and CSV exports.
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def forbidden_character(value: str) -> str | None:
    """A description of the first control character or lone surrogate in ``value`` in the
    active language (「制御文字（NUL）」, 「制御文字（U+001B）」, 「不正な文字（サロゲート U+D800）」),
    or None."""
    match = _FORBIDDEN.search(value)
    if match is None:
        return None
    code = ord(match.group())
    if code == 0:
        return _("制御文字（NUL）")
    if 0xD800 <= code <= 0xDFFF:
        return _("不正な文字（サロゲート U+%(code)04X）") % {"code": code}
    return _("制御文字（U+%(code)04X）") % {"code": code}


def unique_slug(parent, title: str, taken: set[str], fallback: str = "page", *, own=None) -> str:
    """A slug from ``title`` (Japanese kept) that no child of ``parent`` nor ``taken`` has;
    ``own``, a child being renamed, does not count against itself."""
    base = slugify(title, allow_unicode=True)[:70].strip("-") or fallback
    children = parent.get_children()
    if own is not None:
        children = children.exclude(pk=own.pk)
    existing = set(children.values_list("slug", flat=True)) | taken
    slug, n = base, 2
    while slug in existing:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


_index_words = None


def use_index_words(func) -> None:
    """Set how :func:`index_words` cuts text (``SearchConfig.ready``: the site search's
    tokenizer; core imports no project app)."""
    global _index_words
    _index_words = func


def index_words(text: str | None) -> str:
    """``text`` as space-separated words for Wagtail's own search index (the admin's page
    search and chooser), cut by the function :func:`use_index_words` was given."""
    if _index_words is None:
        return text or ""
    return _index_words(text)
