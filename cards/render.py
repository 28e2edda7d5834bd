"""A sheet of learner cards: credit-card size, ten to an A4 page, with cut lines.

Takes plain data and returns bytes, like the certificates."""

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from certificates.render import draw_qr, fit_text
from literacy_site import pdf

# ISO/IEC 7810 ID-1, the size of a bank card: it fits a wallet.
CARD_WIDTH, CARD_HEIGHT = 85.6 * mm, 54 * mm
COLUMNS, ROWS = 2, 5
PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT = (PAGE_WIDTH - COLUMNS * CARD_WIDTH) / 2
BOTTOM = (PAGE_HEIGHT - ROWS * CARD_HEIGHT) / 2
PADDING = 4 * mm
QR_SIZE = 26 * mm  # scans from arm's length on a cheap phone camera
TEXT_WIDTH = CARD_WIDTH - 3 * PADDING - QR_SIZE
NAME_SIZES = (14, 11, 8)  # largest, smallest on one line, smallest
CODE_SIZE = 17
INK = colors.HexColor("#1b1b1b")
CUT_LINE = colors.HexColor("#9a9a9a")


@dataclass(frozen=True)
class CardText:
    name: str
    desa: str
    code: str  # as printed, in groups: ABCD-EFGH
    url: str  # the resident's page, in the QR code


def _draw_card(canvas, card, x, y, *, organisation, family):
    bold = f"{family}-Bold"
    canvas.setStrokeColor(CUT_LINE)
    canvas.setLineWidth(0.4)
    canvas.setDash(2, 2)
    canvas.rect(x, y, CARD_WIDTH, CARD_HEIGHT)
    canvas.setDash()
    canvas.setFillColor(INK)
    top = y + CARD_HEIGHT - PADDING
    pdf.draw_text(canvas, x + PADDING, top - 8, _("LEARNER CARD"), font=bold, size=8)
    if organisation:
        pdf.draw_text(canvas, x + PADDING, top - 16, organisation, size=6.5)
    size, lines = fit_text(card.name, bold, width=TEXT_WIDTH, sizes=NAME_SIZES)
    line_y = top - 16 - 3 * mm - size
    for line in lines[:4]:  # the longest name the form allows (120) fits in 4
        pdf.draw_text(canvas, x + PADDING, line_y, line, font=bold, size=size)
        line_y -= size * 1.15
    desa_lines = pdf.split_lines(card.desa, 9, TEXT_WIDTH, family)
    pdf.draw_text(canvas, x + PADDING, line_y - 2, desa_lines[0], font=family, size=9)
    code_y = y + PADDING + 3 * mm
    pdf.draw_text(canvas, x + PADDING, code_y + CODE_SIZE + 1, _("Card code"), size=7)
    pdf.draw_text(canvas, x + PADDING, code_y, card.code, font=bold, size=CODE_SIZE)
    draw_qr(
        canvas,
        card.url,
        x + CARD_WIDTH - PADDING - QR_SIZE,
        y + (CARD_HEIGHT - QR_SIZE) / 2,
        QR_SIZE,
    )


def render_cards(cards, *, organisation_name=""):
    """Ten cards a page, in the order given; an empty list gives one empty page."""
    family = pdf.register_fonts()
    # One line across the card; a very long name is cut rather than crowding.
    organisation = (
        pdf.split_lines(organisation_name, 6.5, CARD_WIDTH - 2 * PADDING, family)[0]
        if organisation_name
        else ""
    )
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    canvas.setTitle(_("Learner cards"))
    per_page = COLUMNS * ROWS
    for index, card in enumerate(cards):
        if index and index % per_page == 0:
            canvas.showPage()
        place = index % per_page
        column, row = place % COLUMNS, place // COLUMNS
        x = LEFT + column * CARD_WIDTH
        y = PAGE_HEIGHT - BOTTOM - (row + 1) * CARD_HEIGHT
        _draw_card(canvas, card, x, y, organisation=organisation, family=family)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
