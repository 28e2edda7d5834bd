"""A closed-loop load generator: N connections, each sending its next request as
soon as the last answer is read, as N impatient visitors would. Python threads
and http.client, kept-alive connections, gzip accepted like a phone's browser."""

import http.client
import statistics
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Sample:
    started: float
    seconds: float
    status: int


@dataclass
class Load:
    samples: list = field(default_factory=list)
    errors: int = 0
    elapsed: float = 0.0

    def within(self, start, end):
        """The samples that started between two time.monotonic() readings."""
        return [s for s in self.samples if start <= s.started < end]


def run_load(port, path, *, connections, seconds=None, stop=None):
    """Send GET path to 127.0.0.1:port from `connections` threads, for `seconds`
    or until the `stop` event is set."""
    load = Load()
    lock = threading.Lock()
    finish = stop or threading.Event()
    headers = {"Accept-Encoding": "gzip", "User-Agent": "literasi-bench"}

    def visitor():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine, errors = [], 0
        while not finish.is_set():
            started = time.monotonic()
            try:
                connection.request("GET", path, headers=headers)
                answer = connection.getresponse()
                answer.read()
                status = answer.status
                if answer.will_close:
                    connection.close()
            except (OSError, http.client.HTTPException):
                connection.close()
                status = 0
            mine.append(Sample(started, time.monotonic() - started, status))
            errors += status != 200
        connection.close()
        with lock:
            load.samples.extend(mine)
            load.errors += errors

    threads = [threading.Thread(target=visitor) for _ in range(connections)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    if seconds is not None:
        finish.wait(seconds)
        finish.set()
    for thread in threads:
        thread.join()
    load.elapsed = time.monotonic() - began
    return load


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def p95_ms(samples):
    return percentile([s.seconds for s in samples], 0.95) * 1000


def median_ms(samples):
    if not samples:
        return float("nan")
    return statistics.median(s.seconds for s in samples) * 1000


def start_load(port, path, *, connections):
    """run_load in the background; returns a function that stops it and gives
    its Load."""
    stop = threading.Event()
    result = []
    thread = threading.Thread(
        target=lambda: result.append(
            run_load(port, path, connections=connections, stop=stop)
        )
    )
    thread.start()

    def finish():
        stop.set()
        thread.join()
        return result[0]

    return finish
