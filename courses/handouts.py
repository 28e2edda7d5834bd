"""Large-print handouts of lessons and courses, for printing at the village office.

`lesson_data` and `course_data` turn pages into plain data; the renderers take that
data and return PDF bytes, so they can be tested and timed without a database.
"""

import html
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib.units import cm
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from wagtail.rich_text import expand_db_html

from literacy_site.pdf import (
    CONTENT_WIDTH,
    FONT_FAMILY,
    PANEL_FILL,
    WARNING_BORDER,
    WARNING_FILL,
    Picture,
    boxed,
    escape,
    picture_flowable,
    picture_of,
    qr_code,
    render_pdf,
    styles,
)

STEP_NUMBER_WIDTH = 1.6 * cm
STEP_PICTURE_MAX = (9 * cm, 8 * cm)
COVER_PICTURE_MAX = (CONTENT_WIDTH, 7 * cm)
QR_SIZE = 3.5 * cm
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
class Reference:
    title: str
    source: str
    url: str = ""


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
class LessonHandout:
    title: str
    summary: str
    url: str
    minutes: int
    course_title: str = ""
    position: int | None = None
    lesson_count: int | None = None
    published: str = ""
    facts_checked: str = ""
    blocks: tuple = ()
    references: tuple = ()


@dataclass(frozen=True)
class CourseHandout:
    title: str
    summary: str
    url: str
    pillar: str
    level: str
    minutes: int
    outcomes: tuple = ()
    cover: Picture | None = None
    lessons: tuple = field(default_factory=tuple)


# From pages to plain data ------------------------------------------------------


def blocks_of(body):
    blocks = []
    step_number = 0
    for child in body:
        value = child.value
        kind = child.block_type
        if kind == "heading":
            blocks.append(Block(kind, text=value["text"]))
        elif kind == "paragraph":
            blocks.append(Block(kind, text=expand_db_html(value["text"].source)))
        elif kind == "step":
            step_number += 1
            blocks.append(
                Block(
                    kind,
                    text=value["text"],
                    number=step_number,
                    picture=picture_of(value["image"], value["alt"]),
                )
            )
        elif kind in ("tip", "warning"):
            blocks.append(Block(kind, text=value["text"]))
        elif kind == "checklist":
            blocks.append(
                Block(kind, title=value["title"], items=tuple(value["items"]))
            )
        elif kind == "question":
            choices = tuple(
                Choice(c["text"], bool(c["correct"]), c["explanation"])
                for c in value["choices"]
            )
            blocks.append(Block(kind, text=value["question"], items=choices))
        elif kind == "channels":
            channels = tuple(
                Channel(
                    name=channel.name,
                    platform=channel.get_platform_display(),
                    address=channel.address,
                    how_to_recognise=channel.how_to_recognise,
                    facts_checked=long_date(channel.facts_checked_on),
                )
                for channel in value["channels"]
                # The row is the live version; a new channel not yet approved
                # is not printed.
                if channel is not None and channel.live
            )
            blocks.append(Block(kind, title=value["heading"], items=channels))
        elif kind == "glossary" and value["term"] is not None and value["term"].live:
            blocks.append(
                Block(kind, title=value["term"].term, text=value["term"].explanation)
            )
    return tuple(blocks)


def long_date(day):
    return formats.date_format(day, LONG_DATE) if day else ""


def lesson_data(lesson, *, url, course_title="", position=None, lesson_count=None):
    return LessonHandout(
        title=lesson.title,
        summary=lesson.summary,
        url=url,
        minutes=lesson.minutes,
        course_title=course_title,
        position=position,
        lesson_count=lesson_count,
        published=long_date(lesson.updated_on or lesson.published_on),
        facts_checked=long_date(lesson.facts_checked_on),
        blocks=blocks_of(lesson.body),
        references=tuple(
            Reference(r.value["title"], r.value["source"], r.value["url"] or "")
            for r in lesson.references
        ),
    )


# From plain data to PDF ----------------------------------------------------------


class RichTextToParagraphs(HTMLParser):
    """Turns the lesson's limited rich text into Paragraph markup.

    Only bold, italic, links and lists exist in lesson paragraphs; text is escaped
    and links are printed with their address, since paper cannot be tapped.
    """

    INLINE = {"b": "b", "strong": "b", "i": "i", "em": "i"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []  # (kind, markup): kind is "p", "ul" or "ol"
        self.current = []
        self.list_kind = None
        self.link = None

    def flush(self, kind="p"):
        markup = "".join(self.current).strip()
        if markup:
            self.parts.append((kind, markup))
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in self.INLINE:
            self.current.append(f"<{self.INLINE[tag]}>")
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
        if tag in self.INLINE:
            self.current.append(f"</{self.INLINE[tag]}>")
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

    def handle_data(self, data):
        self.current.append(escape(data))

    def close(self):
        super().close()
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
        if kind == "p":
            number = 0
            flowables.append(Paragraph(text, style["body"]))
        else:
            number += 1
            marker = f"{number}." if kind == "ol" else "\u2022"
            flowables.append(Paragraph(f"{marker}&nbsp;{text}", style["bullet"]))
    return flowables


def step_flowable(block):
    style = styles()
    content = [Paragraph(escape(block.text), style["body"])]
    picture = picture_flowable(block.picture, *STEP_PICTURE_MAX)
    if picture is not None:
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


def block_flowables(block, question_number):
    style = styles()
    if block.kind == "heading":
        return [Paragraph(escape(block.text), style["heading"])]
    if block.kind == "paragraph":
        return paragraphs_from_html(block.text)
    if block.kind == "step":
        return [step_flowable(block)]
    if block.kind == "tip":
        return [
            boxed(
                [
                    Paragraph(
                        f"<b>{escape(_('Tip'))}:</b> {escape(block.text)}",
                        style["body"],
                    )
                ],
                fill=PANEL_FILL,
            ),
            Spacer(1, 8),
        ]
    if block.kind == "warning":
        return [
            boxed(
                [
                    Paragraph(
                        f"<b>\u26a0 {escape(_('Warning'))}:</b> {escape(block.text)}",
                        style["body"],
                    )
                ],
                border=WARNING_BORDER,
                border_width=3,
                fill=WARNING_FILL,
            ),
            Spacer(1, 8),
        ]
    if block.kind == "checklist":
        lines = [Paragraph(escape(block.title), style["strong"])]
        lines += [
            Paragraph(f"{BOX}&nbsp;&nbsp;{escape(item)}", style["bullet"])
            for item in block.items
        ]
        return [boxed(lines), Spacer(1, 8)]
    if block.kind == "question":
        lines = [
            Paragraph(
                f"<b>{escape(_('Practice %(number)s') % {'number': question_number})}:"
                f"</b> {escape(block.text)}",
                style["body"],
            )
        ]
        lines += [
            Paragraph(
                f"{BOX}&nbsp;&nbsp;{letter}. {escape(choice.text)}", style["bullet"]
            )
            for letter, choice in zip(letters(), block.items, strict=False)
        ]
        return [KeepTogether(lines), Spacer(1, 8)]
    if block.kind == "channels":
        lines = [Paragraph(escape(block.title), style["strong"])]
        for channel in block.items:
            lines.append(
                Paragraph(
                    f"<b>{escape(channel.name)}</b><br/>"
                    f"{escape(channel.platform)}: <b>{escape(channel.address)}</b><br/>"
                    f"{escape(channel.how_to_recognise)}"
                    + (
                        "<br/>"
                        + escape(
                            _("Facts checked on %(date)s")
                            % {"date": channel.facts_checked}
                        )
                        if channel.facts_checked
                        else ""
                    ),
                    style["body"],
                )
            )
        return [boxed(lines), Spacer(1, 8)]
    if block.kind == "glossary":
        return [
            boxed(
                [
                    Paragraph(
                        f"<b>{escape(block.title)}</b>: {escape(block.text)}",
                        style["body"],
                    )
                ],
                fill=PANEL_FILL,
            ),
            Spacer(1, 8),
        ]
    return []


def letters():
    return "ABCDEFGH"


def qr_panel(url, caption):
    style = styles()
    table = Table(
        [
            [
                qr_code(url, QR_SIZE),
                [
                    Paragraph(escape(caption), style["body"]),
                    Paragraph(escape(url), style["small"]),
                ],
            ]
        ],
        colWidths=[QR_SIZE + 0.5 * cm, CONTENT_WIDTH - QR_SIZE - 0.5 * cm],
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT_FAMILY),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def lesson_story(lesson):
    style = styles()
    story = [Paragraph(escape(lesson.title), style["title"])]
    facts = []
    if lesson.course_title:
        facts.append(_("Course: %(title)s") % {"title": lesson.course_title})
    if lesson.position and lesson.lesson_count:
        facts.append(
            _("Lesson %(position)s of %(count)s")
            % {"position": lesson.position, "count": lesson.lesson_count}
        )
    facts.append(_("About %(minutes)s minutes") % {"minutes": lesson.minutes})
    story.append(Paragraph(escape(" · ".join(facts)), style["body"]))
    story.append(Paragraph(escape(lesson.summary), style["body"]))
    story.append(
        qr_panel(
            lesson.url,
            _(
                "Scan this code with the phone camera to open the "
                "lesson and hear it read aloud."
            ),
        )
    )
    story.append(Spacer(1, 12))

    questions = []
    for block in lesson.blocks:
        if block.kind == "question":
            questions.append(block)
        story += block_flowables(block, len(questions))

    if questions:
        story.append(Paragraph(escape(_("Answers to the practice")), style["heading"]))
        for number, question in enumerate(questions, start=1):
            for letter, choice in zip(letters(), question.items, strict=False):
                if choice.correct:
                    story.append(
                        Paragraph(
                            "<b>"
                            + escape(
                                _("Practice %(number)s: %(letter)s. %(answer)s")
                                % {
                                    "number": number,
                                    "letter": letter,
                                    "answer": choice.text,
                                }
                            )
                            + "</b><br/>"
                            + escape(choice.explanation),
                            style["body"],
                        )
                    )
    if lesson.references:
        story.append(Paragraph(escape(_("Sources")), style["heading"]))
        for reference in lesson.references:
            text = f"{reference.title} ({reference.source})"
            if reference.url:
                text += f" {reference.url}"
            story.append(Paragraph(f"\u2022&nbsp;{escape(text)}", style["bullet"]))
    dates = []
    if lesson.published:
        dates.append(_("Published on %(date)s.") % {"date": lesson.published})
    if lesson.facts_checked:
        dates.append(_("Facts checked on %(date)s.") % {"date": lesson.facts_checked})
    if dates:
        story.append(Paragraph(escape(" ".join(dates)), style["small"]))
    return story


def render_lesson_handout(lesson, organisation):
    """The large-print handout of one lesson, as PDF bytes."""
    return render_pdf(
        lesson_story(lesson),
        title=lesson.title,
        organisation=organisation,
        subject=lesson.summary,
    )


def render_course_handout(course, organisation):
    """A course's cover page and all its lessons, each lesson on new pages."""
    style = styles()
    story = [Paragraph(escape(course.title), style["title"])]
    cover = picture_flowable(course.cover, *COVER_PICTURE_MAX)
    if cover is not None:
        story += [cover, Spacer(1, 12)]
    story.append(
        Paragraph(
            escape(
                " · ".join(
                    [
                        course.pillar,
                        course.level,
                        _("About %(minutes)s minutes") % {"minutes": course.minutes},
                    ]
                )
            ),
            style["body"],
        )
    )
    story.append(Paragraph(escape(course.summary), style["body"]))
    if course.outcomes:
        story.append(
            Paragraph(escape(_("After this course you will:")), style["heading"])
        )
        story += [
            Paragraph(f"\u2022&nbsp;{escape(outcome)}", style["bullet"])
            for outcome in course.outcomes
        ]
    story.append(Paragraph(escape(_("Lessons")), style["heading"]))
    story += [
        Paragraph(f"{number}.&nbsp;{escape(lesson.title)}", style["bullet"])
        for number, lesson in enumerate(course.lessons, start=1)
    ]
    story.append(Spacer(1, 12))
    story.append(qr_panel(course.url, _("Scan this code to open the course online.")))
    for lesson in course.lessons:
        story.append(PageBreak())
        story += lesson_story(lesson)
    return render_pdf(
        story, title=course.title, organisation=organisation, subject=course.summary
    )


def plain(text):
    """Text as one Unicode form without HTML entities, for PDF metadata."""
    return unicodedata.normalize("NFC", html.unescape(text or ""))
