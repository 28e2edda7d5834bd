"""Operations that write: generated handouts are stored and reused until the page
(or anything printed on it) is published again."""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import translation

from courses import handouts
from courses.models import LessonPage
from courses.selectors import course_lessons
from literacy_site import pdf
from literacy_site.addresses import page_full_url
from literacy_site.models import OrganisationSettings

HANDOUT_FOLDER = "handouts"


def handout_get_or_create(*, name, version, render) -> bytes:
    """The stored PDF for this version, or a new one rendered and stored.

    `version` lists everything printed on the handout that can change: the
    published revisions, the organisation, the address, the language. Older
    versions of the same handout are removed when a new one is stored.
    """
    digest = hashlib.sha256(repr(version).encode()).hexdigest()[:20]
    folder = f"{HANDOUT_FOLDER}/{name}"
    path = f"{folder}/{digest}.pdf"
    if default_storage.exists(path):
        with default_storage.open(path, "rb") as stored:
            return stored.read()
    pdf = render()
    try:
        _directories, old_files = default_storage.listdir(folder)
    except FileNotFoundError:
        old_files = []
    for old in old_files:
        default_storage.delete(f"{folder}/{old}")
    if not default_storage.exists(path):
        default_storage.save(path, ContentFile(pdf))
    return pdf


def organisation_version(settings):
    if settings is None or not settings.pk:
        return None
    logo = settings.logo
    return (settings.name, logo.pk if logo else None, logo.file_hash if logo else "")


def lesson_handout_pdf(*, lesson, request) -> bytes:
    course = lesson.get_parent()
    lessons = course_lessons(course)
    ids = [sibling.pk for sibling in lessons]
    position = ids.index(lesson.pk) + 1 if lesson.pk in ids else None
    organisation = OrganisationSettings.for_request(request)
    url = page_full_url(lesson)
    version = (
        # The publication time as well as the revision: ids can come back after
        # a database is restored, times do not.
        lesson.live_revision_id,
        lesson.last_published_at,
        course.live_revision_id,
        tuple(ids),
        organisation_version(organisation),
        url,
        translation.get_language(),
    )

    def render():
        data = handouts.lesson_data(
            lesson,
            url=url,
            course_title=course.title,
            position=position,
            lesson_count=len(ids),
        )
        return handouts.render_lesson_handout(data, pdf.organisation_data(organisation))

    return handout_get_or_create(
        name=f"lesson-{lesson.pk}", version=version, render=render
    )


def course_handout_pdf(*, course, request) -> bytes:
    # With their bodies: every lesson is printed in full.
    lessons = list(LessonPage.objects.live().public().child_of(course).order_by("path"))
    organisation = OrganisationSettings.for_request(request)
    url = page_full_url(course)
    version = (
        course.live_revision_id,
        course.last_published_at,
        tuple(
            (lesson.pk, lesson.live_revision_id, lesson.last_published_at)
            for lesson in lessons
        ),
        organisation_version(organisation),
        url,
        translation.get_language(),
    )

    def render():
        count = len(lessons)
        data = handouts.CourseHandout(
            title=course.title,
            summary=course.summary,
            url=url,
            pillar=course.get_pillar_display(),
            level=course.get_level_display(),
            minutes=sum(lesson.minutes for lesson in lessons),
            outcomes=tuple(course.outcome_list),
            cover=pdf.picture_of(course.cover_image),
            lessons=tuple(
                handouts.lesson_data(
                    lesson,
                    url=page_full_url(lesson),
                    course_title=course.title,
                    position=position,
                    lesson_count=count,
                )
                for position, lesson in enumerate(lessons, start=1)
            ),
        )
        return handouts.render_course_handout(data, pdf.organisation_data(organisation))

    return handout_get_or_create(
        name=f"course-{course.pk}", version=version, render=render
    )
