"""Background work: drawing lesson and course handouts, speaking lessons."""

from django.utils import translation
from django_tasks import task
from wagtail.models import Page

from courses import services


@task()
def build_handout(page_id: int, language: str) -> str | None:
    """Draw the page's handout in `language`; nothing when it is drawn already
    or the page is no longer live."""
    page = Page.objects.live().filter(pk=page_id).first()
    if page is None:
        return None
    with translation.override(language):
        return services.handout_build(page=page.specific)


@task()
def build_speech(page_id: int) -> int | None:
    """Speak the live lesson's parts that have no stored speech yet."""
    from courses.models import LessonPage

    lesson = LessonPage.objects.live().filter(pk=page_id).first()
    if lesson is None:
        return None
    return services.lesson_speech_build(lesson=lesson)
