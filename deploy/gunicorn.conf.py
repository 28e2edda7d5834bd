"""gunicorn settings shared by `make run` and the systemd unit in deploy/.

Environment variables override: PORT / GUNICORN_BIND, GUNICORN_WORKERS,
GUNICORN_THREADS.
"""

import os

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# Threads, so a slow phone holding a connection does not tie up a whole worker.
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "16"))
timeout = 60
accesslog = "-"
