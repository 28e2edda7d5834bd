"""Limit wrong guesses of verification codes per client, in the shared cache.

With REDIS_URL set, every server process counts in the same place."""

from django.conf import settings
from django.core.cache import cache

WRONG_GUESSES_ALLOWED = 20
WINDOW_SECONDS = 10 * 60


def client_address(request):
    # Behind a proxy, set CLIENT_IP_HEADER (e.g. HTTP_X_FORWARDED_FOR) so each
    # visitor is counted, not the proxy. The last address is the one our proxy
    # added; earlier ones are whatever the client chose to send.
    header = getattr(settings, "CLIENT_IP_HEADER", "REMOTE_ADDR")
    value = request.META.get(header) or request.META.get("REMOTE_ADDR", "")
    return value.split(",")[-1].strip()


def _key(request):
    return f"verify-wrong-guesses:{client_address(request)}"


def too_many_wrong_guesses(request):
    return cache.get(_key(request), 0) >= WRONG_GUESSES_ALLOWED


def count_wrong_guess(request):
    key = _key(request)
    # add() starts the window only once; incr() keeps its expiry.
    if not cache.add(key, 1, WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, WINDOW_SECONDS)
