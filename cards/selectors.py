"""What a card holder's page shows: their own record, nothing of anyone else."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from certificates.models import Certificate
from certificates.selectors import workshop_dates_text
from courses.models import course_lessons
from workshops.access import desas_for
from workshops.models import Attendance, Participant, Registration, WorkshopSession
from workshops.selectors import workshops_for


@dataclass
class WorkshopTaken:
    registration: Registration
    dates: str
    sessions: int
    attended: int
    certificates: list = field(default_factory=list)


def resident_record(card):
    """The card holder's workshops (with sessions attended), valid certificates
    and the lessons of the courses taught there (one query per course)."""
    participant = card.participant
    registrations = (
        participant.registrations.exclude(status=Registration.Status.CANCELLED)
        .select_related("workshop__venue", "workshop__desa")
        .prefetch_related(
            Prefetch("workshop__sessions", queryset=WorkshopSession.objects.all()),
            "workshop__courses",
        )
        .annotate(
            attended=Count(
                "attendances",
                filter=Q(attendances__status__in=Attendance.ATTENDED),
                distinct=True,
            )
        )
        .order_by("-workshop__pk")
    )
    certificates = Certificate.objects.filter(
        participant=participant, revoked_at__isnull=True
    ).order_by("year", "sequence")
    by_workshop = {}
    for certificate in certificates:
        by_workshop.setdefault(certificate.workshop_id, []).append(certificate)
    taken, courses = [], {}
    for registration in registrations:
        workshop = registration.workshop
        taken.append(
            WorkshopTaken(
                registration=registration,
                dates=workshop_dates_text(workshop),
                sessions=len(workshop.sessions.all()),
                attended=registration.attended,
                certificates=by_workshop.get(workshop.pk, []),
            )
        )
        for course in workshop.courses.all():
            courses.setdefault(course.pk, course)
    return {
        "participant": participant,
        "workshops": taken,
        "courses": [
            (course, course_lessons(course))
            for course in courses.values()
            if course.live
        ],
    }


def participants_for(user):
    """People whose card this user may print or replace: those registered in a
    workshop the user can see, and the residents of the desa they serve."""
    return Participant.objects.filter(
        Q(registrations__workshop__in=workshops_for(user))
        | Q(desa__in=desas_for(user)),
        anonymised_at__isnull=True,
    ).distinct()
