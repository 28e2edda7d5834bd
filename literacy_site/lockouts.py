"""Sign-in lockouts kept by django-axes, for the administrators' screen."""

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Max, Sum
from django.utils import timezone
from wagtail.log_actions import log


def current_lockouts():
    """User name and address pairs locked out now, newest first, with `until`.

    axes keeps one row per user name, address and browser; the lock is per user
    name and address (AXES_LOCKOUT_PARAMETERS), so the browsers are added up."""
    cool_off = settings.AXES_COOLOFF_TIME
    rows = (
        AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cool_off)
        .values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last")
    )
    return [{**row, "until": row["last"] + cool_off} for row in rows]


def lockout_release(*, username, ip_address, released_by):
    """Let this user name sign in again from this address at once.

    Returns how many attempt records were removed (0 when nothing was locked)."""
    removed = reset(ip=ip_address, username=username)
    user = get_user_model().objects.filter(username=username).first()
    if removed and user is not None:
        log(
            instance=user,
            action="literacy_site.lockout.released",
            user=released_by,
            data={"ip_address": ip_address},
        )
    return removed
