"""The per-process caches of the read path, in one place.

* :data:`coverage`: pages with a document vector per model name, for a minute
  (``search.serving``).
* :data:`query_vectors`: the most recent query embeddings (``search.query``): the next page
  of the same search, or the same question asked again, is not embedded again.
* :data:`corpus`: BM25's corpus statistics, until the search tables change
  (``search.keyword``; keyed on ``search_index_version``).

:func:`reset` empties all three (tests, benchmarks, after a rebuild).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any


class TimedValue:
    """One value recomputed when older than ``ttl`` seconds."""

    def __init__(self, ttl: float, empty: Any):
        self.ttl, self._empty = ttl, empty
        self._lock = threading.Lock()
        self._at = 0.0
        self._value = empty

    def get(self, compute: Callable[[], Any], refresh: bool = False) -> Any:
        with self._lock:
            if refresh or time.monotonic() - self._at > self.ttl:
                self._value = compute()
                self._at = time.monotonic()
            return self._value

    def expire(self) -> None:
        with self._lock:
            self._at = 0.0

    def reset(self) -> None:
        with self._lock:
            self._at, self._value = 0.0, self._empty


class LRU:
    """At most ``size`` recent entries."""

    def __init__(self, size: int):
        self.size = size
        self._lock = threading.Lock()
        self._items: OrderedDict = OrderedDict()

    def get(self, key):
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def reset(self) -> None:
        with self._lock:
            self._items.clear()


class Versioned:
    """One value kept while a version number stays the same."""

    def __init__(self, empty: Any):
        self._empty = empty
        self._lock = threading.Lock()
        self._version = None
        self._value = empty

    def get(self, version) -> Any | None:
        """The value stored at ``version``, or ``None``."""
        with self._lock:
            return self._value if self._version == version else None

    def put(self, version, value) -> None:
        with self._lock:
            self._version, self._value = version, value

    def reset(self) -> None:
        with self._lock:
            self._version, self._value = None, self._empty


COVERAGE_TTL = 60.0
QUERY_VECTOR_CACHE = 256

coverage = TimedValue(COVERAGE_TTL, {})
query_vectors = LRU(QUERY_VECTOR_CACHE)
corpus = Versioned(None)


def reset() -> None:
    """Forget everything the read path has cached in this process."""
    coverage.reset()
    query_vectors.reset()
    corpus.reset()
