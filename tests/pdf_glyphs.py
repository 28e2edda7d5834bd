"""Read back what a PDF page draws: each character, its font and its box."""

import ctypes
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache

import pypdfium2
import pypdfium2.raw as pdfium_c
from django.conf import settings
from reportlab.pdfbase.ttfonts import TTFontFile

FONTS = settings.BASE_DIR / "static" / "fonts"
# The font file that must draw each script, read here apart from the toolkit.
SCRIPT_FONTS = {
    "javanese": ("NotoSansJavanese", FONTS / "noto" / "NotoSansJavanese-Regular.ttf"),
    "chinese": ("DroidSansFallback", FONTS / "droid" / "DroidSansFallbackCJK.ttf"),
    "arabic": ("NotoSansArabic", FONTS / "noto" / "NotoSansArabic-Regular.ttf"),
}
NAMES = {
    "javanese": "ꦱꦶꦠꦶ ꦄꦩꦶꦤꦃ",
    "chinese": "陈美玲",
    "arabic": "سيتي أمينة",
}
NO_SPACES = ("Sitiaminahbintimuhammadabdurrahman" * 4)[:120]


@dataclass(frozen=True)
class Glyph:
    char: str
    font: str  # the name inside the font file, without the subset prefix
    left: float
    bottom: float
    right: float
    top: float


def glyphs(data, page_number=0):
    """Every character drawn on the page, in the order it is drawn."""
    page = pypdfium2.PdfDocument(data)[page_number]
    text_page = page.get_textpage()
    found = []
    for index in range(text_page.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(text_page.raw, index)
        char = chr(code)
        if char.isspace() or unicodedata.category(char) == "Cc":
            continue
        length = pdfium_c.FPDFText_GetFontInfo(text_page.raw, index, None, 0, None)
        buffer = ctypes.create_string_buffer(length)
        pdfium_c.FPDFText_GetFontInfo(text_page.raw, index, buffer, length, None)
        font = buffer.value.decode().rpartition("+")[2]
        found.append(Glyph(char, font, *text_page.get_charbox(index)))
    return found


@cache
def characters_in(font_file):
    return set(TTFontFile(str(font_file)).charToGlyph)


def assert_drawn_in(drawn, script):
    """The name's letters are all on the page, each in the script's font, which
    has a glyph for it (not the empty box of a font without it)."""
    font_name, font_file = SCRIPT_FONTS[script]
    name = NAMES[script]
    in_font = [glyph for glyph in drawn if glyph.font.startswith(font_name)]
    assert in_font, f"nothing drawn in {font_name}"
    for glyph in in_font:
        assert ord(glyph.char) in characters_in(font_file), hex(ord(glyph.char))
    # Arabic is drawn in its joined forms; folded back they are the letters.
    letters = Counter(unicodedata.normalize("NFKC", glyph.char) for glyph in in_font)
    assert letters == Counter(name.replace(" ", ""))
    return in_font


def assert_inside(drawn, left, bottom, right, top):
    for glyph in drawn:
        assert left <= glyph.left and glyph.right <= right, glyph
        assert bottom <= glyph.bottom and glyph.top <= top, glyph
