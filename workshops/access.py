"""Who may use the facilitator area, and which workshop a request may touch."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from literacy_site.roles import VILLAGE_STAFF
from workshops import selectors
from workshops.models import Desa


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


def desas_for(user):
    """The desa whose residents' certificates this user may print: all for
    administrators, the ones they serve for village staff, none for anyone else."""
    if selectors.is_administrator(user):
        return Desa.objects.all()
    if user.groups.filter(name=VILLAGE_STAFF).exists():
        return Desa.objects.filter(staff__user=user)
    return Desa.objects.none()


def desa_for(request, pk):
    # Another desa answers 404, as another workshop does.
    return get_object_or_404(desas_for(request.user).select_related("kecamatan"), pk=pk)
