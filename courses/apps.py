from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Lessons")

    def ready(self):
        from wagtail.signals import page_published

        from courses.signals import make_renditions_on_publish

        page_published.connect(
            make_renditions_on_publish, dispatch_uid="courses_page_renditions"
        )
