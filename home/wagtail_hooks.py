from wagtail import hooks

from home.admin_visibility import visible_pages


@hooks.register("construct_page_chooser_queryset")
def choose_visible_pages(pages, request):
    """A contributor's page chooser (a link in a text) offers what the explorer shows them."""
    return visible_pages(pages, request.user)
