"""Limit wrong guesses of verification codes per client, in the shared cache.

With REDIS_URL set, every server process counts in the same place."""

from django.core.cache import cache

from literacy_site.addresses import client_address

WRONG_GUESSES_ALLOWED = 20
WINDOW_SECONDS = 10 * 60


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
