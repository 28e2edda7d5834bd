"""Limit wrong guesses of verification codes per visitor's address.

Counted in the database, always: every worker process and every app server sees the
same count without Redis, and a wrong guess is rare enough that one row each costs
nothing. At most WRONG_GUESSES_ALLOWED rows per address live at a time, because a
refused request is not counted; rows older than the window are removed as new ones
arrive."""

import logging
from datetime import timedelta

from django.db import DatabaseError, transaction
from django.utils import timezone

from certificates.models import WrongGuess
from literacy_site.addresses import client_address

WRONG_GUESSES_ALLOWED = 20
WINDOW = timedelta(minutes=10)

logger = logging.getLogger(__name__)


def too_many_wrong_guesses(request):
    since = timezone.now() - WINDOW
    recent = WrongGuess.objects.filter(
        address=client_address(request), guessed_at__gte=since
    )
    return recent.count() >= WRONG_GUESSES_ALLOWED


def count_wrong_guess(request):
    now = timezone.now()
    try:
        with transaction.atomic():
            WrongGuess.objects.filter(guessed_at__lt=now - WINDOW).delete()
            WrongGuess.objects.create(
                address=client_address(request)[:64], guessed_at=now
            )
    except DatabaseError:
        # A database that cannot be written (full disk, read-only file) must not
        # turn "code not found" into an error page; the guess goes uncounted.
        logger.warning("Could not count a wrong verification code", exc_info=True)
