"""The eight regions (地方区分). Pure Python: no database, no Django settings needed."""

from __future__ import annotations

import pytest

from localgov.lookup import resolve
from localgov.regions import REGIONS, get_region, region_for_prefecture_code

# ---------------------------------------------------------------------------
# Regions
# ---------------------------------------------------------------------------


def test_regions_in_order():
    assert [r.slug for r in REGIONS] == [
        "hokkaido",
        "tohoku",
        "kanto",
        "chubu",
        "kinki",
        "chugoku",
        "shikoku",
        "kyushu-okinawa",
    ]
    assert [r.name_ja for r in REGIONS] == [
        "北海道",
        "東北",
        "関東",
        "中部",
        "近畿",
        "中国",
        "四国",
        "九州・沖縄",
    ]
    covered = sorted(p for r in REGIONS for p in r.prefecture_codes)
    assert covered == list(range(1, 48))


@pytest.mark.parametrize(
    ("pref_code", "slug"),
    [
        (1, "hokkaido"),
        (2, "tohoku"),
        (7, "tohoku"),
        (8, "kanto"),
        (13, "kanto"),
        (14, "kanto"),
        (15, "chubu"),
        (19, "chubu"),
        (23, "chubu"),
        (24, "kinki"),
        (26, "kinki"),
        (30, "kinki"),
        (31, "chugoku"),
        (35, "chugoku"),
        (36, "shikoku"),
        (39, "shikoku"),
        (40, "kyushu-okinawa"),
        (47, "kyushu-okinawa"),
    ],
)
def test_region_for_prefecture_code(pref_code, slug):
    assert region_for_prefecture_code(pref_code) == slug


@pytest.mark.parametrize(
    ("prefecture", "slug"),
    [("新潟県", "chubu"), ("三重県", "kinki"), ("静岡県", "chubu"), ("沖縄県", "kyushu-okinawa")],
)
def test_region_by_prefecture_name(prefecture, slug):
    assert resolve(prefecture).region == slug


@pytest.mark.parametrize("bad", [0, 48, -1])
def test_region_for_invalid_prefecture_code(bad):
    with pytest.raises(ValueError):
        region_for_prefecture_code(bad)


def test_get_region():
    assert get_region("kinki").name_en == "Kinki"
    assert get_region("nowhere") is None
