"""Local development: debug pages, a fixed key, any local host."""

from .base import *  # noqa: F403

DEBUG = True
# Only for development; production.py refuses to start without its own key.
SECRET_KEY = "dev-only-key-not-for-production-6c1f0b6e9e2d4b7b8a3f"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Templates and code change here without a publish: draw every page afresh.
CACHES["pages"] = {  # noqa: F405
    "BACKEND": "django.core.cache.backends.dummy.DummyCache"
}
