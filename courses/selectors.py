"""Reads that span pages, for screens other than the pages themselves (each page
reads what it shows in `models.py`; the site's search reads in `search.py`). Each
runs a fixed number of queries, however many courses, lessons or steps there are."""

import datetime
import hashlib
import html
import re
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, F, Max, Q
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


def pages_printing(snippet) -> list:
    """The live lessons whose blocks print the channel or glossary term (from
    Wagtail's reference index), the lessons whose text uses the term (their
    handouts explain it), and their courses (a course handout prints its
    lessons)."""
    page_ids = {
        int(pk)
        for pk in ReferenceIndex.get_references_to(snippet)
        .filter(base_content_type=ReferenceIndex._get_base_content_type(Page))
        .values_list("object_id", flat=True)
    }
    if isinstance(snippet, GlossaryTerm):
        # Handouts also explain the terms a lesson's text uses (no reference).
        lessons = LessonPage.objects.live().public()
        page_ids.update(terms_used_by_lessons([snippet], lessons).get(snippet.pk, ()))
    lessons = list(
        LessonPage.objects.live()
        .public()
        .filter(pk__in=page_ids)
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
        used |= glossary_block_terms(raw) & known
        for pk in used:
            uses.setdefault(pk, []).append(lesson.pk)
    return uses


def glossary_block_terms(raw_body):
    """The ids of the terms the lesson's glossary blocks explain."""
    return {
        block["value"].get("term") for block in raw_body if block["type"] == "glossary"
    }


def terms_in_lesson_text(lesson, terms):
    """The terms the lesson's text uses, alphabetically, for its handout; those
    a glossary block explains print there and are left out."""
    raw = lesson.body.raw_data
    by_word = {term.term.casefold(): term for term in terms}
    pattern = terms_pattern(term.term for term in terms)
    in_blocks = glossary_block_terms(raw)
    used = used_terms(lesson_text(lesson.title, raw), pattern, by_word)
    return sorted(
        (term for term in used if term.pk not in in_blocks),
        key=lambda term: term.term.casefold(),
    )


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
