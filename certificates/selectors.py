"""Who qualifies for a certificate, and what a workshop has issued."""

from django.db.models import Count, Exists, OuterRef, Q

from certificates.models import Certificate
from workshops.models import Attendance, Registration

ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.LATE)


def registrations_with_attendance(workshop):
    """The workshop's registered people with how many sessions they attended
    (present or late) and whether they hold a valid certificate: one query."""
    return (
        Registration.objects.filter(
            workshop=workshop, status=Registration.Status.REGISTERED
        )
        .select_related("participant__desa")
        .annotate(
            sessions_attended=Count(
                "attendances", filter=Q(attendances__status__in=ATTENDED)
            ),
            has_certificate=Exists(
                Certificate.objects.filter(
                    workshop=workshop,
                    participant=OuterRef("participant"),
                    revoked_at__isnull=True,
                )
            ),
        )
        .order_by("participant__full_name")
    )


def eligible_registrations(workshop):
    """Registered people who attended at least the workshop's minimum."""
    return registrations_with_attendance(workshop).filter(
        sessions_attended__gte=workshop.minimum_sessions_for_certificate
    )


def valid_certificates(workshop):
    return (
        Certificate.objects.filter(workshop=workshop, revoked_at__isnull=True)
        .select_related("participant")
        .order_by("name_as_printed", "pk")
    )
