"""A participant's page in the admin, and merging duplicates from it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry

from certificates import services as certificate_services
from tests.factories import (
    ParticipantFactory,
    RegistrationFactory,
    WorkshopFactory,
    WorkshopSessionFactory,
)
from workshops import services
from workshops.models import Participant, Registration

pytestmark = pytest.mark.django_db


def page_of(participant):
    return f"/admin/participants/inspect/{participant.pk}/"


def merge_page(participant):
    return f"/admin/participants-merge/{participant.pk}/"


@pytest.fixture
def history(db):
    """Rusmini attended one of two sessions of a workshop and holds its
    certificate; she is on the waiting list of another."""
    rusmini = ParticipantFactory(full_name="Rusmini", birth_year=1960)
    done = WorkshopFactory(title="Aman Bermedia Sosial")
    first = WorkshopSessionFactory(workshop=done, date=datetime.date(2026, 3, 2))
    WorkshopSessionFactory(workshop=done, date=datetime.date(2026, 3, 9))
    registration = RegistrationFactory(workshop=done, participant=rusmini)
    services.attendance_mark(
        registration=registration, session=first, status="present", marked_by=None
    )
    (certificate,) = certificate_services.certificates_issue_for_workshop(
        workshop=done, issued_by=None
    )
    RegistrationFactory(
        workshop=WorkshopFactory(title="Mulai WhatsApp"),
        participant=rusmini,
        status=Registration.Status.WAITLISTED,
    )
    return {"participant": rusmini, "certificate": certificate}


def test_the_participant_page_shows_workshops_attendance_and_certificates(
    history, login_as
):
    response = login_as("Administrator").get(page_of(history["participant"]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Aman Bermedia Sosial" in html and "Mulai WhatsApp" in html
    assert "Dalam daftar tunggu" in html or "waiting list" in html
    assert "2 Maret 2026: Hadir" in html
    assert "9 Maret 2026: belum ditandai" in html
    assert history["certificate"].number in html
    assert "Sah" in html


def test_the_participant_page_takes_the_same_queries_for_one_or_many_workshops(
    history, login_as
):
    client = login_as("Administrator")
    participant = history["participant"]
    client.get(page_of(participant))
    with CaptureQueriesContext(connection) as few:
        client.get(page_of(participant))
    for _n in range(4):
        workshop = WorkshopFactory()
        WorkshopSessionFactory(workshop=workshop)
        RegistrationFactory(workshop=workshop, participant=participant)
    with CaptureQueriesContext(connection) as many:
        client.get(page_of(participant))

    assert len(many) == len(few)


def test_the_participant_list_links_to_the_participant_page(history, login_as):
    html = login_as("Administrator").get("/admin/participants/").content.decode()

    assert page_of(history["participant"]) in html


def test_village_staff_cannot_open_a_participant_page(history, login_as):
    response = login_as("Operator desa").get(page_of(history["participant"]))

    assert response.status_code == 302


def test_the_page_offers_to_merge_a_record_of_the_same_person(history, login_as):
    rusmini = history["participant"]
    twin = ParticipantFactory(full_name="RUSMINI", birth_year=1960, desa=rusmini.desa)

    html = login_as("Administrator").get(page_of(rusmini)).content.decode()

    assert f"{merge_page(rusmini)}?other={twin.pk}" in html


def test_merging_from_the_admin_moves_everything_to_the_kept_record(history, login_as):
    client = login_as("Administrator")
    rusmini = history["participant"]
    twin = ParticipantFactory(full_name="RUSMINI", birth_year=1960, desa=rusmini.desa)
    RegistrationFactory(workshop=WorkshopFactory(title="Kunci Akun"), participant=twin)

    preview = client.get(merge_page(rusmini), {"other": twin.pk}).content.decode()
    response = client.post(
        merge_page(rusmini), {"other": twin.pk, "detail-full_name": "keep"}
    )

    assert "Kunci Akun" in preview
    assert response.status_code == 302
    assert not Participant.objects.filter(pk=twin.pk).exists()
    assert rusmini.registrations.count() == 3
    assert ModelLogEntry.objects.filter(
        action="workshops.participant.merged", user=client.user
    ).exists()


def test_a_merge_with_a_conflict_is_refused_until_chosen_in_the_admin(
    history, login_as
):
    client = login_as("Administrator")
    rusmini = history["participant"]
    twin = ParticipantFactory(full_name="Rusmini", birth_year=1960, desa=rusmini.desa)
    workshop = history["certificate"].workshop
    RegistrationFactory(workshop=workshop, participant=twin)

    preview = client.get(merge_page(rusmini), {"other": twin.pk}).content.decode()
    refused = client.post(merge_page(rusmini), {"other": twin.pk})
    prefix = f"w{workshop.pk}"
    merged = client.post(
        merge_page(rusmini),
        {
            "other": twin.pk,
            f"{prefix}-registration": "keep",
            f"{prefix}-attendance": "best",
        },
    )

    assert "Aman Bermedia Sosial" in preview
    assert refused.status_code == 200
    assert "Pilih" in refused.content.decode() or "Choose" in refused.content.decode()
    assert merged.status_code == 302
    assert not Participant.objects.filter(pk=twin.pk).exists()
    assert Registration.objects.filter(workshop=workshop).count() == 1


def test_the_merge_screen_shows_differing_details_side_by_side_to_choose(
    history, login_as
):
    client = login_as("Administrator")
    rusmini = history["participant"]
    rusmini.needs = "kacamata baca"
    rusmini.save()
    twin = ParticipantFactory(
        full_name="Rusmini Hasan",
        birth_year=1960,
        desa=rusmini.desa,
        phone="0813 1111 2222",
        needs="sulit mendengar",
    )

    preview = client.get(merge_page(rusmini), {"other": twin.pk}).content.decode()
    refused = client.post(merge_page(rusmini), {"other": twin.pk})
    nothing_merged = Participant.objects.filter(pk=twin.pk).exists()
    merged = client.post(
        merge_page(rusmini),
        {
            "other": twin.pk,
            "detail-full_name": "remove",
            "detail-phone": "remove",
            "detail-needs": "kacamata baca; sulit mendengar; kursi roda",
        },
    )

    # Both names and both phones are offered; the needs come combined.
    assert "Rusmini Hasan" in preview and "0813-1111-2222" in preview
    assert "kacamata baca; sulit mendengar" in preview
    assert refused.status_code == 200
    assert "Pilih nilai yang disimpan." in refused.content.decode()
    assert nothing_merged
    assert merged.status_code == 302
    rusmini.refresh_from_db()
    assert rusmini.full_name == "Rusmini Hasan"
    assert rusmini.phone == "+6281311112222"
    assert rusmini.needs == "kacamata baca; sulit mendengar; kursi roda"
    entry = ModelLogEntry.objects.get(action="workshops.participant.merged")
    assert entry.data["fields"] == {
        "full_name": "remove",
        "phone": "remove",
        "needs": "written",
        "consent": "remove",
    }
    assert entry.message == (
        "Data ganda digabungkan; dari data lainnya: nama lengkap, telepon"
    )
