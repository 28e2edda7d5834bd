"""Index every live lesson, course, glossary term and channel again, for after a
change to how the site's search reads text (courses/search.py). Publishing keeps
the index up to date otherwise."""

from django.core.management.base import BaseCommand

from courses import search


class Command(BaseCommand):
    help = "Rebuild the site's search index from the live content."

    def handle(self, *args, **options):
        count = search.rebuild()
        self.stdout.write(f"{count} items indexed.")
