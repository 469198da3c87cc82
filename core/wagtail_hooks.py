"""What every admin page loads."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from core.admin_pages import BasePageViewSet


@hooks.register("insert_global_admin_js")
def japanese_dates_in_pickers():
    """Dates typed with a Japanese input method reach Wagtail's pickers in their form
    (static/js/admin-dates.js)."""
    return format_html('<script src="{}" defer></script>', static("js/admin-dates.js"))


@hooks.register("insert_global_admin_js")
def names_for_unlabelled_inputs():
    """The tag fields' text boxes and the rich-text editors named by their labels
    (static/js/admin-labels.js)."""
    return format_html('<script src="{}" defer></script>', static("js/admin-labels.js"))


@hooks.register("register_admin_viewset")
def register_base_page_viewset():
    """Page views that say what an editor's approval or sending back did."""
    return BasePageViewSet()
