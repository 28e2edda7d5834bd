import io
import unicodedata

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.factories import RegistrationFactory, WorkshopSessionFactory
from workshops.sheets import BLANK_ROWS

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
