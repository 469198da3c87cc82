from django import template

register = template.Library()


@register.inclusion_tag("search/similar_cases.html", takes_context=True)
def similar_cases(context, page):
    """Placeholder until the similar-cases service exists: renders nothing."""
    return {"page": page, "other_prefectures": [], "same_prefecture": []}
