"""Reads that span pages, for screens other than the pages themselves (each page
reads what it shows in `models.py`). Each runs a fixed number of queries, however
many courses, lessons or steps there are."""

from dataclasses import dataclass

from wagtail.models import Page

from courses.models import LessonPage


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
