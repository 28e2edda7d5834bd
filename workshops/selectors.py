"""Reads that span relations: who may see which workshop, counts, public listings."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
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
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from certificates.models import Certificate
from literacy_site.erasure import log_entries_about
from literacy_site.roles import ADMINISTRATOR, FACILITATOR, VILLAGE_STAFF
from workshops import consent
from workshops.models import (
    Attendance,
    Registration,
    StaffPlace,
    Workshop,
    WorkshopSession,
)
from workshops.sheets import AttendanceSheet, SheetRow, SheetSession

NOT_HELD = (Workshop.Status.DRAFT, Workshop.Status.CANCELLED)


def first_session_date(workshop_ref):
    return Subquery(
        WorkshopSession.objects.filter(workshop=workshop_ref)
        .order_by("date")
        .values("date")[:1]
    )


def held_workshops(today=None):
    """Workshops held by today: first session today or before, not a draft or
    cancelled; `held_on` is the first session's date. The one definition the
    reports, /capaian/ and the dashboard count by."""
    today = today or timezone.localdate()
    return (
        Workshop.objects.exclude(status__in=NOT_HELD)
        .annotate(held_on=first_session_date(OuterRef("pk")))
        .filter(held_on__lte=today)
    )


def is_administrator(user):
    return user.is_superuser or user.groups.filter(name=ADMINISTRATOR).exists()


def can_use_facilitator_area(user):
    return user.is_authenticated and (
        user.is_superuser
        or user.groups.filter(
            name__in=[ADMINISTRATOR, FACILITATOR, VILLAGE_STAFF]
        ).exists()
    )


def facilitator_candidates():
    """Users who may run a workshop: facilitators and administrators."""
    return (
        get_user_model()
        .objects.filter(
            Exists(
                Group.objects.filter(
                    user=OuterRef("pk"), name__in=[FACILITATOR, ADMINISTRATOR]
                )
            ),
            is_active=True,
        )
        .order_by("first_name", "last_name", "username")
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
    # Conditions on the workshop row itself (no join), so the list needs no
    # DISTINCT and its paginator counts without grouping.
    allowed = Q(pk__in=[])
    if FACILITATOR in role_names:
        allowed |= Q(
            Exists(
                Workshop.facilitators.through.objects.filter(
                    workshop=OuterRef("pk"), user=user
                )
            )
        )
    if VILLAGE_STAFF in role_names:
        allowed |= Q(
            Exists(StaffPlace.objects.filter(user=user, desa_id=OuterRef("desa_id")))
        )
    return Workshop.objects.filter(allowed)


def runs_workshop(user, workshop):
    """Administrators and the workshop's own facilitators: they may see phone
    numbers (to call participants) and close the workshop."""
    return is_administrator(user) or workshop.facilitators.filter(pk=user.pk).exists()


def _per_workshop(queryset, value):
    """A subquery giving `value` for the outer workshop's rows of `queryset`."""
    return Subquery(
        queryset.filter(workshop=OuterRef("pk"))
        .order_by()
        .values("workshop")
        .annotate(value=value)
        .values("value")
    )


def with_counts(workshops):
    """Seats taken, people waiting and first and last session date of each
    workshop: one subquery each, so a list costs the same for any number of
    registrations and sessions."""
    today = timezone.localdate()
    registrations = Registration.objects.all()
    return workshops.annotate(
        registered_count=Coalesce(
            _per_workshop(
                registrations.filter(status=Registration.Status.REGISTERED),
                Count("pk"),
            ),
            0,
        ),
        waitlisted_count=Coalesce(
            _per_workshop(
                registrations.filter(status=Registration.Status.WAITLISTED),
                Count("pk"),
            ),
            0,
        ),
        first_date=_per_workshop(WorkshopSession.objects.all(), Min("date")),
        last_date=_per_workshop(WorkshopSession.objects.all(), Max("date")),
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


def _when(value):
    return timezone.localtime(value).isoformat() if value else None


def participant_record(participant):
    """Everything held about one participant, as plain data (UU PDP No. 27/2022):
    their details, consent, registrations with attendance, certificates and the
    log entries about them."""
    participant = (
        type(participant)
        .objects.select_related("desa__kecamatan")
        .get(pk=participant.pk)
    )
    registrations = list(
        participant.registrations.select_related("workshop").order_by("created_at")
    )
    attendances = list(
        Attendance.objects.filter(registration__participant=participant)
        .select_related("session")
        .order_by("session__date", "session__start_time")
    )
    certificates = list(
        Certificate.objects.filter(participant=participant).select_related("workshop")
    )
    attendance_by_registration = {}
    for attendance in attendances:
        attendance_by_registration.setdefault(attendance.registration_id, []).append(
            {
                "session_date": attendance.session.date.isoformat(),
                "session_starts_at": attendance.session.start_time.isoformat(
                    timespec="minutes"
                ),
                "status": attendance.get_status_display(),
                "marked_at": _when(attendance.marked_at),
            }
        )
    return {
        "exported_at": _when(timezone.now()),
        "participant": {
            "id": participant.pk,
            "full_name": participant.full_name,
            "birth_year": participant.birth_year,
            "gender": participant.get_gender_display(),
            "desa": participant.desa.name,
            "kecamatan": participant.desa.kecamatan.name,
            "phone": participant.phone,
            "needs": participant.needs,
            "entered_at": _when(participant.created_at),
            "anonymised_at": _when(participant.anonymised_at),
        },
        "consent": {
            "given_at": _when(participant.consent_given_at),
            "version": participant.consent_version,
            "text": consent.text_of(participant.consent_version),
        },
        "registrations": [
            {
                "workshop": registration.workshop.title,
                "status": registration.get_status_display(),
                "how": registration.get_source_display(),
                "registered_at": _when(registration.created_at),
                "status_changed_at": _when(registration.status_changed_at),
                "attendance": attendance_by_registration.get(registration.pk, []),
            }
            for registration in registrations
        ],
        "certificates": [
            {
                "number": certificate.number,
                "verification_code": certificate.display_code,
                "name_as_printed": certificate.name_as_printed,
                "workshop": certificate.workshop.title,
                "issued_at": _when(certificate.issued_at),
                "revoked_at": _when(certificate.revoked_at),
                "revocation_reason": certificate.revocation_reason,
            }
            for certificate in certificates
        ],
        "log": [
            {
                "at": _when(entry.timestamp),
                "what": str(entry.message),
                "about": entry.label,
                "by": entry.user_display_name if entry.user_id else "",
            }
            for entry in log_entries_about(
                [participant, *registrations, *attendances, *certificates]
            ).select_related("user")
        ],
    }


def office_administrators():
    """Who a facilitator or village staffer asks to be given a workshop or a desa."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=ADMINISTRATOR)
        .order_by("first_name", "last_name")
    )


# Marks that mean the person was there (or said why not): no call needed.
CAME_OR_EXCUSED = (
    Attendance.Status.PRESENT,
    Attendance.Status.LATE,
    Attendance.Status.EXCUSED,
)


def follow_up(session):
    """Registered people of the session's workshop to call about this session:
    marked absent or not marked, by name. Each has `session_status` (the mark
    for this session, or None); marks for other sessions do not count."""
    marks = Attendance.objects.filter(
        registration=OuterRef("pk"), session=session
    )
    return (
        session.workshop.registrations.filter(status=Registration.Status.REGISTERED)
        .exclude(Exists(marks.filter(status__in=CAME_OR_EXCUSED)))
        .annotate(session_status=Subquery(marks.values("status")[:1]))
        .select_related("participant__desa")
        .order_by("participant__full_name", "pk")
    )


def sessions_with_unmarked(workshop):
    """The workshop's sessions, each with `unmarked`: how many registered
    people have no mark for it yet."""
    registered = workshop.registrations.filter(status=Registration.Status.REGISTERED)
    marked = Attendance.objects.filter(
        session=OuterRef("pk"), registration__status=Registration.Status.REGISTERED
    )
    return workshop.sessions.annotate(
        unmarked=Value(registered.count())
        - Coalesce(
            Subquery(
                marked.order_by().values("session").annotate(n=Count("pk")).values("n")
            ),
            0,
        )
    ).order_by("date", "start_time")


def attendance_sheet_of(workshop) -> AttendanceSheet:
    """What the workshop's attendance sheet prints (also in its print pack)."""
    return AttendanceSheet(
        title=workshop.title,
        place=", ".join(
            part
            for part in (
                workshop.venue.name,
                workshop.venue.address,
                workshop.desa.name,
            )
            if part
        ),
        sessions=[
            SheetSession(
                date=session.date,
                times=f"{session.start_time:%H.%M} – {session.end_time:%H.%M}",
            )
            for session in workshop.sessions.all()
        ],
        rows=[
            SheetRow(
                name=registration.participant.full_name,
                gender=registration.participant.gender,
                birth_year=registration.participant.birth_year,
                desa=registration.participant.desa.name,
                consented=registration.participant.consent_given_at is not None,
            )
            for registration in workshop.registrations.filter(
                status=Registration.Status.REGISTERED
            )
            .select_related("participant__desa")
            .order_by("participant__full_name")
        ],
        desa=workshop.desa.name,
        # No full name on record: dots to write it by hand, never a username.
        facilitators=[
            user.get_full_name()
            for user in workshop.facilitators.order_by("first_name", "last_name")
        ],
    )
