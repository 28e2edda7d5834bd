"""gunicorn settings shared by `make run` and the systemd unit in deploy/.

Environment variables override: PORT / GUNICORN_BIND, GUNICORN_WORKERS,
GUNICORN_THREADS.
"""

import os

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# Threads, so a slow phone holding a connection does not tie up a whole worker.
# A gthread thread reads a request's headers to the end before Django sees it, so
# a 2G phone sending a header line every 2 s holds a thread the whole time. With
# no nginx in front (`make run` on one PC) each worker gets enough threads to hold
# all 50 such phones alone and still serve everyone else: bench/slow_clients.py
# measured a lesson page's p95 at 1.1x idle with 2 x 64 threads, and requests
# timing out with 2 x 16. Behind nginx, which buffers whole requests, fewer
# threads do (GUNICORN_THREADS); with PostgreSQL keep workers x threads x app
# servers below its max_connections, as each thread may keep a connection open.
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "64"))
timeout = 60
accesslog = "-"
