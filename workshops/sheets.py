"""The attendance sheet (daftar hadir) that village staff print before the day.

Takes plain data and returns PDF bytes; the view gathers the data.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from literacy_site import pdf

# Sign-in sheets are read at arm's length by older participants.
CELL_SIZE = 13
HEADER_SIZE = 12
BLANK_ROWS = 10
# Columns besides the sessions, in cm: number, name, desa, age.
FIXED_COLUMNS = (1.4, 5.4, 3.0, 1.8)
MIN_SIGNATURE_WIDTH = 1.9 * cm
SIGNING_PADDING = 10
CELL_PADDING = 6  # reportlab's default left and right padding of a table cell


@dataclass(frozen=True)
class SheetRow:
    name: str
    desa: str
    age: int


@dataclass(frozen=True)
class SheetSession:
    date: date
    times: str


@dataclass(frozen=True)
class AttendanceSheet:
    title: str
    place: str
    sessions: list[SheetSession]
    rows: list[SheetRow]


def _cell_styles():
    family = pdf.register_fonts()
    cell = ParagraphStyle(
        "sheet_cell", fontName=family, fontSize=CELL_SIZE, leading=CELL_SIZE * 1.2
    )
    header = ParagraphStyle(
        "sheet_header",
        parent=cell,
        fontName=f"{family}-Bold",
        fontSize=HEADER_SIZE,
        leading=HEADER_SIZE * 1.2,
    )
    return cell, header


def page_size_for(session_count):
    """Portrait while every session gets room to sign; landscape beyond that."""
    fixed = sum(FIXED_COLUMNS) * cm
    portrait_room = A4[0] - 2 * pdf.MARGIN - fixed
    if session_count * MIN_SIGNATURE_WIDTH <= portrait_room:
        return A4
    return landscape(A4)


def render_attendance_sheet(sheet: AttendanceSheet, *, organisation) -> bytes:
    cell, header = _cell_styles()
    styles = pdf.styles()
    page_size = page_size_for(len(sheet.sessions))
    content_width = page_size[0] - 2 * pdf.MARGIN
    fixed = [width * cm for width in FIXED_COLUMNS]
    session_width = (content_width - sum(fixed)) / max(len(sheet.sessions), 1)

    heading = [
        _("No."),
        _("Name"),
        _("Desa"),
        _("Age"),
    ] + [
        f"{date_format(session.date, 'j M Y')}<br/>{pdf.escape(session.times)}"
        for session in sheet.sessions
    ]
    table_rows = [[Paragraph(text, header) for text in heading]]

    def in_column(text, column):
        # Broken into lines here, so a name without spaces or in Arabic script
        # stays in its cell and reads in order.
        width = fixed[column] - 2 * CELL_PADDING
        return Paragraph(pdf.wrapped_markup(text, CELL_SIZE, width), cell)

    for number, row in enumerate(sheet.rows, start=1):
        table_rows.append(
            [
                Paragraph(str(number), cell),
                in_column(row.name, 1),
                in_column(row.desa, 2),
                Paragraph(str(row.age), cell),
            ]
            + [""] * len(sheet.sessions)
        )
    first_blank = len(sheet.rows) + 1
    for number in range(first_blank, first_blank + BLANK_ROWS):
        table_rows.append(
            [Paragraph(str(number), cell), "", "", ""] + [""] * len(sheet.sessions)
        )

    table = Table(
        table_rows,
        colWidths=fixed + [session_width] * len(sheet.sessions),
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                # Empty cells too, or the table names Helvetica, which is not
                # embedded.
                ("FONTNAME", (0, 0), (-1, -1), pdf.register_fonts()),
                ("GRID", (0, 0), (-1, -1), 0.6, pdf.RULE),
                ("BACKGROUND", (0, 0), (-1, 0), pdf.PANEL_FILL),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                # Padding, not fixed heights: rows stay tall enough to sign in,
                # and a long name still grows its row instead of spilling out.
                ("TOPPADDING", (0, 1), (-1, -1), SIGNING_PADDING),
                ("BOTTOMPADDING", (0, 1), (-1, -1), SIGNING_PADDING),
                ("TEXTCOLOR", (0, 0), (-1, -1), colors.black),
            ]
        )
    )

    story = [
        Paragraph(_("Attendance sheet"), styles["title"]),
        Paragraph(
            pdf.wrapped_markup(
                sheet.title, pdf.HEADING_SIZE, content_width, f"{pdf.FONT_FAMILY}-Bold"
            ),
            styles["heading"],
        ),
        Paragraph(
            pdf.wrapped_markup(sheet.place, pdf.BODY_SIZE, content_width),
            styles["body"],
        ),
        Spacer(1, 0.3 * cm),
        table,
        Spacer(1, 0.4 * cm),
        Paragraph(
            _("Walk-ins: write your name, desa and age on an empty row and sign."),
            styles["small"],
        ),
    ]
    return pdf.render_pdf(
        story,
        title=_("Attendance sheet: %(title)s") % {"title": sheet.title},
        organisation=organisation,
        pagesize=page_size,
    )
