"""The PDF toolkit's fallback fonts: read only when a text needs them."""

import subprocess
import sys

from django.conf import settings

from literacy_site import pdf

REGISTERED_AFTER = """
import django, json
django.setup()
from reportlab.pdfbase import pdfmetrics
from literacy_site import pdf
from tests.certificates.test_render import certificate, wording
from certificates.render import render_certificates
from workshops.sheets import AttendanceSheet, SheetRow, render_attendance_sheet

loaded = []
for name in {names!r}:
    render_certificates(wording(), [certificate(name=name)])
    row = SheetRow(name, gender="P", birth_year=1955, desa="Desa", consented=True)
    sheet = AttendanceSheet("Lokakarya", "Balai desa", [], [row])
    render_attendance_sheet(sheet, organisation=None)
    loaded.append(sorted(
        fallback.name for fallback in pdf.FALLBACK_FONTS
        if fallback.name in pdfmetrics.getRegisteredFontNames()
    ))
print(json.dumps(loaded))
"""


def fonts_registered_after(*names):
    """Which fallback fonts a fresh process holds after each name is printed."""
    result = subprocess.run(
        [sys.executable, "-c", REGISTERED_AFTER.format(names=names)],
        cwd=settings.BASE_DIR,
        env={"DJANGO_SETTINGS_MODULE": "literacy_site.settings.test", "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_fallback_fonts_are_read_only_when_a_name_needs_them():
    loaded = fonts_registered_after("Siti Aminah", "陈美玲", "ꦱꦶꦠꦶ ꦄꦩꦶꦤꦃ")

    assert loaded == (
        '[[], ["DroidSansFallbackCJK"], ["DroidSansFallbackCJK", "NotoSansJavanese"]]'
    )


def test_markup_escapes_and_names_the_font_of_each_run():
    assert pdf.markup("<b>陈</b> & Siti") == (
        '&lt;b&gt;<font name="DroidSansFallbackCJK">陈</font>&lt;/b&gt; &amp; Siti'
    )


def test_a_javanese_vowel_written_before_its_letter_is_drawn_before_it():
    # Bejo: ba with taling and ja with taling-tarung; the taling comes first.
    assert pdf.visual_order("ꦧꦺꦗꦺꦴ") == "ꦺꦧꦺꦗꦴ"
    assert pdf.visual_order("ꦏꦿꦺ") == "ꦺꦏꦿ"  # before the letter and its cakra


def test_lines_are_broken_in_reading_order_then_each_turned_right_to_left():
    name = "سيتي أمينة بنت علي"
    width = pdf.text_width("سيتي أمينة", 20) + 1

    lines = pdf.split_lines(name, 20, width)

    assert lines == ["سيتي أمينة", "بنت علي"]
    assert all(pdf.text_width(line, 20) <= width for line in lines)
