"""Result objects: what the search page, the JSON API, the commands and similar pages give for
one page. ``{id, title, url, type, <result fields>, score, snippet}``, where the result fields
are the label keys the page types declared (``search.registry``; ``""`` when a page has none)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.utils.translation import get_language
from wagtail.models import Page

from search import prepared, registry
from search import text as jtext
from search.db import VISIBLE_SQL, json_value


class PageUrls:
    """Pages' URLs as ``Page.get_url`` gives them (relative for a single site, URL-encoded),
    from the id and url_path already read with the results, without another query. One
    ``Page`` instance serves a whole result list: making one costs twice as much as the URL
    (30 against 14 µs), which for ten results would add 0.4 ms to every search."""

    def __init__(self):
        self._page = Page()

    def __call__(self, page_id: int, url_path: str) -> str | None:
        self._page.id, self._page.url_path = page_id, url_path
        return self._page.get_url()


def page_url(page_id: int, url_path: str) -> str | None:
    """One page's URL (see :class:`PageUrls`)."""
    return PageUrls()(page_id, url_path)


def result_item(
    pid, title, url_path, page_type, labels, score, snippet, urls: PageUrls | None = None
) -> dict:
    """One result as the page, the JSON endpoint and the commands give it."""
    item = {
        "id": pid,
        "title": title,
        "url": (urls or page_url)(pid, url_path),
        "type": type_slug(page_type),
    }
    labels = localized_labels(labels)
    for name in registry.result_fields():
        value = labels.get(name, "")
        # a label of several names ({slug: name}, a case's themes) is given as their list
        item[name] = list(value.values()) if isinstance(value, dict) else value
    item["score"] = round(float(score), 6)
    item["snippet"] = snippet
    return item


def localized_labels(labels: dict) -> dict:
    """A row's labels in the active language: the stored Japanese ones, with the English ones
    over them when English is active (``search.documents.LABEL_LANGUAGES``)."""
    language = (get_language() or "ja").split("-")[0]
    other = labels.get(language) if language != "ja" else None
    return {**labels, **other} if isinstance(other, dict) else labels


def place(item: dict) -> str:
    """The first non-empty result field of a result (a case's municipality, else its
    prefecture), for one-line listings."""
    return next((item[name] for name in registry.result_fields() if item.get(name)), "")


def type_slug(page_type: str) -> str:
    """``cases.casepage`` -> ``case``, ``diary.diaryentrypage`` -> ``diaryentry``."""
    model = page_type.rsplit(".", 1)[-1]
    return model[: -len("page")] if model.endswith("page") and len(model) > 4 else model


def present(
    ranked: Sequence[tuple[int, float]], terms: Sequence[str], *, snippet_chars: int = 160
) -> list[dict]:
    """Result objects for ``ranked`` (in that order), in one query."""
    ids = [pid for pid, _ in ranked]
    if not ids:
        return []
    with connection.cursor() as cur:
        prepared.execute(
            cur,
            f"""
            SELECT p.id, p.title, p.url_path, t.page_type, t.labels, t.text
            FROM search_pagesearchtext t JOIN wagtailcore_page p ON p.id = t.page_id
            WHERE t.page_id = ANY(%s::integer[]) AND {VISIBLE_SQL}
            """,
            [ids],
        )
        rows = {row[0]: row for row in cur.fetchall()}
    out = []
    urls = PageUrls()
    for pid, score in ranked:
        row = rows.get(pid)
        if row is None:
            continue
        _, title, url_path, page_type, labels, body = row
        labels = json_value(labels) or {}
        out.append(
            result_item(
                pid,
                title,
                url_path,
                page_type,
                labels,
                score,
                jtext.highlight(body, list(terms), snippet_chars),
                urls,
            )
        )
    return out
