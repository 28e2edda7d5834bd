"""The certificate register in the admin: find, filter, export, revoke, correct."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from certificates import services
from certificates.models import Certificate
from tests.factories import (
    DesaFactory,
    RegistrationFactory,
    WorkshopFactory,
    WorkshopSessionFactory,
)
from workshops import services as workshop_services

pytestmark = pytest.mark.django_db

REGISTER = "/admin/certificates/"


def certify(names, *, title, desa_name):
    """Certificates for `names`, who attended the one session of a workshop."""
    desa = DesaFactory(name=desa_name)
    workshop = WorkshopFactory(title=title, venue__desa=desa)
    session = WorkshopSessionFactory(workshop=workshop)
    for name in names:
        registration = RegistrationFactory(
            workshop=workshop, participant__full_name=name, participant__desa=desa
        )
        workshop_services.attendance_mark(
            registration=registration,
            session=session,
            status="present",
            marked_by=None,
        )
    return {
        c.name_as_printed: c
        for c in services.certificates_issue_for_workshop(
            workshop=workshop, issued_by=None
        )
    }


@pytest.fixture
def register(db):
    """Siti (valid), Yohanes (revoked) and Ling (corrected: her first
    certificate replaced by a second), in two workshops and desa."""
    certificates = certify(
        ["Siti Aminah", "Yohanes Atan"],
        title="Aman Bermedia Sosial",
        desa_name="Kuala Dua",
    )
    certificates |= certify(
        ["Lie Mei Lng"], title="Mulai WhatsApp", desa_name="Arang Limbung"
    )
    services.certificate_revoke(
        certificate=certificates["Yohanes Atan"], revoked_by=None, reason="Tidak hadir"
    )
    corrected = services.certificate_correct_name(
        certificate=certificates["Lie Mei Lng"],
        name="Lie Mei Ling",
        corrected_by=None,
        reason="Salah ketik",
    )
    certificates["Lie Mei Ling"] = corrected
    return certificates


def listed(client, **params):
    response = client.get(REGISTER, params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "query, found, not_found",
    [
        ("siti", "Siti Aminah", "Yohanes Atan"),
        ("Mulai WhatsApp", "Lie Mei Ling", "Siti Aminah"),
        ("arang limbung", "Lie Mei Ling", "Yohanes Atan"),
        ("kuala dua", "Yohanes Atan", "Lie Mei Ling"),
    ],
)
def test_the_register_finds_certificates_by_name_workshop_and_desa(
    register, login_as, query, found, not_found
):
    html = listed(login_as("Administrator"), q=query)

    assert found in html
    assert not_found not in html


def test_the_register_finds_a_certificate_by_number_and_by_code_however_typed(
    register, login_as
):
    client = login_as("Administrator")
    siti = register["Siti Aminah"]
    loose_code = siti.display_code.lower().replace("-", " ")

    by_number = listed(client, q=siti.number)
    by_code = listed(client, q=loose_code)

    for html in (by_number, by_code):
        assert "Siti Aminah" in html
        assert "Yohanes Atan" not in html


@pytest.mark.parametrize(
    "status, found, not_found",
    [
        ("valid", ["Siti Aminah", "Lie Mei Ling"], ["Yohanes Atan", "Lie Mei Lng"]),
        ("revoked", ["Yohanes Atan"], ["Siti Aminah", "Lie Mei Lng"]),
        ("replaced", ["Lie Mei Lng"], ["Siti Aminah", "Yohanes Atan"]),
    ],
)
def test_the_register_filters_by_status(register, login_as, status, found, not_found):
    html = listed(login_as("Administrator"), status=status)

    for name in found:
        assert name in html
    for name in not_found:
        assert f">{name}<" not in html and f"{name}</" not in html


def test_the_register_page_takes_the_same_queries_for_3_or_30_certificates(
    register, login_as
):
    client = login_as("Administrator")
    client.get(REGISTER)  # warm caches (content types, site settings)
    with CaptureQueriesContext(connection) as few:
        client.get(REGISTER)
    certify(
        [f"Peserta {n}" for n in range(27)], title="Banyak", desa_name="Sui Ambawang"
    )
    with CaptureQueriesContext(connection) as many:
        response = client.get(REGISTER)

    assert "Peserta 26" in response.content.decode()
    assert len(many) == len(few)


def test_the_register_exports_the_listed_certificates_as_xlsx_and_csv(
    register, login_as
):
    client = login_as("Administrator")

    xlsx = client.get(REGISTER, {"export": "xlsx", "status": "valid"})
    workbook = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    csv_response = client.get(REGISTER, {"export": "csv", "status": "valid"})
    csv_rows = list(
        csv.reader(io.StringIO(b"".join(csv_response.streaming_content).decode()))
    )

    header, *body = rows
    assert "Nomor" in header or "Number" in header
    valid = Certificate.objects.filter(revoked_at__isnull=True)
    assert sorted(row[0] for row in body) == sorted(c.number for c in valid)
    siti = register["Siti Aminah"]
    (siti_row,) = [row for row in body if row[0] == siti.number]
    assert siti_row[1] == "Siti Aminah"
    assert siti_row[2] == siti.display_code
    assert siti_row[3] == "Aman Bermedia Sosial"
    assert sorted(row[0] for row in csv_rows[1:]) == sorted(row[0] for row in body)


def test_typed_text_in_the_register_export_is_never_run_as_a_formula(
    register, login_as
):
    """A revocation reason typed as a formula stays text in CSV and XLSX."""
    services.certificate_revoke(
        certificate=register["Siti Aminah"],
        revoked_by=None,
        reason="+SUM(1;2) @dinas -salah",
    )
    client = login_as("Administrator")

    csv_response = client.get(REGISTER, {"export": "csv", "status": "revoked"})
    csv_text = b"".join(csv_response.streaming_content).decode()
    xlsx = client.get(REGISTER, {"export": "xlsx", "status": "revoked"})
    workbook = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    cells = [cell for row in workbook.active.iter_rows() for cell in row]

    assert "'+SUM(1;2) @dinas -salah" in csv_text
    (reason,) = [c for c in cells if c.value == "+SUM(1;2) @dinas -salah"]
    assert reason.data_type == "s"


def test_revoking_from_the_register_goes_through_the_service_and_is_logged(
    register, login_as
):
    client = login_as("Administrator")
    siti = register["Siti Aminah"]

    response = client.post(
        f"{REGISTER}revoke/{siti.pk}/", {"reason": "Diterbitkan keliru"}
    )

    siti.refresh_from_db()
    assert response.status_code == 302
    assert siti.revoked_at is not None
    assert siti.revoked_by == client.user
    entry = ModelLogEntry.objects.get(
        action="certificates.revoked", object_id=str(siti.pk)
    )
    assert entry.user == client.user
    assert entry.data["reason"] == "Diterbitkan keliru"


def test_a_revocation_without_a_reason_is_refused_with_a_message(register, login_as):
    client = login_as("Administrator")
    siti = register["Siti Aminah"]

    response = client.post(f"{REGISTER}revoke/{siti.pk}/", {"reason": "  "})

    siti.refresh_from_db()
    assert response.status_code == 200
    assert siti.revoked_at is None


def test_correcting_a_name_from_the_register_replaces_the_certificate(
    register, login_as
):
    client = login_as("Administrator")
    siti = register["Siti Aminah"]

    client.post(
        f"{REGISTER}correct-name/{siti.pk}/",
        {"name": "Siti Aminah binti Umar", "reason": "Nama lengkap"},
    )

    new = Certificate.objects.get(replaces=siti)
    assert new.name_as_printed == "Siti Aminah binti Umar"
    assert new.issued_by == client.user
    assert ModelLogEntry.objects.filter(
        action="certificates.issued", object_id=str(new.pk), user=client.user
    ).exists()
    details = client.get(f"{REGISTER}inspect/{siti.pk}/").content.decode()
    assert new.number in details


def test_a_revoked_certificate_offers_to_issue_again_only_to_one_without(
    register, login_as
):
    client = login_as("Administrator")
    yohanes = register["Yohanes Atan"]
    replaced = register["Lie Mei Ling"].replaces

    revoked_page = client.get(f"{REGISTER}inspect/{yohanes.pk}/").content.decode()
    replaced_page = client.get(f"{REGISTER}inspect/{replaced.pk}/").content.decode()

    reissue = reverse(
        "facilitator_certificates:reissue",
        args=[yohanes.workshop_id, yohanes.participant_id],
    )
    assert reissue in revoked_page and "Terbitkan lagi" in revoked_page
    assert "Terbitkan lagi" not in replaced_page


def test_the_register_links_to_the_verification_page_and_the_pdf(register, login_as):
    siti = register["Siti Aminah"]

    html = listed(login_as("Administrator"), q="Siti")

    assert f"/verifikasi/{siti.display_code}/" in html
    assert f"/verifikasi/{siti.display_code}/sertifikat.pdf" in html


def test_the_register_offers_no_add_edit_or_delete(register, login_as):
    client = login_as("Administrator")
    siti = register["Siti Aminah"]

    assert client.get(f"{REGISTER}new/").status_code == 404
    assert client.get(f"{REGISTER}edit/{siti.pk}/").status_code == 404
    assert client.get(f"{REGISTER}delete/{siti.pk}/").status_code == 404


@pytest.mark.parametrize(
    "role", ["Editor", "Moderator", "Fasilitator", "Operator desa"]
)
def test_only_administrators_open_the_register(register, login_as, role):
    client = login_as(role)
    siti = register["Siti Aminah"]

    index = client.get(REGISTER)
    revoke = client.post(f"{REGISTER}revoke/{siti.pk}/", {"reason": "x"})

    assert index.status_code == 302
    assert revoke.status_code == 302
    siti.refresh_from_db()
    assert siti.revoked_at is None
