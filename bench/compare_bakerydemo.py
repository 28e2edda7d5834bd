"""CPU a page drawn from nothing costs the server, against wagtail/bakerydemo's.

    .venv/bin/python bench/compare_bakerydemo.py --bakerydemo DIR
        [--requests 100] [--warmup 20] [--rounds 5] [--port 8730] [--bakery-port 8731]

DIR is a checkout of wagtail/bakerydemo at the last commit that runs on Django 5.2
and Python 3.11 (`git checkout 49cda62^`); nothing is fetched from it or copied
into this project. Its own venv is built once under var/bench-bakerydemo/ with
`python3.11 -m venv` (its requirements/base.txt, the whitenoise its production
settings use, this project's pinned gunicorn, and django-tasks 0.8.1, the last
that runs on Python 3.11) and reused while those requirements stay the same.

Both sites run in throwaway folders on SQLite, each with its production settings
(DEBUG off, no debug toolbar; HTTPS redirect off as `make run` has it) and its demo
content: ours with migrate, load_demo and collectstatic; bakerydemo's with
migrate, load_initial_data and collectstatic, its settings pointed at the folder by
a small settings module written there. Each runs under gunicorn with one sync
worker of one thread, both logging requests to nowhere. Pages are asked for with a
query string, which our page cache never answers, so every request draws the page;
bakerydemo keeps no whole page (only its blog index's post list, in a template
fragment, as our course index keeps its course list).

Three pairs, each our page against a bakerydemo page: our lesson against a blog
post, a course against the blog index, home against home. For each pair, in each
of `--rounds` rounds: `--warmup` requests to each, then `--requests` to each, the
two pages taking turns one request at a time (each on a new connection), so a
busy machine weighs on both alike; a worker spends CPU only on its own requests,
so the CPU seconds (user + system, /proc/<pid>/stat) each gunicorn worker spent
from the first request to the last, divided by their number, is what a page
costs. Prints, per round and pair, CPU ms and median wall ms per request of each
and the CPU ratio; then the medians over the rounds, and the verdict on the
budget (DESIGN.md, Server): an uncached lesson costs less CPU than bakerydemo's
blog page -> OK, else OVER.
"""

import argparse
import hashlib
import http.client
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _gunicorn import (
    ROOT,
    answering,
    build_demo,
    production_env,
    start_gunicorn,
    stop,
)

VENV = ROOT / "var" / "bench-bakerydemo" / "venv"
# Wagtail 7.2 allows django-tasks 0.8 and 0.9; 0.9's TaskResult cannot be created
# on Python 3.11 (a frozen dataclass with slots), and every page save enqueues one.
DJANGO_TASKS = "django-tasks==0.8.1"
BASE_PYTHON = "python3.11"
UNCACHED = "?bench=drawn"
# Our page and the bakerydemo page it is measured against, in turns.
PAIRS = [
    (
        ("lesson", "/kelas/waspada-penipuan/mama-minta-pulsa/"),
        ("blog post", "/blog/wild-yeast/"),
    ),
    (("course", "/kelas/waspada-penipuan/"), ("blog index", "/blog/")),
    (("home", "/"), ("home", "/")),
]
SETTINGS = """\
from bakerydemo.settings.production import *  # noqa: F403

DATABASES = {{"default": {{"ENGINE": "django.db.backends.sqlite3", "NAME": {db!r}}}}}
MEDIA_ROOT = {media!r}
STATIC_ROOT = {static!r}
ALLOWED_HOSTS = ["127.0.0.1"]
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
"""


def pinned(requirements, name):
    """The `name==version` line of a requirements file."""
    for line in Path(requirements).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line.lower().startswith(f"{name}=="):
            return line
    raise SystemExit(f"{requirements} pins no {name}")


def bakery_venv(bakerydemo):
    """var/bench-bakerydemo/venv with bakerydemo's requirements, built when they
    changed since the last run."""
    base = bakerydemo / "requirements" / "base.txt"
    extras = [
        pinned(bakerydemo / "requirements" / "production.txt", "whitenoise"),
        pinned(ROOT / "requirements.txt", "gunicorn"),
        DJANGO_TASKS,
    ]
    wanted = hashlib.sha256((base.read_text() + "\n".join(extras)).encode()).hexdigest()
    stamp = VENV / "bench-requirements.sha256"
    if stamp.exists() and stamp.read_text() == wanted:
        return VENV
    print(f"Building {VENV.relative_to(ROOT)} (pip install -r {base.name} …)…")
    shutil.rmtree(VENV, ignore_errors=True)
    VENV.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([BASE_PYTHON, "-m", "venv", str(VENV)], check=True)
    result = subprocess.run(
        [str(VENV / "bin" / "pip"), "install", "--quiet", "-r", str(base), *extras],
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise SystemExit(f"pip install failed:\n{result.stdout}\n{result.stderr}")
    stamp.write_text(wanted)
    return VENV


def bakery_env(work, venv):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "REDIS_TLS_URL", "PYTHONPATH")
        and not k.startswith(("GUNICORN_", "ELASTICSEARCH", "AWS_", "GS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bench_bakerydemo_settings",
        DJANGO_SECRET_KEY="bench-only-key",
        PYTHONPATH=str(work),
        PATH=f"{venv / 'bin'}:{env.get('PATH', '')}",
        VIRTUAL_ENV=str(venv),
    )
    return env


def bakery_manage(bakerydemo, env, *args):
    result = subprocess.run(
        [str(Path(env["VIRTUAL_ENV"]) / "bin" / "python"), "manage.py", *args],
        cwd=bakerydemo,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise SystemExit(
            f"bakerydemo manage.py {' '.join(args)} failed:\n{result.stderr}"
        )
    return result.stdout


def build_bakery(bakerydemo, work, venv):
    (work / "bench_bakerydemo_settings.py").write_text(
        SETTINGS.format(
            db=str(work / "db.sqlite3"),
            media=str(work / "media"),
            static=str(work / "static"),
        )
    )
    env = bakery_env(work, venv)
    bakery_manage(bakerydemo, env, "migrate", "--noinput")
    bakery_manage(bakerydemo, env, "load_initial_data")
    bakery_manage(bakerydemo, env, "collectstatic", "--noinput")
    return env


def start_bakery(bakerydemo, env, port, worker_class):
    """gunicorn as bakerydemo's Procfile would run it, one worker of one thread."""
    process = subprocess.Popen(
        [str(Path(env["VIRTUAL_ENV"]) / "bin" / "gunicorn")]
        + ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "1"]
        + ["--worker-class", worker_class, "--access-logfile", "-"]
        + ["--no-control-socket", "bakerydemo.wsgi"],
        cwd=bakerydemo,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    return answering(process, port, "/")


def get(port, path):
    """One request on its own connection: (status, body bytes)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def worker_pids(master):
    """The gunicorn master's children: its workers."""
    children = Path(f"/proc/{master}/task/{master}/children")
    if children.exists():
        return [int(pid) for pid in children.read_text().split()]
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.append(int(stat.parent.name))
    return pids


def cpu_seconds(pids):
    """User + system CPU seconds of these processes (all their threads)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def measure(pages, requests, warmup):
    """[(CPU ms per request, median wall ms)] of each (port, master, path) in
    `pages`, asked for in turns, one request at a time: a busy machine weighs on
    each alike. A worker spends CPU only on its own requests, so its CPU between
    the first request and the last is what its pages cost."""
    for _ in range(warmup):
        for port, _master, path in pages:
            get(port, path)
    workers = [worker_pids(master) for _port, master, _path in pages]
    before = [cpu_seconds(pids) for pids in workers]
    walls = [[] for _ in pages]
    for number in range(requests):
        order = list(enumerate(pages))
        for index, (port, _master, path) in order if number % 2 else order[::-1]:
            start = time.perf_counter()
            status, _body = get(port, path)
            walls[index].append(time.perf_counter() - start)
            if status != 200:
                raise SystemExit(f"{path} answered {status}")
    results = []
    for (_port, master, _path), pids, cpu in zip(pages, workers, before, strict=True):
        if worker_pids(master) != pids:
            raise SystemExit("a gunicorn worker was replaced during the measurement")
        results.append((cpu_seconds(pids) - cpu) / requests * 1000)
    return [
        (cpu, statistics.median(wall) * 1000)
        for cpu, wall in zip(results, walls, strict=True)
    ]


def row(turn, ours_name, mine, their_name, their):
    return (
        f"{turn:<7}{ours_name:<9}{mine[0]:>8.1f}{mine[1]:>9.1f}   "
        f"{their_name:<12}{their[0]:>8.1f}{their[1]:>9.1f}{mine[0] / their[0]:>11.2f}"
    )


def versions(python, cwd=None, env=None):
    code = "import django, wagtail; print(django.get_version(), wagtail.__version__)"
    result = subprocess.run(
        [python, "-c", code], cwd=cwd, env=env, capture_output=True, text=True
    )
    return "Django {} / Wagtail {}".format(*result.stdout.split())


def commit(folder):
    result = subprocess.run(
        ["git", "-C", str(folder), "log", "-1", "--format=%h %s"],
        capture_output=True,
        text=True,
    )
    return result.stdout.strip() or "(not a git checkout)"


def main():
    # Stopping the bench still stops both gunicorns (the finally blocks run).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--bakerydemo",
        type=Path,
        required=True,
        help="a checkout of wagtail/bakerydemo at 49cda62^",
    )
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--port", type=int, default=8730)
    parser.add_argument("--bakery-port", type=int, default=8731)
    parser.add_argument(
        "--worker-class",
        default="sync",
        help="gunicorn worker class of both servers (deploy/gunicorn.conf.py: gthread)",
    )
    options = parser.parse_args()
    bakerydemo = options.bakerydemo.resolve()
    if not (bakerydemo / "bakerydemo" / "settings" / "production.py").exists():
        raise SystemExit(f"{bakerydemo} is not a bakerydemo checkout")
    if "Django>=5.2,<5.3" not in (bakerydemo / "requirements" / "base.txt").read_text():
        print("warning: this bakerydemo checkout does not ask for Django 5.2")

    venv = bakery_venv(bakerydemo)
    work = Path(tempfile.mkdtemp(prefix="literacy-bakerydemo-"))
    ours_work, bakery_work = work / "ours", work / "bakerydemo"
    ours_work.mkdir()
    bakery_work.mkdir()
    processes = []
    try:
        print("Building our demo site (migrate, load_demo, collectstatic)…")
        env = production_env(ours_work, options.port)
        env.update(GUNICORN_WORKERS="1", GUNICORN_THREADS="1")
        build_demo(env)
        print("Building bakerydemo (migrate, load_initial_data, collectstatic)…")
        bakery = build_bakery(bakerydemo, bakery_work, venv)

        ours = start_gunicorn(env, options.port, "--worker-class", options.worker_class)
        processes.append(ours)
        theirs = start_bakery(
            bakerydemo, bakery, options.bakery_port, options.worker_class
        )
        processes.append(theirs)

        print(
            f"ours: {versions(sys.executable, ROOT, env)}, production settings; "
            f"bakerydemo {commit(bakerydemo)}: "
            f"{versions(str(venv / 'bin' / 'python'), bakerydemo, bakery)}"
        )
        print(
            f"gunicorn {options.worker_class}, 1 worker x 1 thread each; "
            f"{options.requests} requests a page a round after {options.warmup} "
            f"to warm up; query string {UNCACHED}; {os.cpu_count()} CPUs, "
            f"load average {os.getloadavg()[0]:.1f} at the start"
        )
        sites = {
            "ours": (options.port, ours.pid),
            "bakerydemo": (options.bakery_port, theirs.pid),
        }
        for (ours_name, ours_path), (their_name, their_path) in PAIRS:
            for site, name, path in [
                ("ours", ours_name, ours_path),
                ("bakerydemo", their_name, their_path),
            ]:
                status, body = get(sites[site][0], path + UNCACHED)
                if status != 200:
                    raise SystemExit(f"{site} {path} answered {status}")
                print(f"  {site:11}{name:12}{path:44}{len(body) / 1024:6.1f} KB HTML")

        results = {pair: [] for pair in PAIRS}
        header = f"{'round':<7}{'ours':<9}{'CPU ms':>8}{'wall ms':>9}   "
        print(
            header + f"{'bakerydemo':<12}{'CPU ms':>8}{'wall ms':>9}{'CPU ratio':>11}"
        )
        for turn in range(1, options.rounds + 1):
            for pair in PAIRS:
                (ours_name, ours_path), (their_name, their_path) = pair
                pages = [
                    (*sites["ours"], ours_path + UNCACHED),
                    (*sites["bakerydemo"], their_path + UNCACHED),
                ]
                mine, their = measure(pages, options.requests, options.warmup)
                results[pair].append((mine, their))
                print(row(turn, ours_name, mine, their_name, their), flush=True)

        print(f"median of {options.rounds} rounds:")
        for pair, runs in results.items():
            mine, their = (
                tuple(
                    statistics.median(run[side][part] for run in runs)
                    for part in (0, 1)
                )
                for side in (0, 1)
            )
            print(row("", pair[0][0], mine, pair[1][0], their))
        lesson_runs = results[PAIRS[0]]
        lesson = statistics.median(mine[0] for mine, _their in lesson_runs)
        blog = statistics.median(their[0] for _mine, their in lesson_runs)
        print(f"load average at the end {os.getloadavg()[0]:.1f}")
        verdict = "OK" if lesson < blog else "OVER"
        print(
            f"budget: uncached lesson CPU < bakerydemo blog page CPU: "
            f"{lesson:.1f} ms vs {blog:.1f} ms -> {verdict}"
        )
    finally:
        for process in processes:
            stop(process)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
