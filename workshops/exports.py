"""The participant list of a workshop, as rows that become CSV or XLSX."""

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from workshops.models import Registration
from workshops.normalise import phone_local

# Spreadsheet programs run a cell that starts with these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _as_text(value):
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class ParticipantListExport:
    """Rows of the people registered or waiting for one workshop."""

    def __init__(self, workshop, *, include_phone):
        self.workshop = workshop
        self.include_phone = include_phone

    def header(self):
        columns = [
            _("No."),
            _("Name"),
            _("Year of birth"),
            _("Age"),
            _("Gender"),
            _("Desa"),
            _("Kecamatan"),
        ]
        if self.include_phone:
            columns.append(_("Phone"))
        return columns + [_("Needs"), _("Status"), _("How registered")]

    def rows(self):
        this_year = timezone.localdate().year
        registrations = (
            self.workshop.registrations.exclude(status=Registration.Status.CANCELLED)
            .select_related("participant__desa__kecamatan")
            .order_by("status", "participant__full_name")
        )
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
            yield row + [
                participant.needs,
                registration.get_status_display(),
                registration.get_source_display(),
            ]

    def as_csv(self):
        output = io.StringIO()
        writer = csv.writer(output)
        writer.writerow(self.header())
        for row in self.rows():
            writer.writerow([_as_text(value) for value in row])
        # The byte-order mark lets spreadsheet programs read the accents right.
        return "\ufeff" + output.getvalue()

    def as_xlsx(self):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Participants")[:31]
        sheet.append(self.header())
        for row in self.rows():
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                # openpyxl reads a string starting with "=" as a formula; keep
                # every cell the value it is, without the CSV apostrophe.
                if isinstance(cell.value, str):
                    cell.data_type = "s"
        output = io.BytesIO()
        workbook.save(output)
        return output.getvalue()
