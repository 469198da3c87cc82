from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField

from core.blocks import BaseStreamBlock
from core.models import BasePage


class CaseIndexPage(BasePage):
    parent_page_types = ["home.HomePage"]
    subpage_types = ["cases.CasePage"]
    max_count = 1

    class Meta:
        verbose_name = _("事例一覧")

    def get_cases(self):
        return CasePage.objects.child_of(self).live().public().order_by("-first_published_at")

    def get_context(self, request, *args, **kwargs):
        from core.pagination import paginate

        context = super().get_context(request, *args, **kwargs)
        context["cases"] = paginate(request, self.get_cases())
        return context


class CasePage(BasePage):
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name=_("本文"))

    content_panels = BasePage.content_panels + [FieldPanel("body")]
    parent_page_types = ["cases.CaseIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("事例")
