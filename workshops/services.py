"""Operations that change workshop data. Views and commands call these, nothing else."""

import csv
import io
import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Exists, F, OuterRef, Value
from django.db.models.functions import Replace, Upper
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from literacy_site.erasure import forget_names_in_log
from workshops import consent, report_public
from workshops.exports import PERSON_COLUMNS, column_names
from workshops.imports import ImportRowsError, header_key, read_rows
from workshops.models import (
    Attendance,
    Desa,
    Kecamatan,
    Participant,
    ParticipantImportJob,
    Registration,
    StaffPlace,
    Venue,
    Workshop,
    WorkshopSession,
)
from workshops.normalise import (
    name_key,
    normalise_name,
)
from workshops.selectors import (
    facilitator_candidates,
    is_administrator,
    participant_record,
)

DESA_CODE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")
PLACES_COLUMNS = ("kode", "kecamatan", "desa")


class PlacesImportError(Exception):
    """The file has bad rows; `errors` names each one by its line number."""

    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class PlacesImportResult:
    kecamatan_created: int = 0
    desa_created: int = 0
    updated: int = 0
    unchanged: int = 0


def _read_places(text):
    """Check every row first: a bad file is refused whole, every problem named."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in PLACES_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise PlacesImportError(
            [
                _("Line 1: the header must have the columns %(columns)s.")
                % {"columns": ", ".join(PLACES_COLUMNS)}
            ]
        )
    errors, kecamatan, desa = [], {}, {}
    for row in reader:
        line = reader.line_num
        code = (row["kode"] or "").strip()
        kecamatan_name = (row["kecamatan"] or "").strip()
        desa_name = (row["desa"] or "").strip()
        if not DESA_CODE.match(code):
            errors.append(
                _(
                    "Line %(line)d: the code '%(code)s' is not a desa code like "
                    "61.12.01.2001."
                )
                % {"line": line, "code": code}
            )
            continue
        if not kecamatan_name or not desa_name:
            errors.append(
                _("Line %(line)d: the kecamatan and desa names must not be empty.")
                % {"line": line}
            )
            continue
        if code in desa:
            errors.append(
                _("Line %(line)d: the code %(code)s appears twice.")
                % {"line": line, "code": code}
            )
            continue
        kecamatan_code = code.rsplit(".", 1)[0]
        known_name = kecamatan.setdefault(kecamatan_code, kecamatan_name)
        if known_name != kecamatan_name:
            errors.append(
                _(
                    "Line %(line)d: kecamatan %(code)s is called '%(name)s' here but "
                    "'%(known)s' above."
                )
                % {
                    "line": line,
                    "code": kecamatan_code,
                    "name": kecamatan_name,
                    "known": known_name,
                }
            )
            continue
        desa[code] = (desa_name, kecamatan_code)
    if not desa and not errors:
        errors.append(_("The file has no rows."))
    if errors:
        raise PlacesImportError(errors)
    return kecamatan, desa


def places_import_csv(*, text: str) -> PlacesImportResult:
    """Create or update kecamatan and desa from CSV text; all rows or none."""
    kecamatan_names, desa_rows = _read_places(text)
    result = PlacesImportResult()
    with transaction.atomic():
        kecamatan_by_code = {}
        for code, name in kecamatan_names.items():
            obj, created = Kecamatan.objects.get_or_create(
                code=code, defaults={"name": name}
            )
            if created:
                result.kecamatan_created += 1
            elif obj.name != name:
                obj.name = name
                obj.save(update_fields=["name"])
                result.updated += 1
            kecamatan_by_code[code] = obj
        existing = {d.code: d for d in Desa.objects.filter(code__in=desa_rows)}
        for code, (name, kecamatan_code) in desa_rows.items():
            parent = kecamatan_by_code[kecamatan_code]
            current = existing.get(code)
            if current is None:
                Desa.objects.create(code=code, name=name, kecamatan=parent)
                result.desa_created += 1
            elif current.name != name or current.kecamatan_id != parent.pk:
                current.name, current.kecamatan = name, parent
                current.save(update_fields=["name", "kecamatan"])
                result.updated += 1
            else:
                result.unchanged += 1
    return result


class RegistrationError(Exception):
    """A registration the rules do not allow; the message is for the facilitator."""


class WorkshopNotOpen(RegistrationError):
    """The workshop is a draft, closed or cancelled."""


class AlreadyRegistered(RegistrationError):
    """The participant has a seat or a waiting place already."""

    def __init__(self, registration):
        super().__init__(str(registration))
        self.registration = registration


class AttendanceError(Exception):
    """A mark the rules do not allow; the message is for the facilitator."""


def locked_workshop(workshop):
    """The workshop's row, locked until the transaction ends (call inside one)."""
    # Lock the workshop row before counting seats, so two registrations for the
    # last seat are decided one after the other. On SQLite the IMMEDIATE
    # transaction already holds the database's write lock, and this is a no-op.
    return Workshop.objects.select_for_update().get(pk=workshop.pk)


def _seats_taken(workshop):
    return workshop.registrations.filter(status=Registration.Status.REGISTERED).count()


def participant_create(
    *,
    full_name: str,
    birth_year: int,
    gender: str,
    desa: Desa,
    phone: str = "",
    needs: str = "",
    submission_key=None,
    now=None,
) -> tuple[Participant, bool]:
    """Enter a new participant with their consent, once per form submission.

    Returns the participant and whether they were created by this call. Raises
    ValidationError, by field, for anything Participant.clean() refuses.
    `now`: when they were entered and consented (the demo's history).
    """
    now = now or timezone.now()
    participant = participant_checked(
        Participant(
            full_name=full_name,
            birth_year=birth_year,
            gender=gender,
            desa=desa,
            phone=phone,
            needs=needs,
            consent_given_at=now,
            consent_version=consent.CURRENT_VERSION,
        )
    )
    values = {
        field: getattr(participant, field)
        for field in (*CORRECTABLE_FIELDS, "consent_given_at", "consent_version")
    }
    values["created_at"] = now
    if submission_key is None:
        return Participant.objects.create(**values), True
    return Participant.objects.get_or_create(
        submission_key=submission_key, defaults=values
    )


def participant_checked(participant: Participant, *, exclude=()) -> Participant:
    """The participant with its values cleaned by the model's rules; raises
    ValidationError naming every field that breaks one."""
    # The desa comes as an object already read: looking it up again for each
    # row of a long import would cost a query a row. The submission key is
    # matched by get_or_create.
    participant.full_clean(
        exclude=["desa", "submission_key", *exclude],
        validate_unique=False,
        validate_constraints=False,
    )
    return participant


def participant_register(
    *,
    workshop: Workshop,
    registered_by,
    source: str = Registration.Source.FACILITATOR,
    **person,
) -> Registration:
    """Enter a new person (participant_create's arguments) and register them.

    All or nothing: when the same person already has a place, AlreadyRegistered
    is raised and nobody new is entered.
    """
    with transaction.atomic():
        # Decide under the workshop's lock, so two facilitators entering the
        # same person at the same moment give one registration, not two.
        locked_workshop(workshop)
        participant, _created = participant_create(**person)
        return registration_create(
            workshop=workshop,
            participant=participant,
            registered_by=registered_by,
            source=source,
        )


def registration_create(
    *,
    workshop: Workshop,
    participant: Participant,
    registered_by,
    source: str = Registration.Source.FACILITATOR,
    now=None,
) -> Registration:
    """Give the participant a seat, or a place on the waiting list when it is full.

    Raises WorkshopNotOpen, or AlreadyRegistered when they already have a place.
    A cancelled registration is taken up again rather than duplicated.
    """
    now = now or timezone.now()
    with transaction.atomic():
        workshop = locked_workshop(workshop)
        if not workshop.is_open:
            raise WorkshopNotOpen(workshop.get_status_display())
        registration = Registration.objects.filter(
            workshop=workshop, participant=participant
        ).first()
        if registration is not None and registration.is_active:
            raise AlreadyRegistered(registration)
        # The same person may have been entered twice (two phones, one moment):
        # their place is found by name, year of birth and desa, under the lock.
        same_person = registration_of_same_person(
            workshop=workshop,
            full_name=participant.full_name,
            birth_year=participant.birth_year,
            desa=participant.desa_id,
        )
        if same_person is not None:
            raise AlreadyRegistered(same_person)
        # Seats freed by a larger capacity go to those already waiting first.
        _fill_free_seats_from_waiting_list(
            workshop, promoted_by=registered_by, now=now
        )
        status = (
            Registration.Status.REGISTERED
            if _seats_taken(workshop) < workshop.capacity
            else Registration.Status.WAITLISTED
        )
        if registration is None:
            registration = Registration.objects.create(
                workshop=workshop,
                participant=participant,
                status=status,
                source=source,
                registered_by=registered_by,
                created_at=now,
                status_changed_at=now,
            )
        else:
            registration.status = status
            registration.source = source
            registration.registered_by = registered_by
            registration.status_changed_at = now
            registration.save()
        log(
            registration,
            f"workshops.registration.{status}",
            user=registered_by,
            timestamp=now,
        )
    return registration


def registration_cancel(*, registration: Registration, cancelled_by) -> Registration:
    """Cancel a place; a freed seat goes to the first on the waiting list.

    Returns the registration promoted from the waiting list, or None.
    """
    with transaction.atomic():
        workshop = locked_workshop(registration.workshop)
        registration = Registration.objects.get(pk=registration.pk)
        if not registration.is_active:
            return None
        freed_a_seat = registration.status == Registration.Status.REGISTERED
        registration.status = Registration.Status.CANCELLED
        registration.status_changed_at = timezone.now()
        registration.save(update_fields=["status", "status_changed_at"])
        log(registration, "workshops.registration.cancelled", user=cancelled_by)
        # A closed or cancelled workshop takes nobody in: its record is final.
        if not freed_a_seat or not workshop.is_open:
            return None
        return _promote_from_waiting_list(workshop, promoted_by=cancelled_by)


def registration_seat_with_extra_chair(
    *, registration: Registration, seated_by
) -> Registration:
    """Seat someone from the waiting list who is in the room, on an extra chair.

    The workshop gains one seat for them; others keep their place in the queue.
    Raises RegistrationError when they are not waiting or the workshop is not open.
    """
    with transaction.atomic():
        workshop = locked_workshop(registration.workshop)
        if not workshop.is_open:
            raise WorkshopNotOpen(
                _("This workshop is not open: nobody more can be seated.")
            )
        registration = Registration.objects.select_related("participant").get(
            pk=registration.pk
        )
        if registration.status != Registration.Status.WAITLISTED:
            raise RegistrationError(
                _("%(name)s is not on the waiting list.")
                % {"name": registration.participant.full_name}
            )
        if _seats_taken(workshop) >= workshop.capacity:
            workshop.capacity += 1
            workshop.save(update_fields=["capacity"])
        registration.status = Registration.Status.REGISTERED
        registration.status_changed_at = timezone.now()
        registration.save(update_fields=["status", "status_changed_at"])
        log(
            registration,
            "workshops.registration.extra_chair",
            user=seated_by,
            data={"capacity": workshop.capacity},
        )
    registration.workshop = workshop
    return registration


def participant_find_or_create(
    *, full_name, birth_year, gender, desa, phone="", needs="", submission_key=None
) -> tuple[Participant, bool]:
    """The person already entered with this name, year of birth and desa (the
    first entered), or a new participant. Returns it and whether it is new."""
    entered = (
        participants_matching(full_name=full_name, birth_year=birth_year, desa=desa)
        .order_by("pk")
        .first()
    )
    if entered is not None:
        return entered, False
    return participant_create(
        full_name=full_name,
        birth_year=birth_year,
        gender=gender,
        desa=desa,
        phone=phone,
        needs=needs,
        submission_key=submission_key,
    )


@dataclass
class SheetWalkIn:
    registration: Registration
    entered_before: bool
    extra_chair: bool


def registration_from_blank_row(*, workshop: Workshop, registered_by, **person):
    """Register someone written on a blank row of a signed sheet as a walk-in.

    Someone entered before (same name, year of birth and desa) is registered
    rather than entered again. They signed, so they were in the room: when the
    workshop is full they get an extra chair (capacity + 1, logged) rather
    than a place on the waiting list. Raises AlreadyRegistered or
    WorkshopNotOpen; all or nothing.
    """
    with transaction.atomic():
        locked_workshop(workshop)
        participant, created = participant_find_or_create(**person)
        registration = registration_create(
            workshop=workshop,
            participant=participant,
            registered_by=registered_by,
            source=Registration.Source.WALK_IN,
        )
        extra_chair = registration.status == Registration.Status.WAITLISTED
        if extra_chair:
            registration = registration_seat_with_extra_chair(
                registration=registration, seated_by=registered_by
            )
    return SheetWalkIn(registration, not created, extra_chair)


def _fill_free_seats_from_waiting_list(workshop, *, promoted_by, now=None):
    promoted = []
    while registration := _promote_from_waiting_list(
        workshop, promoted_by=promoted_by, now=now
    ):
        promoted.append(registration)
    return promoted


def _promote_from_waiting_list(workshop, *, promoted_by, now=None):
    if _seats_taken(workshop) >= workshop.capacity:
        return None
    first_waiting = (
        workshop.registrations.filter(status=Registration.Status.WAITLISTED)
        .order_by("status_changed_at", "pk")
        .first()
    )
    if first_waiting is None:
        return None
    first_waiting.status = Registration.Status.REGISTERED
    first_waiting.status_changed_at = now = now or timezone.now()
    first_waiting.save(update_fields=["status", "status_changed_at"])
    log(
        first_waiting,
        "workshops.registration.promoted",
        user=promoted_by,
        timestamp=now,
    )
    return first_waiting


class AttendanceFrozen(AttendanceError):
    """The workshop is closed or cancelled: its attendance is the record now."""


def attendance_frozen_message(workshop):
    """Why the workshop's attendance cannot change, or "" when it can."""
    if workshop.status == Workshop.Status.CANCELLED:
        return _(
            "This workshop is cancelled, so its attendance can no longer be "
            "changed. Ask an administrator to reopen the workshop, with a "
            "reason, if a mark must be corrected."
        )
    if workshop.attendance_frozen:
        return _(
            "This workshop is closed, so its attendance can no longer be "
            "changed. Ask an administrator to reopen the workshop, with a "
            "reason, if a mark must be corrected."
        )
    return ""


def _refuse_if_frozen(workshop):
    if workshop.attendance_frozen:
        raise AttendanceFrozen(attendance_frozen_message(workshop))


def _check_mark(registration, session, status, *, registered=None):
    """`registered`: pks of registered people read under the workshop's lock;
    without it, the registration in hand is trusted."""
    if session.workshop_id != registration.workshop_id:
        raise AttendanceError(_("This session belongs to another workshop."))
    is_registered = (
        registration.pk in registered
        if registered is not None
        else registration.status == Registration.Status.REGISTERED
    )
    if not is_registered:
        raise AttendanceError(_("Only registered participants can be marked."))
    if status is not None and status not in Attendance.Status.values:
        raise AttendanceError(_("Choose present, late, excused or absent."))


def _save_mark(registration, session, status, marked_by, now=None):
    now = now or timezone.now()
    attendance, _created = Attendance.objects.update_or_create(
        registration=registration,
        session=session,
        defaults={"status": status, "marked_by": marked_by, "marked_at": now},
    )
    log(
        attendance,
        "workshops.attendance.marked",
        user=marked_by,
        data={"status": status},
        timestamp=now,
    )
    return attendance


def _clear_mark(registration, session, cleared_by, now=None):
    attendance = (
        Attendance.objects.filter(registration=registration, session=session)
        .select_related("registration__participant", "session__workshop")
        .first()
    )
    if attendance is None:
        return False
    log(
        attendance,
        "workshops.attendance.cleared",
        user=cleared_by,
        data={"status": attendance.status},
        deleted=True,
        timestamp=now or timezone.now(),
    )
    attendance.delete()
    return True


def attendance_mark(
    *,
    registration: Registration,
    session: WorkshopSession,
    status: str,
    marked_by,
    now=None,
) -> Attendance:
    """Record whether a registered participant came to a session (last mark wins).

    Raises AttendanceFrozen once the workshop is closed or cancelled.
    """
    _check_mark(registration, session, status)
    if status is None:
        raise AttendanceError(_("Choose present, late, excused or absent."))
    with transaction.atomic():
        # Under the workshop's lock, so a mark and the closing of the workshop
        # are decided one after the other: no mark slips in after closing.
        _refuse_if_frozen(locked_workshop(registration.workshop))
        return _save_mark(registration, session, status, marked_by, now)


def attendance_clear(
    *, registration: Registration, session: WorkshopSession, cleared_by
) -> bool:
    """Take a mark back to "not marked" (a mark typed in by mistake); logged.

    Returns whether there was a mark. Raises AttendanceFrozen once the workshop
    is closed or cancelled.
    """
    if session.workshop_id != registration.workshop_id:
        raise AttendanceError(_("This session belongs to another workshop."))
    with transaction.atomic():
        _refuse_if_frozen(locked_workshop(registration.workshop))
        return _clear_mark(registration, session, cleared_by)


def attendance_mark_many(
    *, marks, marked_by, workshop=None, now=None
) -> tuple[int, list]:
    """Record several marks in one transaction, as from a submitted sheet.

    `marks` holds (registration, session, status) triples; a status of None
    clears that mark. Marks the rules refuse (someone no longer registered,
    decided under the workshop's lock) are skipped and returned, the rest are
    saved. A closed or cancelled workshop refuses the whole sheet with
    AttendanceFrozen, even an empty one when `workshop` is given.
    """
    marks = list(marks)
    workshop_ids = {session.workshop_id for _r, session, _s in marks}
    if workshop is not None:
        workshop_ids.add(workshop.pk)
    saved, refused = 0, []
    with transaction.atomic():
        for workshop_id in sorted(workshop_ids):
            _refuse_if_frozen(locked_workshop(Workshop(pk=workshop_id)))
        # Read after the lock: someone cancelled a moment ago is not marked.
        registered = set(
            Registration.objects.filter(
                workshop_id__in=workshop_ids, status=Registration.Status.REGISTERED
            ).values_list("pk", flat=True)
        )
        for registration, session, status in marks:
            try:
                _check_mark(registration, session, status, registered=registered)
            except AttendanceError:
                refused.append(registration)
                continue
            if status is None:
                _clear_mark(registration, session, marked_by, now)
            else:
                _save_mark(registration, session, status, marked_by, now)
            saved += 1
    return saved, refused


def attendance_mark_all_present(*, session: WorkshopSession, marked_by) -> int:
    """Mark everyone registered and not yet marked for the session as present.

    Marks already made stay as they are. Returns how many were marked.
    """
    with transaction.atomic():
        workshop = locked_workshop(session.workshop)
        _refuse_if_frozen(workshop)
        if not session.has_started:
            raise AttendanceError(
                _(
                    "This session has not started yet: mark everyone present "
                    "once it has begun, when you can see who came."
                )
            )
        unmarked = (
            workshop.registrations.filter(status=Registration.Status.REGISTERED)
            .exclude(attendances__session=session)
            .select_related("participant")
        )
        now = timezone.now()
        attendances = Attendance.objects.bulk_create(
            Attendance(
                registration=registration,
                session=session,
                status=Attendance.Status.PRESENT,
                marked_by=marked_by,
                marked_at=now,
            )
            for registration in unmarked
        )
        for attendance in attendances:
            log(
                attendance,
                "workshops.attendance.marked",
                user=marked_by,
                data={"status": attendance.status, "all_present": True},
            )
    report_public.data_changed()  # bulk_create sends no signal
    return len(attendances)


def workshop_close(*, workshop: Workshop, closed_by, now=None) -> Workshop:
    """Close an open workshop: nobody more can register and its attendance is
    final (only an administrator reopening it may change it again).

    Closing a closed workshop does nothing; a draft or cancelled one raises
    WorkshopRefused.
    """
    with transaction.atomic():
        workshop = locked_workshop(workshop)
        if workshop.status == Workshop.Status.CLOSED:
            return workshop
        if workshop.status != Workshop.Status.OPEN:
            raise WorkshopRefused(
                {
                    "status": _(
                        "Only an open workshop can be closed. This one is %(status)s."
                    )
                    % {"status": workshop.get_status_display().lower()}
                }
            )
        workshop.status = Workshop.Status.CLOSED
        workshop.save(update_fields=["status"])
        log(
            workshop,
            "workshops.workshop.closed",
            user=closed_by,
            timestamp=now or timezone.now(),
        )
    return workshop


def workshop_cancel(*, workshop: Workshop, cancelled_by) -> Workshop:
    """Call a workshop off: nobody more can register; registrations stay on record.

    A closed workshop that issued certificates cannot be cancelled (its
    certificates would name a workshop that did not happen): WorkshopRefused.
    """
    with transaction.atomic():
        workshop = locked_workshop(workshop)
        if workshop.status == Workshop.Status.CLOSED and workshop.certificates.exists():
            raise WorkshopRefused(
                {
                    "status": _(
                        "This workshop took place and issued certificates: it "
                        "cannot be cancelled."
                    )
                }
            )
        if workshop.status != Workshop.Status.CANCELLED:
            workshop.status = Workshop.Status.CANCELLED
            workshop.save(update_fields=["status"])
            log(workshop, "workshops.workshop.cancelled", user=cancelled_by)
    return workshop


class WorkshopRefused(ValidationError):
    """A workshop change the rules do not allow; messages name the form field."""


def _check_facilitators(facilitators):
    allowed = set(
        facilitator_candidates()
        .filter(pk__in=[user.pk for user in facilitators])
        .values_list("pk", flat=True)
    )
    refused = [user for user in facilitators if user.pk not in allowed]
    if refused:
        raise WorkshopRefused(
            {
                "facilitators": _(
                    "%(names)s cannot run workshops: only active users in the "
                    "Facilitator or Administrator group can. Add them to one of "
                    "these groups under Users first."
                )
                % {"names": ", ".join(user.get_username() for user in refused)}
            }
        )


def _check_certificate_rule(workshop):
    sessions = len(workshop.sessions.all())
    needed = workshop.minimum_sessions_for_certificate
    # A draft may be saved before its sessions are planned.
    if needed > sessions and (sessions or workshop.status != Workshop.Status.DRAFT):
        raise WorkshopRefused(
            {
                "minimum_sessions_for_certificate": _(
                    "A certificate needs %(needed)d sessions, but the workshop has "
                    "%(sessions)d: nobody could ever get one. Lower the number or "
                    "add sessions."
                )
                % {"needed": needed, "sessions": sessions}
            }
        )


SESSION_FIELDS = ("date", "start_time", "end_time", "topic")


def _check_sessions(before, workshop):
    """Marks are never lost with a deleted session, and a closed or cancelled
    workshop keeps its sessions and certificate rule as they were."""
    stored = {
        session.pk: session
        for session in WorkshopSession.objects.filter(workshop=before).annotate(
            marked=Exists(Attendance.objects.filter(session=OuterRef("pk")))
        )
    }
    wanted = list(workshop.sessions.all())
    removed = set(stored) - {session.pk for session in wanted}
    marked = sorted(
        (stored[pk] for pk in removed if stored[pk].marked),
        key=lambda session: (session.date, session.start_time),
    )
    if marked:
        raise WorkshopRefused(
            {
                "sessions": _(
                    "Attendance is marked for %(sessions)s: a session with "
                    "attendance cannot be deleted. Change its date or time instead."
                )
                % {
                    "sessions": ", ".join(
                        date_format(session.date, "j F Y") for session in marked
                    )
                }
            }
        )
    if before.status not in (Workshop.Status.CLOSED, Workshop.Status.CANCELLED):
        return
    changed = removed or any(
        session.pk not in stored
        or any(
            getattr(session, name) != getattr(stored[session.pk], name)
            for name in SESSION_FIELDS
        )
        for session in wanted
    )
    if changed:
        raise WorkshopRefused(
            {
                "sessions": _(
                    "This workshop is closed or cancelled: its sessions cannot "
                    "be added, deleted or changed. Reopen it first."
                )
            }
        )
    if (
        workshop.minimum_sessions_for_certificate
        != before.minimum_sessions_for_certificate
    ):
        raise WorkshopRefused(
            {
                "minimum_sessions_for_certificate": _(
                    "This workshop is closed or cancelled: its certificate rule "
                    "cannot be changed. Reopen it first."
                )
            }
        )


def workshop_update(
    *,
    workshop: Workshop,
    by,
    facilitators=None,
    courses=None,
    reopen_reason: str = "",
) -> Workshop:
    """Create or change a workshop (`workshop` carries the wanted values and sessions).

    Under the workshop's lock: checks the row's own rules (Workshop.clean), the
    facilitators and the certificate rule; a change of status goes through
    workshop_close, workshop_cancel or workshop_reopen (with `reopen_reason`) and
    is logged; seats that a larger capacity frees go to the waiting list in queue
    order. Raises WorkshopRefused, with the field each message belongs to.
    """
    wanted = workshop.status
    with transaction.atomic():
        before = locked_workshop(workshop) if workshop.pk else None
        if workshop.venue_id is not None:
            # As it is now, and kept so until the end: venue_update cannot
            # take away its shared tick or move it meanwhile.
            workshop.venue = (
                Venue.objects.select_for_update().filter(pk=workshop.venue_id).first()
            )
        try:
            workshop.full_clean()
        except ValidationError as error:
            raise WorkshopRefused(error.message_dict) from error
        _check_certificate_rule(workshop)
        if facilitators is not None:
            _check_facilitators(facilitators)
        if before is not None:
            _check_sessions(before, workshop)
            taken = _seats_taken(before)
            if workshop.capacity < taken:
                raise WorkshopRefused(
                    {
                        "capacity": _(
                            "%(taken)d people already have a seat: the workshop "
                            "cannot have fewer seats. Cancel registrations first."
                        )
                        % {"taken": taken}
                    }
                )
        status_now = _status_to_save_first(before, wanted, reopen_reason)
        workshop.status = status_now
        workshop.save()
        if facilitators is not None:
            workshop.facilitators.set(facilitators)
        if courses is not None:
            workshop.courses.set(courses)
        if wanted != status_now:
            if wanted == Workshop.Status.CLOSED:
                workshop_close(workshop=workshop, closed_by=by)
            elif wanted == Workshop.Status.CANCELLED:
                workshop_cancel(workshop=workshop, cancelled_by=by)
            elif status_now in (Workshop.Status.CLOSED, Workshop.Status.CANCELLED):
                workshop_reopen(workshop=workshop, by=by, reason=reopen_reason)
            else:
                Workshop.objects.filter(pk=workshop.pk).update(status=wanted)
                log(
                    workshop,
                    "workshops.workshop.status_changed",
                    user=by,
                    data={"from": status_now, "to": wanted},
                )
            workshop.status = wanted
        if workshop.is_open:
            _fill_free_seats_from_waiting_list(workshop, promoted_by=by)
    return workshop


def _status_to_save_first(before, wanted, reopen_reason):
    """The status the row is saved with before its change is applied and logged."""
    if before is None:
        # A new workshop starts as a draft unless it is wanted as one or open.
        if wanted in (Workshop.Status.DRAFT, Workshop.Status.OPEN):
            return wanted
        return Workshop.Status.DRAFT
    ended = (Workshop.Status.CLOSED, Workshop.Status.CANCELLED)
    if before.status in ended and wanted in (
        Workshop.Status.OPEN,
        Workshop.Status.DRAFT,
    ):
        if wanted == Workshop.Status.DRAFT or not reopen_reason.strip():
            raise WorkshopRefused(
                {
                    "status": _(
                        "This workshop is closed or cancelled: its attendance and "
                        "certificates are final. To open it again, choose 'Open "
                        "for registration' and write why in 'Reason for reopening'."
                    )
                }
            )
    if before.status != Workshop.Status.OPEN and wanted == Workshop.Status.CLOSED:
        if before.status != Workshop.Status.CLOSED:
            raise WorkshopRefused({"status": _("Only an open workshop can be closed.")})
    return before.status


def workshop_reopen(*, workshop: Workshop, by, reason: str) -> Workshop:
    """Open a closed or cancelled workshop again (administrators only), with
    the reason logged.

    Raises WorkshopRefused when `by` is not an administrator, the reason is
    empty or the workshop is neither closed nor cancelled.
    """
    reason = reason.strip()
    if not is_administrator(by):
        raise WorkshopRefused(
            {
                "status": _(
                    "Only an administrator can reopen a closed or cancelled workshop."
                )
            }
        )
    if not reason:
        raise WorkshopRefused({"status": _("Write why the workshop is reopened.")})
    with transaction.atomic():
        workshop = locked_workshop(workshop)
        if workshop.status not in (
            Workshop.Status.CLOSED,
            Workshop.Status.CANCELLED,
        ):
            raise WorkshopRefused(
                {"status": _("This workshop is neither closed nor cancelled.")}
            )
        workshop.status = Workshop.Status.OPEN
        workshop.save(update_fields=["status"])
        log(
            workshop,
            "workshops.workshop.reopened",
            user=by,
            data={"reason": reason},
        )
        _fill_free_seats_from_waiting_list(workshop, promoted_by=by)
    return workshop


# How many workshops a refusal names before it says how many more.
WORKSHOPS_NAMED = 5


def venue_update(*, venue: Venue, by) -> Venue:
    """Create or change a venue (`venue` carries the wanted values).

    Workshops may be held at a venue of another desa only while it is shared
    (Workshop.clean), so a venue that such workshops use is refused a move to
    another desa or the loss of its *shared* tick: WorkshopRefused, with the
    field and the workshops named. Logged as an admin create or edit."""
    with transaction.atomic():
        if venue.pk is not None:
            # workshop_update locks the venue it chooses: a workshop cannot
            # come to use it in between.
            before = Venue.objects.select_for_update().get(pk=venue.pk)
            _check_venue_keeps_its_workshops(before, venue)
        try:
            venue.full_clean()
        except ValidationError as error:
            raise WorkshopRefused(error.message_dict) from error
        created = venue.pk is None
        venue.save()
        log(venue, "wagtail.create" if created else "wagtail.edit", user=by)
    return venue


def _check_venue_keeps_its_workshops(before, venue):
    unshared = before.shared and not venue.shared
    moved = before.desa_id != venue.desa_id
    if venue.shared or not (unshared or moved):
        return
    elsewhere = list(
        Workshop.objects.filter(venue=before)
        .exclude(desa_id=venue.desa_id)
        .order_by("title", "pk")
        .values_list("title", flat=True)[: WORKSHOPS_NAMED + 1]
    )
    if not elsewhere:
        return
    more = Workshop.objects.filter(venue=before).exclude(desa_id=venue.desa_id)
    named = ", ".join(elsewhere[:WORKSHOPS_NAMED])
    if len(elsewhere) > WORKSHOPS_NAMED:
        named = _("%(names)s and %(count)d more") % {
            "names": named,
            "count": more.count() - WORKSHOPS_NAMED,
        }
    if unshared:
        raise WorkshopRefused(
            {
                "shared": _(
                    "Workshops for other desa are held at this venue (%(workshops)s), "
                    "so it must stay shared. Choose another venue for them first."
                )
                % {"workshops": named}
            }
        )
    raise WorkshopRefused(
        {
            "desa": _(
                "Workshops for other desa than the one chosen are held at this "
                "venue (%(workshops)s). Choose another venue for them first, or "
                "tick it as a shared venue."
            )
            % {"workshops": named}
        }
    )


# What an import must find in the file's header; the other person columns
# (kecamatan, phone, needs) may be left out, as an export without phones does.
IMPORT_REQUIRED = ("full_name", "birth_year", "gender", "desa", "consent")
YES = {"ya", "y", "yes", "1", "setuju", "true"}
# How often a long import reports how far it got.
IMPORT_PROGRESS_EVERY = 100


@dataclass
class RegistrationImportResult:
    registered: int = 0
    waitlisted: int = 0
    participants_created: int = 0
    already_registered: int = 0


def _desa_lookup():
    by_code, by_name = {}, {}
    for desa in Desa.objects.select_related("kecamatan"):
        by_code[desa.code] = desa
        by_name.setdefault(desa.name.casefold(), []).append(desa)
    return by_code, by_name


def _gender_lookup():
    codes = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for value, label in Participant.Gender.choices:
                codes[header_key(str(label))] = value
    for value in Participant.Gender.values:
        codes[header_key(value)] = value
    return codes


def _import_columns(header):
    """Which cell holds which person column; refuses a file missing some."""
    names = column_names()
    columns = {}
    for index, cell in enumerate(header):
        key = header_key(cell)
        for column, known in names.items():
            if key in known:
                columns.setdefault(column, index)
    missing = [str(PERSON_COLUMNS[c]) for c in IMPORT_REQUIRED if c not in columns]
    if missing:
        raise ImportRowsError(
            [
                _("Line 1: the columns %(columns)s are missing.")
                % {"columns": ", ".join(missing)}
            ]
        )
    return columns


def _table_rows(content):
    known = set().union(*column_names().values())
    rows = read_rows(content, known_headers=known)
    if not rows:
        raise ImportRowsError([_("The file has no rows.")])
    (_line, header), *rows = rows
    return _import_columns(header), rows


def registrations_import_count(*, content: bytes) -> int:
    """How many people a file holds, reading no more than it takes to count
    them. Raises ImportRowsError for a file that cannot be read at all."""
    _columns, rows = _table_rows(content)
    return len(rows)


def _desa_of(values, by_code, by_name):
    """The row's desa, or the problem to report: by code, or by name (and
    kecamatan, when the name is shared)."""
    text = values["desa"]
    if not text:
        return None, _("%(column)s is empty") % {"column": PERSON_COLUMNS["desa"]}
    if text in by_code:
        return by_code[text], None
    candidates = by_name.get(text.casefold(), [])
    kecamatan = values.get("kecamatan", "").casefold()
    if len(candidates) > 1 and kecamatan:
        candidates = [d for d in candidates if d.kecamatan.name.casefold() == kecamatan]
    if len(candidates) == 1:
        return candidates[0], None
    if not candidates:
        return None, _("the desa “%(desa)s” is not known: write its name or code") % {
            "desa": text
        }
    return None, _(
        "there are several desa called “%(desa)s”: write its code, or its kecamatan "
        "in the Kecamatan column"
    ) % {"desa": text}


# The person's values as the import reports them, in the order it reports them.
IMPORT_CHECKED = ("full_name", "birth_year", "gender", "phone", "needs")


def _row_problems(values, *, by_code, by_name, genders):
    """The row's participant data and the list of everything wrong with it,
    checked by the model's rules, as every other way in is."""
    problems = []
    desa, desa_problem = _desa_of(values, by_code, by_name)
    if desa_problem:
        problems.append(desa_problem)
    unread = {}  # what cannot even be given to the model, by field
    gender = genders.get(header_key(values["gender"]), "")
    if values["gender"] and not gender:
        unread["gender"] = _("%(column)s “%(value)s” is not known: write P or L") % {
            "column": PERSON_COLUMNS["gender"],
            "value": values["gender"],
        }
    birth_year = None
    if values["birth_year"]:
        try:
            birth_year = int(values["birth_year"])
        except ValueError:
            unread["birth_year"] = _("%(column)s: write the year in digits") % {
                "column": PERSON_COLUMNS["birth_year"]
            }
    phone = values.get("phone", "")
    if phone.isdigit() and phone.startswith("8"):
        # Excel keeps 0812… typed into a cell as the number 812….
        phone = "0" + phone
    participant = Participant(
        full_name=values["full_name"],
        birth_year=birth_year,
        gender=gender,
        desa=desa,
        phone=phone,
        needs=values.get("needs", ""),
        consent_given_at=timezone.now(),
    )
    try:
        participant_checked(participant, exclude=list(unread))
    except ValidationError as error:
        refused = error.message_dict
    else:
        refused = {}
    for field in IMPORT_CHECKED:
        column = PERSON_COLUMNS[field]
        if field in unread:
            problems.append(unread[field])
        elif field in refused and not values.get(field):
            problems.append(_("%(column)s is empty") % {"column": column})
        elif field in refused:
            problems += [
                _("%(column)s: %(error)s")
                % {"column": column, "error": message.rstrip(".")}
                for message in refused[field]
            ]
    if values["consent"].casefold() not in YES:
        problems.append(
            _("%(column)s: %(error)s")
            % {
                "column": PERSON_COLUMNS["consent"],
                "error": str(consent.REQUIRED_MESSAGE).rstrip("."),
            }
        )
    if problems:
        return None, problems
    return {field: getattr(participant, field) for field in CORRECTABLE_FIELDS}, []


def _read_registration_rows(content, *, on_progress=None):
    """Check every row first: a bad file is refused whole, with every problem
    of every row, each row named by its number in the spreadsheet."""
    columns, rows = _table_rows(content)
    by_code, by_name = _desa_lookup()
    genders = _gender_lookup()
    errors, people, seen = [], [], {}
    for done, (line, cells) in enumerate(rows, start=1):
        values = {
            key: cells[index] if index < len(cells) else ""
            for key, index in columns.items()
        }
        data, problems = _row_problems(
            values,
            by_code=by_code,
            by_name=by_name,
            genders=genders,
        )
        if data is not None:
            identity = (
                name_key(data["full_name"]),
                data["birth_year"],
                data["desa"].pk,
            )
            if identity in seen:
                problems.append(
                    _("the same person as on line %(first)d")
                    % {"first": seen[identity]}
                )
            else:
                seen[identity] = line
                people.append(data)
        if problems:
            errors.append(
                _("Line %(line)d: %(problems)s.")
                % {"line": line, "problems": "; ".join(map(str, problems))}
            )
        if on_progress and done % IMPORT_PROGRESS_EVERY == 0:
            on_progress(checked=done, total=len(rows))
    if not rows:
        errors.append(_("The file has no rows."))
    if errors:
        raise ImportRowsError(errors)
    return people


def registrations_import(
    *, workshop: Workshop, content: bytes, imported_by, on_progress=None
) -> RegistrationImportResult:
    """Register everyone in an uploaded list (CSV or XLSX); any bad row and
    nothing is saved, and any failure while saving leaves nothing either.

    A person already entered (same name, year of birth and desa) is reused.
    People already registered for this workshop are left as they are and
    counted, so importing the same file, or the workshop's own export, again
    registers nobody twice. `on_progress(checked=…)` / `(imported=…)` is called
    every IMPORT_PROGRESS_EVERY rows with the total.
    """
    people = _read_registration_rows(content, on_progress=on_progress)
    result = RegistrationImportResult()
    if on_progress:
        on_progress(imported=0, total=len(people))
    with transaction.atomic():
        # The lock is held for the whole file: a second import of it (a double
        # click, or a colleague) waits, then finds every person already there,
        # rather than entering them again between two of our rows.
        workshop = locked_workshop(workshop)
        if not workshop.is_open:
            raise WorkshopNotOpen(workshop.get_status_display())
        for done, data in enumerate(people, start=1):
            _import_person(workshop, data, imported_by, result)
            if on_progress and done % IMPORT_PROGRESS_EVERY == 0:
                on_progress(imported=done, total=len(people))
    return result


def _import_person(workshop, data, imported_by, result):
    participant, created = participant_find_or_create(
        **{
            key: data[key]
            for key in ("full_name", "birth_year", "gender", "desa", "phone", "needs")
        }
    )
    if created:
        result.participants_created += 1
    try:
        registration = registration_create(
            workshop=workshop,
            participant=participant,
            registered_by=imported_by,
            source=Registration.Source.PAPER,
        )
    except AlreadyRegistered:
        result.already_registered += 1
        return
    if registration.status == Registration.Status.REGISTERED:
        result.registered += 1
    else:
        result.waitlisted += 1


def registrations_import_csv(
    *, workshop: Workshop, text: str, imported_by
) -> RegistrationImportResult:
    """registrations_import() for a list already read as text."""
    return registrations_import(
        workshop=workshop, content=text.encode("utf-8"), imported_by=imported_by
    )


# Import jobs ------------------------------------------------------------------
#
# A list longer than IMPORT_TASK_ROWS is imported by the task worker: first every
# row is checked (progress saved as it goes), then everyone is registered in one
# transaction, so a failure anywhere leaves nothing. A worker that dies mid-way
# loses only its transaction; the job is tried once more, then shown as failed.


def import_job_start(
    *, workshop: Workshop, content: bytes, file_name: str, total: int, requested_by
) -> ParticipantImportJob:
    """Queue a long participant list to be imported in the background."""
    with transaction.atomic():
        job = ParticipantImportJob.objects.create(
            workshop=workshop,
            requested_by=requested_by,
            content=content,
            file_name=file_name[:200],
            total=total,
        )
        _enqueue_import_job(job.pk)
    return job


def _enqueue_import_job(job_pk):
    from workshops.tasks import import_participants

    def enqueue():
        result = import_participants.enqueue(job_pk)
        ParticipantImportJob.objects.filter(pk=job_pk).update(task_id=str(result.id))

    # After commit: the worker must find the job row and its file.
    transaction.on_commit(enqueue)


def import_job_claim(*, job_pk) -> ParticipantImportJob | None:
    """Mark a queued job as started, or None when another worker has it or it
    has finished."""
    with transaction.atomic():
        job = ParticipantImportJob.objects.select_for_update().filter(pk=job_pk).first()
        if job is None or job.status != ParticipantImportJob.Status.QUEUED:
            return None
        job.status = ParticipantImportJob.Status.CHECKING
        job.attempts += 1
        job.done = 0
        job.progress_at = timezone.now()
        job.save(update_fields=["status", "attempts", "done", "progress_at"])
    return job


def import_job_progress(*, job, checked=None, imported=None, total=None):
    """Record how far the job got; an on_progress for registrations_import()."""
    status = (
        ParticipantImportJob.Status.CHECKING
        if imported is None
        else ParticipantImportJob.Status.IMPORTING
    )
    done = checked if imported is None else imported
    changes = {"status": status, "done": done, "progress_at": timezone.now()}
    if total is not None:
        changes["total"] = total
    if not imported:
        # Checking, or about to open the import's transaction: saved at once.
        ParticipantImportJob.objects.filter(pk=job.pk, attempts=job.attempts).update(
            **changes
        )
        return
    # Inside the import's transaction the row would change only at commit;
    # PostgreSQL lets a second connection say how far it got meanwhile. SQLite
    # has one writer at a time, which the import is: its page shows the step.
    if connection.vendor != "postgresql":
        return
    side = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {ParticipantImportJob._meta.db_table} "
                "SET status = %s, done = %s, progress_at = %s "
                "WHERE id = %s AND attempts = %s",
                [status, done, changes["progress_at"], job.pk, job.attempts],
            )
    finally:
        side.close()


def import_job_finish(*, job, result=None, errors=None) -> bool:
    """Record the outcome and forget the uploaded file; only while the job is
    still this attempt's. Returns whether it was recorded."""
    with transaction.atomic():
        current = (
            ParticipantImportJob.objects.select_for_update().filter(pk=job.pk).first()
        )
        if current is None or current.attempts != job.attempts or current.is_finished:
            return False
        current.status = (
            ParticipantImportJob.Status.FAILED
            if errors
            else ParticipantImportJob.Status.DONE
        )
        current.errors = errors or []
        current.result = result or {}
        current.content = b""
        current.finished_at = timezone.now()
        if not errors:
            current.done = current.total
        current.save()
    return True


def import_job_retry_or_fail(*, job, now=None) -> bool:
    """Queue the job again if it has tries left, else mark it failed. `job` is
    as last seen; if the row changed since (its worker is alive after all),
    nothing happens. Returns True when the job was queued again."""
    with transaction.atomic():
        locked = ParticipantImportJob.objects.select_for_update().get(pk=job.pk)
        if (locked.status, locked.progress_at) != (job.status, job.progress_at):
            return False
        if locked.attempts < settings.IMPORT_JOB_ATTEMPTS:
            locked.status = ParticipantImportJob.Status.QUEUED
            locked.done = 0
            locked.progress_at = None
            locked.save(update_fields=["status", "done", "progress_at"])
            _enqueue_import_job(locked.pk)
            return True
    import_job_finish(
        job=locked,
        errors=[
            _(
                "The import was interrupted twice and nothing was imported. "
                "Please upload the file again; if it fails again, tell the "
                "administrator."
            )
        ],
    )
    return False


def import_jobs_recover(*, jobs=None, now=None) -> dict:
    """Retry once, then fail, the imports whose worker died (no progress for
    IMPORT_JOB_STALE_AFTER seconds). Reads only, unless a job is stale: the
    job's page calls it while an import may hold SQLite's one write lock."""
    now = now or timezone.now()
    stale_before = now - timedelta(seconds=settings.IMPORT_JOB_STALE_AFTER)
    jobs = ParticipantImportJob.objects.all() if jobs is None else jobs
    counts = {"retried": 0, "failed": 0}
    stale = jobs.filter(
        status__in=[
            ParticipantImportJob.Status.CHECKING,
            ParticipantImportJob.Status.IMPORTING,
        ],
        progress_at__lt=stale_before,
    ).defer("content")
    for job in stale:
        if import_job_retry_or_fail(job=job, now=now):
            counts["retried"] += 1
        else:
            job.refresh_from_db(fields=["status"])
            if job.status == ParticipantImportJob.Status.FAILED:
                counts["failed"] += 1
    return counts


def _name_key_in_database(expression):
    # The database's side of normalise.name_key(): stored names are normalised
    # already (one space between words), so case and those spaces remain.
    return Replace(Upper(expression), Value(" "), Value(""))


def participants_matching(*, full_name, birth_year, desa):
    """People already entered who may be the same person: same name, year and desa.

    Names are compared normalised, ignoring case and spaces, so "Siti Aminah"
    is found from " siti  aminah " and from "SitiAminah" with a zero-width space.
    """
    return (
        Participant.objects.filter(
            birth_year=birth_year, desa=desa, anonymised_at__isnull=True
        )
        .alias(name_key=_name_key_in_database(F("full_name")))
        .filter(name_key=_name_key_in_database(Value(normalise_name(full_name))))
        .select_related("desa")
    )


def registration_of_same_person(*, workshop, full_name, birth_year, desa):
    """The seat or waiting place this person (as participants_matching finds them)
    already has in the workshop, or None.

    One person, one place is kept by the workshop's row lock, under which
    registration_create asks this, rather than by a unique constraint: name,
    year of birth and desa do not identify a person in the database (two
    people may share them, a typo or a later correction changes them, and the
    participant rows are shared by all workshops), so no index can say "same
    person"; the lock makes the question and the registration one step.
    """
    # participants_matching's conditions as one join: this runs under the lock.
    return (
        Registration.objects.filter(
            workshop=workshop,
            participant__birth_year=birth_year,
            participant__desa=desa,
            participant__anonymised_at__isnull=True,
        )
        .exclude(status=Registration.Status.CANCELLED)
        .alias(name_key=_name_key_in_database(F("participant__full_name")))
        .filter(name_key=_name_key_in_database(Value(normalise_name(full_name))))
        .select_related("participant__desa", "registered_by")
        .order_by("pk")
        .first()
    )


class ParticipantError(Exception):
    """A change to a participant the rules do not allow; the message is for the user."""


# What a correction may change; consent and history are records, not data to edit.
CORRECTABLE_FIELDS = ("full_name", "birth_year", "gender", "desa", "phone", "needs")


def participant_correct(
    *, participant: Participant, by, changes: dict, now=None
) -> Participant:
    """Correct a participant's data (at their request, UU PDP No. 27/2022).

    Only CORRECTABLE_FIELDS change; the log names the fields, not the values.
    """
    with transaction.atomic():
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        if participant.anonymised_at is not None:
            raise ParticipantError(_("This participant's data has been removed."))
        before = {field: getattr(participant, field) for field in CORRECTABLE_FIELDS}
        for field in CORRECTABLE_FIELDS:
            if field in changes:
                setattr(participant, field, changes[field])
        participant_checked(participant)
        changed = [
            field
            for field in CORRECTABLE_FIELDS
            if getattr(participant, field) != before[field]
        ]
        if changed:
            from certificates.services import print_files_expire_for

            old_desa_id = Participant.objects.get(pk=participant.pk).desa_id
            participant.save(update_fields=changed)
            # Print files made before still show the old data.
            print_files_expire_for(
                participant=participant,
                certificates=list(participant.certificates.all()),
                desa_ids={old_desa_id},
            )
            log(
                participant,
                "workshops.participant.corrected",
                user=by,
                data={"fields": changed},
                timestamp=now or timezone.now(),
            )
    return participant


def participant_export(*, participant: Participant, by, file_format: str) -> dict:
    """Everything held about one participant, for giving to them; the export is
    logged with who made it and when, so the record shows it too."""
    log(
        participant,
        "workshops.participant.exported",
        user=by,
        data={"format": file_format},
    )
    return participant_record(participant)


def _former_participant(participant):
    """What stands for an erased or deleted person's name: stored for good, so
    in the site's language whatever the admin user's."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Former participant %(number)d") % {"number": participant.pk}


def participant_delete(*, participant: Participant, by) -> None:
    """Delete someone with no registration and no certificate (entered by
    mistake): nothing for the records to keep, and no name left in the log."""
    with transaction.atomic():
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        if participant.registrations.exists() or participant.certificates.exists():
            raise ParticipantError(
                _(
                    "This participant has registrations or certificates: erase "
                    "their personal data instead."
                )
            )
        name = participant.full_name
        participant.full_name = _former_participant(participant)
        forget_names_in_log(
            [participant], names={name}, replacement=participant.full_name
        )
        log(participant, "wagtail.delete", user=by, deleted=True)
        participant.delete()


def participant_anonymise(
    *, participant: Participant, by, reason: str, now=None
) -> Participant:
    """Erase a person: name, phone and needs go, everywhere they were held.

    Year of birth, gender, desa, registrations and attendance stay for the
    reports. Certificates stay valid with the name hidden; print files that hold
    the name are deleted; log entries stop quoting it.
    """
    # Certificates build on workshops, so they are reached from here at call time.
    from certificates.services import certificates_hide_name

    now = now or timezone.now()
    with transaction.atomic():
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        if participant.anonymised_at is not None:
            raise ParticipantError(
                _("This participant's data has already been removed.")
            )
        replacement = _former_participant(participant)
        certificates = certificates_hide_name(
            participant=participant, replacement=replacement
        )
        names = {participant.full_name, *(c.old_name for c in certificates)}
        participant.full_name = replacement
        participant.phone = ""
        participant.needs = ""
        participant.anonymised_at = now
        participant.save(update_fields=["full_name", "phone", "needs", "anonymised_at"])
        log(
            participant,
            "workshops.participant.anonymised",
            user=by,
            data={"reason": reason.strip()} if reason.strip() else {},
            timestamp=now,
        )
        registrations = list(
            participant.registrations.select_related("workshop", "participant")
        )
        attendances = Attendance.objects.filter(
            registration__participant=participant
        ).select_related("registration__participant", "session__workshop")
        forget_names_in_log(
            [participant, *registrations, *attendances, *certificates],
            names=names,
            replacement=replacement,
        )
    return participant


def participants_anonymise_inactive(*, years: int, now=None) -> int:
    """Erase the people with no activity for `years` (see participant_anonymise).

    Activity is being entered, registering, or having attendance marked.
    Each person is erased in a transaction of their own, so a long run does not
    hold the database's write lock. Returns how many were anonymised.
    """
    now = now or timezone.now()
    try:
        cutoff = now.replace(year=now.year - years)
    except ValueError:  # 29 February in a year that has none
        cutoff = now.replace(year=now.year - years, day=28)
    recent_registration = Registration.objects.filter(
        participant=OuterRef("pk"), status_changed_at__gte=cutoff
    )
    recent_attendance = Attendance.objects.filter(
        registration__participant=OuterRef("pk"), marked_at__gte=cutoff
    )
    inactive = (
        Participant.objects.filter(anonymised_at__isnull=True, created_at__lt=cutoff)
        .exclude(Exists(recent_registration))
        .exclude(Exists(recent_attendance))
    )
    reason = _("No activity for %(years)d years.") % {"years": years}
    count = 0
    for pk in list(inactive.values_list("pk", flat=True)):
        with transaction.atomic():
            # Asked again under the lock: they may have registered meanwhile.
            participant = inactive.select_for_update().filter(pk=pk).first()
            if participant is None:
                continue
            participant_anonymise(
                participant=participant, by=None, reason=reason, now=now
            )
            count += 1
    return count


def staff_desa_set(*, user, desa) -> None:
    """Make `desa` exactly the desa this village staff member works for."""
    with transaction.atomic():
        StaffPlace.objects.filter(user=user).exclude(desa__in=desa).delete()
        kept = set(
            StaffPlace.objects.filter(user=user).values_list("desa_id", flat=True)
        )
        StaffPlace.objects.bulk_create(
            StaffPlace(user=user, desa=place) for place in desa if place.pk not in kept
        )


# Merging two records of one person -------------------------------------------


class MergeConflict(ParticipantError):
    """Both records are registered in the same workshops; `conflicts` lists them.

    Nothing is merged until each of them is resolved."""

    def __init__(self, conflicts):
        super().__init__(
            _(
                "Both records are registered in %(count)d workshops: choose, for "
                "each, which registration to keep."
            )
            % {"count": len(conflicts)}
        )
        self.conflicts = conflicts


@dataclass
class MergeResolution:
    """What to do where both records are registered in one workshop.

    `registration` is "keep" or "remove": whose registration (status, date,
    how) stays. `attendance` is "best" (for each session, the better of the two
    marks: present, then late, excused, absent) or "registration" (the chosen
    registration's marks). A session marked on one side only keeps its mark
    either way."""

    registration: str = "keep"
    attendance: str = "best"


MERGE_SIDES = ("keep", "remove")
MERGE_ATTENDANCE = ("best", "registration")
ATTENDANCE_RANK = {
    Attendance.Status.PRESENT: 4,
    Attendance.Status.LATE: 3,
    Attendance.Status.EXCUSED: 2,
    Attendance.Status.ABSENT: 1,
}


@dataclass
class MergeConflictDetail:
    workshop: Workshop
    kept: Registration
    removed: Registration


def participants_merge_conflicts(*, keep, remove) -> list[MergeConflictDetail]:
    """The workshops where both records are registered, with both registrations
    and their attendance (prefetched), in workshop order."""
    registrations = (
        Registration.objects.filter(participant__in=[keep, remove])
        .select_related("workshop")
        .prefetch_related("attendances__session")
        .order_by("workshop__title", "workshop_id")
    )
    by_workshop = {}
    for registration in registrations:
        side = "kept" if registration.participant_id == keep.pk else "removed"
        by_workshop.setdefault(registration.workshop_id, {})[side] = registration
    return [
        MergeConflictDetail(
            workshop=pair["kept"].workshop, kept=pair["kept"], removed=pair["removed"]
        )
        for pair in by_workshop.values()
        if len(pair) == 2
    ]


# Fields the administrator chooses between where the two records differ; the
# needs are combined and the newer consent is kept.
MERGE_CHOSEN_FIELDS = ("full_name", "birth_year", "gender", "desa", "phone")
# What the attendance sheet, certificates and exports print about a person.
MERGE_PRINTED_FIELDS = ("full_name", "birth_year", "gender", "desa")
NEEDS_MAX_LENGTH = Participant._meta.get_field("needs").max_length


def participants_merge_differences(*, keep, remove) -> list[str]:
    """The MERGE_CHOSEN_FIELDS whose values differ between the two records."""
    return [field for field in MERGE_CHOSEN_FIELDS if _differ(keep, remove, field)]


def _differ(keep, remove, field):
    attname = _field_attname(field)
    return getattr(keep, attname) != getattr(remove, attname)


def _field_attname(field):
    return Participant._meta.get_field(field).attname


def merge_field_default(field, *, keep, remove) -> str:
    """The side whose value stays when nobody chose: the kept record's, unless
    it is empty and the other's is not (a phone only one of them gave)."""
    if not getattr(keep, field) and getattr(remove, field):
        return "remove"
    return "keep"


def needs_combined(*texts) -> str:
    """Both records' needs in one text, each said once: "kacamata; sulit
    mendengar". A text already inside the other (ignoring case) is not repeated."""
    kept = []
    for text in texts:
        text = text.strip()
        if not text:
            continue
        folded = text.casefold()
        if any(folded in other.casefold() for other in kept):
            continue
        kept = [other for other in kept if other.casefold() not in folded]
        kept.append(text)
    return "; ".join(kept)


def _merge_details(keep, remove, *, fields, needs):
    """Set on `keep` what stays of both records' details; returns the changed
    field names and the log record of what was chosen (sides, never values)."""
    fields = fields or {}
    chosen = {}
    changed = []
    for field in participants_merge_differences(keep=keep, remove=remove):
        side = fields.get(field) or merge_field_default(
            field, keep=keep, remove=remove
        )
        if side not in MERGE_SIDES:
            raise ParticipantError(_("Choose which value to keep."))
        chosen[field] = side
        if side == "remove":
            attname = _field_attname(field)
            setattr(keep, attname, getattr(remove, attname))
            changed.append(field)
    combined = needs_combined(keep.needs, remove.needs) if needs is None else needs
    combined = combined.strip()
    if len(combined) > NEEDS_MAX_LENGTH:
        raise ParticipantError(
            _("The needs are longer than %(count)d characters: shorten them.")
            % {"count": NEEDS_MAX_LENGTH}
        )
    if combined != keep.needs:
        chosen["needs"] = "combined" if needs is None else "written"
        keep.needs = combined
        changed.append("needs")
    if remove.consent_given_at > keep.consent_given_at:
        chosen["consent"] = "remove"
        keep.consent_given_at = remove.consent_given_at
        keep.consent_version = remove.consent_version
        changed += ["consent_given_at", "consent_version"]
    return changed, chosen


def _merge_log_entries(model_objects, target):
    """Point the log entries of rows that go away at the row that takes their
    place, so the history stays with the person (and erasure still finds it)."""
    from literacy_site.erasure import log_entries_about

    entries = log_entries_about(model_objects)
    return entries.update(object_id=str(target.pk), label=str(target))


def _merge_registrations(conflict, resolution, *, by):
    """Leave one registration where there were two; returns what was dropped."""
    from certificates.models import Certificate

    if resolution.registration not in MERGE_SIDES:
        raise ParticipantError(_("Choose which registration to keep."))
    if resolution.attendance not in MERGE_ATTENDANCE:
        raise ParticipantError(_("Choose how to combine the attendance."))
    survivor, dropped = (
        (conflict.kept, conflict.removed)
        if resolution.registration == "keep"
        else (conflict.removed, conflict.kept)
    )
    survivor_marks = {a.session_id: a for a in survivor.attendances.all()}
    record = {
        "workshop": conflict.workshop.pk,
        "kept_registration": survivor.pk,
        "dropped_registration": {
            "id": dropped.pk,
            "status": dropped.status,
            "source": dropped.source,
            "created_at": dropped.created_at.isoformat(),
        },
        "attendance": resolution.attendance,
        "attendance_changed": [],
    }
    for mark in dropped.attendances.all():
        mine = survivor_marks.get(mark.session_id)
        if mine is None:
            mark.registration = survivor
            mark.save(update_fields=["registration"])
            record["attendance_changed"].append([mark.session_id, None, mark.status])
            continue
        if (
            resolution.attendance == "best"
            and ATTENDANCE_RANK[mark.status] > ATTENDANCE_RANK[mine.status]
        ):
            record["attendance_changed"].append(
                [mark.session_id, mine.status, mark.status]
            )
            mine.status = mark.status
            mine.marked_by = mark.marked_by
            mine.marked_at = mark.marked_at
            mine.save(update_fields=["status", "marked_by", "marked_at"])
        _merge_log_entries([mark], mine)
        mark.delete()
    # Two valid certificates for one workshop: the kept registration's side
    # keeps its certificate, the other is revoked (still verifiable as such).
    valid = {
        c.participant_id: c
        for c in Certificate.objects.filter(
            workshop=conflict.workshop,
            participant__in=[survivor.participant_id, dropped.participant_id],
            revoked_at__isnull=True,
        )
    }
    if len(valid) == 2:
        from certificates.services import certificate_revoke

        staying = valid[survivor.participant_id]
        revoked = certificate_revoke(
            certificate=valid[dropped.participant_id],
            revoked_by=by,
            reason=_("Duplicate record merged; certificate %(number)s stays valid.")
            % {"number": staying.number},
        )
        record["certificate_revoked"] = revoked.pk
    _merge_log_entries([dropped], survivor)
    dropped.delete()
    return survivor, record


def _merge_learner_cards(keep, remove):
    """The other record's learner cards move to the kept one. One card stays
    valid: the kept record's if it has one, else the other's."""
    from cards.models import LearnerCard

    valid = LearnerCard.objects.filter(withdrawn_at__isnull=True)
    if valid.filter(participant=keep).exists():
        valid.filter(participant=remove).update(withdrawn_at=timezone.now())
    return LearnerCard.objects.filter(participant=remove).update(participant=keep)


def participants_merge(
    *,
    keep: Participant,
    remove: Participant,
    by,
    resolutions=None,
    fields=None,
    needs=None,
) -> Participant:
    """Merge two records of the same person into `keep`; `remove` is deleted.

    Registrations, attendance, certificates, learner cards and log entries move
    to `keep`. Where both are registered in one workshop, `resolutions` (workshop pk ->
    MergeResolution) says what stays; without one for each such workshop,
    MergeConflict is raised and nothing changes. Where the details differ,
    `fields` (field -> "keep" or "remove") says whose value stays (unchosen: the
    kept record's, unless only the other has one); the needs are combined unless
    `needs` gives the text; the newer consent stays. Logged on `keep`, with the
    sides chosen and without the removed record's name or values.
    """
    from certificates.models import Certificate
    from certificates.services import certificate_revoke, print_files_expire_for

    resolutions = resolutions or {}
    if keep.pk == remove.pk:
        raise ParticipantError(_("Choose two different records to merge."))
    with transaction.atomic():
        # Both rows locked, in one order, so two merges cannot deadlock.
        locked = {
            p.pk: p
            for p in Participant.objects.select_for_update()
            .filter(pk__in=[keep.pk, remove.pk])
            .order_by("pk")
        }
        if len(locked) != 2:
            raise ParticipantError(_("One of the records no longer exists."))
        keep, remove = locked[keep.pk], locked[remove.pk]
        if keep.anonymised_at or remove.anonymised_at:
            raise ParticipantError(_("This participant's data has been removed."))
        printed_differ = any(
            _differ(keep, remove, field) for field in MERGE_PRINTED_FIELDS
        )
        old_desa_ids = {keep.desa_id, remove.desa_id}
        changed, chosen = _merge_details(keep, remove, fields=fields, needs=needs)
        conflicts = participants_merge_conflicts(keep=keep, remove=remove)
        unresolved = [c for c in conflicts if c.workshop.pk not in resolutions]
        if unresolved:
            raise MergeConflict(unresolved)
        records = []
        for conflict in conflicts:
            workshop = locked_workshop(conflict.workshop)
            survivor, record = _merge_registrations(
                conflict, resolutions[conflict.workshop.pk], by=by
            )
            if survivor.participant_id != keep.pk:
                survivor.participant = keep
                survivor.save(update_fields=["participant"])
            if workshop.is_open:
                # Two seats became one: the waiting list moves up.
                _fill_free_seats_from_waiting_list(workshop, promoted_by=by)
            records.append(record)
        moved_registrations = Registration.objects.filter(participant=remove).update(
            participant=keep
        )
        # A valid certificate on both sides for a workshop neither is still
        # registered in (issued outside the rule): the kept record's stays.
        kept_valid = Certificate.objects.filter(
            participant=keep, revoked_at__isnull=True
        ).values("workshop")
        for certificate in Certificate.objects.filter(
            participant=remove, revoked_at__isnull=True, workshop__in=kept_valid
        ):
            certificate_revoke(
                certificate=certificate,
                revoked_by=by,
                reason=_(
                    "Duplicate record merged; the kept record's certificate "
                    "stays valid."
                ),
            )
        moved_certificates = Certificate.objects.filter(participant=remove).update(
            participant=keep
        )
        moved_cards = _merge_learner_cards(keep, remove)
        _merge_log_entries([remove], keep)
        removed_pk = remove.pk
        remove.delete()
        if changed:
            keep.save(update_fields=changed)
        if printed_differ:
            # Sheets and certificates printed before show one side's details.
            print_files_expire_for(
                participant=keep,
                certificates=list(keep.certificates.all()),
                desa_ids=old_desa_ids,
            )
        log(
            keep,
            "workshops.participant.merged",
            user=by,
            data={
                "removed_participant": removed_pk,
                "registrations_moved": moved_registrations,
                "certificates_moved": moved_certificates,
                "cards_moved": moved_cards,
                "fields": chosen,
                "conflicts": records,
            },
        )
    report_public.data_changed()  # rows moved by update(): no signal was sent
    return keep
