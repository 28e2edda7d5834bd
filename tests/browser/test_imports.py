"""A facilitator at the office PC: a list typed in Excel, checked and imported."""

import csv
import io

import pytest
from playwright.sync_api import expect

from literacy_site.roles import FACILITATOR
from tests.browser.conftest import assert_no_axe_violations
from tests.factories import UserFactory, WorkshopFactory
from workshops.models import Participant


@pytest.fixture
def workshop(demo_site):
    facilitator = UserFactory(username="pak.budi", roles=[FACILITATOR])
    workshop = WorkshopFactory(title="Aman Bermedia Sosial", capacity=40)
    workshop.facilitators.add(facilitator)
    return workshop


def sign_in(page):
    page.goto("/fasilitator/")
    page.get_by_label("Nama pengguna").fill("pak.budi")
    page.get_by_label("Kata sandi").fill("kata-sandi-uji")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lokakarya saya")


def semicolon_list(desa, people):
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";")
    writer.writerow(["Nama", "Tahun lahir", "Jenis kelamin", "Desa", "Setuju"])
    writer.writerows(people)
    return ("\ufeff" + output.getvalue()).encode()


def test_a_list_with_mistakes_is_listed_then_a_long_list_imports_with_its_page(
    page, workshop, settings
):
    settings.IMPORT_TASK_ROWS = 5
    desa = workshop.desa.name
    sign_in(page)
    page.goto(f"/fasilitator/lokakarya/{workshop.pk}/impor/")
    expect(
        page.get_by_role("link", name="Contoh daftar untuk Excel (.xlsx)")
    ).to_be_visible()

    page.get_by_label("Berkas CSV atau Excel (.xlsx)").set_input_files(
        files=[
            {
                "name": "peserta.csv",
                "mimeType": "text/csv",
                "buffer": semicolon_list(
                    desa,
                    [
                        ["Ahmad Yani", "1955", "L", desa, "ya"],
                        ["", "1890", "P", desa, "ya"],
                    ],
                ),
            }
        ]
    )
    page.get_by_role("button", name="Periksa dan impor").click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Tidak ada yang diimpor")
    expect(alert).to_contain_text(
        "Baris 3: Nama kosong; Tahun lahir: Tulis tahun lahir"
    )
    assert_no_axe_violations(page)

    people = [[f"Peserta Nomor {n}", "1950", "P", desa, "ya"] for n in range(12)]
    page.get_by_label("Berkas CSV atau Excel (.xlsx)").set_input_files(
        files=[
            {
                "name": "peserta-panjang.csv",
                "mimeType": "text/csv",
                "buffer": semicolon_list(desa, people),
            }
        ]
    )
    page.get_by_role("button", name="Periksa dan impor").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Mengimpor peserta")
    expect(page.get_by_role("status")).to_contain_text("12 terdaftar")
    assert_no_axe_violations(page)
    assert (
        Participant.objects.filter(full_name__startswith="Peserta Nomor").count() == 12
    )
