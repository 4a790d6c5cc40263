"""Plain text for calendars: user text made safe for iCalendar, rich text and an event's body
as readable text (paragraphs kept, links written out), and each event's DESCRIPTION."""

import re
from html.parser import HTMLParser

from wagtail.rich_text import expand_db_html

from ..choices import Status

# Google Calendar drops a subscribed feed over about 1 MB: a description longer than this is
# cut, with the event's address after it, so 1,000 events stay well under that.
DESCRIPTION_MAX_CHARS = 300

# Control characters other than tab and newline make strict parsers reject a whole feed; lone
# surrogates cannot be written as UTF-8 at all.
_UNWRITABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")
_SPACES = re.compile(r"\s+")


def clean_text(text):
    """User text as iCalendar can carry it: newlines as ``\\n``, no control characters."""
    text = str(text or "").replace("\r\n", "\n").replace("\r", "\n")
    return _UNWRITABLE.sub("", text)


class _PlainText(HTMLParser):
    """Rich text as readable plain text: paragraphs kept, links written out as "text (url)"."""

    BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "div", "ul", "ol", "li"}
    LINE_BREAK = "\x00"  # stands for <br> until the block is written; data never holds it

    def __init__(self, absolute):
        super().__init__(convert_charrefs=True)
        self.absolute = absolute
        self.blocks = []  # (text, is_list_item)
        self.words = []
        self.links = []  # (href, where its text starts in self.words)
        self.lists = []  # item counters; None for a bulleted list

    def flush(self, item=False):
        lines = "".join(self.words).split(self.LINE_BREAK)
        text = "\n".join(_SPACES.sub(" ", line).strip() for line in lines).strip()
        self.words = []
        if text:
            self.blocks.append((text, item))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "br":
            self.words.append(self.LINE_BREAK)
        elif tag in ("ul", "ol"):
            self.flush()
            self.lists.append(0 if tag == "ol" else None)
        elif tag == "li":
            self.flush(item=True)
            if self.lists and self.lists[-1] is not None:
                self.lists[-1] += 1
                self.words.append(f"{self.lists[-1]}. ")
            else:
                self.words.append("- ")
        elif tag in self.BLOCKS:
            self.flush()
        elif tag == "a":
            self.links.append((attrs.get("href") or "", len(self.words)))

    def handle_endtag(self, tag):
        if tag == "a" and self.links:
            href, start = self.links.pop()
            text = "".join(self.words[start:]).strip()
            url = self.absolute(href)
            shown = url.removeprefix("mailto:").removeprefix("tel:")
            if url and shown != text:
                self.words.append(f" ({shown})")
        elif tag in ("ul", "ol"):
            self.flush(item=True)
            if self.lists:
                self.lists.pop()
        elif tag == "li":
            self.flush(item=True)
        elif tag in self.BLOCKS:
            self.flush()

    def handle_data(self, data):
        self.words.append(clean_text(data))

    def text(self):
        self.close()
        self.flush()
        out = []
        for index, (text, item) in enumerate(self.blocks):
            if index:
                out.append("\n" if item and self.blocks[index - 1][1] else "\n\n")
            out.append(text)
        return "".join(out)


def html_to_text(html, absolute):
    parser = _PlainText(absolute)
    parser.feed(html)
    return parser.text()


def body_to_text(body, absolute):
    """An event's StreamField body as plain text (images left out, buttons as links)."""
    blocks = []
    for index, raw in enumerate(body.raw_data):
        kind = raw["type"]
        if kind == "heading":
            blocks.append(str(raw["value"]).strip())
        elif kind == "paragraph":
            blocks.append(html_to_text(expand_db_html(raw["value"]), absolute))
        elif kind == "quote":
            value = raw["value"]
            quote = f"“{str(value.get('text', '')).strip()}”"
            if value.get("attribution"):
                quote += f" ({value['attribution']})"
            blocks.append(quote)
        elif kind == "button":
            value = body[index].value
            page = value.get("page")
            url = absolute(page.url if page else value.get("url") or "")
            blocks.append(f"{value.get('label', '')} ({url})" if url else value.get("label", ""))
    return "\n\n".join(block for block in blocks if block)


def shorten(text, limit=DESCRIPTION_MAX_CHARS):
    """Text cut at a word boundary to at most ``limit`` characters, marked where it was cut."""
    if len(text) <= limit:
        return text, False
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip() + "…", True


def event_description(event, url, absolute):
    """The DESCRIPTION: status, summary and body as plain text, then links, then the page."""
    parts = []
    if event.status != Status.SCHEDULED:
        notice = f"This event is {Status(event.status).label.lower()}."
        parts.append(f"{notice} {event.status_message}".strip())
    parts += [event.summary.strip(), body_to_text(event.body, absolute)]
    text, cut = shorten(clean_text("\n\n".join(part for part in parts if part)))
    extra = []
    if event.online_url:
        extra.append(f"Online: {event.online_url}")
    if event.booking_url:
        extra.append(f"Booking: {event.booking_url}")
    extra.append(f"{'Read the rest' if cut else 'More details'}: {url}")
    return clean_text(text + "\n\n" + "\n".join(extra))
