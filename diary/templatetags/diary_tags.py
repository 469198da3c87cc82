"""Template tags other templates call: the home page's latest news (お知らせ)."""

from __future__ import annotations

from django import template

from diary.models import DiaryEntryPage, SeriesKind

register = template.Library()


def latest_news(limit: int = 3):
    """The newest live, public entries of the editors' news series."""
    return list(
        DiaryEntryPage.objects.live()
        .public()
        .filter(series__kind=SeriesKind.NEWS, series__live=True)
        .select_related("series")
        .order_by("-date", "-volume")[: int(limit)]
    )


@register.inclusion_tag("diary/components/news_list.html")
def diary_news(limit=3):
    return {"news": latest_news(limit)}
