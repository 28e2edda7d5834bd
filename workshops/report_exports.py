"""The report as a spreadsheet (one sheet per table, the filters at the top) and as
a print-ready A4 PDF (header, figures, charts, tables) for the annual report."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from literacy_site import pdf
from workshops import reports


def _value(figures, name):
    value = getattr(figures, name)
    return "" if value is None else value


def _sheets(report):
    """[(sheet title, header, rows)]: the same tables as the page."""
    columns = reports.COLUMNS
    figure_header = [str(label) for _name, label in columns]
    places = report.places
    return [
        (
            _("Summary"),
            [_("Figure"), _("Value")],
            [[str(label), _value(report.headline, name)] for name, label in columns]
            + [[_("Desa reached"), places.reached], [_("Desa in total"), places.total]],
        ),
        (
            _("By desa"),
            [_("Kecamatan"), _("Desa")] + figure_header,
            [
                [row.kecamatan, row.desa]
                + [_value(row.figures, name) for name, _label in columns]
                for row in places.rows
            ],
        ),
        (
            _("By kecamatan"),
            [_("Kecamatan")] + figure_header,
            [
                [name] + [_value(figures, column) for column, _label in columns]
                for name, figures in report.kecamatan
            ],
        ),
        (
            _("By month"),
            [_("Month")] + figure_header,
            [
                [f"{year}-{month:02d}"]
                + [_value(figures, column) for column, _label in columns]
                for (year, month), figures in report.months
            ],
        ),
        (
            _("By age and gender"),
            [_("Age at the workshop"), _("Gender")]
            + [str(label) for _name, label in reports.PEOPLE_COLUMNS],
            [
                [str(reports.AGE_BAND_LABELS[band]), str(gender.label)]
                + [_value(figures, column) for column, _label in reports.PEOPLE_COLUMNS]
                for band, gender, figures in report.ages
            ],
        ),
    ]


def report_xlsx(report, described_filters):
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for title, header, rows in _sheets(report):
        sheet = workbook.create_sheet(title[:31])
        sheet.append([_("Report on digital literacy workshops")])
        sheet["A1"].font = bold
        for label, value in described_filters:
            sheet.append([str(label), str(value)])
        sheet.append([])
        sheet.append([str(cell) for cell in header])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        header_row = sheet.max_row
        for row in rows:
            sheet.append(row)
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
        sheet.column_dimensions["A"].width = 28
        sheet.column_dimensions["B"].width = 22
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


# The report is read at a desk: smaller print than the handouts for residents.
TABLE_SIZE = 8
PAGE = landscape(A4)


def _styles():
    family = pdf.register_fonts()
    body = ParagraphStyle("report-body", fontName=family, fontSize=11, leading=14)
    return {
        "body": body,
        "title": ParagraphStyle(
            "report-title",
            parent=body,
            fontName=f"{family}-Bold",
            fontSize=20,
            leading=24,
            spaceAfter=8,
        ),
        "heading": ParagraphStyle(
            "report-heading",
            parent=body,
            fontName=f"{family}-Bold",
            fontSize=14,
            leading=18,
            spaceBefore=10,
            spaceAfter=6,
            keepWithNext=True,
        ),
        "cell": ParagraphStyle(
            "report-cell", parent=body, fontSize=TABLE_SIZE, leading=TABLE_SIZE * 1.2
        ),
    }


def _table(header, rows, styles, widths=None):
    family = pdf.register_fonts()
    data = [[Paragraph(pdf.escape(str(cell)), styles["cell"]) for cell in header]]
    data += [[pdf.escape(str(cell)) for cell in row] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), family, TABLE_SIZE),
                ("FONT", (0, 0), (-1, 0), f"{family}-Bold", TABLE_SIZE),
                ("GRID", (0, 0), (-1, -1), 0.4, pdf.RULE),
                ("BACKGROUND", (0, 0), (-1, 0), pdf.PANEL_FILL),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                (
                    "ROWBACKGROUNDS",
                    (0, 1),
                    (-1, -1),
                    [colors.white, colors.HexColor("#f4f4f4")],
                ),
            ]
        )
    )
    return table


def report_pdf(report, described_filters, charts, organisation):
    """The report, A4 landscape, with the organisation's header on every page."""
    styles = _styles()
    width = PAGE[0] - 2 * pdf.MARGIN
    story = [
        Paragraph(
            pdf.escape(_("Report on digital literacy workshops")), styles["title"]
        ),
        Paragraph(
            "<br/>".join(
                f"{pdf.escape(str(label))}: {pdf.markup(str(value))}"
                for label, value in described_filters
            ),
            styles["body"],
        ),
        Spacer(1, 0.4 * cm),
        Paragraph(pdf.escape(_("Headline figures")), styles["heading"]),
    ]
    headline_rows = [
        [str(label), _value(report.headline, name)] for name, label in reports.COLUMNS
    ]
    headline_rows.append(
        [
            _("Desa reached"),
            _("%(reached)s of %(total)s")
            % {"reached": report.places.reached, "total": report.places.total},
        ]
    )
    story.append(
        _table([_("Figure"), _("Value")], headline_rows, styles, [8 * cm, 4 * cm])
    )
    story.append(PageBreak())
    for chart in charts.values():
        scale = min(1.0, width / chart.width, (PAGE[1] - 6 * cm) / chart.height)
        story.append(
            KeepTogether(
                [
                    Paragraph(pdf.escape(chart.title), styles["heading"]),
                    chart.drawing(scale=scale),
                ]
            )
        )
    for title, header, rows in _sheets(report)[1:]:
        story.append(PageBreak())
        story.append(Paragraph(pdf.escape(title), styles["heading"]))
        story.append(_table(header, rows, styles))
    return pdf.render_pdf(
        story,
        title=_("Report on digital literacy workshops"),
        organisation=organisation,
        subject=report.filters.period_label,
        pagesize=PAGE,
    )
