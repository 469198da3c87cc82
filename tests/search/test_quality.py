"""Search quality on the demo cases with the real model: the evaluation sets in tests/data/
(the figures of manage.py evaluate_search). Moved out of test_service.py so that the other
search tests embed with the hashing test double."""

import pytest

from search import evaluation

pytestmark = [pytest.mark.django_db, pytest.mark.real_embedder]


HELDOUT = evaluation.DEFAULT_FILE.with_name("search_eval_heldout.json")
THIRD = evaluation.DEFAULT_FILE.with_name("search_eval_third.json")


@pytest.mark.parametrize(
    ("path", "least"),
    [(evaluation.DEFAULT_FILE, 0.84), (HELDOUT, 0.82), (THIRD, 0.84)],
    ids=["tuning-set", "held-out-set", "third-set"],
)
def test_evaluation_hybrid_beats_each_signal(demo_index, path, least):
    result = evaluation.evaluate(evaluation.load(path), k=10)
    hybrid, keyword, semantic = (result[m]["ndcg"] for m in ("hybrid", "keyword", "semantic"))
    assert hybrid >= least, result
    assert hybrid > keyword and hybrid > semantic
    assert result["hybrid"]["recall"] >= 0.68
