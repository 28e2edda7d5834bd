"""Whole public pages kept for anonymous readers, forgotten at every publish.

A page is kept under its address, scheme, host, language and reading
preferences, plus the cache's generation: a random value replaced, once the
transaction commits, whenever anything a page shows is published, unpublished,
moved, deleted or changed (`invalidate`). A page kept under an older generation
is never served again. The CSRF tokens in a kept page's forms are replaced on
the way out by the reader's own.
"""

import hashlib
import logging
import re
import secrets

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import InvalidCacheBackendError, caches
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from redis.exceptions import RedisError

from literacy_site.reading import preferences_from

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache-generation"
# Redis down (or no page cache configured): pages are served as if uncached.
CACHE_DOWN = (InvalidCacheBackendError, OSError, RedisError)
CSRF_PLACEHOLDER = b"page-cache-csrf-token"
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+(")')
# Headers that belong to one response, not to the page.
NOT_KEPT = {"content-length", "set-cookie", "vary"}


def page_cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def generation():
    """The current generation; a new one if the cache lost it."""
    cache = page_cache()
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, secrets.token_hex(8), None)
        value = cache.get(GENERATION_KEY)
    return value or ""  # a cache that keeps nothing (development)


def _new_generation():
    try:
        page_cache().set(GENERATION_KEY, secrets.token_hex(8), None)
    except CACHE_DOWN:
        # A publish must not fail for it; a cache that lost its contents
        # starts a new generation by itself.
        logger.error("Page cache unreachable; kept pages not forgotten", exc_info=True)


def invalidate():
    """Forget every kept page: now, so this transaction's own later reads miss,
    and again once it commits, so a page another reader rendered meanwhile from
    the old rows is kept under a generation nobody asks for any more."""
    _new_generation()
    transaction.on_commit(_new_generation)


def invalidate_on_signal(sender, **kwargs):
    invalidate()


def mark_cacheable(page, request):
    """Called as Wagtail serves a page: remember whether its page type may be
    kept. A page a view restriction guards is never kept all the same: Wagtail
    answers it with `Cache-Control: private, no-store` (or a sign-in redirect),
    which `keepable` refuses; asking for the restrictions here too cost two
    queries a page."""
    request.page_cache_allowed = getattr(page, "cached_for_anonymous_readers", False)


def _allowed_cookies():
    return {
        settings.CSRF_COOKIE_NAME,
        settings.LANGUAGE_COOKIE_NAME,
        settings.TEXT_SIZE_COOKIE,
        settings.CONTRAST_COOKIE,
    }


def is_candidate(request):
    """A plain anonymous read: GET or HEAD, no query string, and no cookie but
    the CSRF token, the language and the reading preferences (a session or a
    pending message means a page for this visitor alone)."""
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and "HTTP_AUTHORIZATION" not in request.META
        and request.COOKIES.keys() <= _allowed_cookies()
    )


def cache_key(request, generation_value):
    reading = preferences_from(request)
    parts = [
        generation_value,
        # A release with new styles or scripts has a new manifest: pages kept
        # by the last release name files by their old hashes.
        getattr(staticfiles_storage, "manifest_hash", ""),
        request.scheme,
        request.get_host(),
        request.path,
        request.LANGUAGE_CODE,
        reading["text_size"],
        reading["contrast"],
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"page:{digest}"


def keepable(request, response):
    return (
        request.method == "GET"
        and getattr(request, "page_cache_allowed", False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and response.get("Content-Type", "").startswith("text/html")
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
        and not request.user.is_authenticated
    )


def kept_from(response):
    content = CSRF_INPUT.sub(rb"\1" + CSRF_PLACEHOLDER + rb"\2", response.content)
    headers = [
        (name, value)
        for name, value in response.headers.items()
        if name.lower() not in NOT_KEPT
    ]
    return {"content": content, "headers": headers}


def response_from(kept, request):
    content = kept["content"]
    if CSRF_PLACEHOLDER in content:
        content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
    return HttpResponse(content, headers=dict(kept["headers"]))


class AnonymousPageCacheMiddleware:
    """Serve anonymous readers' pages from the page cache, and keep the pages
    Wagtail serves them. After CsrfViewMiddleware, so the reader's token is set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_candidate(request):
            return self.get_response(request)
        try:
            key = cache_key(request, generation())
            kept = page_cache().get(key)
        except CACHE_DOWN:
            logger.warning("Page cache unreachable; serving uncached", exc_info=True)
            return self.get_response(request)
        if kept is not None:
            return response_from(kept, request)
        response = self.get_response(request)
        if keepable(request, response):
            try:
                page_cache().set(key, kept_from(response), settings.PAGE_CACHE_SECONDS)
            except CACHE_DOWN:
                logger.warning("Page cache unreachable; page not kept", exc_info=True)
        return response
