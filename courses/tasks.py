"""Background work: drawing lesson and course handouts, speaking lessons, and
asking for them."""

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import translation
from django_tasks import task
from wagtail.images import get_image_model
from wagtail.models import Page

from courses import selectors, services
from courses.models import LessonPage
from courses.pictures import PICTURE_SIZES

# A build asked for is not asked for again during this many seconds (each
# refresh of the waiting page would queue another); after it, a build that got
# lost is queued again.
HANDOUT_QUEUED_FOR = 120


@task()
def build_handout(page_id: int, language: str, short: bool | None = None) -> str | None:
    """Draw the page's handout in `language`, short or in full (None: the page's
    usual one, as tasks queued before there were two versions ask); nothing when
    it is drawn already or the page is no longer live."""
    page = Page.objects.live().filter(pk=page_id).first()
    if page is None:
        return None
    with translation.override(language):
        return services.handout_build(page=page.specific, short=short)


def handout_build_later(*, page, short=None, handout=None):
    """Queue a build of the page's handout (see `services.handout_of`) in the
    current language, once per version for HANDOUT_QUEUED_FOR seconds."""
    handout = handout or services.handout_of(page, short=short)
    if cache.add(f"handout-queued:{handout.path}", True, HANDOUT_QUEUED_FOR):
        build_handout.enqueue(page.pk, translation.get_language(), handout.short)


def handout_pdf_or_none(*, page, short=None) -> bytes | None:
    """The page's handout, or None while the worker draws it."""
    handout = services.handout_of(page, short=short)
    path = handout.path
    if not default_storage.exists(path):
        handout_build_later(page=page, handout=handout)
        # With a backend that runs tasks at once, it exists now.
        if not default_storage.exists(path):
            return None
    with default_storage.open(path, "rb") as stored:
        return stored.read()


def _build_later_on_commit(wanted):
    """Queue the handouts once the publication is committed; `wanted` holds
    (page, short) pairs, short None for the page's default version."""

    def enqueue():
        with translation.override(settings.LANGUAGE_CODE):
            for each, short in wanted:
                handout_build_later(page=each, short=short)

    transaction.on_commit(enqueue)


def handouts_build_on_publish(*, page):
    """After a lesson or course is published: the handouts its page and print
    packs offer (a lesson in full and short, its course short), drawn in the
    site's language once the publication is committed."""
    if not settings.HANDOUTS_BUILD_ON_PUBLISH:
        return
    wanted = [(page, None)]
    if isinstance(page, LessonPage):
        wanted += [(page, True), (page.get_parent(), None)]
    _build_later_on_commit(wanted)


def handouts_build_on_snippet_publish(*, snippet):
    """After a channel or glossary term is published (approved): the handouts
    that print it, and only those, are drawn again. Their key is a hash of what
    they print, so one whose print did not change is not drawn twice."""
    if not settings.HANDOUTS_BUILD_ON_PUBLISH:
        return
    pages = selectors.pages_printing(snippet)
    _build_later_on_commit(
        [(page, None) for page in pages]
        + [(page, True) for page in pages if isinstance(page, LessonPage)]
    )


@task()
def make_picture_sizes(page_id: int) -> bool | None:
    """Make the picture sizes the live page shows (AVIF takes seconds a picture)."""
    page = Page.objects.live().filter(pk=page_id).first()
    if page is None:
        return None
    return services.page_renditions_create(page=page)


def picture_sizes_on_publish(*, page):
    """As a lesson or course is published: its pictures' quick formats at once
    (WebP, 0.05 s a size), so no reader has to write any; the rest on the task
    worker, not in the editor's request (only when there are slow ones: a
    drawing has none). Queued in the publish's own
    transaction (the queue is a table): the worker sees it once it commits."""
    pictures = services.page_pictures(page=page)
    services.pictures_create(pictures, quick_only=True)
    if any(size.slow_specs(image) for image, size in pictures):
        make_picture_sizes.enqueue(page.pk)


@task()
def make_image_sizes(image_id: int, size_name: str) -> bool | None:
    """Make the sizes of one picture a page found missing (its file replaced,
    or the worker stopped before the publish's task was done)."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:
        return None
    return services.image_renditions_create(image=image, size=PICTURE_SIZES[size_name])


@task()
def build_speech(page_id: int) -> int | None:
    """Speak the live lesson's parts that have no stored speech yet."""
    lesson = LessonPage.objects.live().filter(pk=page_id).first()
    if lesson is None:
        return None
    return services.lesson_speech_build(lesson=lesson)


def speech_build_on_publish(*, page):
    """After a lesson is published: its speech, made by the task worker once the
    publication is committed."""
    if not settings.SPEECH_BUILD_ON_PUBLISH or not isinstance(page, LessonPage):
        return
    transaction.on_commit(lambda: build_speech.enqueue(page.pk))


@task()
def prune_speech_files() -> int:
    """Periodic, daily: delete speech no live lesson says any more."""
    return services.speech_files_prune()
