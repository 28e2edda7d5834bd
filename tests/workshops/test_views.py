import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import (
    ParticipantFactory,
    RegistrationFactory,
    WorkshopSessionFactory,
)
from workshops.models import Attendance, Participant, Registration

pytestmark = pytest.mark.django_db


def new_person(workshop, **changes):
    data = {
        "full_name": "Siti Aminah",
        "birth_year": "1957",
        "gender": "P",
        "desa": workshop.desa.pk,
        "phone": "0812 3456 7890",
        "needs": "Kacamata baca",
        "consent": "on",
        "submission_key": "0b8f0d49-0f3f-4f7e-8d38-0c0c7f3f2e11",
    }
    data.update(changes)
    return data


@pytest.fixture
def facilitator_client(workshop_world, client_for):
    return client_for(workshop_world["users"]["own_facilitator"])


def test_registering_a_new_person_gives_a_seat_and_says_so(
    workshop_world, facilitator_client
):
    workshop = workshop_world["workshop"]

    response = facilitator_client.post(
        reverse("facilitator:register", args=[workshop.pk]),
        new_person(workshop),
        follow=True,
    )

    assert "Siti Aminah terdaftar." in response.content.decode()
    registration = workshop.registrations.get(participant__full_name="Siti Aminah")
    assert registration.status == "registered"
    assert registration.registered_by == workshop_world["users"]["own_facilitator"]
    assert registration.participant.consent_given_at is not None


def test_a_double_submitted_registration_form_registers_once(
    workshop_world, facilitator_client
):
    workshop = workshop_world["workshop"]
    url = reverse("facilitator:register", args=[workshop.pk])

    facilitator_client.post(url, new_person(workshop))
    second = facilitator_client.post(url, new_person(workshop), follow=True)

    assert Participant.objects.filter(full_name="Siti Aminah").count() == 1
    assert (
        workshop.registrations.filter(participant__full_name="Siti Aminah").count() == 1
    )
    assert "sudah terdaftar" in second.content.decode()


def test_a_walk_in_is_recorded_as_a_walk_in(workshop_world, facilitator_client):
    workshop = workshop_world["workshop"]

    facilitator_client.post(
        reverse("facilitator:walk_in", args=[workshop.pk]), new_person(workshop)
    )

    assert workshop.registrations.get(participant__full_name="Siti Aminah").source == (
        "walk_in"
    )


def test_a_person_already_entered_is_offered_before_entering_them_again(
    workshop_world, facilitator_client
):
    workshop = workshop_world["workshop"]
    existing = ParticipantFactory(
        full_name="Siti Aminah", birth_year=1957, desa=workshop.desa
    )
    url = reverse("facilitator:register", args=[workshop.pk])

    response = facilitator_client.post(
        url, new_person(workshop, full_name="siti  aminah")
    )

    html = response.content.decode()
    assert "Apakah ini orang yang sama?" in html
    assert (
        reverse("facilitator:register_existing", args=[workshop.pk, existing.pk])
        in html
    )
    assert not workshop.registrations.filter(participant=existing).exists()

    facilitator_client.post(
        reverse("facilitator:register_existing", args=[workshop.pk, existing.pk]),
        {"full_name": "Siti Aminah", "birth_year": 1957, "desa": workshop.desa.pk},
    )
    assert workshop.registrations.filter(participant=existing).exists()
    assert Participant.objects.filter(full_name__iexact="siti aminah").count() == 1


def test_someone_else_with_the_same_name_can_still_be_entered(
    workshop_world, facilitator_client
):
    workshop = workshop_world["workshop"]
    ParticipantFactory(full_name="Siti Aminah", birth_year=1957, desa=workshop.desa)

    facilitator_client.post(
        reverse("facilitator:register", args=[workshop.pk]),
        {**new_person(workshop), "confirm_new": "1"},
    )

    assert Participant.objects.filter(full_name="Siti Aminah").count() == 2


def test_bad_answers_get_clear_indonesian_messages_and_keep_what_was_typed(
    workshop_world, facilitator_client
):
    workshop = workshop_world["workshop"]

    response = facilitator_client.post(
        reverse("facilitator:register", args=[workshop.pk]),
        new_person(workshop, birth_year="1800", phone="telp saya", consent=""),
    )

    html = response.content.decode()
    assert "Tulis tahun lahir antara" in html
    assert "Tulis nomor HP atau telepon Indonesia" in html
    assert "Tanyakan dulu kepada peserta" in html
    assert 'value="Siti Aminah"' in html
    assert not Participant.objects.filter(full_name="Siti Aminah").exists()


def test_cancel_asks_first_then_frees_the_seat_for_the_waiting_list(
    workshop_world, facilitator_client
):
    workshop = workshop_world["workshop"]
    seated = workshop_world["registration"]
    RegistrationFactory.create_batch(2, workshop=workshop)
    waiting = RegistrationFactory(workshop=workshop, status="waitlisted")
    url = reverse("facilitator:cancel_registration", args=[workshop.pk, seated.pk])

    confirm = facilitator_client.get(url)
    assert "Ya, batalkan pendaftaran" in confirm.content.decode()
    seated.refresh_from_db()
    assert seated.status == "registered"

    done = facilitator_client.post(url, follow=True)

    waiting.refresh_from_db()
    assert waiting.status == "registered"
    assert waiting.participant.full_name in done.content.decode()


def test_attendance_is_saved_without_javascript_for_everyone_at_once(
    workshop_world, facilitator_client
):
    workshop, session = workshop_world["workshop"], workshop_world["session"]
    first = workshop_world["registration"]
    second = RegistrationFactory(workshop=workshop)
    url = reverse("facilitator:attendance", args=[session.pk])

    response = facilitator_client.post(
        url, {f"status-{first.pk}": "present", f"status-{second.pk}": "excused"}
    )

    assert response.status_code == 302
    marks = dict(Attendance.objects.values_list("registration_id", "status"))
    assert marks == {first.pk: "present", second.pk: "excused"}
    page = facilitator_client.get(url).content.decode()
    assert f'name="status-{first.pk}" value="present" checked' in page


def test_attendance_saves_one_choice_at_a_time_for_javascript(
    workshop_world, facilitator_client
):
    registration = workshop_world["registration"]
    url = reverse("facilitator:attendance", args=[workshop_world["session"].pk])

    response = facilitator_client.post(
        url, {f"status-{registration.pk}": "late"}, HTTP_ACCEPT="application/json"
    )

    assert response.json() == {"saved": 1, "message": "Tersimpan"}
    assert registration.attendances.get().status == "late"


def test_attendance_screen_uses_the_same_queries_for_5_or_50_people(
    workshop_world, facilitator_client
):
    workshop, session = workshop_world["workshop"], workshop_world["session"]
    url = reverse("facilitator:attendance", args=[session.pk])
    workshop.capacity = 100
    workshop.save()

    def queries_for_page():
        with CaptureQueriesContext(connection) as captured:
            assert facilitator_client.get(url).status_code == 200
        return len(captured)

    queries_for_page()  # the first request also loads the session and site settings
    RegistrationFactory.create_batch(4, workshop=workshop)
    few = queries_for_page()
    RegistrationFactory.create_batch(45, workshop=workshop)
    many = queries_for_page()

    assert few == many


def test_a_paper_sheet_is_typed_in_for_every_session(
    workshop_world, facilitator_client
):
    workshop, first_session = workshop_world["workshop"], workshop_world["session"]
    second_session = WorkshopSessionFactory(
        workshop=workshop, date=first_session.date.replace(day=1)
    )
    registration = workshop_world["registration"]
    url = reverse("facilitator:paper_sheet", args=[workshop.pk])

    page = facilitator_client.get(url).content.decode()
    assert f'name="mark-{registration.pk}-{second_session.pk}"' in page

    facilitator_client.post(
        url,
        {
            f"mark-{registration.pk}-{first_session.pk}": "present",
            f"mark-{registration.pk}-{second_session.pk}": "absent",
        },
    )

    assert dict(registration.attendances.values_list("session_id", "status")) == {
        first_session.pk: "present",
        second_session.pk: "absent",
    }


def import_file(text):
    upload = io.BytesIO(text.encode("utf-8"))
    upload.name = "peserta.csv"
    return upload


HEADER = "nama,tahun_lahir,jenis_kelamin,desa,telepon,kebutuhan,setuju\n"


def test_a_good_csv_imports_everyone(workshop_world, facilitator_client):
    workshop = workshop_world["workshop"]
    desa = workshop.desa
    text = HEADER + (
        f"Ahmad Yani,1955,L,{desa.name},,,ya\n"
        f"Nur'aini Ramlah,1960,P,{desa.code},081211112222,Pendengaran,ya\n"
        f"Paulus Hérve,1949,L,{desa.name},,,ya\n"
    )

    response = facilitator_client.post(
        reverse("facilitator:import", args=[workshop.pk]),
        {"file": import_file(text)},
        follow=True,
    )

    assert "2 terdaftar, 1 dalam daftar tunggu" in response.content.decode()
    assert set(
        workshop.registrations.values_list("participant__full_name", flat=True)
    ) >= {"Ahmad Yani", "Nur'aini Ramlah", "Paulus Hérve"}
    assert workshop.registrations.filter(source="paper").count() == 3


def test_a_csv_with_one_bad_row_imports_nothing_and_names_the_line(
    workshop_world, facilitator_client
):
    workshop = workshop_world["workshop"]
    desa = workshop.desa
    text = HEADER + (
        f"Ahmad Yani,1955,L,{desa.name},,,ya\n"
        f"Rahmah,seribu,P,{desa.name},,,ya\n"
        f"Budi,1950,L,Desa Entah,,,ya\n"
        f"Yanti,1950,P,{desa.name},,,tidak\n"
    )

    response = facilitator_client.post(
        reverse("facilitator:import", args=[workshop.pk]), {"file": import_file(text)}
    )

    html = response.content.decode()
    assert "Tidak ada yang diimpor" in html
    assert "Baris 3" in html and "Baris 4" in html and "Baris 5" in html
    assert "Baris 2" not in html
    assert not Participant.objects.filter(full_name="Ahmad Yani").exists()


def test_html_in_a_name_is_shown_as_text_on_pages_and_in_exports(
    workshop_world, facilitator_client
):
    workshop = workshop_world["workshop"]
    registration = RegistrationFactory(
        workshop=workshop, participant__full_name="<b>Bu Ani</b>"
    )
    RegistrationFactory(workshop=workshop, participant__full_name="=HYPERLINK(1)")

    page = facilitator_client.get(
        reverse("facilitator:workshop", args=[workshop.pk])
    ).content.decode()
    assert "&lt;b&gt;Bu Ani&lt;/b&gt;" in page
    assert "<b>Bu Ani</b>" not in page

    export = facilitator_client.get(
        reverse("facilitator:export_csv", args=[workshop.pk])
    ).content.decode("utf-8-sig")
    names = [row[1] for row in csv.reader(io.StringIO(export))][1:]
    assert registration.participant.full_name in names
    assert "'=HYPERLINK(1)" in names


def test_the_excel_export_holds_the_same_rows_as_the_csv(
    workshop_world, facilitator_client
):
    workshop = workshop_world["workshop"]
    RegistrationFactory(workshop=workshop, participant__full_name="Émilie Sihombing")

    response = facilitator_client.get(
        reverse("facilitator:export_xlsx", args=[workshop.pk])
    )

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("No.", "Nama")
    assert "Émilie Sihombing" in [row[1] for row in rows[1:]]
    assert (
        len(rows)
        == 1
        + workshop.registrations.exclude(status=Registration.Status.CANCELLED).count()
    )


def test_the_public_calendar_shows_open_workshops_with_seats_left(
    workshop_world, client
):
    workshop = workshop_world["workshop"]

    html = client.get("/lokakarya/").content.decode()

    assert workshop.title in html
    assert f"Kecamatan {workshop.desa.kecamatan.name}" in html
    assert "2 kursi tersisa" in html


def test_only_a_person_offered_as_a_match_can_be_registered_by_number(
    workshop_world, facilitator_client
):
    workshop = workshop_world["workshop"]
    stranger = ParticipantFactory(full_name="Orang Lain", birth_year=1950)

    response = facilitator_client.post(
        reverse("facilitator:register_existing", args=[workshop.pk, stranger.pk]),
        {"full_name": "Siti Aminah", "birth_year": 1957, "desa": workshop.desa.pk},
    )

    assert response.status_code == 404
    assert not workshop.registrations.filter(participant=stranger).exists()


def test_cancelling_twice_says_it_was_already_cancelled(
    workshop_world, facilitator_client
):
    workshop, registration = workshop_world["workshop"], workshop_world["registration"]
    url = reverse(
        "facilitator:cancel_registration", args=[workshop.pk, registration.pk]
    )
    facilitator_client.post(url)

    again = facilitator_client.post(url, follow=True).content.decode()

    assert "Pendaftaran ini sudah dibatalkan" in again


def test_a_paper_mark_for_someone_no_longer_registered_is_reported_not_lost(
    workshop_world, facilitator_client
):
    workshop, session = workshop_world["workshop"], workshop_world["session"]
    staying = workshop_world["registration"]
    leaving = RegistrationFactory(workshop=workshop)
    url = reverse("facilitator:paper_sheet", args=[workshop.pk])
    facilitator_client.get(url)
    Registration.objects.filter(pk=leaving.pk).update(status="cancelled")

    response = facilitator_client.post(
        url,
        {
            f"mark-{staying.pk}-{session.pk}": "present",
            f"mark-{leaving.pk}-{session.pk}": "present",
        },
        follow=True,
    )

    assert staying.attendances.get().status == "present"
    assert not leaving.attendances.exists()
    assert response.status_code == 200


def merge_screen(keep, other):
    return f"/admin/participants-merge/{keep.pk}/?other={other.pk}"


def test_administrators_are_offered_to_merge_a_person_entered_twice(
    workshop_world, client_for
):
    workshop = workshop_world["workshop"]
    first, second = (
        ParticipantFactory(full_name=name, birth_year=1957, desa=workshop.desa)
        for name in ("Siti Aminah", "SITI AMINAH")
    )
    url = reverse("facilitator:register", args=[workshop.pk])
    typed = new_person(workshop, full_name="siti aminah")

    admin_page = client_for(workshop_world["users"]["administrator"]).post(url, typed)
    facilitator_page = client_for(workshop_world["users"]["own_facilitator"]).post(
        url, typed
    )

    html = admin_page.content.decode()
    assert "Apakah ini orang yang sama?" in html
    assert merge_screen(first, second) in html
    assert "Buka layar penggabungan untuk kedua data ini" in html
    assert "Apakah ini orang yang sama?" in facilitator_page.content.decode()
    assert "participants-merge" not in facilitator_page.content.decode()


def test_a_person_already_registered_and_entered_again_is_offered_for_merging(
    workshop_world, client_for
):
    workshop = workshop_world["workshop"]
    registered = RegistrationFactory(
        workshop=workshop,
        participant__full_name="Siti Aminah",
        participant__birth_year=1957,
        participant__desa=workshop.desa,
    ).participant
    again = ParticipantFactory(
        full_name="Siti  Aminah", birth_year=1957, desa=workshop.desa
    )

    html = (
        client_for(workshop_world["users"]["administrator"])
        .post(
            reverse("facilitator:register", args=[workshop.pk]),
            new_person(workshop),
        )
        .content.decode()
    )

    assert "Siti Aminah sudah terdaftar untuk lokakarya ini." in html
    assert merge_screen(registered, again) in html
