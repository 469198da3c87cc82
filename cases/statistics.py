"""The case statistics page: cases per prefecture on a tile map of Japan, and per theme."""

from __future__ import annotations

from django.db.models import Count, Q
from django.template.response import TemplateResponse

from cases.models import Theme
from localgov.models import Prefecture


def case_statistics(request, index_page):
    base = index_page.get_cases()
    by_prefecture = dict(
        base.order_by()
        .values("local_government__prefecture_id")
        .annotate(n=Count("pk", distinct=True))
        .values_list("local_government__prefecture_id", "n")
    )
    prefectures = [
        {"prefecture": p, "count": by_prefecture.get(p.code, 0)} for p in Prefecture.objects.all()
    ]
    themes = list(
        Theme.objects.annotate(n=Count("cases", filter=Q(cases__in=base), distinct=True)).order_by(
            "-n", "sort_order"
        )
    )
    highest = max([row["count"] for row in prefectures] + [1])
    for row in prefectures:
        row["level"] = 0 if not row["count"] else 1 + (3 * row["count"]) // (highest + 1)
        row["tile"] = TILE_POSITIONS[row["prefecture"].code]
    theme_max = max([t.n for t in themes] + [1])
    context = index_page.get_context(request)
    context.update(
        prefectures=prefectures,
        themes=[
            {"theme": t, "count": t.n, "percent": round(100 * t.n / theme_max)} for t in themes
        ],
        total=base.count(),
    )
    return TemplateResponse(request, "cases/statistics.html", context)


# A tile-grid map of Japan: (column, row) per prefecture code, north-east at the top right.
TILE_POSITIONS = {
    1: (12, 0),
    2: (11, 2),
    3: (12, 3),
    4: (11, 4),
    5: (10, 3),
    6: (10, 4),
    7: (11, 5),
    8: (11, 7),
    9: (10, 6),
    10: (9, 6),
    11: (10, 7),
    12: (11, 8),
    13: (10, 8),
    14: (10, 9),
    15: (9, 5),
    16: (8, 5),
    17: (7, 5),
    18: (7, 6),
    19: (9, 8),
    20: (9, 7),
    21: (8, 7),
    22: (9, 9),
    23: (8, 8),
    24: (7, 9),
    25: (7, 8),
    26: (6, 7),
    27: (6, 8),
    28: (5, 7),
    29: (6, 9),
    30: (6, 10),
    31: (4, 7),
    32: (3, 7),
    33: (4, 8),
    34: (3, 8),
    35: (2, 8),
    36: (4, 10),
    37: (4, 9),
    38: (3, 9),
    39: (3, 10),
    40: (1, 8),
    41: (0, 8),
    42: (0, 9),
    43: (1, 9),
    44: (1, 10),
    45: (1, 11),
    46: (0, 11),
    47: (0, 13),
}
