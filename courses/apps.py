from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def build_handouts(sender, instance, **kwargs):
    from courses.tasks import handouts_build_on_publish

    handouts_build_on_publish(page=instance)


def build_speech(sender, instance, **kwargs):
    from courses.tasks import speech_build_on_publish

    speech_build_on_publish(page=instance)


def make_renditions(sender, instance, **kwargs):
    from courses.services import page_renditions_create

    page_renditions_create(page=instance)


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Lessons")

    def ready(self):
        from wagtail.signals import page_published

        from courses.models import CoursePage, LessonPage

        # Signals, not admin hooks: scheduled publishing and load_demo publish too.
        for model in (CoursePage, LessonPage):
            page_published.connect(
                build_handouts, sender=model, dispatch_uid=f"handouts-{model.__name__}"
            )
            page_published.connect(
                make_renditions,
                sender=model,
                dispatch_uid=f"renditions-{model.__name__}",
            )
        page_published.connect(
            build_speech, sender=LessonPage, dispatch_uid="speech-LessonPage"
        )
