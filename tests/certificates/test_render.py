"""The certificate PDF, read back the way a person or a phone would read it."""

import io
import unicodedata

import pypdfium2
import pytest
import zxingcpp
from django.utils import translation
from pypdf import PdfReader

from certificates.render import (
    PAGE,
    CertificateText,
    Signatory,
    WorkshopWording,
    render_certificates,
)
from literacy_site.pdf import Organisation
from tests.pdf_glyphs import NAMES, NO_SPACES, assert_drawn_in, assert_inside, glyphs

LONG_NAME = (
    "Raden Roro Siti Khadijah Nurul Hidayah Kusumawardhani binti Haji Muhammad "
    "Abdurrahman Syarifuddin Al-Qadri Wiryodiningrat Purbonegoro Mangkubumi Jaya"
)[:120]
URL = "https://literasi.example.go.id/verifikasi/K7QF-3MXD-9R/"


@pytest.fixture(autouse=True)
def indonesian():
    with translation.override("id"):
        yield


def wording():
    return WorkshopWording(
        organisation=Organisation(
            name="Dinas Komunikasi dan Informatika Kabupaten Kubu Raya"
        ),
        workshop_title="Aman Bermedia Sosial untuk Lansia",
        dates="25 November 2026",
        place="Balai Desa Sungai Raya, Sungai Raya",
        signatory=Signatory(
            place="Sungai Raya",
            title="Kepala Dinas Komunikasi dan Informatika",
            name="Nama Pejabat, S.Kom.",
            rank="Pembina (IV/a)",
            nip="197001012000031001",
        ),
    )


def certificate(name="Siti Aminah", code="K7QF-3MXD-9R", url=URL):
    return CertificateText(
        name=name,
        number="001/LD/DISKOMINFO/2026",
        code=code,
        verify_url=url,
        signed_on="25 November 2026",
    )


def page_text(data, page=0):
    reader = PdfReader(io.BytesIO(data))
    text = reader.pages[page].extract_text()
    return unicodedata.normalize("NFC", " ".join(text.split()))


def text_positions(data):
    """(text, x, y, font size) of every piece of text on the first page."""
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            scale = tm[0] * cm[0] or 1
            runs.append(
                (text, tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5], size * scale)
            )

    PdfReader(io.BytesIO(data)).pages[0].extract_text(visitor_text=visit)
    return runs


def test_the_pdf_says_who_what_and_by_whom():
    text = page_text(render_certificates(wording(), [certificate()]))

    assert "SERTIFIKAT" in text
    assert "Nomor: 001/LD/DISKOMINFO/2026" in text
    assert "Diberikan kepada" in text
    assert "Siti Aminah" in text
    assert (
        "atas partisipasinya sebagai Peserta dalam kegiatan Aman Bermedia Sosial "
        "untuk Lansia yang diselenggarakan oleh Dinas Komunikasi dan Informatika "
        "Kabupaten Kubu Raya pada tanggal 25 November 2026 di Balai Desa Sungai "
        "Raya, Sungai Raya."
    ) in text
    assert "Sungai Raya, 25 November 2026" in text
    assert "NIP. 197001012000031001" in text
    assert "K7QF-3MXD-9R" in text


def test_the_qr_code_opens_the_verification_address():
    data = render_certificates(wording(), [certificate()])

    page = pypdfium2.PdfDocument(data)[0]
    image = page.render(scale=3).to_pil()
    results = zxingcpp.read_barcodes(image)

    assert [result.text for result in results] == [URL]


@pytest.mark.parametrize(
    "name", [LONG_NAME, "Ñoman Sëtiawan Ïbrahim Çakra Ğazali Øksendal Åberg"]
)
def test_long_and_accented_names_stay_inside_the_page(name):
    assert len(LONG_NAME) == 120
    data = render_certificates(wording(), [certificate(name=name)])

    text = page_text(data)
    for word in name.split():
        assert word in text
    width, height = PAGE
    name_words = set(name.split())
    runs = [run for run in text_positions(data) if set(run[0].split()) & name_words]
    assert runs
    for text_piece, x, y, size in runs:
        assert 1.5 * 28.35 < x, text_piece
        assert 0 < y < height
        assert size >= 14
    assert len(PdfReader(io.BytesIO(data)).pages) == 1


def test_html_in_a_name_is_printed_as_text():
    text = page_text(
        render_certificates(wording(), [certificate(name="<b>Ani</b> & Co")])
    )

    assert "<b>Ani</b> & Co" in text


def test_the_same_input_gives_the_same_bytes():
    first = render_certificates(wording(), [certificate()])
    second = render_certificates(wording(), [certificate()])

    assert first == second


def test_many_certificates_share_one_background_and_embed_fonts_once():
    certificates = [
        certificate(name=f"Peserta {n}", url=f"{URL}?n={n}") for n in range(30)
    ]

    data = render_certificates(wording(), certificates)

    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 30
    forms = {
        xobject.idnum
        for page in reader.pages
        for xobject in page["/Resources"]["/XObject"].values()
        if xobject.get_object()["/Subtype"] == "/Form"
    }
    assert len(forms) == 1  # the shared background, drawn once
    assert len(data) / 30 < 10 * 1024
    fonts = {
        font.get_object()["/BaseFont"]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts <= {"/AAAAAA+DejaVuSans", "/AAAAAA+DejaVuSans-Bold"}


def inner_border():
    """The inner gold line of the border: left, bottom, right, top."""
    inset = 1.1 * 28.3465
    return inset, inset, PAGE[0] - inset, PAGE[1] - inset


@pytest.mark.parametrize("script", ["javanese", "chinese", "arabic"])
def test_names_in_other_scripts_are_drawn_inside_the_border(script):
    data = render_certificates(wording(), [certificate(name=NAMES[script])])

    drawn = glyphs(data)
    name_glyphs = assert_drawn_in(drawn, script)
    assert_inside(drawn, *inner_border())
    # Centred under "Diberikan kepada", in the large print of a name.
    centre = sum(g.left + g.right for g in name_glyphs) / 2 / len(name_glyphs)
    assert abs(centre - PAGE[0] / 2) < 30
    assert min(g.top - g.bottom for g in name_glyphs if g.char.isalpha()) > 10


def test_an_arabic_name_is_joined_and_reads_right_to_left():
    data = render_certificates(wording(), [certificate(name=NAMES["arabic"])])

    name_glyphs = [g for g in glyphs(data) if g.font.startswith("NotoSansArabic")]
    by_position = sorted(name_glyphs, key=lambda glyph: -glyph.left)
    # Read from the right, the joined forms fold back to the name as typed.
    read = "".join(unicodedata.normalize("NFKC", g.char) for g in by_position)
    assert read == NAMES["arabic"].replace(" ", "")
    # Joined: the page holds initial, medial and final forms, not bare letters.
    arabic = [char for char in page_text(data) if ord(char) > 0x5FF]
    assert len(arabic) == len(name_glyphs)
    assert all(0xFB50 <= ord(char) <= 0xFEFF for char in arabic)


def test_a_name_without_spaces_is_broken_inside_the_border():
    data = render_certificates(wording(), [certificate(name=NO_SPACES)])

    drawn = glyphs(data)
    assert_inside(drawn, *inner_border())
    name_lines = {
        round(g.bottom) for g in drawn if g.char in NO_SPACES and g.top - g.bottom > 9
    }
    text = "".join(g.char for g in drawn)
    assert NO_SPACES in text
    assert len(name_lines) >= 2
    assert len(PdfReader(io.BytesIO(data)).pages) == 1


def test_an_emoji_in_a_name_leaves_no_box_and_is_logged(caplog):
    data = render_certificates(wording(), [certificate(name="Siti 🧓 Aminah 👍🏽")])

    text = "".join(g.char for g in glyphs(data))
    assert "SitiAminah" in text
    assert not {"\U0001f9d3", "\U0001f44d", "\U0001f3fd"} & set(text)
    assert "U+1F9D3 U+1F44D U+1F3FD" in caplog.text
    assert "Siti" not in caplog.text  # the log names no one


def test_a_latin_certificate_reads_no_fallback_font():
    data = render_certificates(wording(), [certificate()])

    fonts = {g.font for g in glyphs(data)}
    assert fonts == {"DejaVuSans", "DejaVuSans-Bold"}


def test_a_javanese_vowel_sign_is_drawn_before_its_letter():
    # Bejo: the taling of "be" and "jo" stands to the left of ba and of ja.
    data = render_certificates(wording(), [certificate(name="ꦧꦺꦗꦺꦴ")])

    drawn = [g for g in glyphs(data) if g.font.startswith("NotoSansJavanese")]
    left_to_right = "".join(g.char for g in sorted(drawn, key=lambda g: g.left))
    assert left_to_right == "ꦺꦧꦺꦗꦴ"


LONG_TITLE = (
    "Kepala Dinas Komunikasi dan Informatika, Statistik dan Persandian Kabupaten "
    "Kubu Raya Provinsi Kalimantan Barat, selaku Penanggung Jawab Program Literasi "
    "Digital bagi Warga Lanjut Usia di Seluruh Desa se-Kabupaten Kubu Raya Tahun"
)[:200]


def signing_wording(title, name, rank="Pembina Utama Muda (IV/c)"):
    return WorkshopWording(
        organisation=wording().organisation,
        workshop_title=wording().workshop_title,
        dates=wording().dates,
        place=wording().place,
        signatory=Signatory(
            place="Sungai Raya",
            title=title,
            name=name,
            rank=rank,
            nip="197001012000031001",
        ),
    )


def drawn_text(drawn, text):
    """The glyphs that draw `text` (spaces aside), in the order drawn."""
    letters = text.replace(" ", "")
    chars = "".join(glyph.char for glyph in drawn)
    start = chars.index(letters)
    return drawn[start : start + len(letters)]


def test_a_200_character_title_and_120_character_names_stay_inside_the_border():
    assert (len(LONG_TITLE), len(LONG_NAME)) == (200, 120)
    data = render_certificates(
        signing_wording(LONG_TITLE, LONG_NAME), [certificate(name=LONG_NAME)]
    )

    drawn = glyphs(data)
    assert_inside(drawn, *inner_border())
    text = page_text(data)
    for word in [*LONG_TITLE.split(), *LONG_NAME.split()]:
        assert word in text
    assert "NIP. 197001012000031001" in text
    assert "Pembina Utama Muda (IV/c)" in text
    # No two lines of the page overlap where they share a column.
    for glyph in drawn:
        for other in drawn:
            if other.bottom >= glyph.top or other.top <= glyph.bottom:
                continue
            if abs(other.bottom - glyph.bottom) < 1:
                continue  # the same line
            assert other.right <= glyph.left or other.left >= glyph.right, (
                glyph,
                other,
            )
    assert len(PdfReader(io.BytesIO(data)).pages) == 1


def test_the_default_title_shrinks_to_one_line_well_inside_the_border():
    title = "Kepala Dinas Komunikasi dan Informatika Kabupaten Kubu Raya"
    data = render_certificates(
        signing_wording(title, "Nama Pejabat, S.Kom."), [certificate()]
    )

    drawn = glyphs(data)
    title_glyphs = drawn_text(drawn, title)
    assert len({round(g.bottom) for g in title_glyphs if g.char.isupper()}) == 1
    left, _bottom, right, _top = inner_border()
    assert max(g.right for g in title_glyphs) <= right - 0.5 * 28.35
    capital = title_glyphs[0]  # the K, about 0.73 of the font size
    assert capital.top - capital.bottom > 0.73 * 8  # no smaller than 8 pt
