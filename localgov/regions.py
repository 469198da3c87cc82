"""The eight regions (地方区分) and the prefectures each covers. Pure Python."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Region:
    """One of the eight 地方区分, with the JIS prefecture codes it covers."""

    slug: str
    name_ja: str
    name_en: str
    prefecture_codes: tuple[int, ...]


REGIONS: tuple[Region, ...] = (
    Region("hokkaido", "北海道", "Hokkaido", (1,)),
    Region("tohoku", "東北", "Tohoku", tuple(range(2, 8))),
    Region("kanto", "関東", "Kanto", tuple(range(8, 15))),
    Region("chubu", "中部", "Chubu", tuple(range(15, 24))),
    Region("kinki", "近畿", "Kinki", tuple(range(24, 31))),
    Region("chugoku", "中国", "Chugoku", tuple(range(31, 36))),
    Region("shikoku", "四国", "Shikoku", tuple(range(36, 40))),
    Region("kyushu-okinawa", "九州・沖縄", "Kyushu-Okinawa", tuple(range(40, 48))),
)
REGION_CHOICES: list[tuple[str, str]] = [(r.slug, r.name_ja) for r in REGIONS]
_REGION_BY_PREF: dict[int, str] = {p: r.slug for r in REGIONS for p in r.prefecture_codes}
_REGION_BY_SLUG: dict[str, Region] = {r.slug: r for r in REGIONS}


def region_for_prefecture_code(pref_code: int) -> str:
    """Region slug for a JIS prefecture code 1..47 (ValueError otherwise)."""
    try:
        return _REGION_BY_PREF[int(pref_code)]
    except KeyError:
        raise ValueError(f"都道府県コードは1〜47です: {pref_code!r}") from None


def get_region(slug: str) -> Region | None:
    """The Region with this slug, or None."""
    return _REGION_BY_SLUG.get(slug)


# English names of the prefectures, by JIS prefecture code (1..47), as the prefectures write
# them in English (without "Prefecture", "-to", "-fu", "-ken").
_PREFECTURES_EN = """
    Hokkaido Aomori Iwate Miyagi Akita Yamagata Fukushima Ibaraki Tochigi Gunma Saitama
    Chiba Tokyo Kanagawa Niigata Toyama Ishikawa Fukui Yamanashi Nagano Gifu Shizuoka
    Aichi Mie Shiga Kyoto Osaka Hyogo Nara Wakayama Tottori Shimane Okayama Hiroshima
    Yamaguchi Tokushima Kagawa Ehime Kochi Fukuoka Saga Nagasaki Kumamoto Oita Miyazaki
    Kagoshima Okinawa
"""
PREFECTURE_NAMES_EN: dict[int, str] = dict(enumerate(_PREFECTURES_EN.split(), start=1))
