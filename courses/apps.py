from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def build_handouts(sender, instance, **kwargs):
    from courses.services import handouts_build_on_publish

    handouts_build_on_publish(page=instance)


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Lessons")

    def ready(self):
        from wagtail.signals import page_published

        from courses.models import CoursePage, LessonPage

        for model in (CoursePage, LessonPage):
            page_published.connect(
                build_handouts, sender=model, dispatch_uid=f"handouts-{model.__name__}"
            )
