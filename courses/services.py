"""Operations that write: generated handouts are stored and reused until what
they print changes; the facts check of lessons and channels.

Handouts are drawn by the task worker (`tasks.py` says when they are asked for):
after a lesson, course, channel or glossary term is published, and when someone
asks for one that is not drawn yet (the `cetak/` address shows a waiting page
meanwhile)."""

import dataclasses
import hashlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Site

from courses import channel_card, handouts
from courses.models import (
    CoursePage,
    LessonPage,
    OfficialChannel,
    course_lessons,
    live_glossary_terms,
)
from courses.pictures import (
    CARD_PICTURE,
    COVER_PICTURE,
    STEP_PICTURE,
    renditions_create,
)
from courses.selectors import official_channels_by_purpose, terms_in_lesson_text
from literacy_site import page_cache, pdf
from literacy_site.addresses import page_full_url
from literacy_site.files import write_in_place
from literacy_site.models import OrganisationSettings

logger = logging.getLogger(__name__)

HANDOUT_FOLDER = "handouts"
# Where a lesson page's listening starts (templates/courses/includes/listening.html).
LISTENING_ANCHOR = "#dengarkan"


def plain_digest(*parts) -> str:
    """A hash of plain data: dataclasses, tuples, strings, numbers and bytes.

    Pictures are hashed by their bytes, so a replaced picture file counts."""
    digest = hashlib.sha256()

    def feed(value):
        if dataclasses.is_dataclass(value):
            digest.update(f"<{type(value).__name__}".encode())
            for each in dataclasses.fields(value):
                digest.update(f"{each.name}=".encode())
                feed(getattr(value, each.name))
            digest.update(b">")
        elif isinstance(value, tuple | list):
            digest.update(f"({len(value)}".encode())
            for item in value:
                feed(item)
            digest.update(b")")
        elif isinstance(value, bytes):
            digest.update(f"b{len(value)}:".encode())
            digest.update(value)
        else:
            text = repr(value)
            digest.update(f"r{len(text)}:{text}".encode())

    for part in parts:
        feed(part)
    return digest.hexdigest()


@dataclass(frozen=True)
class Handout:
    """One version of a page's handout: where it is kept and how to draw it.

    The key is a hash of the plain data the handout prints (lesson text and
    blocks, the live channel and glossary versions, pictures, organisation, the
    address, the language, short or full): any change to the print gives a new
    key, nothing else does."""

    name: str
    key: str
    render: Callable[[], bytes]
    short: bool = False

    @property
    def path(self):
        return f"{HANDOUT_FOLDER}/{self.name}/{self.key[:24]}.pdf"


def _organisation():
    # Handouts are drawn by the worker, with no request: the default site's.
    return pdf.organisation_data(
        OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    )


def _version_key(data, organisation, short):
    return plain_digest(
        data, organisation, translation.get_language(), "short" if short else "full"
    )


def lesson_handout(lesson, *, short=False) -> Handout:
    course = lesson.get_parent()
    lessons = course_lessons(course)
    ids = [sibling.pk for sibling in lessons]
    position = ids.index(lesson.pk) + 1 if lesson.pk in ids else None
    organisation = _organisation()
    data = handouts.lesson_data(
        lesson,
        # The code leads to the lesson's listening ("dibacakan", the caption says).
        url=page_full_url(lesson) + LISTENING_ANCHOR,
        course_title=course.title,
        position=position,
        lesson_count=len(ids),
        terms=terms_in_lesson_text(lesson, live_glossary_terms()),
    )

    def render():
        return handouts.render_lesson_handout(data, organisation, short=short)

    return Handout(
        name=handout_name(lesson, short),
        key=_version_key(data, organisation, short),
        render=render,
        short=short,
    )


def course_handout(course, *, short=True) -> Handout:
    lessons = list(LessonPage.objects.live().public().child_of(course).order_by("path"))
    organisation = _organisation()
    count = len(lessons)
    terms = list(live_glossary_terms())
    data = handouts.CourseHandout(
        title=course.title,
        summary=course.summary,
        url=page_full_url(course),
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
                terms=terms_in_lesson_text(lesson, terms),
            )
            for position, lesson in enumerate(lessons, start=1)
        ),
    )

    def render():
        return handouts.render_course_handout(data, organisation, short=short)

    return Handout(
        name=handout_name(course, short),
        key=_version_key(data, organisation, short),
        render=render,
        short=short,
    )


def handout_name(page, short):
    kind = "course" if isinstance(page, CoursePage) else "lesson"
    return f"{kind}-{page.pk}" + ("-short" if short else "")


def handout_of(page, *, short=None) -> Handout:
    """The page's handout, short (steps and warnings, at most two pages a lesson)
    or in full. Unless told, a lesson prints in full and a course short, as print
    packs take it."""
    page = page.specific
    if isinstance(page, CoursePage):
        return course_handout(page, short=True if short is None else short)
    return lesson_handout(page, short=bool(short))


def handout_build(*, page, short=None) -> str:
    """Draw and store the page's handout unless this version is stored already.
    Older versions of it are removed. Returns the stored path."""
    handout = handout_of(page, short=short)
    if default_storage.exists(handout.path):
        return handout.path
    path = Path(default_storage.path(handout.path))
    write_in_place(path, handout.render())
    for other in path.parent.iterdir():
        if other.name != path.name and not other.name.startswith("."):
            other.unlink(missing_ok=True)
    return handout.path


FACTS_CHECKED_ACTION = "courses.facts_checked"


def facts_mark_checked(*, item, user):
    """A Moderator says the facts of a lesson or channel were checked now.

    Only the check's time and checker are written (on the live row, kept when
    later revisions are published); the content and its dates are untouched."""
    if not isinstance(item, LessonPage | OfficialChannel):
        raise TypeError(f"No facts to check on {type(item).__name__}")
    item.facts_checked_at = timezone.now()
    item.facts_checked_by = user
    type(item).objects.filter(pk=item.pk).update(
        facts_checked_at=item.facts_checked_at, facts_checked_by=user
    )
    # The pages say when the facts were checked; update() sends no signal.
    page_cache.invalidate()
    log(instance=item, action=FACTS_CHECKED_ACTION, user=user)
    return item


def page_renditions_create(*, page, quick_only=False) -> bool:
    """Make the picture sizes a page shows: the quick formats as it is published,
    all of them on the task worker afterwards (AVIF takes seconds a picture).
    True when anything was made."""
    return pictures_create(page_pictures(page=page), quick_only=quick_only)


def pictures_create(pictures, *, quick_only=False) -> bool:
    """Make the sizes of [(image, PictureSize)], so reading a page writes nothing
    (a file and a database row) and still works while the database is read-only
    or the disk full. Pages kept for readers meanwhile showed fewer formats: they
    are forgotten when the slow ones were made. True when anything was made."""
    made = any(
        [  # a list, not a generator: every picture is made, not only up to the first
            renditions_create(image, size, quick_only=quick_only)
            for image, size in pictures
        ]
    )
    if made and not quick_only:
        page_cache.invalidate()
    return made


def page_pictures(*, page):
    """[(image, PictureSize)] of every picture the page shows."""
    page = page.specific
    wanted = []
    if isinstance(page, LessonPage):
        wanted += [
            (child.value["image"], STEP_PICTURE)
            for child in page.body
            if child.block_type == "step" and child.value["image"]
        ]
    if isinstance(page, CoursePage) and page.cover_image:
        wanted.append((page.cover_image, COVER_PICTURE))
        wanted.append((page.cover_image, CARD_PICTURE))
    return wanted


def image_renditions_create(*, image, size) -> bool:
    """Make every size of one picture a page found missing (the task worker)."""
    return pictures_create([(image, size)])


CARD_SIZES = {"a4": channel_card.render_a4, "dompet": channel_card.render_wallet}
CARD_KEPT_FOR = 24 * 60 * 60


def channel_card_pdf(*, size, url) -> bytes:
    """The card of live official channels as PDF, drawn again only when what it
    prints changes (an approved channel, the organisation, the address)."""
    organisation = _organisation()
    data = channel_card.card_data(official_channels_by_purpose(), url=url)
    key = "channel-card:" + plain_digest(
        size, data, organisation, translation.get_language()
    )
    pdf_bytes = cache.get(key)
    if pdf_bytes is None:
        pdf_bytes = CARD_SIZES[size](data, organisation)
        cache.set(key, pdf_bytes, CARD_KEPT_FOR)
    return pdf_bytes


PREVIEW_FOLDER = "previews"


def _preview_source(page):
    page = page.specific
    settings = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    site_name = settings.display_name or "Literasi Digital"
    if isinstance(page, LessonPage):
        kicker = page.get_parent().title
    else:
        kicker = str(_("Course"))
    return {"title": page.title, "kicker": kicker, "site_name": site_name}


def preview_image_path(*, page) -> str:
    """Where this version of the page's link-preview picture is kept: the name
    changes with everything drawn on it."""
    source = _preview_source(page)
    digest = hashlib.sha256(repr(sorted(source.items())).encode()).hexdigest()[:20]
    return f"{PREVIEW_FOLDER}/page-{page.pk}/{digest}.png"


def preview_image(*, page) -> bytes:
    """The page's link-preview PNG: drawn once per version and kept. Where the
    disk cannot be written (full, read-only) it is drawn and served all the same."""
    from courses.previews import render_preview

    path = preview_image_path(page=page)
    if default_storage.exists(path):
        with default_storage.open(path, "rb") as stored:
            return stored.read()
    body = render_preview(**_preview_source(page))
    try:
        target = Path(default_storage.path(path))
        write_in_place(target, body)
        for other in target.parent.iterdir():
            if other.name != target.name and not other.name.startswith("."):
                other.unlink(missing_ok=True)
    except OSError:
        # A full or read-only disk: the picture is still served, drawn afresh
        # each time until it can be kept.
        logger.warning("Link-preview picture not kept", exc_info=True)
    return body


def lesson_speech_build(*, lesson) -> int:
    """Speak every part of the lesson that has no stored speech yet, in the
    site's language. Returns how many files were made."""
    from courses import speech

    recorded = {
        child["id"]
        for child in lesson.body.raw_data
        if child["type"] == "step" and child["value"].get("recording")
    }
    with translation.override(settings.LANGUAGE_CODE):
        parts = speech.spoken_parts(lesson)
    made = sum(
        speech.speech_build(part) for part in parts if part.block_id not in recorded
    )
    if made:
        # The lesson's players (and its data cost) now offer the new sound.
        page_cache.invalidate()
    return made


def speech_files_prune(*, now=None) -> int:
    """Delete stored speech that no live lesson has said for SPEECH_FILES_KEEP_DAYS:
    a page a reader opened earlier, or a course she saved, may still point to it.
    Files are named by their text, so an edited step leaves its old file behind.
    Each run marks the files still said as in use now (their modified time), so
    the days count from the last run that found them said, not from when they
    were made. Returns how many files were deleted."""
    from courses import speech

    if not default_storage.exists(speech.SPEECH_FOLDER):
        return 0
    cutoff = (now or timezone.now()) - timedelta(days=settings.SPEECH_FILES_KEEP_DAYS)
    with translation.override(settings.LANGUAGE_CODE):
        said = {
            part.path
            for lesson in LessonPage.objects.live().only("title", "summary", "body")
            for part in speech.spoken_parts(lesson)
        }
    deleted = 0
    for name in default_storage.listdir(speech.SPEECH_FOLDER)[1]:
        path = f"{speech.SPEECH_FOLDER}/{name}"
        if not name.endswith(".ogg"):
            continue
        if path in said:
            os.utime(default_storage.path(path))
        elif default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            deleted += 1
    return deleted
