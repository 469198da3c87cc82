from django.core.paginator import Page, Paginator


def paginate(request, items, per_page: int = 20, param: str = "page") -> Page:
    """The one pagination helper: ``?page=abc`` gives page 1, ``?page=9999`` the last page."""
    return Paginator(items, per_page).get_page(request.GET.get(param))
