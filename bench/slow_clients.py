"""A normal visitor's lesson-page p95 while 50 slow clients hold connections.

    .venv/bin/python bench/slow_clients.py [--port 8710] [--slow 50]
        [--threads 16,32]   # also measure other thread counts in the same run

Builds a throwaway SQLite site with the production settings (migrate, load_demo,
collectstatic), starts gunicorn with deploy/gunicorn.conf.py, and prints the p95
of a lesson page for one visitor making new connections one after another: idle,
then while the slow clients are connected (three rounds of each, in turn). A
slow client is a 2G phone: it sends the request line, then one header line every
2 seconds, and never finishes.
"""

import argparse
import http.client
import os
import shutil
import signal
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from _gunicorn import build_demo, manage, production_env, start_gunicorn, stop

REQUESTS = 150  # per phase, over ROUNDS rounds
ROUNDS = 3
# A phase stops after this long, so a server the slow clients took down still
# gives a figure; requests not answered within TIMEOUT_S count as TIMEOUT_S.
PHASE_LIMIT_S = 90
TIMEOUT_S = 15


def lesson_path(env):
    code = (
        "from courses.models import LessonPage;"
        "print(LessonPage.objects.live().order_by('path').first().url)"
    )
    return manage(env, "shell", "-c", code).strip().splitlines()[-1]


def start_site(env, port, workers=None, threads=None):
    env = dict(env)
    if workers:
        env["GUNICORN_WORKERS"] = str(workers)
    if threads:
        env["GUNICORN_THREADS"] = str(threads)
    return start_gunicorn(env, port)


def fetch(port, path, timeout=TIMEOUT_S):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}")
        return response.status
    finally:
        connection.close()


def visitor_timings(port, path, count):
    """Seconds for `count` sequential requests, and how many failed or timed out."""
    timings, failures = [], 0
    phase_ends = time.monotonic() + PHASE_LIMIT_S
    for _ in range(count):
        if time.monotonic() > phase_ends:
            break
        started = time.perf_counter()
        try:
            fetch(port, path)
        except (OSError, RuntimeError):
            failures += 1
            timings.append(TIMEOUT_S)
            continue
        timings.append(time.perf_counter() - started)
    return timings, failures


def p95_ms(timings):
    return statistics.quantiles(timings, n=20)[-1] * 1000


class SlowClients:
    """Connections that dribble a never-ending header, one line every 2 s."""

    def __init__(self, port, path, count):
        self.port, self.path, self.count = port, path, count
        self.sockets = []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.dribble, daemon=True)

    def __enter__(self):
        for _ in range(self.count):
            sock = socket.create_connection(("127.0.0.1", self.port))
            sock.sendall(f"GET {self.path} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode())
            self.sockets.append(sock)
        self.thread.start()
        # Let every connection be accepted and handed to a thread first.
        time.sleep(3)
        return self

    def dribble(self):
        line = 0
        while not self.stopped.wait(2):
            line += 1
            for sock in list(self.sockets):
                try:
                    sock.sendall(f"X-Slow-{line}: a\r\n".encode())
                except OSError:
                    self.sockets.remove(sock)

    def __exit__(self, *exc):
        self.stopped.set()
        self.thread.join()
        self.still_connected = len(self.sockets)
        for sock in self.sockets:
            sock.close()


def measure(env, port, path, slow, workers=None, threads=None):
    """Idle and loaded phases in turn, ROUNDS times, so the other work on a shared
    machine weighs on both alike."""
    process = start_site(env, port, workers, threads)
    idle, loaded, idle_failed, loaded_failed, held = [], [], 0, 0, []
    try:
        for _ in range(10):  # warm every worker's caches
            fetch(port, path)
        for _ in range(ROUNDS):
            timings, failed = visitor_timings(port, path, REQUESTS // ROUNDS)
            idle += timings
            idle_failed += failed
            with SlowClients(port, path, slow) as clients:
                timings, failed = visitor_timings(port, path, REQUESTS // ROUNDS)
            loaded += timings
            loaded_failed += failed
            held.append(clients.still_connected)
            if failed:  # the slow clients took it down: no need for more rounds
                break
        return (
            p95_ms(idle),
            p95_ms(loaded),
            f"{idle_failed}/{len(idle)}, {loaded_failed}/{len(loaded)}",
            min(held),
        )
    finally:
        stop(process)


def main():
    # Stopping the bench still stops its gunicorn (the finally blocks run).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8710)
    parser.add_argument("--slow", type=int, default=50)
    parser.add_argument(
        "--threads",
        default="",
        help="comma-separated thread counts to measure besides the configured one",
    )
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="literacy-slow-clients-"))
    env = production_env(work, options.port)
    try:
        print("Building the demo site (migrate, load_demo, collectstatic)…")
        build_demo(env)
        path = lesson_path(env)
        print(
            f"Lesson page: {path}; {options.slow} slow clients; "
            f"{REQUESTS} requests each phase in {ROUNDS} rounds; {os.cpu_count()} cores"
        )
        runs = [("deploy/gunicorn.conf.py", None)]
        runs += [
            (f"same, GUNICORN_THREADS={count}", int(count))
            for count in options.threads.split(",")
            if count
        ]
        print(
            f"{'server':36} {'idle p95':>9} {'slow p95':>9} {'ratio':>6} "
            f"{'failed/sent (idle, slow)':>25} {'slow held':>9}"
        )
        for label, threads in runs:
            idle, loaded, failed, held = measure(
                env, options.port, path, options.slow, threads=threads
            )
            print(
                f"{label:36} {idle:7.1f}ms {loaded:7.1f}ms {loaded / idle:6.2f} "
                f"{failed:>25} {held:9d}",
                flush=True,
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
