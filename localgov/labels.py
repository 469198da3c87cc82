"""Region and population-band labels in the active language (Japanese, or English)."""

from __future__ import annotations

from core.i18n import in_english
from localgov.bands import POPULATION_BANDS, get_population_band
from localgov.regions import REGIONS, get_region


def region_label(slug: str) -> str:
    region = get_region(slug)
    if region is None:
        return ""
    return region.name_en if in_english() else region.name_ja


def region_choices() -> list[tuple[str, str]]:
    return [(r.slug, region_label(r.slug)) for r in REGIONS]


def population_band_label(slug: str) -> str:
    band = get_population_band(slug or "")
    if band is None:
        return ""
    return band.label_en if in_english() else band.label_ja


def population_band_choices() -> list[tuple[str, str]]:
    return [(b.slug, population_band_label(b.slug)) for b in POPULATION_BANDS]
