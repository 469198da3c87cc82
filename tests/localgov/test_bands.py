"""Population bands. Pure Python: no database, no Django settings needed."""

from __future__ import annotations

import pytest

from localgov.bands import (
    POPULATION_BAND_CHOICES,
    POPULATION_BANDS,
    get_population_band,
    population_band,
)

# ---------------------------------------------------------------------------
# Population bands
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("population", "slug"),
    [
        (0, "under-10k"),
        (9_999, "under-10k"),
        (10_000, "10k-50k"),
        (49_999, "10k-50k"),
        (50_000, "50k-200k"),
        (199_999, "50k-200k"),
        (200_000, "200k-500k"),
        (499_999, "200k-500k"),
        (500_000, "500k-plus"),
        (3_700_000, "500k-plus"),
        (None, None),
        (-1, None),
    ],
)
def test_population_band_boundaries(population, slug):
    assert population_band(population) == slug


def test_population_band_labels_and_order():
    assert [b.slug for b in POPULATION_BANDS] == [
        "500k-plus",
        "200k-500k",
        "50k-200k",
        "10k-50k",
        "under-10k",
    ]
    assert [b.label_ja for b in POPULATION_BANDS] == [
        "50万人以上",
        "20万〜50万人",
        "5万〜20万人",
        "1万〜5万人",
        "1万人未満",
    ]
    assert get_population_band("under-10k").label_en == "Under 10,000"
    assert get_population_band("nope") is None
    assert POPULATION_BAND_CHOICES[0] == ("500k-plus", "50万人以上")
