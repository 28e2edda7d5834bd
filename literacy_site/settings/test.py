"""Tests: the base settings, changed only where speed or isolation needs it."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
# MD5 hashing makes creating users for every test cheap; never used outside tests.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Uploaded images and generated files go to a throwaway folder, not var/.
MEDIA_ROOT = tempfile.mkdtemp(prefix="literacy-test-media-")
PRIVATE_FILES_ROOT = tempfile.mkdtemp(prefix="literacy-test-private-")
# Serve static files from the app folders, as in development: tests do not run
# collectstatic first.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: the concurrency tests need real SQLite locking (WAL,
    # IMMEDIATE, busy timeout) between threads, as in production.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"literacy-test-{os.getpid()}.db")
    }
# Each test process counts in its own memory, whatever REDIS_URL the shell has:
# tests that need a shared cache set one up themselves.
# Two stores, as in production: without a LOCATION each, both would share one,
# and a test could not tell a page kept in the wrong cache.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "default",
    },
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
    },
}
# Tasks run at once inside the test, so a test sees their result without a
# worker process; the tests that need the real queue set the database backend.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
# Publishing a page would draw its handouts at once with the immediate backend,
# slowing every test that publishes; the handout tests switch it back on.
HANDOUTS_BUILD_ON_PUBLISH = False
# The same for speech: the speech tests switch it back on.
SPEECH_BUILD_ON_PUBLISH = False
# The browser tests' live server has no nginx in front to serve pictures and sound.
SERVE_MEDIA_FILES = True
