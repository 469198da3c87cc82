"""StreamField blocks shared by every page type."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("見出し"), max_length=80)

    class Meta:
        icon = "title"
        label = _("見出し")
        template = "components/streamfield/blocks/heading_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("引用"))
    attribution = blocks.CharBlock(label=_("発言者"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        label = _("引用")
        template = "components/streamfield/blocks/quote_block.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock(label=_("画像"))
    caption = blocks.CharBlock(label=_("キャプション"), required=False, max_length=200)

    class Meta:
        icon = "image"
        label = _("画像")
        template = "components/streamfield/blocks/captioned_image_block.html"


RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(label=_("本文"), features=RICH_TEXT_FEATURES)
    image = CaptionedImageBlock()
    quote = QuoteBlock()
