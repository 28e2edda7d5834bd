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
QR_SIZE = 3.2 * cm
QR_MASK = 2  # a fixed mask: choosing the "best" one costs 4x the time per code
QUIET_ZONE = 4

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


def fit_name(name, font, *, width=TEXT_WIDTH):
    """The font size and lines for a name: one line, shrinking down to a
    readable size, then two lines (or, for the very longest, three). A word
    longer than a line, such as a name typed without spaces, is broken inside."""
    for size in range(NAME_LARGEST, NAME_SMALLEST_ONE_LINE - 1, -1):
        if pdf.text_width(name, size, font) <= width:
            return size, [name]
    for size in range(NAME_SMALLEST_ONE_LINE, NAME_SMALLEST - 1, -1):
        lines = pdf.split_lines(name, size, width, font)
        if len(lines) <= 2:
            return size, lines
    return NAME_SMALLEST, pdf.split_lines(name, NAME_SMALLEST, width, font)


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
    _centred_paragraph(
        canvas,
        wording_text,
        family,
        14,
        NAME_BOX_TOP - NAME_BOX_HEIGHT - 0.6 * cm,
        TEXT_WIDTH - 2 * cm,
    )

    signatory = wording.signatory
    x = WIDTH - MARGIN - 5.5 * cm
    y = 5.6 * cm
    _centred(canvas, _clean(signatory.title)[:80], family, 12, x, y + 0.55 * cm)
    signature = pdf.picture_flowable(signatory.signature, 4.5 * cm, 1.8 * cm)
    if signature is not None:
        signature.drawOn(canvas, x - signature.width / 2, y - 2.2 * cm)
    _centred(canvas, _clean(signatory.name), bold, 12, x, y - 2.7 * cm)
    lines = [_clean(signatory.rank)]
    if signatory.nip:
        lines.append(f"NIP. {_clean(signatory.nip)}")
    for offset, line in enumerate(filter(None, lines)):
        _centred(canvas, line, family, 11, x, y - 3.2 * cm - offset * 0.45 * cm)


def _draw_qr(canvas, url, x, y, size):
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


def _draw_certificate(canvas, certificate, signatory_place):
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

    _centred(
        canvas,
        f"{_clean(signatory_place)}, {_clean(certificate.signed_on)}".strip(", "),
        family,
        12,
        WIDTH - MARGIN - 5.5 * cm,
        6.8 * cm,
    )

    qr_x, qr_y = MARGIN + 0.6 * cm, 1.8 * cm
    _draw_qr(canvas, certificate.verify_url, qr_x, qr_y, QR_SIZE)
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
    _draw_background(canvas, wording)
    canvas.endForm()
    for count, certificate in enumerate(certificates, start=1):
        _draw_certificate(canvas, certificate, wording.signatory.place)
        canvas.showPage()
        if on_page is not None:
            on_page(count)
    canvas.save()
    return buffer.getvalue()
