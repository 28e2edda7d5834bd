"""Queue speech for every live lesson: for lessons published before speech was
made at publish, or after espeak-ng was installed. Parts already spoken are
skipped, so it is safe to repeat."""

from django.core.management.base import BaseCommand

from courses.models import LessonPage
from courses.tasks import build_speech


class Command(BaseCommand):
    help = "Queue the server-made speech of every live lesson for the task worker."

    def handle(self, *args, **options):
        lesson_ids = list(LessonPage.objects.live().values_list("pk", flat=True))
        for lesson_id in lesson_ids:
            build_speech.enqueue(lesson_id)
        self.stdout.write(f"{len(lesson_ids)} lessons queued for speech.")
