"""Reads that span pages, for screens other than the pages themselves (each page
reads what it shows in `models.py`). Each runs a fixed number of queries, however
many courses, lessons or steps there are."""

import html
import re
from dataclasses import dataclass, field

from django.utils.text import slugify
from wagtail.models import Page

from courses.glossary import terms_pattern, used_terms
from courses.models import GlossaryTerm, LessonPage, live_glossary_terms

MARKUP = re.compile(r"<[^>]*>")


def parent_path(page):
    return page.path[: -Page.steplen]


@dataclass
class SearchHit:
    lesson: LessonPage
    course_title: str = ""


def search_lessons(query):
    """Live lessons whose title, summary or text holds the words, best first."""
    return (
        LessonPage.objects.live()
        .public()
        .defer_streamfields()
        .search(query, operator="and")
    )


def with_course_titles(lessons):
    """Pair each lesson with its course's title, in one query for the whole list."""
    lessons = list(lessons)
    paths = {parent_path(lesson) for lesson in lessons}
    titles = dict(Page.objects.filter(path__in=paths).values_list("path", "title"))
    return [
        SearchHit(lesson, titles.get(parent_path(lesson), "")) for lesson in lessons
    ]


@dataclass
class GlossaryEntry:
    term: GlossaryTerm
    anchor: str
    lessons: list = field(default_factory=list)


def glossary_with_lessons():
    """Every term readers may see, in alphabetical order, each with the live
    lessons that use it (in their text, or in a glossary block) in course order.

    Two queries; the lessons' text is read in Python, so the time grows with the
    number of lessons (see bench/glossary_page.py)."""
    terms = list(live_glossary_terms())
    entries = {
        term.pk: GlossaryEntry(term, f"kata-{slugify(term.term)}") for term in terms
    }
    by_word = {term.term.casefold(): term for term in terms}
    pattern = terms_pattern(term.term for term in terms)
    lessons = LessonPage.objects.live().public().order_by("path")
    for lesson in lessons.only("title", "url_path", "path", "body"):
        raw = lesson.body.raw_data
        used = used_terms(lesson_text(lesson.title, raw), pattern, by_word)
        for block in raw:
            if block["type"] == "glossary" and block["value"].get("term") in entries:
                used.add(entries[block["value"]["term"]].term)
        for term in used:
            entries[term.pk].lessons.append(lesson)
    return list(entries.values())


def lesson_text(title, raw_body):
    """The words of a lesson, from its stored blocks without loading what they
    point to (pictures, channels, terms); markup removed."""
    strings = [title]

    def collect(data):
        if isinstance(data, str):
            strings.append(html.unescape(MARKUP.sub(" ", data)))
        elif isinstance(data, dict):
            for key, value in data.items():
                if key not in ("type", "id"):
                    collect(value)
        elif isinstance(data, list):
            for value in data:
                collect(value)

    collect(list(raw_body))
    return " ".join(strings)
