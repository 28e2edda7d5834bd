"""Production: every secret from the environment; refuses to start without them."""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item]


def env_flag(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set it in the environment, for example with "
        "SECRET_KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )

# Without their own variables, the host and origin come from SITE_URL, so one
# address is all a small installation sets.
_site = urlsplit(SITE_URL)  # noqa: F405
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or [_site.hostname]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS") or [
    f"{_site.scheme}://{_site.netloc}"
]

# Behind a proxy that terminates TLS, set SECURE_PROXY_SSL_HEADER=true so Django
# trusts X-Forwarded-Proto; SECURE_SSL_REDIRECT=false if the proxy redirects itself.
if env_flag("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The proxies (addresses or networks, comma-separated) whose X-Forwarded-For
# names the visitor; the sign-in lockout and the guess limit count that address.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

# HTTPS-only settings, on only when the site is served over HTTPS (SITE_URL starts
# with https://), so `make run` on http://127.0.0.1 keeps working. Behind a proxy
# that already redirects to HTTPS, SECURE_SSL_REDIRECT=false.
SERVES_HTTPS = _site.scheme == "https"
if SERVES_HTTPS:
    SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host- cookies are refused by browsers unless Secure, for this exact host
    # and path /: no subdomain can set or read them.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_SECURE = True

# Uploads (pictures and their renditions) are nginx's job behind it; where no
# web server stands in front (`make run` on one PC), SERVE_MEDIA_FILES=true lets
# Django send them, or a lesson's pictures are missing.
SERVE_MEDIA_FILES = env_flag("SERVE_MEDIA_FILES", False)

STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "whitenoise.storage.CompressedManifestStaticFilesStorage"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
