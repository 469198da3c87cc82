"""Query parsing: the cleaned query, its keyword terms (with the glossary's Japanese words for
an English query) and its embedding."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from search import caches, glossary
from search import text as jtext
from search.embedding import EmbeddingBackend
from search.serving import serving_backend

MODES = ("hybrid", "keyword", "semantic")
CANDIDATES = 100
"""How many pages each ranking contributes to the fusion."""

TRANSLATION_WEIGHT = 0.5
"""Weight of the glossary's Japanese words in the query vector of an English query."""


@dataclass
class Query:
    text: str
    terms: list[str]
    _vector: np.ndarray | None = None
    backend: EmbeddingBackend | None = None
    japanese: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, raw: str | None) -> Query:
        """The cleaned query and its keyword terms: its own tokens, then the tokens of the
        Japanese words for its English words (``search.glossary``)."""
        q = jtext.clean_query(raw)
        terms = [t for t in jtext.to_tsquery_terms(q) if t not in glossary.STOPWORDS]
        japanese = glossary.japanese_terms(q)
        if japanese:
            # Japanese words first, so that a long English query keeps its translations
            # within MAX_QUERY_TERMS; Latin words (tool names: kintone, ChatGPT) follow.
            extra = jtext.to_tsquery_terms(" ".join(japanese))
            latin = [t for t in terms if t.isascii()]
            native = [t for t in terms if not t.isascii()]
            terms = list(dict.fromkeys(native + extra + latin))[: jtext.MAX_QUERY_TERMS]
        return cls(text=q, terms=terms, japanese=japanese)

    def vector(self) -> np.ndarray:
        """The query's embedding. With glossary words (an English query), the embedding of
        those Japanese words is added with :data:`TRANSLATION_WEIGHT`: the multilingual model
        places a Japanese case nearer to Japanese words than to their English equivalents.
        Recent query vectors are kept per process (:data:`search.caches.query_vectors`: the
        next page of the same search, the same question asked again)."""
        if self._vector is None:
            self.backend = self.backend or serving_backend()
            key = (self.backend.name, self.text, tuple(self.japanese))
            cached = caches.query_vectors.get(key)
            if cached is None:
                cached = self._embed()
                caches.query_vectors.put(key, cached)
            self._vector = cached
        return self._vector

    def _embed(self) -> np.ndarray:
        if not self.japanese:
            return self.backend.embed_query(self.text)
        own, translated = self.backend.embed_queries([self.text, " ".join(self.japanese)])
        vec = own + TRANSLATION_WEIGHT * translated
        norm = float(np.linalg.norm(vec))
        return (vec / norm if norm > 0 else own).astype(np.float32)


def clear_query_vectors() -> None:
    """Forget the cached query vectors (benchmarks measure queries embedded afresh)."""
    caches.query_vectors.reset()
