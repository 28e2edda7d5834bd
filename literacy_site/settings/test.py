"""Tests: the base settings, changed only where speed or isolation needs it."""

import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
# MD5 hashing makes creating users for every test cheap; never used outside tests.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Uploaded images and generated files go to a throwaway folder, not var/.
MEDIA_ROOT = tempfile.mkdtemp(prefix="literacy-test-media-")
# Serve static files from the app folders, as in development: tests do not run
# collectstatic first.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
