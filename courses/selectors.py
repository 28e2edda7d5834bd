"""Reads that span pages. Each runs a fixed number of queries, however many
courses, lessons or steps there are."""

from dataclasses import dataclass
from urllib.parse import quote

from django.db.models import Prefetch, prefetch_related_objects
from wagtail.images import get_image_model
from wagtail.models import Page

from courses.blocks import STEP_IMAGE_SPEC
from courses.models import (
    PILLAR_DESCRIPTIONS,
    CoursePage,
    LessonPage,
    Pillar,
)
from literacy_site.addresses import page_full_url

COVER_IMAGE_SPEC = "max-640x360|preserve-svg"


def prefetch_renditions(images, spec):
    """Load the renditions of many images in one query instead of one each."""
    images = [image for image in images if image is not None]
    if not images:
        return
    # Wagtail stores an SVG's rendition without the "preserve-svg" marker, and a
    # raster image's too.
    filter_spec = "|".join(part for part in spec.split("|") if part != "preserve-svg")
    Rendition = get_image_model().get_rendition_model()
    prefetch_related_objects(
        images,
        Prefetch(
            "renditions", queryset=Rendition.objects.filter(filter_spec=filter_spec)
        ),
    )


def parent_path(page):
    return page.path[: -Page.steplen]


@dataclass
class CourseSummary:
    page: CoursePage
    lesson_count: int = 0
    minutes: int = 0


def courses_by_pillar(index_page):
    """The live courses under the index, grouped by pillar in the framework's order."""
    courses = list(
        CoursePage.objects.live()
        .public()
        .child_of(index_page)
        .select_related("cover_image")
        .order_by("path")
    )
    prefetch_renditions([course.cover_image for course in courses], COVER_IMAGE_SPEC)
    summaries = {course.path: CourseSummary(course) for course in courses}
    lessons = (
        LessonPage.objects.live()
        .public()
        .descendant_of(index_page)
        .values_list("path", "minutes")
    )
    for path, minutes in lessons:
        summary = summaries.get(path[: -Page.steplen])
        if summary is not None:
            summary.lesson_count += 1
            summary.minutes += minutes
    groups = []
    for pillar in Pillar:
        in_pillar = [s for s in summaries.values() if s.page.pillar == pillar]
        if in_pillar:
            groups.append(
                {
                    "value": pillar.value,
                    "label": pillar.label,
                    "description": PILLAR_DESCRIPTIONS[pillar],
                    "courses": in_pillar,
                }
            )
    return groups


def course_lessons(course):
    """The course's live lessons in the editor's order, without their bodies."""
    return list(
        LessonPage.objects.live()
        .public()
        .child_of(course)
        .defer_streamfields()
        .order_by("path")
    )


@dataclass
class BodyItem:
    """A lesson block with what the page adds to it: a step number, an answer."""

    block: object
    step_number: int | None = None
    chosen: int | None = None
    unanswered: bool = False
    audio_url: str = ""


@dataclass(frozen=True)
class Answer:
    question_id: str
    choice: int | None


def answer_from(lesson, data):
    """The practice answer a learner posted, or None when it names no question."""
    question_id = data.get("question", "")
    for child in lesson.body:
        if child.block_type == "question" and child.id == question_id:
            try:
                choice = int(data.get("choice", ""))
            except ValueError:
                return Answer(question_id, None)
            if 0 <= choice < len(child.value["choices"]):
                return Answer(question_id, choice)
            return Answer(question_id, None)
    return None


def body_items(lesson, answer=None):
    """The lesson's blocks in order, steps numbered 1, 2, 3… across the lesson."""
    items = []
    step_number = 0
    for child in lesson.body:
        item = BodyItem(child)
        if child.block_type == "step":
            step_number += 1
            item.step_number = step_number
        elif answer is not None and child.id == answer.question_id:
            item.chosen = answer.choice
            item.unanswered = answer.choice is None
        items.append(item)
    prefetch_renditions(
        [item.block.value["image"] for item in items if item.step_number],
        STEP_IMAGE_SPEC,
    )
    return items


def lesson_reading_context(lesson, *, request=None, answer=None):
    """Everything the lesson page shows around the lesson itself."""
    course = lesson.get_parent()
    siblings = list(
        LessonPage.objects.live()
        .public()
        .child_of(course)
        .defer_streamfields()
        .order_by("path")
    )
    ids = [sibling.pk for sibling in siblings]
    position = ids.index(lesson.pk) + 1 if lesson.pk in ids else None
    previous_lesson = next_lesson = None
    if position:
        if position > 1:
            previous_lesson = siblings[position - 2]
        if position < len(siblings):
            next_lesson = siblings[position]
    from courses.offline import lessons_listening_and_cost

    listening, data_cost = lessons_listening_and_cost([lesson])[lesson.pk]
    items = body_items(lesson, answer)
    for item in items:
        if item.step_number:
            item.audio_url = listening.url_for(item.block.id)
    full_url = page_full_url(lesson)
    share_text = f"{lesson.title} {full_url}"
    return {
        "course": course,
        "position": position,
        "lesson_count": len(siblings),
        "previous_lesson": previous_lesson,
        "next_lesson": next_lesson,
        "body_items": items,
        "listening": listening,
        "data_cost": data_cost,
        "answer": answer,
        "full_url": full_url,
        "share_url": "https://wa.me/?text=" + quote(share_text),
        "handout_url": lesson.get_url(request) + lesson.reverse_subpage("handout"),
    }


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
