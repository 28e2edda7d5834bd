"""The participant list of a workshop, as rows that become CSV or XLSX.

The columns a person is imported from (PERSON_COLUMNS) are the export's own, so
an exported file imports back. Its other columns (status, attendance per session,
certificate) are not imported: an export is a snapshot, and marks typed into it
would overwrite, last mark wins, whatever was marked on the attendance screen
since; attendance has its own rules and screens (the paper-sheet typing screen
among them), and certificates come only from the certificate service.
"""

import csv
import io
from abc import ABC, abstractmethod

from django.conf import settings
from django.db.models import Case, F, When
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from workshops.imports import header_key
from workshops.models import Attendance, Registration
from workshops.normalise import phone_local

# Spreadsheet programs run a cell that starts with these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# What an import reads, by key, with the header both exports and templates write.
PERSON_COLUMNS = {
    "full_name": gettext_lazy("Name"),
    "birth_year": gettext_lazy("Year of birth"),
    "gender": gettext_lazy("Gender"),
    "desa": gettext_lazy("Desa"),
    "kecamatan": gettext_lazy("Kecamatan"),
    "phone": gettext_lazy("Phone"),
    "needs": gettext_lazy("Needs"),
    "consent": gettext_lazy("Consent"),
}
# The column names of the first CSV format, still accepted.
OLD_COLUMN_NAMES = {
    "full_name": "nama",
    "birth_year": "tahun_lahir",
    "gender": "jenis_kelamin",
    "phone": "telepon",
    "needs": "kebutuhan",
    "consent": "setuju",
}


def column_names() -> dict:
    """Every header_key() each person column is known by, in every language."""
    names = {key: {header_key(old)} for key, old in OLD_COLUMN_NAMES.items()}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for key, label in PERSON_COLUMNS.items():
                names.setdefault(key, set()).add(header_key(str(label)))
    return names


def yes_no(value):
    return _("Yes") if value else _("No")


def as_spreadsheet_text(value):
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class SpreadsheetExport(ABC):
    """A header and rows, written as CSV or XLSX from the same rows. Each export
    (participant list, import template) says what its header and rows are."""

    sheet_title = gettext_lazy("Participants")

    @abstractmethod
    def header(self): ...

    @abstractmethod
    def rows(self): ...

    def as_csv(self):
        output = io.StringIO()
        writer = csv.writer(output)
        writer.writerow(self.header())
        for row in self.rows():
            writer.writerow([as_spreadsheet_text(value) for value in row])
        # The byte-order mark lets spreadsheet programs read the accents right.
        return "\ufeff" + output.getvalue()

    def as_xlsx(self):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = str(self.sheet_title)[:31]
        self.fill_sheet(sheet)
        self.add_sheets(workbook)
        output = io.BytesIO()
        workbook.save(output)
        return output.getvalue()

    def fill_sheet(self, sheet):
        sheet.append(self.header())
        for row in self.rows():
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                # openpyxl reads a string starting with "=" as a formula; keep
                # every cell the value it is, without the CSV apostrophe.
                if isinstance(cell.value, str):
                    cell.data_type = "s"

    def add_sheets(self, workbook):  # noqa: B027 (optional: most have one sheet)
        """More sheets after the first, which alone is imported."""


class ParticipantListExport(SpreadsheetExport):
    """Rows of the people registered or waiting for one workshop, with their
    attendance per session and their certificate."""

    def __init__(self, workshop, *, include_phone):
        self.workshop = workshop
        self.include_phone = include_phone
        self.sessions = list(workshop.sessions.order_by("date", "start_time", "pk"))

    def header(self):
        columns = [
            _("No."),
            str(PERSON_COLUMNS["full_name"]),
            str(PERSON_COLUMNS["birth_year"]),
            _("Age"),
            str(PERSON_COLUMNS["gender"]),
            str(PERSON_COLUMNS["desa"]),
            str(PERSON_COLUMNS["kecamatan"]),
        ]
        if self.include_phone:
            columns.append(str(PERSON_COLUMNS["phone"]))
        columns += [
            str(PERSON_COLUMNS["needs"]),
            str(PERSON_COLUMNS["consent"]),
            _("Status"),
            _("How registered"),
        ]
        columns += [
            _("Session %(number)d (%(date)s)")
            % {"number": number, "date": session.date.strftime("%d-%m-%Y")}
            for number, session in enumerate(self.sessions, start=1)
        ]
        return columns + [
            _("Sessions attended"),
            _("Meets the certificate rule"),
            _("Certificate number"),
            _("Certificate code"),
        ]

    def rows(self):
        # Imported here: certificates builds on workshops, not the other way.
        from certificates.models import Certificate

        this_year = timezone.localdate().year
        # People erased at their request are left out: nothing personal of
        # theirs is left to list, and their placeholder name imported back
        # would enter a new, made-up person.
        registrations = (
            self.workshop.registrations.exclude(status=Registration.Status.CANCELLED)
            .filter(participant__anonymised_at__isnull=True)
            .select_related("participant__desa__kecamatan")
            # Seats by name, then the waiting list in its queue's order.
            .order_by(
                "status",
                Case(
                    When(
                        status=Registration.Status.WAITLISTED,
                        then=F("status_changed_at"),
                    )
                ),
                "participant__full_name",
            )
        )
        marks = {
            (registration_id, session_id): status
            for registration_id, session_id, status in Attendance.objects.filter(
                registration__workshop=self.workshop
            ).values_list("registration_id", "session_id", "status")
        }
        certificates = {
            certificate.participant_id: certificate
            for certificate in Certificate.objects.filter(
                workshop=self.workshop, revoked_at__isnull=True
            )
        }
        status_labels = dict(Attendance.Status.choices)
        attended = Attendance.ATTENDED
        minimum = self.workshop.minimum_sessions_for_certificate
        for number, registration in enumerate(registrations, start=1):
            participant = registration.participant
            row = [
                number,
                participant.full_name,
                participant.birth_year,
                participant.age_in(this_year),
                participant.get_gender_display(),
                participant.desa.name,
                participant.desa.kecamatan.name,
            ]
            if self.include_phone:
                row.append(phone_local(participant.phone))
            row += [
                participant.needs,
                yes_no(participant.consent_given_at),
                registration.get_status_display(),
                registration.get_source_display(),
            ]
            statuses = [marks.get((registration.pk, s.pk)) for s in self.sessions]
            row += [str(status_labels[s]) if s else "" for s in statuses]
            sessions_attended = sum(status in attended for status in statuses)
            certificate = certificates.get(participant.pk)
            yield row + [
                sessions_attended,
                yes_no(
                    registration.status == Registration.Status.REGISTERED
                    and sessions_attended >= minimum
                ),
                certificate.number if certificate else "",
                certificate.display_code if certificate else "",
            ]


class ImportTemplate(SpreadsheetExport):
    """The columns an import reads and one example row, to fill in."""

    def __init__(self, workshop):
        self.workshop = workshop

    def header(self):
        return [str(label) for label in PERSON_COLUMNS.values()]

    def rows(self):
        desa = self.workshop.desa
        yield [
            "Siti Aminah",
            1958,
            _("Female"),
            desa.name,
            desa.kecamatan.name,
            "0812-3456-7890",
            _("Reading glasses"),
            _("Yes"),
        ]

    def add_sheets(self, workbook):
        notes = workbook.create_sheet(_("Notes")[:31])
        for line in template_notes():
            notes.append([line])
        notes.column_dimensions["A"].width = 100


def template_notes():
    """What the template's note sheet and the import page say about the columns."""
    return [
        _("Replace the example row with your participants, one person a row."),
        _(
            "Gender: P (female) or L (male). Desa: its name or its code; when "
            "two desa share a name, the Kecamatan column tells them apart."
        ),
        _("Phone and Needs may stay empty. Consent: Ya, once the person agreed."),
        _(
            "A file exported from this site imports back as it is: its other "
            "columns (status, attendance, certificate) are not read."
        ),
    ]
