"""Administrators' side of the data-subject rights, deletes that refuse instead of
failing, and the participant list export."""

import csv
import io
import json

import pytest
from pypdf import PdfReader
from wagtail.models import ModelLogEntry

from tests.factories import (
    ParticipantFactory,
    RegistrationFactory,
    VenueFactory,
    WorkshopFactory,
    WorkshopSessionFactory,
)
from workshops import services
from workshops.models import Participant, Venue, Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(login_as):
    return login_as("Administrator")


@pytest.fixture
def registered():
    registration = RegistrationFactory(
        participant__full_name="Siti Aminah",
        participant__consent_version="1",
        workshop__title="Aman Bermedia Sosial",
    )
    services.attendance_mark(
        registration=registration,
        session=WorkshopSessionFactory(workshop=registration.workshop),
        status="present",
        marked_by=None,
    )
    return registration


def test_deleting_a_participant_with_registrations_is_refused_with_erasure_offered(
    admin_client, registered
):
    url = f"/admin/participants/delete/{registered.participant.pk}/"

    page = admin_client.get(url)
    answer = admin_client.post(url, follow=True)

    assert page.status_code == 200
    assert "tidak dapat dihapus" in page.content.decode()
    assert f"/admin/participants/erase/{registered.participant.pk}/" in (
        page.content.decode()
    )
    assert answer.status_code == 200
    assert "tidak dapat dihapus" in answer.content.decode()
    assert Participant.objects.filter(pk=registered.participant.pk).exists()


def test_a_participant_without_registrations_can_still_be_deleted(admin_client):
    participant = ParticipantFactory(full_name="Siti Aminah")
    services.participant_export(participant=participant, by=None, file_format="json")

    page = admin_client.get(f"/admin/participants/delete/{participant.pk}/")
    admin_client.post(f"/admin/participants/delete/{participant.pk}/")

    assert page.status_code == 200
    assert "tidak dapat dihapus" not in page.content.decode()
    assert not Participant.objects.filter(pk=participant.pk).exists()
    # The log keeps that someone was deleted, not who.
    entries = ModelLogEntry.objects.filter(object_id=str(participant.pk))
    assert set(entries.values_list("action", flat=True)) >= {"wagtail.delete"}
    log_text = json.dumps(list(entries.values("label", "data")), ensure_ascii=False)
    assert "Siti" not in log_text and "Aminah" not in log_text


def test_a_workshop_with_registrations_is_cancelled_not_deleted(
    admin_client, registered
):
    workshop = registered.workshop
    delete_url = f"/admin/workshops/delete/{workshop.pk}/"

    refused = admin_client.post(delete_url, follow=True).content.decode()
    assert "tidak dapat dihapus" in refused
    assert f"/admin/workshops/cancel/{workshop.pk}/" in refused

    admin_client.post(f"/admin/workshops/cancel/{workshop.pk}/")

    workshop.refresh_from_db()
    assert workshop.status == Workshop.Status.CANCELLED
    assert workshop.registrations.count() == 1
    assert ModelLogEntry.objects.filter(
        action="workshops.workshop.cancelled", object_id=str(workshop.pk)
    ).exists()


def test_a_venue_in_use_names_its_workshops_and_stays(admin_client):
    venue = VenueFactory(name="Balai Desa Kapur")
    WorkshopFactory(venue=venue, title="Kenali Penipuan Daring")

    page = admin_client.get(f"/admin/venues/delete/{venue.pk}/").content.decode()
    answer = admin_client.post(f"/admin/venues/delete/{venue.pk}/", follow=True)

    assert "Kenali Penipuan Daring" in page
    assert answer.status_code == 200
    assert "tidak dapat dihapus" in answer.content.decode()
    assert Venue.objects.filter(pk=venue.pk).exists()


def test_the_participant_list_export_has_the_listed_rows(admin_client):
    ParticipantFactory(full_name="Siti Aminah", birth_year=1955)
    ParticipantFactory(full_name="Budi Santoso", birth_year=1960)

    response = admin_client.get("/admin/participants/", {"export": "csv"})

    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:2] == ["Nama lengkap", "Tahun lahir"]
    assert sorted(row[:2] for row in rows[1:]) == [
        ["Budi Santoso", "1960"],
        ["Siti Aminah", "1955"],
    ]


def test_an_administrator_exports_one_persons_data_as_json_and_pdf(
    admin_client, registered
):
    pk = registered.participant.pk

    data = json.loads(
        admin_client.get(f"/admin/participants/export/{pk}/json/").content
    )
    pdf = admin_client.get(f"/admin/participants/export/{pk}/pdf/")

    assert data["participant"]["full_name"] == "Siti Aminah"
    assert data["consent"]["version"] == "1"
    assert data["consent"]["text"]
    assert data["registrations"][0]["workshop"] == "Aman Bermedia Sosial"
    assert len(data["registrations"][0]["attendance"]) == 1
    assert any(entry["what"] for entry in data["log"])
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages
    )
    assert "Siti Aminah" in text and "Aman Bermedia Sosial" in text
    exports = ModelLogEntry.objects.filter(
        action="workshops.participant.exported", object_id=str(pk)
    )
    assert exports.count() == 2
    assert exports.first().user == admin_client.user


def test_an_administrator_corrects_a_participant_through_the_service(
    admin_client, registered
):
    participant = registered.participant

    admin_client.post(
        f"/admin/participants/edit/{participant.pk}/",
        {
            "full_name": "  Siti   Aminah Putri ",
            "birth_year": 1957,
            "gender": "P",
            "desa": participant.desa.pk,
            "phone": "",
            "needs": "",
        },
    )

    participant.refresh_from_db()
    assert participant.full_name == "Siti Aminah Putri"
    assert participant.birth_year == 1957
    entry = ModelLogEntry.objects.get(action="workshops.participant.corrected")
    assert entry.user == admin_client.user
    assert "full_name" in entry.data["fields"]


def test_an_administrator_erases_one_person_on_request(admin_client, registered):
    pk = registered.participant.pk

    form = admin_client.get(f"/admin/participants/erase/{pk}/").content.decode()
    admin_client.post(
        f"/admin/participants/erase/{pk}/", {"reason": "Diminta lewat telepon"}
    )

    assert "Siti Aminah" in form
    participant = Participant.objects.get(pk=pk)
    assert participant.anonymised_at is not None
    assert "Siti" not in participant.full_name
    entry = ModelLogEntry.objects.get(
        action="workshops.participant.anonymised", object_id=str(pk)
    )
    assert entry.user == admin_client.user
    assert entry.data == {"reason": "Diminta lewat telepon"}


def test_facilitators_cannot_export_or_erase(login_as, registered):
    client = login_as("Fasilitator")
    pk = registered.participant.pk

    export = client.get(f"/admin/participants/export/{pk}/json/")
    erase = client.post(f"/admin/participants/erase/{pk}/", {"reason": "x"})

    assert export.status_code == 302 and "/admin/login/" in export["Location"]
    assert erase.status_code == 302 and "/admin/login/" in erase["Location"]
    assert Participant.objects.get(pk=pk).anonymised_at is None


def test_a_new_participant_records_the_consent_text_version_shown():
    from workshops import consent
    from workshops.forms import ParticipantForm

    participant, _created = services.participant_create(
        full_name="Siti Aminah",
        birth_year=1958,
        gender="P",
        desa=ParticipantFactory().desa,
    )

    assert participant.consent_version == consent.CURRENT_VERSION
    assert ParticipantForm().fields["consent"].label == consent.text_of(
        participant.consent_version
    )


def test_adding_a_participant_in_the_admin_asks_for_consent(admin_client):
    desa = ParticipantFactory().desa
    data = {
        "full_name": "Siti Aminah",
        "birth_year": 1958,
        "gender": "P",
        "desa": desa.pk,
        "phone": "",
        "needs": "",
    }

    refused = admin_client.post("/admin/participants/new/", data)
    admin_client.post("/admin/participants/new/", {**data, "consent": "on"})

    assert refused.status_code == 200
    assert "Tanyakan dulu kepada peserta" in refused.content.decode()
    person = Participant.objects.get(full_name="Siti Aminah")
    assert person.consent_version == "1" and person.consent_given_at is not None


def test_the_workshop_list_export_has_the_listed_rows(admin_client):
    WorkshopFactory(title="Kenali Penipuan Daring", capacity=25, status="open")

    response = admin_client.get("/admin/workshops/", {"export": "csv"})

    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][0] == "Judul"
    assert [row[0] for row in rows[1:]] == ["Kenali Penipuan Daring"]
    assert rows[1][-1] == "25"
