"""StreamField blocks for editorial body copy, shared by every page type."""

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        required=False,
        help_text="Describe the picture for people who cannot see it. "
        "Leave empty if it is only decoration.",
    )
    caption = blocks.CharBlock(required=False)

    class Meta:
        icon = "image"
        template = "components/streamfield/blocks/image_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False)

    class Meta:
        icon = "openquote"
        template = "components/streamfield/blocks/quote_block.html"


class ButtonBlock(blocks.StructBlock):
    label = blocks.CharBlock(help_text="What the button says, e.g. 'Book a place'.")
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, help_text="Use this for a link to another website.")

    class Meta:
        icon = "link"
        template = "components/streamfield/blocks/button_block.html"

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={"url": "Choose a page or give a web address (one of the two)."}
            )
        return value


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        form_classname="title",
        icon="title",
        template="components/streamfield/blocks/heading_block.html",
    )
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)
    image = ImageBlock()
    quote = QuoteBlock()
    button = ButtonBlock()
