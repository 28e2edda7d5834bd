"""Who may use the facilitator area, and which workshop a request may touch."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from workshops import selectors


def facilitator_area(view):
    """Signed-in facilitators, village staff and administrators only."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not selectors.can_use_facilitator_area(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def administrators_only(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not selectors.is_administrator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return facilitator_area(wrapped)


def workshop_for(request, pk):
    # Someone else's workshop answers 404, so its existence is not revealed.
    return get_object_or_404(
        selectors.workshops_for(request.user).select_related("venue", "desa"), pk=pk
    )
