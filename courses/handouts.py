"""Large-print handouts of lessons and courses, for printing at the village office.

`lesson_data` and `course_data` turn pages into plain data; the renderers take that
data and return PDF bytes, so they can be tested and timed without a database.
"""

import html
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib.units import cm
from reportlab.platypus import PageBreak, Paragraph, Spacer, Table, TableStyle

from courses.blocks import LessonBodyBlock
from courses.printing import LONG_DATE, letters, practice_label
from literacy_site.pdf import (
    CONTENT_WIDTH,
    FONT_FAMILY,
    Picture,
    escape,
    picture_flowable,
    qr_code,
    render_pdf,
    styles,
)

COVER_PICTURE_MAX = (CONTENT_WIDTH, 7 * cm)
QR_SIZE = 3.5 * cm
# Each kind of lesson block, by its name: it knows how it prints.
BODY_BLOCKS = LessonBodyBlock().child_blocks


@dataclass(frozen=True)
class TermNote:
    """A glossary term the lesson's text uses, with its explanation."""

    word: str
    explanation: str


@dataclass(frozen=True)
class Reference:
    title: str
    source: str
    url: str = ""


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
    terms: tuple = ()


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
    numbers = Counter()
    printed = (child.block.print_data(child.value, numbers) for child in body)
    return tuple(block for block in printed if block is not None)


def long_date(day):
    return formats.date_format(day, LONG_DATE) if day else ""


def lesson_data(
    lesson, *, url, course_title="", position=None, lesson_count=None, terms=()
):
    """The lesson as its handout prints it; `terms` are the glossary terms its
    text uses (`selectors.terms_in_lesson_text`)."""
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
        terms=tuple(TermNote(term.term, term.explanation) for term in terms),
    )


# From plain data to PDF ----------------------------------------------------------


def block_flowables(block):
    return BODY_BLOCKS[block.kind].print_flowables(block)


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


def lesson_opening(lesson, *, short):
    style = styles()
    story = [Paragraph(escape(lesson.title), style["title"])]
    facts = []
    if short:
        facts.append(_("Summary"))
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
    if short:
        caption = _(
            "Scan this code with the phone camera to open the whole lesson, with "
            "pictures and practice, and hear it read aloud."
        )
    else:
        caption = _(
            "Scan this code with the phone camera to open the "
            "lesson and hear it read aloud."
        )
    story += [qr_panel(lesson.url, caption), Spacer(1, 12)]
    return story


def term_notes(lesson):
    """What the lesson's hard words mean, before its steps: on paper there is
    no room to explain a word where it is first used, as the page does. Only in
    full: the short version keeps to steps and warnings in two pages, and its
    code leads to the lesson, where each word is explained."""
    if not lesson.terms:
        return []
    style = styles()
    story = [Paragraph(escape(_("What the words mean")), style["heading"])]
    for note in lesson.terms:
        story.append(
            Paragraph(
                f"\u2022&nbsp;<b>{escape(note.word)}</b>: {escape(note.explanation)}",
                style["bullet"],
            )
        )
    return story


def short_body(lesson):
    """Steps and warnings only, a heading where they follow one."""
    story = []
    heading = []
    for block in lesson.blocks:
        kind = BODY_BLOCKS[block.kind]
        drawn = kind.print_short(block)
        if kind.opens_section:
            heading = drawn
        elif drawn:
            story += heading + drawn
            heading = []
    return story


def lesson_story(lesson, *, short=False, answers=True):
    """The lesson's pages: in full, its practice answers on a page of their own
    at the end (unless `answers` is False: a course prints them all at its end);
    short, its steps and warnings."""
    if short:
        return lesson_opening(lesson, short=True) + short_body(lesson)
    style = styles()
    story = lesson_opening(lesson, short=False) + term_notes(lesson)
    for block in lesson.blocks:
        story += block_flowables(block)
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
    if answers:
        story += answers_story([("", questions_of(lesson))])
    return story


def questions_of(lesson):
    return [block for block in lesson.blocks if block.kind == "question"]


def answers_story(groups):
    """The right answers and why, on a new page so the learner can try the
    questions first: `groups` pairs a heading (empty for a lone lesson) with the
    questions under it."""
    groups = [(title, questions) for title, questions in groups if questions]
    if not groups:
        return []
    style = styles()
    story = [
        PageBreak(),
        Paragraph(escape(_("Answers to the practice")), style["heading"]),
    ]
    for title, questions in groups:
        if title:
            story.append(Paragraph(escape(title), style["strong"]))
        for question in questions:
            for letter, choice in zip(letters(), question.items, strict=False):
                if choice.correct:
                    answer = (
                        f"{practice_label(question.number)}: {letter}. {choice.text}"
                    )
                    story.append(
                        Paragraph(
                            f"<b>{escape(answer)}</b><br/>{escape(choice.explanation)}",
                            style["body"],
                        )
                    )
    return story


def render_lesson_handout(lesson, organisation, *, short=False):
    """The large-print handout of one lesson, as PDF bytes: in full, or short
    (steps and warnings, at most two pages)."""
    return render_pdf(
        lesson_story(lesson, short=short),
        title=lesson.title,
        organisation=organisation,
        subject=lesson.summary,
    )


def render_course_handout(course, organisation, *, short=True):
    """A course's cover page and its lessons, each lesson on new pages: short
    unless asked for in full, then with all practice answers at the end."""
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
        story += lesson_story(lesson, short=short, answers=False)
    if not short:
        story += answers_story(
            [
                (
                    _("Lesson %(position)s: %(title)s")
                    % {"position": position, "title": lesson.title},
                    questions_of(lesson),
                )
                for position, lesson in enumerate(course.lessons, start=1)
            ]
        )
    return render_pdf(
        story, title=course.title, organisation=organisation, subject=course.summary
    )


def plain(text):
    """Text as one Unicode form without HTML entities, for PDF metadata."""
    return unicodedata.normalize("NFC", html.unescape(text or ""))
