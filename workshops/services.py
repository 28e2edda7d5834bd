"""Operations that change workshop data. Views and commands call these, nothing else."""

import csv
import io
import re
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Value
from django.db.models.functions import Replace, Upper
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from literacy_site.erasure import forget_names_in_log
from workshops import consent
from workshops.models import (
    Attendance,
    Desa,
    Kecamatan,
    Participant,
    Registration,
    Workshop,
    WorkshopSession,
)
from workshops.normalise import (
    name_key,
    normalise_name,
    normalise_phone,
    validate_name,
    validate_phone,
)
from workshops.selectors import participant_record

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
) -> tuple[Participant, bool]:
    """Enter a new participant with their consent, once per form submission.

    Returns the participant and whether they were created by this call. Raises
    ValidationError for a name with emoji or a phone that is not Indonesian.
    """
    full_name = normalise_name(full_name)
    validate_name(full_name)
    if phone:
        validate_phone(phone)
    values = {
        "full_name": full_name,
        "birth_year": birth_year,
        "gender": gender,
        "desa": desa,
        "phone": normalise_phone(phone),
        "needs": needs,
        "consent_given_at": timezone.now(),
        "consent_version": consent.CURRENT_VERSION,
    }
    if submission_key is None:
        return Participant.objects.create(**values), True
    return Participant.objects.get_or_create(
        submission_key=submission_key, defaults=values
    )


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
) -> Registration:
    """Give the participant a seat, or a place on the waiting list when it is full.

    Raises WorkshopNotOpen, or AlreadyRegistered when they already have a place.
    A cancelled registration is taken up again rather than duplicated.
    """
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
        _fill_free_seats_from_waiting_list(workshop, promoted_by=registered_by)
        status = (
            Registration.Status.REGISTERED
            if _seats_taken(workshop) < workshop.capacity
            else Registration.Status.WAITLISTED
        )
        now = timezone.now()
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
        log(registration, f"workshops.registration.{status}", user=registered_by)
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
        if not freed_a_seat:
            return None
        return _promote_from_waiting_list(workshop, promoted_by=cancelled_by)


def _fill_free_seats_from_waiting_list(workshop, *, promoted_by):
    promoted = []
    while registration := _promote_from_waiting_list(workshop, promoted_by=promoted_by):
        promoted.append(registration)
    return promoted


def _promote_from_waiting_list(workshop, *, promoted_by):
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
    first_waiting.status_changed_at = timezone.now()
    first_waiting.save(update_fields=["status", "status_changed_at"])
    log(first_waiting, "workshops.registration.promoted", user=promoted_by)
    return first_waiting


def attendance_mark(
    *,
    registration: Registration,
    session: WorkshopSession,
    status: str,
    marked_by,
) -> Attendance:
    """Record whether a registered participant came to a session (last mark wins)."""
    if session.workshop_id != registration.workshop_id:
        raise AttendanceError(_("This session belongs to another workshop."))
    if registration.status != Registration.Status.REGISTERED:
        raise AttendanceError(_("Only registered participants can be marked."))
    if status not in Attendance.Status.values:
        raise AttendanceError(_("Choose present, late, excused or absent."))
    with transaction.atomic():
        attendance, _created = Attendance.objects.update_or_create(
            registration=registration,
            session=session,
            defaults={
                "status": status,
                "marked_by": marked_by,
                "marked_at": timezone.now(),
            },
        )
        log(
            attendance,
            "workshops.attendance.marked",
            user=marked_by,
            data={"status": status},
        )
    return attendance


def attendance_mark_many(*, marks, marked_by) -> tuple[int, list]:
    """Record several marks in one transaction, as from a submitted sheet.

    `marks` holds (registration, session, status) triples. Marks the rules refuse
    (someone no longer registered) are skipped and returned, the rest are saved.
    """
    saved, refused = 0, []
    with transaction.atomic():
        for registration, session, status in marks:
            try:
                attendance_mark(
                    registration=registration,
                    session=session,
                    status=status,
                    marked_by=marked_by,
                )
            except AttendanceError:
                refused.append(registration)
            else:
                saved += 1
    return saved, refused


def workshop_close(*, workshop: Workshop, closed_by) -> Workshop:
    """Close a workshop: nobody more can register; attendance can still be corrected."""
    with transaction.atomic():
        workshop = locked_workshop(workshop)
        workshop.status = Workshop.Status.CLOSED
        workshop.save(update_fields=["status"])
        log(workshop, "workshops.workshop.closed", user=closed_by)
    return workshop


def workshop_cancel(*, workshop: Workshop, cancelled_by) -> Workshop:
    """Call a workshop off: nobody more can register; registrations stay on record."""
    with transaction.atomic():
        workshop = locked_workshop(workshop)
        if workshop.status != Workshop.Status.CANCELLED:
            workshop.status = Workshop.Status.CANCELLED
            workshop.save(update_fields=["status"])
            log(workshop, "workshops.workshop.cancelled", user=cancelled_by)
    return workshop


IMPORT_COLUMNS = (
    "nama",
    "tahun_lahir",
    "jenis_kelamin",
    "desa",
    "telepon",
    "kebutuhan",
    "setuju",
)
YES = {"ya", "y", "yes", "1", "setuju"}


class ImportRowsError(Exception):
    """The file has bad rows; nothing was imported. `errors` names each by line."""

    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class RegistrationImportResult:
    registered: int = 0
    waitlisted: int = 0
    participants_created: int = 0
    already_registered: int = 0


def _desa_lookup():
    by_code, by_name = {}, {}
    for desa in Desa.objects.all():
        by_code[desa.code] = desa
        by_name.setdefault(desa.name.casefold(), []).append(desa)
    return by_code, by_name


def _read_registration_rows(text):
    from workshops.forms import ParticipantForm

    reader = csv.DictReader(io.StringIO(text))
    fields = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [column for column in IMPORT_COLUMNS if column not in fields]
    if missing:
        raise ImportRowsError(
            [
                _("Line 1: the columns %(columns)s are missing.")
                % {"columns": ", ".join(missing)}
            ]
        )
    reader.fieldnames = fields
    by_code, by_name = _desa_lookup()
    desa_options = [(desa.pk, desa.name) for desa in by_code.values()]
    errors, rows, seen = [], [], {}
    for row in reader:
        line = reader.line_num
        row = {key: (value or "").strip() for key, value in row.items() if key}
        desa_text = row["desa"]
        candidates = (
            [by_code[desa_text]]
            if desa_text in by_code
            else by_name.get(desa_text.casefold(), [])
        )
        if len(candidates) != 1:
            message = (
                _("the desa '%(desa)s' is not known; write its name or code.")
                if not candidates
                else _("there are several desa called '%(desa)s'; write its code.")
            )
            errors.append(
                _("Line %(line)d: %(message)s")
                % {"line": line, "message": message % {"desa": desa_text}}
            )
            continue
        form = ParticipantForm(
            desa_options=desa_options,
            data={
                "full_name": row["nama"],
                "birth_year": row["tahun_lahir"],
                "gender": row["jenis_kelamin"].upper()[:1],
                "desa": candidates[0].pk,
                "phone": row["telepon"],
                "needs": row["kebutuhan"],
                "consent": row["setuju"].lower() in YES,
                "submission_key": uuid.uuid4(),
            },
        )
        if not form.is_valid():
            for field, field_errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else field
                for error in field_errors:
                    errors.append(
                        _("Line %(line)d, %(field)s: %(error)s")
                        % {"line": line, "field": label, "error": error}
                    )
            continue
        data = form.cleaned_data
        identity = (name_key(data["full_name"]), data["birth_year"], data["desa"].pk)
        if identity in seen:
            errors.append(
                _("Line %(line)d: the same person as on line %(first)d.")
                % {"line": line, "first": seen[identity]}
            )
            continue
        seen[identity] = line
        rows.append(data)
    if not rows and not errors:
        errors.append(_("The file has no rows."))
    if errors:
        raise ImportRowsError(errors)
    return rows


def registrations_import_csv(
    *, workshop: Workshop, text: str, imported_by
) -> RegistrationImportResult:
    """Register everyone on a typed-in paper list; any bad row and nothing is saved.

    A person already entered (same name, year of birth and desa) is reused.
    People already registered for this workshop are left as they are and
    counted, so importing the same file again registers nobody twice.
    """
    rows = _read_registration_rows(text)
    result = RegistrationImportResult()
    with transaction.atomic():
        # The lock is held for the whole file: a second import of it (a double
        # click, or a colleague) waits, then finds every person already there,
        # rather than entering them again between two of our rows.
        workshop = locked_workshop(workshop)
        if not workshop.is_open:
            raise WorkshopNotOpen(workshop.get_status_display())
        for data in rows:
            participant = (
                participants_matching(
                    full_name=data["full_name"],
                    birth_year=data["birth_year"],
                    desa=data["desa"],
                )
                .order_by("pk")
                .first()
            )
            if participant is None:
                participant, _created = participant_create(
                    full_name=data["full_name"],
                    birth_year=data["birth_year"],
                    gender=data["gender"],
                    desa=data["desa"],
                    phone=data["phone"],
                    needs=data["needs"],
                )
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
                continue
            if registration.status == Registration.Status.REGISTERED:
                result.registered += 1
            else:
                result.waitlisted += 1
    return result


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


def participant_correct(*, participant: Participant, by, changes: dict) -> Participant:
    """Correct a participant's data (at their request, UU PDP No. 27/2022).

    Only CORRECTABLE_FIELDS change; the log names the fields, not the values.
    """
    with transaction.atomic():
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        if participant.anonymised_at is not None:
            raise ParticipantError(_("This participant's data has been removed."))
        changed = []
        for field in CORRECTABLE_FIELDS:
            if field not in changes:
                continue
            value = changes[field]
            if field == "full_name":
                value = normalise_name(value)
                validate_name(value)
            elif field == "phone" and value:
                validate_phone(value)
                value = normalise_phone(value)
            if getattr(participant, field) != value:
                setattr(participant, field, value)
                changed.append(field)
        if changed:
            participant.save(update_fields=changed)
            log(
                participant,
                "workshops.participant.corrected",
                user=by,
                data={"fields": changed},
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


def participants_merge(
    *, keep: Participant, remove: Participant, by, resolutions=None
) -> Participant:
    """Merge two records of the same person into `keep`; `remove` is deleted.

    Registrations, attendance, certificates and log entries move to `keep`;
    a phone or needs only `remove` had are kept. Where both are registered in
    one workshop, `resolutions` (workshop pk -> MergeResolution) says what
    stays; without one for each such workshop, MergeConflict is raised and
    nothing changes. Logged on `keep`, without the removed record's name.
    """
    from certificates.models import Certificate
    from certificates.services import certificate_revoke

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
        filled = []
        for field in ("phone", "needs"):
            if not getattr(keep, field) and getattr(remove, field):
                setattr(keep, field, getattr(remove, field))
                filled.append(field)
        if filled:
            keep.save(update_fields=filled)
        _merge_log_entries([remove], keep)
        removed_pk = remove.pk
        remove.delete()
        log(
            keep,
            "workshops.participant.merged",
            user=by,
            data={
                "removed_participant": removed_pk,
                "registrations_moved": moved_registrations,
                "certificates_moved": moved_certificates,
                "fields_filled": filled,
                "conflicts": records,
            },
        )
    return keep
