from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from literacy_site import periodic


class Command(BaseCommand):
    help = _(
        "Queue the periodic tasks (PERIODIC_TASKS) at their intervals for the task "
        "worker, until stopped. Run one per installation."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once",
            action="store_true",
            help=_("Queue every periodic task once and stop (for cron or a timer)."),
        )

    def handle(self, *args, once, verbosity, **options):
        self.verbosity = verbosity
        if once:
            periodic.enqueue(settings.PERIODIC_TASKS)
            self.report(settings.PERIODIC_TASKS)
            return
        try:
            periodic.run_forever(settings.PERIODIC_TASKS, report=self.report)
        except KeyboardInterrupt:
            # Ctrl+C under `make run` stops every process: a quiet end, no trace.
            return

    def report(self, paths):
        if self.verbosity < 1:
            return
        for path in paths:
            self.stdout.write(_("Queued %(task)s") % {"task": path})
