"""The attendance sheet (daftar hadir) that village staff print before the day.

Takes plain data and returns PDF bytes; selectors.attendance_sheet_of gathers
the data, for the sheet's own view and for the print pack.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from literacy_site import pdf
from workshops import consent

# Sign-in sheets are read at arm's length by older participants.
CELL_SIZE = 13
HEADER_SIZE = 12
BLANK_ROWS = 10
# Columns besides the sessions, in cm: number, name, L/P, year of birth, desa,
# consent; each wide enough for its heading's longest word in the sheet's font.
FIXED_COLUMNS = (1.3, 4.6, 1.3, 2.0, 2.8, 2.3)
NAME_COLUMN, DESA_COLUMN = 1, 4
CONSENT_MARK = "\u2713"
# Room above the line where the head of the desa and the facilitators sign.
SIGNING_SPACE = 2.2 * cm
SIGNER_WIDTH = 7 * cm  # so two sign side by side on portrait, three on landscape
MIN_SIGNATURE_WIDTH = 1.9 * cm
SIGNING_PADDING = 10
CELL_PADDING = 6  # reportlab's default left and right padding of a table cell


@dataclass(frozen=True)
class SheetRow:
    name: str
    gender: str  # L or P, as written on the sheet
    birth_year: int
    desa: str
    consented: bool


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
    desa: str = ""
    facilitators: list[str] = ()


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

    def in_column(text, column, style=cell, size=CELL_SIZE, font=pdf.FONT_FAMILY):
        # Broken into lines here, so a name without spaces or in Arabic script
        # stays in its cell and reads in order.
        width = fixed[column] - 2 * CELL_PADDING
        return Paragraph(pdf.wrapped_markup(text, size, width, font), style)

    bold = f"{pdf.FONT_FAMILY}-Bold"
    heading = [
        in_column(text, column, header, HEADER_SIZE, bold)
        for column, text in enumerate(
            [_("No."), _("Name"), _("L/P"), _("Year of birth"), _("Desa"), _("Agree*")]
        )
    ] + [
        Paragraph(
            f"{date_format(session.date, 'j M Y')}<br/>{pdf.escape(session.times)}",
            header,
        )
        for session in sheet.sessions
    ]
    table_rows = [heading]
    for number, row in enumerate(sheet.rows, start=1):
        table_rows.append(
            [
                Paragraph(str(number), cell),
                in_column(row.name, NAME_COLUMN),
                Paragraph(pdf.escape(row.gender), cell),
                Paragraph(str(row.birth_year), cell),
                in_column(row.desa, DESA_COLUMN),
                Paragraph(CONSENT_MARK if row.consented else "", cell),
            ]
            + [""] * len(sheet.sessions)
        )
    first_blank = len(sheet.rows) + 1
    blank = [""] * (len(FIXED_COLUMNS) - 1 + len(sheet.sessions))
    for number in range(first_blank, first_blank + BLANK_ROWS):
        table_rows.append([Paragraph(str(number), cell), *blank])

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
            _(
                "Walk-ins: on an empty row write your name, L or P, year of birth "
                "and desa, tick the Agree box if you agree, and sign."
            ),
            styles["small"],
        ),
        Paragraph(
            pdf.escape(
                _("* Agree: %(text)s")
                % {"text": consent.text_of(consent.CURRENT_VERSION)}
            ),
            styles["small"],
        ),
        _signatures(sheet, content_width),
    ]
    return pdf.render_pdf(
        story,
        title=_("Attendance sheet: %(title)s") % {"title": sheet.title},
        organisation=organisation,
        pagesize=page_size,
    )


def _signatures(sheet, content_width):
    """The "Mengetahui" block: the head of the desa and each facilitator, a line
    to sign above their name, dots where a name is to be written by hand."""
    styles = pdf.styles()
    cell = styles["small"]
    per_line = max(2, int(content_width // SIGNER_WIDTH))
    column = content_width / per_line
    text_width = column - 2 * CELL_PADDING
    signers = [(_("Head of Desa %(desa)s") % {"desa": sheet.desa}, "")]
    signers += [(_("Facilitator"), name) for name in sheet.facilitators] or [
        (_("Facilitator"), "")
    ]

    def fitted(text):
        return Paragraph(pdf.wrapped_markup(text, pdf.SMALL_SIZE, text_width), cell)

    def signer(title, name):
        box = Table(
            [[fitted(title)], [""], [fitted(name or "." * 40)]],
            colWidths=[column],
            rowHeights=[None, SIGNING_SPACE, None],
        )
        box.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), pdf.register_fonts()),
                    ("LINEABOVE", (0, 2), (0, 2), 0.8, pdf.INK),
                ]
            )
        )
        return box

    boxes = [signer(title, name) for title, name in signers]
    boxes += [""] * (-len(boxes) % per_line)
    lines = [boxes[at : at + per_line] for at in range(0, len(boxes), per_line)]
    grid = Table(lines, colWidths=[column] * per_line)
    grid.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), pdf.register_fonts()),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return KeepTogether(
        [Spacer(1, 0.6 * cm), Paragraph(_("Acknowledged by,"), cell), grid]
    )
