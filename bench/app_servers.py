"""A lesson page through nginx: two app servers against one, in the same run.

Budget (issue 8): requests per second and p95 at 20 concurrent connections, with
two app servers and with one, side by side. Starts the deployment of deploy/ on
loopback (tests/deploy/stack.py): one nginx in front of both gunicorn app servers
and a second nginx in front of the first only, all on one PostgreSQL database and
one Redis. The two are measured in turns, so a busy machine weighs on both alike.

Run: .venv/bin/python bench/app_servers.py [--seconds 15] [--connections 20]
(needs nginx, PostgreSQL and Redis on 127.0.0.1; ports 8840-8852)
"""

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _load import median_ms, p95_ms, run_load  # noqa: E402

from tests.deploy.stack import Stack  # noqa: E402

BOTH, ONE = 8840, 8842
APP_PORTS = (8851, 8852)
# As deploy/literasi.env.example recommends behind nginx.
GUNICORN = {"GUNICORN_WORKERS": "2", "GUNICORN_THREADS": "8"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="literasi-bench-") as work:
        stack = Stack(
            work,
            port=BOTH,
            app_ports=APP_PORTS,
            extra_sites={ONE: [APP_PORTS[0]]},
            worker=False,
            gunicorn_env=GUNICORN,
        )
        with stack:
            lesson = stack.scenario("lesson_path")["path"]
            for port in (BOTH, ONE):  # every gunicorn thread has its connection
                run_load(port, lesson, connections=options.connections, seconds=3)
            sites = {"two app servers": BOTH, "one app server": ONE}
            loads = {name: [] for name in sites}
            print(f"lesson page {lesson} through nginx")
            print(
                f"{options.connections} connections, {options.seconds:.0f} s a turn, "
                f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} "
                f"at the start; deploy/gunicorn.conf.py with "
                f"{GUNICORN['GUNICORN_WORKERS']} workers x "
                f"{GUNICORN['GUNICORN_THREADS']} threads a server"
            )
            header = f"{'turn':<6}{'upstream':<18}{'req/s':>8}{'p50 ms':>9}"
            print(header + f"{'p95 ms':>9}{'errors':>8}")
            for turn in range(1, options.rounds + 1):
                for name, port in sites.items():
                    load = run_load(
                        port,
                        lesson,
                        connections=options.connections,
                        seconds=options.seconds,
                    )
                    loads[name].append(load)
                    print(
                        f"{turn:<6}{name:<18}"
                        f"{len(load.samples) / load.elapsed:>8.1f}"
                        f"{median_ms(load.samples):>9.1f}{p95_ms(load.samples):>9.1f}"
                        f"{load.errors:>8}"
                    )
            print("all turns:")
            for name, runs in loads.items():
                samples = [s for load in runs for s in load.samples]
                seconds = sum(load.elapsed for load in runs)
                print(
                    f"      {name:<18}{len(samples) / seconds:>8.1f}"
                    f"{median_ms(samples):>9.1f}{p95_ms(samples):>9.1f}"
                    f"{sum(load.errors for load in runs):>8}"
                )
            pattern = rf'"GET {re.escape(lesson)} '
            served = [stack.requests_served(p, pattern) for p in APP_PORTS]
            print(f"lesson requests served: app1 {served[0]}, app2 {served[1]}")
            print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
