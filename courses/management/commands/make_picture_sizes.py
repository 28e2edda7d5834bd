"""Make the picture sizes every live lesson and course shows, for pages
published before their sizes were made at publish or before the sizes changed
(courses/pictures.py). Sizes already made are kept, so it is safe to repeat."""

from django.core.management.base import BaseCommand

from courses.models import CoursePage, LessonPage
from courses.services import page_renditions_create


class Command(BaseCommand):
    help = "Make the picture sizes of every live lesson and course."

    def handle(self, *args, **options):
        pages = list(CoursePage.objects.live()) + list(LessonPage.objects.live())
        for page in pages:
            page_renditions_create(page=page)
        self.stdout.write(f"Picture sizes made for {len(pages)} pages.")
