"""Certificate PDFs: one, or a whole workshop's in one file.

Takes plain data and returns bytes. What every certificate of a workshop shares
(border, logo, organisation, wording, signature) is drawn once into a PDF form
and reused on each page; only the name, number, code and QR code are drawn per
page. The same input gives the same bytes.
"""

import io
import unicodedata
from dataclasses import dataclass

import segno
from django.utils.translation import gettext as _
from PIL import Image
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from literacy_site import pdf

PAGE = landscape(A4)
WIDTH, HEIGHT = PAGE
MARGIN = 1.6 * cm
TEXT_WIDTH = WIDTH - 2 * MARGIN - 3 * cm
CENTRE = WIDTH / 2

NAME_LARGEST = 34
NAME_SMALLEST_ONE_LINE = 22
NAME_SMALLEST = 14
NAME_BOX_TOP = HEIGHT - 8.3 * cm
NAME_BOX_HEIGHT = 2.6 * cm
WORDING_SIZE = 14
QR_SIZE = 3.2 * cm
QR_MASK = 2  # a fixed mask: choosing the "best" one costs 4x the time per code
QUIET_ZONE = 4

# The signature block: a column right of centre, clear of the QR code, inside
# the border. Each part starts at its largest size, shrinks to its smallest on
# one line, then wraps (down to its smallest size).
SIGNATORY_CENTRE = WIDTH - MARGIN - 5.5 * cm
SIGNATORY_WIDTH = 9 * cm
# The title and the place have the width free above the signature.
SIGNATORY_TITLE_WIDTH = 11 * cm
SIGNATORY_BOTTOM = 1.7 * cm  # baseline of the block's lowest line
SIGNATURE_WIDTH = 4.5 * cm
SIGNATURE_HEIGHT = 1.8 * cm
SIGNATORY_TITLE_SIZES = (12, 9, 8)  # largest, smallest on one line, smallest
SIGNATORY_NAME_SIZES = (12, 10, 8)
SIGNATORY_RANK_SIZES = (11, 9, 8)
PLACE_AND_DATE_SIZES = (12, 8, 8)
SIGNATORY_LEADING = 1.2
SMALLEST_PRINT = 7  # pt: still readable on paper, if only just
ASCENT = 0.93  # of DejaVu Sans, in font sizes
DESCENT = 0.24

GOLD = colors.HexColor("#8a6d1f")
INK = colors.HexColor("#1b1b1b")
FORM_NAME = "certificate_background"


@dataclass(frozen=True)
class Signatory:
    place: str
    title: str
    name: str
    rank: str = ""
    nip: str = ""
    signature: pdf.Picture | None = None


@dataclass(frozen=True)
class WorkshopWording:
    """What every certificate of one workshop says."""

    organisation: pdf.Organisation
    workshop_title: str
    dates: str
    place: str
    signatory: Signatory


@dataclass(frozen=True)
class CertificateText:
    """What is particular to one certificate."""

    name: str
    number: str
    code: str
    verify_url: str
    signed_on: str


def _clean(text):
    return unicodedata.normalize("NFC", " ".join(str(text or "").split()))


def fit_text(text, font, *, width, sizes, most_lines=2):
    """The font size and lines for a text in a box `width` wide: one line,
    shrinking from the largest size to the smallest on one line, then up to
    `most_lines` lines shrinking to the smallest size, then as many lines as it
    takes at the smallest. A word longer than a line is broken inside."""
    largest, smallest_one_line, smallest = sizes
    for size in range(largest, smallest_one_line - 1, -1):
        if pdf.text_width(text, size, font) <= width:
            return size, [text]
    for size in range(smallest_one_line, smallest - 1, -1):
        lines = pdf.split_lines(text, size, width, font)
        if len(lines) <= most_lines:
            return size, lines
    return smallest, pdf.split_lines(text, smallest, width, font)


def fit_name(name, font, *, width=TEXT_WIDTH):
    """The font size and lines for a name: one line, shrinking down to a
    readable size, then two lines (or, for the very longest, three). A word
    longer than a line, such as a name typed without spaces, is broken inside."""
    return fit_text(
        name,
        font,
        width=width,
        sizes=(NAME_LARGEST, NAME_SMALLEST_ONE_LINE, NAME_SMALLEST),
    )


@dataclass(frozen=True)
class SignatoryLayout:
    """Where the signature block goes: its lines as (text, font, size, y), the
    signature's box (bottom), and the baseline of the place and date."""

    lines: tuple
    signature_bottom: float
    place_and_date_y: float


def signatory_layout(signatory, family, bold, *, top_limit):
    """Lay the block out from the bottom up: NIP, rank and name under the
    signature, the title over it, and place and date on top. When it would
    reach above `top_limit` (the wording above), every part shrinks a step."""
    for shrink in range(0, 3):

        def fitted(text, font, sizes, width=SIGNATORY_WIDTH, shrink=shrink):
            text = _clean(text)
            if not text:
                return []
            size, lines = fit_text(
                text,
                font,
                width=width,
                sizes=tuple(max(size - shrink, SMALLEST_PRINT) for size in sizes),
            )
            return [(line, font, size) for line in lines]

        below = fitted(signatory.name, bold, SIGNATORY_NAME_SIZES) + fitted(
            signatory.rank, family, SIGNATORY_RANK_SIZES
        )
        if signatory.nip:
            below += fitted(
                f"NIP. {_clean(signatory.nip)}", family, SIGNATORY_RANK_SIZES
            )
        title = fitted(
            signatory.title, family, SIGNATORY_TITLE_SIZES, SIGNATORY_TITLE_WIDTH
        )
        placed = []
        y = SIGNATORY_BOTTOM
        previous_size = 0
        for text, font, size in reversed(below):
            if previous_size:
                # Lines of two sizes sit as far apart as the larger needs.
                y += max(size, previous_size) * SIGNATORY_LEADING
            placed.append((text, font, size, y))
            previous_size = size
        top = y + (below[0][2] * ASCENT if below else 0)
        signature_bottom = top + 0.3 * cm
        y = signature_bottom + SIGNATURE_HEIGHT + 0.3 * cm
        for index, (text, font, size) in enumerate(reversed(title)):
            y += size * (SIGNATORY_LEADING if index else DESCENT)
            placed.append((text, font, size, y))
        place_and_date_y = y + 0.65 * cm
        if place_and_date_y + PLACE_AND_DATE_SIZES[0] * ASCENT <= top_limit:
            break
    return SignatoryLayout(tuple(placed), signature_bottom, place_and_date_y)


def _centred(canvas, text, font, size, x, y):
    pdf.draw_text(canvas, x, y, text, font=font, size=size, align="centre")


def _centred_paragraph(canvas, text, font, size, top, width, leading=1.3):
    y = top
    for line in pdf.split_lines(text, size, width, font):
        _centred(canvas, line, font, size, CENTRE, y)
        y -= size * leading
    return y


def _draw_background(canvas, wording):
    family = pdf.register_fonts()
    bold = f"{family}-Bold"
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(4)
    canvas.rect(0.8 * cm, 0.8 * cm, WIDTH - 1.6 * cm, HEIGHT - 1.6 * cm)
    canvas.setLineWidth(1)
    canvas.rect(1.1 * cm, 1.1 * cm, WIDTH - 2.2 * cm, HEIGHT - 2.2 * cm)

    top = HEIGHT - MARGIN - 0.4 * cm
    logo = pdf.picture_flowable(wording.organisation.logo, 3 * cm, 2.4 * cm)
    if logo is not None:
        logo.drawOn(canvas, CENTRE - logo.width / 2, top - logo.height)
        top -= logo.height + 0.3 * cm
    canvas.setFillColor(INK)
    top = _centred_paragraph(
        canvas,
        _clean(wording.organisation.name).upper(),
        bold,
        13,
        top - 0.4 * cm,
        TEXT_WIDTH,
    )
    canvas.setFillColor(GOLD)
    canvas.setFont(bold, 40)
    canvas.drawCentredString(CENTRE, HEIGHT - 5.6 * cm, _("CERTIFICATE"))
    canvas.setFillColor(INK)
    canvas.setFont(family, 15)
    canvas.drawCentredString(CENTRE, NAME_BOX_TOP + 0.5 * cm, _("Awarded to"))

    wording_text = _(
        "for taking part as a Participant in %(workshop)s, organised by "
        "%(organiser)s on %(dates)s at %(place)s."
    ) % {
        "workshop": _clean(wording.workshop_title),
        "organiser": _clean(wording.organisation.name),
        "dates": _clean(wording.dates),
        "place": _clean(wording.place),
    }
    next_line = _centred_paragraph(
        canvas,
        wording_text,
        family,
        WORDING_SIZE,
        NAME_BOX_TOP - NAME_BOX_HEIGHT - 0.6 * cm,
        TEXT_WIDTH - 2 * cm,
    )
    last_line = next_line + WORDING_SIZE * 1.3
    layout = signatory_layout(
        wording.signatory,
        family,
        bold,
        top_limit=last_line - WORDING_SIZE * DESCENT - 0.3 * cm,
    )
    for text, font, size, y in layout.lines:
        _centred(canvas, text, font, size, SIGNATORY_CENTRE, y)
    signature = pdf.picture_flowable(
        wording.signatory.signature, SIGNATURE_WIDTH, SIGNATURE_HEIGHT
    )
    if signature is not None:
        signature.drawOn(
            canvas, SIGNATORY_CENTRE - signature.width / 2, layout.signature_bottom
        )
    return layout


def draw_qr(canvas, url, x, y, size):
    """The QR code as a tiny one-bit image, one pixel a module, scaled up.

    Far quicker than drawing each dark module as a rectangle, and as sharp: PDF
    viewers do not smooth an image unless it asks them to."""
    qr = segno.make_qr(url, error="m", mask=QR_MASK, boost_error=False)
    image = Image.new("1", qr.symbol_size(border=QUIET_ZONE), 1)
    pixels = image.load()
    for row_number, row in enumerate(qr.matrix_iter(border=QUIET_ZONE)):
        for column, dark in enumerate(row):
            if dark:
                pixels[column, row_number] = 0
    canvas.drawImage(ImageReader(image), x, y, size, size)


def _draw_certificate(canvas, certificate, signatory_place, place_and_date_y):
    family = pdf.register_fonts()
    bold = f"{family}-Bold"
    canvas.doForm(FORM_NAME)
    canvas.setFillColor(INK)
    canvas.setFont(family, 13)
    canvas.drawCentredString(
        CENTRE,
        HEIGHT - 6.4 * cm,
        _("Number: %(number)s") % {"number": _clean(certificate.number)},
    )

    name = _clean(certificate.name)
    size, lines = fit_name(name, bold)
    leading = size * 1.15
    block_height = leading * len(lines)
    y = NAME_BOX_TOP - (NAME_BOX_HEIGHT - block_height) / 2 - size
    for line in lines:
        _centred(canvas, line, bold, size, CENTRE, y)
        y -= leading

    place_and_date = (
        f"{_clean(signatory_place)}, {_clean(certificate.signed_on)}".strip(", ")
    )
    size, lines = fit_text(
        place_and_date,
        family,
        width=SIGNATORY_TITLE_WIDTH,
        sizes=PLACE_AND_DATE_SIZES,
        most_lines=1,
    )
    # A place too long for one line even small: its last words go below.
    y = place_and_date_y + size * SIGNATORY_LEADING * (len(lines) - 1)
    for line in lines:
        _centred(canvas, line, family, size, SIGNATORY_CENTRE, y)
        y -= size * SIGNATORY_LEADING

    qr_x, qr_y = MARGIN + 0.6 * cm, 1.8 * cm
    draw_qr(canvas, certificate.verify_url, qr_x, qr_y, QR_SIZE)
    canvas.setFont(family, 10)
    text_x = qr_x + QR_SIZE + 0.2 * cm
    canvas.drawString(text_x, qr_y + 2.0 * cm, _("Check this certificate:"))
    canvas.drawString(text_x, qr_y + 1.5 * cm, _clean(certificate.verify_url)[:70])
    canvas.setFont(bold, 14)
    canvas.drawString(
        text_x,
        qr_y + 0.8 * cm,
        _("Code: %(code)s") % {"code": _clean(certificate.code)},
    )


def render_certificates(wording: WorkshopWording, certificates, on_page=None) -> bytes:
    """One PDF with a page per certificate of the workshop.

    `on_page(count)` is called after each page, for progress reports."""
    pdf.register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=PAGE,
        invariant=True,
        pageCompression=1,
        initialFontName=pdf.FONT_FAMILY,
    )
    canvas.setTitle(_("Certificates: %(title)s") % {"title": wording.workshop_title})
    canvas.setAuthor(wording.organisation.name)
    canvas.beginForm(FORM_NAME)
    layout = _draw_background(canvas, wording)
    canvas.endForm()
    for count, certificate in enumerate(certificates, start=1):
        _draw_certificate(
            canvas, certificate, wording.signatory.place, layout.place_and_date_y
        )
        canvas.showPage()
        if on_page is not None:
            on_page(count)
    canvas.save()
    return buffer.getvalue()
