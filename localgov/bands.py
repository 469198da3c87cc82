"""Population bands (人口規模), the facet by which towns of a similar size are compared.
Pure Python."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PopulationBand:
    """A population band; ``minimum`` inclusive, ``maximum`` exclusive (None = open)."""

    slug: str
    label_ja: str
    label_en: str
    minimum: int
    maximum: int | None


POPULATION_BANDS: tuple[PopulationBand, ...] = (
    PopulationBand("500k-plus", "50万人以上", "500,000 or more", 500_000, None),
    PopulationBand("200k-500k", "20万〜50万人", "200,000–499,999", 200_000, 500_000),
    PopulationBand("50k-200k", "5万〜20万人", "50,000–199,999", 50_000, 200_000),
    PopulationBand("10k-50k", "1万〜5万人", "10,000–49,999", 10_000, 50_000),
    PopulationBand("under-10k", "1万人未満", "Under 10,000", 0, 10_000),
)
POPULATION_BAND_CHOICES: list[tuple[str, str]] = [(b.slug, b.label_ja) for b in POPULATION_BANDS]
_BAND_BY_SLUG: dict[str, PopulationBand] = {b.slug: b for b in POPULATION_BANDS}


def population_band(pop: int | None) -> str | None:
    """Band slug for a population (lower bounds inclusive); None for None or negative."""
    if pop is None or pop < 0:
        return None
    for band in POPULATION_BANDS:
        if pop >= band.minimum:
            return band.slug
    return None  # pragma: no cover - the last band starts at 0


def get_population_band(slug: str) -> PopulationBand | None:
    """The PopulationBand with this slug (for its labels), or None."""
    return _BAND_BY_SLUG.get(slug)
