from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from core.blocks import RICH_TEXT_FEATURES, BaseStreamBlock

SECTION_CHOICES = [
    ("challenge", _("課題")),
    ("approach", _("取組")),
    ("outcome", _("成果")),
    ("lessons", _("工夫・苦労")),
    ("next", _("今後")),
]
SECTION_LABELS = dict(SECTION_CHOICES)


class CaseSectionBlock(blocks.StructBlock):
    """One of the fixed sections of a case: 課題 / 取組 / 成果 / 工夫・苦労 / 今後."""

    kind = blocks.ChoiceBlock(choices=SECTION_CHOICES, label=_("区分"))
    text = blocks.RichTextBlock(label=_("本文"), features=RICH_TEXT_FEATURES)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["heading"] = SECTION_LABELS.get(value.get("kind"), "")
        return context

    class Meta:
        icon = "doc-full"
        label = _("セクション")
        template = "components/streamfield/blocks/case_section_block.html"


class CaseBodyBlock(BaseStreamBlock):
    section = CaseSectionBlock()
