"""Reads that span relations: who may see which workshop, counts, public listings."""

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import Greatest
from django.utils import timezone

from literacy_site.roles import ADMINISTRATOR, FACILITATOR, VILLAGE_STAFF
from workshops.models import Registration, Workshop, WorkshopSession


def is_administrator(user):
    return user.is_superuser or user.groups.filter(name=ADMINISTRATOR).exists()


def can_use_facilitator_area(user):
    return user.is_authenticated and (
        user.is_superuser
        or user.groups.filter(
            name__in=[ADMINISTRATOR, FACILITATOR, VILLAGE_STAFF]
        ).exists()
    )


def workshops_for(user):
    """The workshops this user may see and run in the facilitator area.

    Administrators see all; a facilitator her own; village staff those of their desa.
    """
    if not user.is_authenticated:
        return Workshop.objects.none()
    if is_administrator(user):
        return Workshop.objects.all()
    role_names = set(user.groups.values_list("name", flat=True))
    allowed = Q(pk__in=[])
    if FACILITATOR in role_names:
        allowed |= Q(facilitators=user)
    if VILLAGE_STAFF in role_names and hasattr(user, "staff_place"):
        allowed |= Q(desa_id=user.staff_place.desa_id)
    return Workshop.objects.filter(allowed).distinct()


def runs_workshop(user, workshop):
    """Administrators and the workshop's own facilitators: they may see phone
    numbers (to call participants) and close the workshop."""
    return is_administrator(user) or workshop.facilitators.filter(pk=user.pk).exists()


def with_counts(workshops):
    today = timezone.localdate()
    return workshops.annotate(
        registered_count=Count(
            "registrations",
            filter=Q(registrations__status=Registration.Status.REGISTERED),
            distinct=True,
        ),
        waitlisted_count=Count(
            "registrations",
            filter=Q(registrations__status=Registration.Status.WAITLISTED),
            distinct=True,
        ),
        first_date=Min("sessions__date"),
        last_date=Max("sessions__date"),
        meets_today=Exists(
            WorkshopSession.objects.filter(workshop=OuterRef("pk"), date=today)
        ),
    )


def my_workshops(user):
    """Today's workshops first, then the coming ones (soonest first), then past ones."""
    today = timezone.localdate()
    return (
        with_counts(workshops_for(user))
        .select_related("venue", "desa")
        .annotate(
            is_past=Case(
                When(last_date__lt=today, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by(
            F("meets_today").desc(),
            "is_past",
            Case(When(is_past=False, then=F("first_date"))).asc(nulls_last=True),
            F("last_date").desc(),
            "title",
        )
    )


def upcoming_public_workshops():
    """Open workshops with a session today or later, for the public calendar."""
    today = timezone.localdate()
    return (
        with_counts(Workshop.objects.filter(status=Workshop.Status.OPEN))
        .filter(last_date__gte=today)
        .annotate(seats_left=Greatest(F("capacity") - F("registered_count"), 0))
        .select_related("venue", "desa__kecamatan")
        .prefetch_related("courses")
        .order_by("desa__kecamatan__name", "desa__name", "first_date", "title")
    )


def present_today_count(workshop):
    today = timezone.localdate()
    return (
        Registration.objects.filter(
            workshop=workshop,
            attendances__session__date=today,
            attendances__status__in=["present", "late"],
        )
        .distinct()
        .count()
    )
