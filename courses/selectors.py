"""Reads that span pages, for screens other than the pages themselves (each page
reads what it shows in `models.py`; the site's search reads in `search.py`). Each
runs a fixed number of queries, however many courses, lessons or steps there are."""

import datetime
import hashlib
import html
import re
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, F, Max, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page, ReferenceIndex

from courses.glossary import terms_pattern, used_terms
from courses.models import (
    ChannelPurpose,
    CoursePage,
    GlossaryTerm,
    LessonPage,
    OfficialChannel,
    Pillar,
    live_glossary_terms,
)

MARKUP = re.compile(r"<[^>]*>")
GLOSSARY_USES_FOR = 10 * 60


def parent_path(page):
    return page.path[: -Page.steplen]


FACTS_CHECK_EVERY = datetime.timedelta(days=183)  # six months
FACTS_TO_CHECK_LISTED = 10


def facts_due(*, now=None):
    """Live, and facts last checked over six months ago or never."""
    now = now or timezone.now()
    return Q(live=True) & (
        Q(facts_checked_at__isnull=True)
        | Q(facts_checked_at__lt=now - FACTS_CHECK_EVERY)
    )


# Never checked first, then the oldest check.
FACTS_DUE_ORDER = F("facts_checked_at").asc(nulls_first=True)


def facts_to_check(model, *, now=None, listed=FACTS_TO_CHECK_LISTED):
    """Live lessons or channels whose facts are due a check: the first `listed`
    (never checked first, then the oldest check) and how many there are."""
    due = model.objects.filter(facts_due(now=now)).order_by(FACTS_DUE_ORDER, "pk")
    if issubclass(model, Page):
        due = due.defer_streamfields()
    return list(due[:listed]), due.count()


@dataclass
class ChannelGroup:
    purpose: str
    label: str
    channels: list


def official_channels_by_purpose():
    """The live official channels, grouped by purpose in the order of its
    choices; an Editor's draft change or a new channel not yet approved is not
    among them (the row is the live version)."""
    channels = list(OfficialChannel.objects.filter(live=True).order_by("name"))
    groups = []
    for purpose in ChannelPurpose:
        in_group = [channel for channel in channels if channel.purpose == purpose]
        if in_group:
            groups.append(ChannelGroup(purpose.value, purpose.label, in_group))
    return groups


@dataclass
class PillarCourses:
    """The courses of one pillar listed on a page, and how many it has."""

    value: str
    label: str
    courses: list
    total: int

    @property
    def more(self):
        return self.total > len(self.courses)


COURSES_TO_BROWSE_PER_PILLAR = 6


def courses_to_browse(index_page, *, per_pillar=COURSES_TO_BROWSE_PER_PILLAR):
    """The first live public courses of each pillar in the index's order, and
    how many each pillar has: a way on from a search that found nothing, one
    screen long however many courses there are."""
    in_pillar = {"partition_by": F("pillar")}
    courses = (
        CoursePage.objects.live()
        .public()
        .child_of(index_page)
        .annotate(
            place=Window(RowNumber(), order_by=F("path").asc(), **in_pillar),
            in_pillar=Window(Count("pk"), **in_pillar),
        )
        .filter(place__lte=per_pillar)
        .only("title", "path", "url_path", "depth", "pillar")
        .order_by("path")
    )
    groups = {
        pillar: PillarCourses(pillar.value, pillar.label, [], 0) for pillar in Pillar
    }
    for course in courses:
        group = groups[course.pillar]
        group.courses.append(course)
        group.total = course.in_pillar
    return [group for group in groups.values() if group.courses]


def pages_printing(snippet) -> list:
    """The live lessons whose blocks print the channel or glossary term, and
    their courses (a course handout prints its lessons), from Wagtail's
    reference index."""
    page_ids = (
        ReferenceIndex.get_references_to(snippet)
        .filter(base_content_type=ReferenceIndex._get_base_content_type(Page))
        .values_list("object_id", flat=True)
    )
    lessons = list(
        LessonPage.objects.live()
        .public()
        .filter(pk__in=[int(pk) for pk in page_ids])
        .defer_streamfields()
        .order_by("path")
    )
    course_paths = sorted({parent_path(lesson) for lesson in lessons})
    courses = list(CoursePage.objects.live().filter(path__in=course_paths))
    return lessons + courses


@dataclass
class GlossaryEntry:
    term: GlossaryTerm
    anchor: str
    lessons: list = field(default_factory=list)


def glossary_with_lessons():
    """Every term readers may see, in alphabetical order, each with the live
    lessons that use it (in their text, or in a glossary block) in course order.

    Which lessons use which term means reading every lesson's text, so it is
    kept in the cache until a lesson is published, unpublished or deleted, or a
    term changes (at most GLOSSARY_USES_FOR seconds, for pages moved); otherwise
    four queries. bench/handout_pages.py times it."""
    terms = list(live_glossary_terms())
    lessons = LessonPage.objects.live().public()
    lessons_version = lessons.aggregate(Count("pk"), Max("last_published_at"))
    key = (
        "glossary-uses:"
        + hashlib.sha256(
            repr(
                ([(t.pk, t.term) for t in terms], sorted(lessons_version.items()))
            ).encode()
        ).hexdigest()
    )
    uses = cache.get(key)
    if uses is None:
        uses = terms_used_by_lessons(terms, lessons)
        cache.set(key, uses, GLOSSARY_USES_FOR)
    wanted = {pk for pks in uses.values() for pk in pks}
    by_pk = {
        lesson.pk: lesson
        for lesson in lessons.filter(pk__in=wanted)
        .only("title", "url_path", "path")
        .order_by("path")
    }
    return [
        GlossaryEntry(
            term,
            f"kata-{slugify(term.term)}",
            [by_pk[pk] for pk in uses.get(term.pk, ()) if pk in by_pk],
        )
        for term in terms
    ]


def terms_used_by_lessons(terms, lessons):
    """{term id: [lesson ids in course order]}, read from the lessons' text."""
    by_word = {term.term.casefold(): term for term in terms}
    known = {term.pk for term in terms}
    pattern = terms_pattern(term.term for term in terms)
    uses = {}
    for lesson in lessons.only("title", "path", "body").order_by("path"):
        raw = lesson.body.raw_data
        used = {
            t.pk for t in used_terms(lesson_text(lesson.title, raw), pattern, by_word)
        }
        used |= {
            block["value"].get("term")
            for block in raw
            if block["type"] == "glossary" and block["value"].get("term") in known
        }
        for pk in used:
            uses.setdefault(pk, []).append(lesson.pk)
    return uses


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
