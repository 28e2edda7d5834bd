"""A workshop's print pack: what the village office prints for it, in one PDF.

A cover page, the attendance sheet, the handout of each course the workshop
teaches (one copy for every registered person plus a fifth more, for walk-ins),
and the certificates once issued. Each part is drawn by its own builder and the
files are joined with pypdf.

The copies are real pages, one whole set after another, not a number on the
cover: a village office prints from a PC's print dialog, whose "copies" applies
to the whole file, so a count to type in for some pages only would mean several
print runs with page ranges typed by hand. Repeated pages share their contents
in the file, so they cost little. The cover lists where each part starts, so one
part can be printed again alone (or the certificates on their own paper)."""

import io
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from pypdf import PdfReader, PdfWriter
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from certificates.render import render_certificates
from certificates.selectors import (
    certificate_texts,
    certificates_to_print,
    workshop_dates_text,
    workshop_wording,
)
from courses.services import handout_build
from literacy_site import pdf
from literacy_site.models import OrganisationSettings
from workshops.models import Registration
from workshops.selectors import attendance_sheet_of
from workshops.sheets import render_attendance_sheet

# Handouts for everyone registered and this much more, for walk-ins.
EXTRA_HANDOUTS_PERCENT = 20


def handout_copies(registered: int) -> int:
    """Registered people plus a fifth, rounded up; at least one copy to copy
    from when nobody has registered yet."""
    return max(1, -(-registered * (100 + EXTRA_HANDOUTS_PERCENT) // 100))


def taught_courses(workshop):
    """The live courses the workshop teaches, in the order of the course list."""
    return list(workshop.courses.live().order_by("path"))


def print_pack_parts(workshop) -> int:
    """How many parts the pack has (its progress counts them): the sheet, a
    handout per course taught, and the certificates if any are issued."""
    return (
        1
        + len(taught_courses(workshop))
        + int(certificates_to_print(workshop).exists())
    )


@dataclass(frozen=True)
class Part:
    label: str
    copies: int
    body: bytes

    @property
    def reader(self):
        return PdfReader(io.BytesIO(self.body))


@dataclass(frozen=True)
class PrintPack:
    body: bytes
    parts: int
    pages: int
    handout_copies: int


def _stored(path):
    with default_storage.open(path, "rb") as stored:
        return stored.read()


def _cover(workshop, parts, *, first_page, organisation):
    style = pdf.styles()
    rows = [
        [
            Paragraph(_("What"), style["strong"]),
            Paragraph(_("Pages"), style["strong"]),
            Paragraph(_("Copies"), style["strong"]),
        ]
    ]
    page = first_page
    for part in parts:
        each = len(part.reader.pages)
        pages = each * part.copies
        label = pdf.markup(part.label)
        if part.copies > 1:
            # So a lost or spoilt copy is printed again alone.
            label += "<br/>" + pdf.escape(
                _("One copy: pages %(first)d–%(last)d")
                % {"first": page, "last": page + each - 1}
            )
        rows.append(
            [
                Paragraph(label, style["body"]),
                Paragraph(f"{page}–{page + pages - 1}", style["body"]),
                Paragraph(str(part.copies), style["body"]),
            ]
        )
        page += pages
    table = Table(rows, colWidths=[9.5 * cm, 4 * cm, 3 * cm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), pdf.register_fonts()),
                ("GRID", (0, 0), (-1, -1), 0.6, pdf.RULE),
                ("BACKGROUND", (0, 0), (-1, 0), pdf.PANEL_FILL),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    place = ", ".join(
        part for part in (workshop.venue.name, workshop.desa.name) if part
    )
    story = [
        Paragraph(_("Print pack"), style["title"]),
        Paragraph(
            pdf.markup(workshop.title, f"{pdf.FONT_FAMILY}-Bold"), style["heading"]
        ),
        Paragraph(
            pdf.markup(
                " · ".join(p for p in (workshop_dates_text(workshop), place) if p)
            ),
            style["body"],
        ),
        Spacer(1, 0.3 * cm),
        table,
        Spacer(1, 0.4 * cm),
        Paragraph(
            _(
                "Print the whole file once: the handouts are already repeated, "
                "one complete copy after another. To print one part again, "
                "print only its pages. Put certificate paper in the printer "
                "before the certificates' pages."
            ),
            style["body"],
        ),
    ]
    return pdf.render_pdf(
        story,
        title=_("Print pack: %(title)s") % {"title": workshop.title},
        organisation=organisation,
    )


def render_print_pack(workshop, *, site, on_part=None) -> PrintPack:
    """Draw every part of the workshop's print pack and join them into one PDF.

    Handouts come from the stored copies (drawn now if not yet). `on_part(count)`
    is called after each part."""
    organisation = pdf.organisation_data(OrganisationSettings.for_site(site))
    registered = workshop.registrations.filter(
        status=Registration.Status.REGISTERED
    ).count()
    copies = handout_copies(registered)

    def done(part):
        parts.append(part)
        if on_part is not None:
            on_part(len(parts))

    parts = []
    done(
        Part(
            _("Attendance sheet"),
            1,
            render_attendance_sheet(
                attendance_sheet_of(workshop), organisation=organisation
            ),
        )
    )
    for course in taught_courses(workshop):
        done(
            Part(
                _("Handout: %(title)s") % {"title": course.title},
                copies,
                _stored(handout_build(page=course)),
            )
        )
    certificates = list(certificates_to_print(workshop))
    if certificates:
        done(
            Part(
                ngettext(
                    "%(count)d certificate", "%(count)d certificates", len(certificates)
                )
                % {"count": len(certificates)},
                1,
                render_certificates(
                    workshop_wording(workshop, site), certificate_texts(certificates)
                ),
            )
        )

    cover = _cover(workshop, parts, first_page=2, organisation=organisation)
    cover_pages = len(PdfReader(io.BytesIO(cover)).pages)
    if cover_pages != 1:
        cover = _cover(
            workshop, parts, first_page=cover_pages + 1, organisation=organisation
        )
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(cover)))
    for part in parts:
        reader = part.reader
        for _copy in range(part.copies):
            for page in reader.pages:
                writer.add_page(page)
    writer.add_metadata(
        {"/Title": _("Print pack: %(title)s") % {"title": workshop.title}}
    )
    output = io.BytesIO()
    writer.write(output)
    return PrintPack(
        body=output.getvalue(),
        parts=len(parts),
        pages=len(writer.pages),
        handout_copies=copies,
    )
