"""The shared PDF toolkit: fonts, large-print styles, page frame, QR codes, pictures.

Lesson handouts, attendance sheets and certificates all build on this. A renderer
takes plain data and returns bytes; nothing here touches the database.
"""

import functools
import io
import logging
import re
import threading
import unicodedata
from dataclasses import dataclass
from xml.sax.saxutils import escape as xml_escape

from arabic_reshaper import ArabicReshaper
from bidi import get_display
from django.conf import settings
from django.utils.translation import gettext as _
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Table, TableStyle
from reportlab.platypus import Image as PlatypusImage

logger = logging.getLogger(__name__)

FONTS_ROOT = settings.BASE_DIR / "static" / "fonts"
FONT_DIR = FONTS_ROOT / "dejavu"
FONT_FAMILY = "DejaVuSans"
FONT_FILES = {
    FONT_FAMILY: "DejaVuSans.ttf",
    f"{FONT_FAMILY}-Bold": "DejaVuSans-Bold.ttf",
    f"{FONT_FAMILY}-Oblique": "DejaVuSans-Oblique.ttf",
    f"{FONT_FAMILY}-BoldOblique": "DejaVuSans-BoldOblique.ttf",
}


@dataclass(frozen=True)
class FallbackFont:
    """A font for the letters of scripts DejaVu Sans lacks, read only when a text
    has one of them. One weight: bold text in these scripts prints regular in a
    Paragraph and thickened on a canvas (`draw_text`)."""

    name: str
    file: str  # under static/fonts/
    ranges: tuple[tuple[int, int], ...]
    # DejaVu draws part of the Arabic script; one word must not mix two fonts,
    # or its letters would not join in one style.
    before_dejavu: bool = False


ARABIC_RANGES = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)
FALLBACK_FONTS = (
    FallbackFont(
        "NotoSansArabic",
        "noto/NotoSansArabic-Regular.ttf",
        ARABIC_RANGES,
        before_dejavu=True,
    ),
    FallbackFont(
        "NotoSansJavanese", "noto/NotoSansJavanese-Regular.ttf", ((0xA980, 0xA9DF),)
    ),
    FallbackFont(
        "DroidSansFallbackCJK",
        "droid/DroidSansFallbackCJK.ttf",
        (
            (0x2E80, 0x2FDF),  # radicals
            (0x3000, 0x303F),  # CJK punctuation
            (0x3400, 0x4DBF),
            (0x4E00, 0x9FFF),
            (0xF900, 0xFAFF),
            (0xFF00, 0xFFEF),  # full-width forms
            (0x20000, 0x2FFFF),
        ),
    ),
)

PAGE_SIZE = A4
MARGIN = 2 * cm
HEADER_HEIGHT = 1.6 * cm
FOOTER_HEIGHT = 1.2 * cm
CONTENT_WIDTH = PAGE_SIZE[0] - 2 * MARGIN

# Large print for older readers: body text never below 16 pt.
BODY_SIZE = 17
SMALL_SIZE = 14
HEADING_SIZE = 22
TITLE_SIZE = 28
LINE_SPACING = 1.35

INK = colors.HexColor("#1b1b1b")
WARNING_BORDER = colors.HexColor("#b34700")
WARNING_FILL = colors.HexColor("#fff1e0")
PANEL_FILL = colors.HexColor("#eef4fa")
RULE = colors.HexColor("#6b6b6b")


@dataclass(frozen=True)
class Picture:
    """An image file's bytes; SVG drawings stay vector graphics in the PDF."""

    data: bytes
    is_svg: bool
    description: str = ""


@dataclass(frozen=True)
class Organisation:
    """Who issues the document: printed in every page's header."""

    name: str
    logo: Picture | None = None


def picture_of(image, description=""):
    """The image file's bytes, or None when the file is missing from storage."""
    if image is None:
        return None
    try:
        with image.open_file() as file:
            data = file.read()
    except OSError:
        return None
    return Picture(data=data, is_svg=image.is_svg(), description=description)


def organisation_data(settings):
    if settings is None or not settings.pk:
        return None
    return Organisation(name=settings.name, logo=picture_of(settings.logo))


@functools.cache
def register_fonts():
    """Register DejaVu Sans once per process; it covers every Latin letter."""
    for name, filename in FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, FONT_DIR / filename))
    pdfmetrics.registerFontFamily(
        FONT_FAMILY,
        normal=FONT_FAMILY,
        bold=f"{FONT_FAMILY}-Bold",
        italic=f"{FONT_FAMILY}-Oblique",
        boldItalic=f"{FONT_FAMILY}-BoldOblique",
    )
    return FONT_FAMILY


def escape(text):
    """Make user text safe for a Paragraph: one Unicode form, no stray markup."""
    return xml_escape(unicodedata.normalize("NFC", str(text or "")))


_fallback_lock = threading.Lock()


@functools.cache
def _characters_of(font_name):
    return pdfmetrics.getFont(font_name).face.charToGlyph


@functools.cache
def _fallback_font(fallback):
    """Register a fallback font the first time a text needs it."""
    with _fallback_lock:
        pdfmetrics.registerFont(TTFont(fallback.name, FONTS_ROOT / fallback.file))
        # Paragraph markup looks a face up by family, bold and italic included.
        pdfmetrics.registerFontFamily(
            fallback.name,
            normal=fallback.name,
            bold=fallback.name,
            italic=fallback.name,
            boldItalic=fallback.name,
        )
    return fallback.name


@functools.cache
def _drawn_by_dejavu_alone(font):
    """The characters a DejaVu face draws with no fallback font's say."""
    claimed = {
        chr(code)
        for fallback in FALLBACK_FONTS
        if fallback.before_dejavu
        for low, high in fallback.ranges
        for code in range(low, high + 1)
    }
    return frozenset(chr(code) for code in _characters_of(font)) - claimed


@functools.lru_cache(maxsize=4096)
def font_for(character, font=FONT_FAMILY):
    """The font that draws this character: the given DejaVu face, else the
    fallback for its script; None when no font has it (emoji, for one)."""
    register_fonts()
    code = ord(character)
    later = []
    for fallback in FALLBACK_FONTS:
        if any(low <= code <= high for low, high in fallback.ranges):
            if fallback.before_dejavu and code in _characters_of(
                _fallback_font(fallback)
            ):
                return fallback.name
            later.append(fallback)
    if code in _characters_of(font):
        return font
    for fallback in later:
        if code in _characters_of(_fallback_font(fallback)):
            return fallback.name
    return None


# Vowel marks kept: a name is printed as its owner wrote it.
_arabic_reshaper = ArabicReshaper(configuration={"delete_harakat": False})


# Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms.
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


_JAVANESE_PRE_BASE = "\ua9ba\ua9bb"  # taling, dirga mure: written before
_JAVANESE_PANGKON = "\ua9c0"


def _is_javanese_letter(char):
    return "\ua984" <= char <= "\ua9b2"


def _javanese_order(text):
    """Put each taling before the syllable it belongs to, as a reader writes it:
    reportlab draws characters in stored order, and Unicode stores it after."""
    chars = list(text)
    for index, char in enumerate(chars):
        if char not in _JAVANESE_PRE_BASE:
            continue
        start = index
        # Back over the signs of the syllable to its letter, then over any
        # letter stacked on it with a pangkon (a pasangan).
        while start > 0 and not _is_javanese_letter(chars[start - 1]):
            if not "\ua980" <= chars[start - 1] <= "\ua9c0":
                break
            start -= 1
        if start > 0 and _is_javanese_letter(chars[start - 1]):
            start -= 1
            while (
                start > 1
                and chars[start - 1] == _JAVANESE_PANGKON
                and _is_javanese_letter(chars[start - 2])
            ):
                start -= 2
        chars[start + 1 : index + 1] = chars[start:index]
        chars[start] = char
    return "".join(chars)


def visual_order(text):
    """One line of text as it is drawn left to right: Arabic letters joined and
    right-to-left runs reversed, Javanese vowels before their letter. Break
    lines before, never after, this."""
    if _JAVANESE_PRE_BASE[0] in text or _JAVANESE_PRE_BASE[1] in text:
        text = _javanese_order(text)
    if not _RIGHT_TO_LEFT.search(text):
        return text
    return get_display(_arabic_reshaper.reshape(text))


def font_runs(text, font=FONT_FAMILY, *, log_missing=True):
    """Split the text into (font name, text) runs by the font that has each
    character. Characters no font has are left out, so a PDF shows nothing
    rather than an empty box; the log names their code points, not the text."""
    register_fonts()
    if _drawn_by_dejavu_alone(font).issuperset(text):  # most names: Latin only
        return [(font, text)] if text else []
    runs = []
    missing = []
    for char in text:
        name = font_for(char, font)
        if name is None:
            missing.append(f"U+{ord(char):04X}")
        elif runs and runs[-1][0] == name:
            runs[-1][1].append(char)
        else:
            runs.append((name, [char]))
    if missing and log_missing:
        logger.warning(
            "No font draws %s; left out of the PDF", " ".join(dict.fromkeys(missing))
        )
    return [(name, "".join(chars)) for name, chars in runs]


def text_width(text, size, font=FONT_FAMILY):
    """The width of one line as drawn, fallback fonts included."""
    runs = font_runs(visual_order(text), font, log_missing=False)
    return sum(pdfmetrics.stringWidth(run, name, size) for name, run in runs)


def _break_points(word):
    """Where a word too long for its line may be cut: between characters, never
    before a combining mark or after a Javanese pangkon (a stacked pair)."""
    for index in range(1, len(word)):
        if unicodedata.category(word[index]).startswith("M"):
            continue
        if word[index - 1] in "\ua9c0\u200c\u200d":
            continue
        yield index


def split_lines(text, size, width, font=FONT_FAMILY):
    """Lines in reading order that each fit the width: broken at spaces, and a
    word longer than a line (a name typed without spaces) broken inside."""
    lines = []
    current = ""

    def fits(candidate):
        return text_width(candidate, size, font) <= width

    for word in " ".join(unicodedata.normalize("NFC", str(text)).split()).split(" "):
        candidate = f"{current} {word}" if current else word
        if fits(candidate):
            current = candidate
            continue
        if current:
            lines.append(current)
        while not fits(word):
            cut = None
            for index in _break_points(word):
                if not fits(word[:index]):
                    break
                cut = index
            if cut is None:  # not even one letter fits: it goes alone
                cut = next(_break_points(word), len(word))
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current or not lines:
        lines.append(current)
    return lines


def markup(text, font=FONT_FAMILY):
    """One line of user text as Paragraph markup, each run in a font that has
    its letters, Arabic shaped and right to left; escaped."""
    text = unicodedata.normalize("NFC", str(text or ""))
    parts = []
    for name, run in font_runs(visual_order(text), font):
        if name == font:
            parts.append(xml_escape(run))
        else:
            parts.append(f'<font name="{name}">{xml_escape(run)}</font>')
    return "".join(parts)


def wrapped_markup(text, size, width, font=FONT_FAMILY):
    """Paragraph markup of text broken into lines that fit the width; each line
    is put in visual order on its own, so a right-to-left name reads on."""
    return "<br/>".join(
        markup(line, font) for line in split_lines(text, size, width, font)
    )


def draw_text(canvas, x, y, text, *, font=FONT_FAMILY, size, align="left"):
    """Draw one line on a canvas in as many fonts as it needs; `align` is left,
    centre or right of x. Runs in a fallback font are thickened when the line
    is bold, since the fallback fonts have no bold face. Returns the width."""
    runs = font_runs(visual_order(unicodedata.normalize("NFC", str(text))), font)
    widths = [pdfmetrics.stringWidth(run, name, size) for name, run in runs]
    total = sum(widths)
    if align == "centre":
        x -= total / 2
    elif align == "right":
        x -= total
    bold = "Bold" in font
    for (name, run), run_width in zip(runs, widths, strict=True):
        canvas.setFont(name, size)
        if bold and name != font:
            canvas.saveState()
            canvas.setLineWidth(size / 30)
            canvas.setStrokeColor(canvas._fillColorObj)
            canvas.drawString(x, y, run, mode=2)
            canvas.restoreState()
            canvas.setFont(name, size)
        else:
            canvas.drawString(x, y, run)
        x += run_width
    return total


@functools.cache
def styles():
    family = register_fonts()
    body = ParagraphStyle(
        "body",
        fontName=family,
        fontSize=BODY_SIZE,
        leading=BODY_SIZE * LINE_SPACING,
        textColor=INK,
        alignment=TA_LEFT,
        spaceAfter=BODY_SIZE * 0.5,
    )
    return {
        "body": body,
        "strong": ParagraphStyle("strong", parent=body, fontName=f"{family}-Bold"),
        "small": ParagraphStyle(
            "small", parent=body, fontSize=SMALL_SIZE, leading=SMALL_SIZE * 1.3
        ),
        "title": ParagraphStyle(
            "title",
            parent=body,
            fontName=f"{family}-Bold",
            fontSize=TITLE_SIZE,
            leading=TITLE_SIZE * 1.2,
            spaceAfter=TITLE_SIZE * 0.4,
        ),
        "heading": ParagraphStyle(
            "heading",
            parent=body,
            fontName=f"{family}-Bold",
            fontSize=HEADING_SIZE,
            leading=HEADING_SIZE * 1.25,
            spaceBefore=HEADING_SIZE * 0.6,
            spaceAfter=HEADING_SIZE * 0.3,
            keepWithNext=True,
        ),
        "step_number": ParagraphStyle(
            "step_number",
            parent=body,
            fontName=f"{family}-Bold",
            fontSize=HEADING_SIZE,
            leading=HEADING_SIZE * 1.2,
        ),
        "bullet": ParagraphStyle(
            "bullet", parent=body, leftIndent=0.9 * cm, firstLineIndent=-0.7 * cm
        ),
    }


def qr_code(url, size=3.5 * cm):
    """A QR code that a phone camera opens as the given address."""
    widget = QrCodeWidget(url, barLevel="M")
    left, bottom, right, top = widget.getBounds()
    width, height = right - left, top - bottom
    drawing = Drawing(size, size, transform=[size / width, 0, 0, size / height, 0, 0])
    drawing.add(widget)
    # Drawings start with Helvetica, which would be named but not embedded.
    drawing.initialFontName = register_fonts()
    return drawing


def picture_flowable(picture, max_width, max_height):
    """The picture scaled to fit the box, or None when the file cannot be read."""
    if picture is None:
        return None
    if picture.is_svg:
        # Imported here: svglib is only needed when a drawing is printed.
        from svglib.svglib import svg2rlg

        # A file object rather than a path, so the SVG cannot pull in other files.
        drawing = svg2rlg(io.BytesIO(picture.data))
        if drawing is None or not drawing.width or not drawing.height:
            return None
        use_embedded_fonts(drawing)
        drawing.initialFontName = register_fonts()
        scale = min(max_width / drawing.width, max_height / drawing.height)
        drawing.scale(scale, scale)
        drawing.width *= scale
        drawing.height *= scale
        return drawing
    try:
        width, height = ImageReader(io.BytesIO(picture.data)).getSize()
    except OSError:
        return None
    scale = min(max_width / width, max_height / height)
    return PlatypusImage(
        io.BytesIO(picture.data), width=width * scale, height=height * scale
    )


def use_embedded_fonts(node):
    """Print text inside drawings in DejaVu too: the PDF standard fonts that
    svglib picks are not embedded, and lack many letters."""
    if isinstance(node, String):
        name = node.fontName or ""
        bold = "Bold" in name
        slanted = "Oblique" in name or "Italic" in name
        suffix = ("Bold" if bold else "") + ("Oblique" if slanted else "")
        node.fontName = f"{FONT_FAMILY}-{suffix}" if suffix else FONT_FAMILY
    for child in getattr(node, "contents", ()):
        use_embedded_fonts(child)


def boxed(content, *, border=RULE, border_width=1, fill=None, padding=10):
    """Flowables in a framed box that spans the text width.

    One row per flowable, so a long box continues on the next page."""
    table = Table([[flowable] for flowable in content], colWidths=[CONTENT_WIDTH])
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), register_fonts()),
        ("BOX", (0, 0), (-1, -1), border_width, border),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, -1), padding / 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding / 2),
        ("TOPPADDING", (0, 0), (-1, 0), padding),
        ("BOTTOMPADDING", (0, -1), (-1, -1), padding),
    ]
    if fill is not None:
        commands.append(("BACKGROUND", (0, 0), (-1, -1), fill))
    table.setStyle(TableStyle(commands))
    return table


class NumberedCanvas(Canvas):
    """Holds pages back until the end so each can say 'page 1 of 3'."""

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._organisation = organisation
        self._pages = []
        logo = organisation.logo if organisation else None
        # Parsed once: the same logo is drawn on every page.
        self._logo = picture_flowable(logo, 3 * cm, HEADER_HEIGHT * 0.9)

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._draw_frame(total)
            super().showPage()
        super().save()

    def _draw_frame(self, total):
        family = register_fonts()
        width, height = self._pagesize
        top = height - MARGIN + HEADER_HEIGHT * 0.2
        text_left = MARGIN
        logo_flowable = self._logo
        if logo_flowable is not None:
            logo_flowable.drawOn(self, MARGIN, top - logo_flowable.height * 0.75)
            text_left = MARGIN + logo_flowable.width + 0.3 * cm
        if self._organisation:
            self.setFillColor(INK)
            draw_text(
                self,
                text_left,
                top,
                self._organisation.name[:90],
                font=f"{family}-Bold",
                size=SMALL_SIZE,
            )
        self.setStrokeColor(RULE)
        self.setLineWidth(0.8)
        self.line(MARGIN, top - 0.35 * cm, width - MARGIN, top - 0.35 * cm)
        self.setFont(family, SMALL_SIZE)
        self.drawRightString(
            width - MARGIN,
            MARGIN - FOOTER_HEIGHT * 0.6,
            _("Page %(page)s of %(total)s")
            % {"page": self._pageNumber, "total": total},
        )


def render_pdf(story, *, title, organisation, subject="", pagesize=PAGE_SIZE):
    """Lay out the flowables on pages (A4 unless told) with the organisation's
    header and numbered footer, and return the PDF file's bytes."""
    register_fonts()
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_HEIGHT * 0.4,
        bottomMargin=MARGIN,
        title=unicodedata.normalize("NFC", title),
        author=organisation.name if organisation else "",
        subject=subject,
        creator=organisation.name if organisation else "",
        # Otherwise every page names Helvetica, which is not embedded.
        initialFontName=FONT_FAMILY,
    )
    frame = Frame(
        document.leftMargin,
        document.bottomMargin,
        document.width,
        document.height,
        id="content",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    document.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    document.build(
        story,
        canvasmaker=functools.partial(NumberedCanvas, organisation=organisation),
    )
    return buffer.getvalue()
