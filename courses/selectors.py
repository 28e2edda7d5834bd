"""Reads that span pages, for screens other than the pages themselves (each page
reads what it shows in `models.py`; the site's search reads in `search.py`). Each
runs a fixed number of queries, however many courses, lessons or steps there are."""

import datetime
from dataclasses import dataclass

from django.db.models import F, Q
from django.utils import timezone
from wagtail.models import Page, ReferenceIndex

from courses.models import ChannelPurpose, CoursePage, LessonPage, OfficialChannel


def parent_path(page):
    return page.path[: -Page.steplen]


FACTS_CHECK_EVERY = datetime.timedelta(days=183)  # six months
FACTS_TO_CHECK_LISTED = 10


def facts_to_check(model, *, now=None, listed=FACTS_TO_CHECK_LISTED):
    """Live lessons or channels whose facts were last checked over six months
    ago, or never: the first `listed` (never checked first, then the oldest
    check) and how many there are."""
    now = now or timezone.now()
    due = (
        model.objects.filter(live=True)
        .filter(
            Q(facts_checked_at__isnull=True)
            | Q(facts_checked_at__lt=now - FACTS_CHECK_EVERY)
        )
        .order_by(F("facts_checked_at").asc(nulls_first=True), "pk")
    )
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
