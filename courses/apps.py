from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def build_handouts(sender, instance, **kwargs):
    from courses.tasks import handouts_build_on_publish

    handouts_build_on_publish(page=instance)


def build_speech(sender, instance, **kwargs):
    from courses.tasks import speech_build_on_publish

    speech_build_on_publish(page=instance)


def make_renditions(sender, instance, **kwargs):
    from courses.tasks import picture_sizes_on_publish

    picture_sizes_on_publish(page=instance)


def build_snippet_handouts(sender, instance, **kwargs):
    from courses.tasks import handouts_build_on_snippet_publish

    handouts_build_on_snippet_publish(snippet=instance)


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Lessons")

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save
        from wagtail.signals import (
            page_published,
            page_unpublished,
            post_page_move,
            published,
            unpublished,
        )

        from courses import search
        from courses.models import CoursePage, GlossaryTerm, LessonPage, OfficialChannel

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
        # A channel or term is published when a Moderator approves it (or
        # publishes it directly): the handouts printing it are drawn again.
        for model in (OfficialChannel, GlossaryTerm):
            published.connect(
                build_snippet_handouts,
                sender=model,
                dispatch_uid=f"handouts-{model.__name__}",
            )

        # The site's search index follows what is live (see courses/search.py).
        page_signals = {"published": page_published, "moved": post_page_move}
        snippet_signals = {
            "saved": post_save,
            "deleted": post_delete,
            "published": published,
            "unpublished": unpublished,
        }
        for models, handler, signals in (
            ((CoursePage, LessonPage), search.on_page_changed, page_signals),
            (
                (GlossaryTerm, OfficialChannel),
                search.on_snippet_changed,
                snippet_signals,
            ),
        ):
            for model in models:
                for name, signal in signals.items():
                    signal.connect(
                        handler,
                        sender=model,
                        dispatch_uid=f"search-{name}-{model.__name__}",
                    )
        for model in (CoursePage, LessonPage):
            page_unpublished.connect(
                search.on_page_unpublished,
                sender=model,
                dispatch_uid=f"search-unpublished-{model.__name__}",
            )
        post_migrate.connect(
            search.index_if_empty, sender=self, dispatch_uid="search-index-if-empty"
        )
        page_published.connect(
            build_speech, sender=LessonPage, dispatch_uid="speech-LessonPage"
        )
