"""Wagtail's own search (the admin's page search and page chooser, its ``.search()`` and
``.autocomplete()``) for Japanese text.

PostgreSQL's text search cuts words at spaces and punctuation, so Wagtail's database backend
indexed a title such as 「金沢市の窓口予約をLoGoフォームで受け付けた」 as one word: an organiser
choosing the cases presented at a forum found it by its first characters only, never by 「窓口」 or
「LoGo」. Pages therefore also index their title and summary as the site search's tokens
(``BasePage.title_words`` / ``summary_words``, space-joined), and this backend cuts a query with
the same tokenizer before it becomes a tsquery: every word must match (a compound word, or all its
parts), and while typing the last one matches as a prefix. Everything else is Wagtail's PostgreSQL backend."""

from __future__ import annotations

from functools import reduce

from django.contrib.postgres.search import SearchQuery
from modelsearch.backends.database.postgres.postgres import (
    PostgresAutocompleteQueryCompiler,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
)
from modelsearch.backends.database.postgres.query import Lexeme
from modelsearch.query import PlainText

from search import text as jtext


class _JapaneseQueryMixin:
    def build_tsquery_content(self, query, config=None, invert=False):
        if not isinstance(query, PlainText):
            return super().build_tsquery_content(query, config=config, invert=invert)
        groups = jtext.query_word_groups(query.query_string)
        if not groups:
            return None
        lexemes = []
        for n, (word, parts) in enumerate(groups, start=1):
            prefix = self.LAST_TERM_IS_PREFIX and n == len(groups)
            lexeme = Lexeme(word, invert=invert, prefix=prefix)
            if parts and not invert:  # a compound also matches as its parts
                *first, end = parts
                split = [Lexeme(p, invert=invert) for p in first]
                split.append(Lexeme(end, invert=invert, prefix=prefix))
                lexeme = lexeme | reduce(lambda a, b: a & b, split)
            lexemes.append(lexeme)
        if query.operator == "and":
            combined = reduce(lambda a, b: a & b, lexemes)
        else:
            combined = reduce(lambda a, b: a | b, lexemes)
        return SearchQuery(combined, search_type="raw", config=config)


class JapaneseSearchQueryCompiler(_JapaneseQueryMixin, PostgresSearchQueryCompiler):
    pass


class JapaneseAutocompleteQueryCompiler(_JapaneseQueryMixin, PostgresAutocompleteQueryCompiler):
    pass


class JapaneseSearchBackend(PostgresSearchBackend):
    query_compiler_class = JapaneseSearchQueryCompiler
    autocomplete_query_compiler_class = JapaneseAutocompleteQueryCompiler


SearchBackend = JapaneseSearchBackend
