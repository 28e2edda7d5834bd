"""Which periodic tasks are due. `manage.py run_periodic` queues them; the task
worker runs them like any other task."""

import time

from django.db import close_old_connections
from django.utils.module_loading import import_string


class Schedule:
    """Task paths with their intervals in seconds; each is due at start, then
    once per interval."""

    def __init__(self, intervals, *, start):
        self.intervals = dict(intervals)
        self.next_at = dict.fromkeys(self.intervals, start)

    def due(self, now):
        """The paths due at `now`, each moved on to its next time."""
        paths = [path for path, at in self.next_at.items() if at <= now]
        for path in paths:
            self.next_at[path] = now + self.intervals[path]
        return paths

    def seconds_to_next(self, now):
        return max(0.0, min(self.next_at.values()) - now)


def enqueue(paths):
    return [import_string(path).enqueue() for path in paths]


def run_forever(intervals, *, report, clock=time.monotonic, sleep=time.sleep):
    """Queue each task when due, for ever. Sleeping a minute at a time, the
    database may have closed the connection meanwhile, so it is checked first."""
    schedule = Schedule(intervals, start=clock())
    while True:
        paths = schedule.due(clock())
        if paths:
            close_old_connections()
            enqueue(paths)
            report(paths)
        sleep(schedule.seconds_to_next(clock()))
