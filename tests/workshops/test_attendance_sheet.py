import io
import unicodedata

import pytest
from django.urls import reverse
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm

from literacy_site import pdf
from tests.factories import RegistrationFactory, WorkshopSessionFactory
from tests.pdf_glyphs import NAMES, NO_SPACES, assert_drawn_in, assert_inside, glyphs
from workshops.sheets import BLANK_ROWS, FIXED_COLUMNS

pytestmark = pytest.mark.django_db

LONG_NAME = (
    "Raden Roro Siti Khadijah Nurul Hidayah Kusumawardhani binti Haji Muhammad "
    "Abdurrahman Syarifuddin Al-Qadri Pontianak"
)[:120]


def text_runs(reader):
    """Every piece of text on every page with where it starts (x, y)."""
    runs = []
    for page in reader.pages:
        width = float(page.mediabox.width)

        def visit(text, cm, tm, font, size, page_width=width):
            if text.strip():
                runs.append((text, tm[4] * cm[0] + cm[4], page_width, size))

        page.extract_text(visitor_text=visit)
    return runs


@pytest.fixture
def sheet(workshop_world, client_for):
    workshop = workshop_world["workshop"]
    workshop.capacity = 10
    workshop.save()
    WorkshopSessionFactory(workshop=workshop)
    for name in ["Ñoman Sëtiawan", "Ahmad <b>Yani</b>", LONG_NAME]:
        RegistrationFactory(workshop=workshop, participant__full_name=name)
    client = client_for(workshop_world["users"]["own_village_staff"])
    response = client.get(reverse("facilitator:attendance_sheet", args=[workshop.pk]))
    assert response["Content-Type"] == "application/pdf"
    return workshop_world, PdfReader(io.BytesIO(response.content))


def test_the_sheet_lists_every_registered_name_and_blank_rows(sheet):
    world, reader = sheet
    text = unicodedata.normalize(
        "NFC", " ".join(page.extract_text() for page in reader.pages)
    )
    flat = " ".join(text.split())

    assert world["registration"].participant.full_name in flat
    assert "Ñoman Sëtiawan" in flat
    assert "Ahmad <b>Yani</b>" in flat
    assert "Daftar hadir" in flat
    assert world["workshop"].title in flat
    registered = world["workshop"].registrations.filter(status="registered").count()
    assert str(registered + BLANK_ROWS) in flat.split()


def test_a_120_character_name_fits_inside_its_cell(sheet):
    _world, reader = sheet
    words = LONG_NAME.split()
    runs = text_runs(reader)
    name_runs = [run for run in runs if any(word in run[0] for word in words[-3:])]

    assert name_runs
    for text, x, page_width, _size in runs:
        assert 0 < x < page_width - 1, text
    # The name's column starts after the number column and ends before desa.
    assert all(x < 8 * 28.35 for _text, x, _width, _size in name_runs)
    flat = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for word in words:
        assert word in flat


def test_fonts_are_embedded(sheet):
    _world, reader = sheet
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert fonts
    for font in fonts.values():
        font = font.get_object()
        if "/DescendantFonts" in font:
            font = font["/DescendantFonts"][0].get_object()
        assert "/FontFile2" in font["/FontDescriptor"], font["/BaseFont"]


@pytest.fixture
def sheet_of(workshop_world, client_for):
    """The sheet's PDF bytes for a workshop with the given names registered."""
    workshop = workshop_world["workshop"]
    workshop.capacity = 10
    workshop.save()
    client = client_for(workshop_world["users"]["own_village_staff"])

    def render(*names):
        for name in names:
            RegistrationFactory(workshop=workshop, participant__full_name=name)
        url = reverse("facilitator:attendance_sheet", args=[workshop.pk])
        response = client.get(url)
        assert response["Content-Type"] == "application/pdf"
        return response.content

    return render


def name_column():
    """Left and right of the name column: after the number column, before desa."""
    left = pdf.MARGIN + FIXED_COLUMNS[0] * cm
    return left, left + FIXED_COLUMNS[1] * cm


@pytest.mark.parametrize("script", ["javanese", "chinese", "arabic"])
def test_names_in_other_scripts_are_drawn_in_the_name_column(sheet_of, script):
    data = sheet_of(NAMES[script])

    name_glyphs = assert_drawn_in(glyphs(data), script)
    left, right = name_column()
    assert_inside(name_glyphs, left, 0, right, A4[1])


def test_an_arabic_name_on_the_sheet_reads_right_to_left(sheet_of):
    data = sheet_of(NAMES["arabic"])

    name_glyphs = [g for g in glyphs(data) if g.font.startswith("NotoSansArabic")]
    by_position = sorted(name_glyphs, key=lambda glyph: -glyph.left)
    read = "".join(unicodedata.normalize("NFKC", g.char) for g in by_position)
    assert read == NAMES["arabic"].replace(" ", "")


def test_a_name_without_spaces_breaks_inside_its_cell(sheet_of):
    data = sheet_of(NO_SPACES)

    drawn = glyphs(data)
    assert NO_SPACES in "".join(glyph.char for glyph in drawn)
    start = "".join(glyph.char for glyph in drawn).index(NO_SPACES)
    name_glyphs = drawn[start : start + len(NO_SPACES)]
    left, right = name_column()
    assert_inside(name_glyphs, left, 0, right, A4[1])
    assert len({round(glyph.bottom) for glyph in name_glyphs}) >= 3


def test_an_emoji_in_a_name_does_not_stop_the_sheet(sheet_of, caplog):
    data = sheet_of("Budi 🧓 Santoso")

    text = "".join(glyph.char for glyph in glyphs(data))
    assert "BudiSantoso" in text
    assert "\U0001f9d3" not in text
    assert "U+1F9D3" in caplog.text
