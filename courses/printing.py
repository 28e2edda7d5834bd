"""The printed pieces of a lesson: the plain data each block prints from, and the
drawing helpers the blocks print with (`courses/blocks.py` says which block prints
what; `courses/handouts.py` puts the pieces on pages).

Nothing here touches the database, so handouts can be tested and timed without one.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from django.utils.translation import gettext
from reportlab.lib import colors
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from literacy_site.pdf import (
    CONTENT_WIDTH,
    FONT_FAMILY,
    PANEL_FILL,
    Picture,
    boxed,
    escape,
    picture_flowable,
    styles,
)

STEP_NUMBER_WIDTH = 1.6 * cm
STEP_PICTURE_MAX = (9 * cm, 8 * cm)
# Month written out: "25 November 2026", as on the lesson page.
LONG_DATE = "j F Y"
BOX = "\u2610"  # ☐, a square to tick with a pen


@dataclass(frozen=True)
class Choice:
    text: str
    correct: bool
    explanation: str


@dataclass(frozen=True)
class Channel:
    name: str
    platform: str
    address: str
    how_to_recognise: str
    facts_checked: str = ""


@dataclass(frozen=True)
class Block:
    """One piece of a lesson. `kind` is the StreamField block type."""

    kind: str
    text: str = ""
    title: str = ""
    number: int | None = None
    picture: Picture | None = None
    items: tuple = ()


@dataclass(frozen=True)
class ChatMessage:
    sender: str  # "them" or "me"
    kind: str  # text, link, file, voice, code
    text: str


@dataclass(frozen=True)
class ChatChoice:
    label: str
    outcome: str  # continue, safe or harm
    replies: tuple
    explanation: str
    what_now: str


@dataclass(frozen=True)
class ChatStep:
    messages: tuple
    choices: tuple


CHAT_THEM_FILL = colors.HexColor("#ffffff")
CHAT_ME_FILL = colors.HexColor("#e3f1dc")
CHAT_FRAME = colors.HexColor("#6b6b6b")
CHAT_WIDTH = CONTENT_WIDTH * 0.72
# How a message that is not plain text looks on paper: a link cannot be tapped,
# a file cannot be opened, a voice note cannot be heard.
CHAT_MARKS = {
    "link": "\U0001f517 ",  # 🔗
    "file": "\U0001f4ce ",  # 📎
    "voice": "\u25b6 ",  # ▶
    "code": "\U0001f511 ",  # 🔑
}


def _chat_bubble(message, style):
    """A message as a box, at the left (them) or the right (me)."""
    markup = escape(CHAT_MARKS.get(message.kind, "") + message.text)
    if message.kind == "voice":
        markup = escape(CHAT_MARKS["voice"]) + escape(
            gettext("Voice note %(length)s") % {"length": message.text}
        )
    mine = message.sender == "me"
    bubble = boxed(
        [Paragraph(markup, style["body"])],
        fill=CHAT_ME_FILL if mine else CHAT_THEM_FILL,
        border=CHAT_FRAME,
        padding=6,
    )
    table = Table(
        [["", bubble] if mine else [bubble, ""]],
        colWidths=[CONTENT_WIDTH - CHAT_WIDTH, CHAT_WIDTH]
        if mine
        else [CHAT_WIDTH, CONTENT_WIDTH - CHAT_WIDTH],
    )
    table.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def chat_flowables(block):
    """A practice chat on paper: marked as practice, the messages as bubbles,
    then each choice with what happens and why."""
    style = styles()
    flowables = [
        boxed(
            [
                Paragraph(
                    f"<b>{escape(gettext('Practice — not a real message'))}</b>",
                    style["body"],
                ),
                Paragraph(escape(block.title), style["body"]),
            ],
            fill=PANEL_FILL,
        ),
        Spacer(1, 6),
    ]
    if block.text:
        flowables.append(Paragraph(escape(block.text), style["body"]))
    for step in block.items:
        flowables += [_chat_bubble(message, style) for message in step.messages]
        flowables.append(
            Paragraph(f"<b>{escape(gettext('What would you do?'))}</b>", style["body"])
        )
        for letter, choice in zip(letters(), step.choices, strict=False):
            verdict = {
                "safe": gettext("Safe."),
                "harm": gettext("Unsafe."),
            }.get(choice.outcome, gettext("The chat goes on."))
            lines = [
                Paragraph(
                    f"{BOX}&nbsp;&nbsp;{letter}. <b>{escape(choice.label)}</b>",
                    style["bullet"],
                ),
                *(
                    Paragraph(escape(f"\u2192 {reply.text}"), style["bullet"])
                    for reply in choice.replies
                ),
                Paragraph(
                    f"<b>{escape(verdict)}</b> {escape(choice.explanation)}",
                    style["bullet"],
                ),
            ]
            if choice.what_now:
                lines.append(
                    Paragraph(
                        f"<b>{escape(gettext('What to do now:'))}</b> "
                        f"{escape(choice.what_now)}",
                        style["bullet"],
                    )
                )
            flowables.append(KeepTogether(lines))
        flowables.append(Spacer(1, 8))
    return flowables


def letters():
    return "ABCDEFGH"


def practice_label(number):
    """A practice question's name ("Latihan 1"), the same beside the question
    and with its answer."""
    return gettext("Practice %(number)s") % {"number": number}


def in_box(markup, **box):
    """One paragraph of body text in a box, and the space after it."""
    return [boxed([Paragraph(markup, styles()["body"])], **box), Spacer(1, 8)]


class RichTextToParagraphs(HTMLParser):
    """Turns the lesson's limited rich text into Paragraph markup.

    Only bold, italic, links and lists exist in lesson paragraphs; text is escaped
    and links are printed with their address, since paper cannot be tapped.

    Nothing prints in italics, which older eyes read badly: an italic passage
    that opens with a quotation mark (a message a scammer sends, say) becomes an
    example in a box of its own; any other italic words print in plain type
    between quotation marks.
    """

    BOLD = ("b", "strong")
    ITALIC = ("i", "em")
    QUOTES = ('"', "\u201c", "\u201e", "'", "\u2018")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []  # (kind, markup): kind is "p", "ul", "ol" or "example"
        self.current = []
        self.list_kind = None
        self.link = None
        self.italic_from = None  # where the italic passage began in `current`

    def flush(self, kind="p"):
        markup = "".join(self.current).strip()
        if markup:
            self.parts.append((kind, markup))
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BOLD:
            self.current.append("<b>")
        elif tag in self.ITALIC:
            self.italic_from = len(self.current)
        elif tag in ("ul", "ol"):
            self.flush()
            self.list_kind = tag
        elif tag == "li":
            self.flush()
        elif tag == "br":
            self.current.append("<br/>")
        elif tag == "a":
            self.link = dict(attrs).get("href") or ""

    def handle_endtag(self, tag):
        if tag in self.BOLD:
            self.current.append("</b>")
        elif tag in self.ITALIC and self.italic_from is not None:
            self.end_italic()
        elif tag == "li":
            self.flush(self.list_kind or "ul")
        elif tag in ("ul", "ol"):
            self.flush()
            self.list_kind = None
        elif tag == "p":
            self.flush()
        elif tag == "a":
            address = self.link or ""
            if address.startswith(("http://", "https://", "mailto:", "tel:")):
                self.current.append(escape(f" ({address})"))
            self.link = None

    def end_italic(self):
        passage = "".join(self.current[self.italic_from :]).strip()
        del self.current[self.italic_from :]
        self.italic_from = None
        if not passage:
            return
        if re.sub(r"<[^>]*>", "", passage).startswith(self.QUOTES):
            self.flush()
            self.parts.append(("example", passage))
        else:
            self.current.append(f"\u201c{passage}\u201d")

    def handle_data(self, data):
        self.current.append(escape(data))

    def close(self):
        super().close()
        if self.italic_from is not None:
            self.end_italic()
        self.flush()
        return self.parts


def paragraphs_from_html(markup):
    parser = RichTextToParagraphs()
    parser.feed(markup)
    parts = parser.close()
    style = styles()
    flowables = []
    number = 0
    for kind, text in parts:
        if kind == "example":
            number = 0
            flowables += [
                Spacer(1, 4),
                boxed([Paragraph(text, style["body"])], border_width=2),
                Spacer(1, 8),
            ]
        elif kind == "p":
            number = 0
            flowables.append(Paragraph(text, style["body"]))
        else:
            number += 1
            marker = f"{number}." if kind == "ol" else "\u2022"
            flowables.append(Paragraph(f"{marker}&nbsp;{text}", style["bullet"]))
    return flowables


def step_flowable(block, *, with_picture=True):
    style = styles()
    content = [Paragraph(escape(block.text), style["body"])]
    picture = picture_flowable(block.picture, *STEP_PICTURE_MAX)
    if picture is not None and with_picture:
        content.append(picture)
    table = Table(
        [[Paragraph(str(block.number), style["step_number"]), content]],
        colWidths=[STEP_NUMBER_WIDTH, CONTENT_WIDTH - STEP_NUMBER_WIDTH],
    )
    table.setStyle(
        TableStyle(
            [
                # Tables name a font even without text; keep it an embedded one.
                ("FONTNAME", (0, 0), (-1, -1), FONT_FAMILY),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ("LINEABOVE", (0, 0), (-1, 0), 0.5, PANEL_FILL),
            ]
        )
    )
    return KeepTogether([table])
