"""Attendance that holds once a workshop is closed, and the paper loop closed:
marks cleared, blank rows added, the sheet with every column, "semua hadir",
the count and the follow-up list."""

import datetime
import io
import unicodedata

import pytest
from django.urls import reverse
from pypdf import PdfReader
from wagtail.models import ModelLogEntry

from tests.factories import (
    ParticipantFactory,
    RegistrationFactory,
    WorkshopSessionFactory,
)
from workshops import services
from workshops.models import Attendance, Registration, Workshop

pytestmark = pytest.mark.django_db

FROZEN_MESSAGE = "mintalah administrator membuka kembali lokakarya ini"


def close(workshop, status="closed"):
    Workshop.objects.filter(pk=workshop.pk).update(status=status)
    workshop.refresh_from_db()


def started(session):
    """Move a session to yesterday: started whatever the time of day."""
    session.date = session.date - datetime.timedelta(days=1)
    session.save()
    return session


def mark(registration, session, status="present"):
    return services.attendance_mark(
        registration=registration, session=session, status=status, marked_by=None
    )


# The service: every way in ends here.


@pytest.mark.parametrize("status", ["closed", "cancelled"])
def test_a_closed_or_cancelled_workshop_refuses_every_change_of_attendance(
    workshop_world, status
):
    registration, session = workshop_world["registration"], workshop_world["session"]
    mark(registration, session, "present")
    close(workshop_world["workshop"], status)

    with pytest.raises(services.AttendanceFrozen, match="administrator"):
        mark(registration, session, "absent")
    with pytest.raises(services.AttendanceFrozen):
        services.attendance_mark_many(
            marks=[(registration, session, "absent")], marked_by=None
        )
    with pytest.raises(services.AttendanceFrozen):
        services.attendance_clear(
            registration=registration, session=session, cleared_by=None
        )
    with pytest.raises(services.AttendanceFrozen):
        services.attendance_mark_all_present(session=session, marked_by=None)

    assert registration.attendances.get().status == "present"


def test_a_workshop_closed_after_it_was_loaded_still_refuses_the_mark(
    workshop_world,
):
    """The object in hand may be stale; the row decides."""
    registration, session = workshop_world["registration"], workshop_world["session"]
    Workshop.objects.filter(pk=registration.workshop_id).update(status="closed")

    with pytest.raises(services.AttendanceFrozen):
        mark(registration, session)
    assert not Attendance.objects.exists()


def test_a_cleared_mark_is_gone_and_the_log_says_who_cleared_it(workshop_world):
    registration, session = workshop_world["registration"], workshop_world["session"]
    facilitator = workshop_world["users"]["own_facilitator"]
    mark(registration, session, "late")

    cleared = services.attendance_clear(
        registration=registration, session=session, cleared_by=facilitator
    )

    assert cleared is True
    assert not registration.attendances.exists()
    entry = ModelLogEntry.objects.get(action="workshops.attendance.cleared")
    assert entry.user == facilitator
    assert entry.data == {"status": "late"}
    assert (
        services.attendance_clear(
            registration=registration, session=session, cleared_by=facilitator
        )
        is False
    )


def test_everyone_present_marks_only_those_not_yet_marked(workshop_world):
    workshop, session = workshop_world["workshop"], started(workshop_world["session"])
    workshop.capacity = 10
    workshop.save()
    absent = workshop_world["registration"]
    mark(absent, session, "absent")
    others = RegistrationFactory.create_batch(3, workshop=workshop)
    waiting = RegistrationFactory(workshop=workshop, status="waitlisted")

    count = services.attendance_mark_all_present(session=session, marked_by=None)

    assert count == 3
    marks = dict(
        Attendance.objects.filter(session=session).values_list(
            "registration_id", "status"
        )
    )
    assert marks == {
        absent.pk: "absent",
        **{registration.pk: "present" for registration in others},
    }
    assert waiting.pk not in marks
    assert (
        ModelLogEntry.objects.filter(action="workshops.attendance.marked").count() == 4
    )
    assert services.attendance_mark_all_present(session=session, marked_by=None) == 0


# The attendance screen and the typing screen, for those who run the workshop
# and for the desa's own staff.

PEOPLE_WHO_MARK = ["own_facilitator", "own_village_staff"]


@pytest.mark.parametrize("who", PEOPLE_WHO_MARK)
def test_the_attendance_screen_refuses_marks_on_a_closed_workshop(
    workshop_world, client_for, who
):
    registration, session = workshop_world["registration"], workshop_world["session"]
    client = client_for(workshop_world["users"][who])
    close(workshop_world["workshop"])
    url = reverse("facilitator:attendance", args=[session.pk])

    page = client.post(url, {f"status-{registration.pk}": "present"}, follow=True)
    one_choice = client.post(
        url, {f"status-{registration.pk}": "present"}, HTTP_ACCEPT="application/json"
    )
    everyone = client.post(url, {"all_present": "1"}, follow=True)

    assert FROZEN_MESSAGE in page.content.decode()
    assert one_choice.status_code == 409
    assert FROZEN_MESSAGE in one_choice.json()["message"]
    assert FROZEN_MESSAGE in everyone.content.decode()
    assert not Attendance.objects.exists()
    shown = client.get(url).content.decode()
    assert "sudah ditutup" in shown
    assert 'type="radio"' not in shown
    assert "Semua hadir" not in shown


@pytest.mark.parametrize("who", PEOPLE_WHO_MARK)
def test_the_typing_screen_refuses_marks_on_a_closed_workshop(
    workshop_world, client_for, who
):
    registration, session = workshop_world["registration"], workshop_world["session"]
    mark(registration, session, "present")
    client = client_for(workshop_world["users"][who])
    close(workshop_world["workshop"])
    url = reverse("facilitator:paper_sheet", args=[workshop_world["workshop"].pk])

    response = client.post(
        url, {f"mark-{registration.pk}-{session.pk}": "clear"}, follow=True
    )

    assert FROZEN_MESSAGE in response.content.decode()
    assert registration.attendances.get().status == "present"
    assert "Simpan daftar hadir<" not in response.content.decode()


def test_a_mark_typed_by_mistake_is_cleared_on_the_typing_screen(
    workshop_world, client_for
):
    workshop = workshop_world["workshop"]
    first_session = workshop_world["session"]
    second_session = WorkshopSessionFactory(
        workshop=workshop, date=first_session.date.replace(day=1)
    )
    registration = workshop_world["registration"]
    mark(registration, first_session, "present")
    mark(registration, second_session, "absent")
    client = client_for(workshop_world["users"]["own_facilitator"])
    url = reverse("facilitator:paper_sheet", args=[workshop.pk])
    page = client.get(url).content.decode()
    assert "Hapus tanda" in page

    response = client.post(
        url,
        {
            f"mark-{registration.pk}-{first_session.pk}": "present",
            f"mark-{registration.pk}-{second_session.pk}": "clear",
        },
        follow=True,
    )

    assert dict(registration.attendances.values_list("session_id", "status")) == {
        first_session.pk: "present"
    }
    assert "1 tanda dihapus." in response.content.decode()
    assert ModelLogEntry.objects.filter(action="workshops.attendance.cleared").exists()


def blank_row_person(workshop, **changes):
    data = {
        "add_person": "1",
        "baru-full_name": "Marlina Sari",
        "baru-birth_year": "1956",
        "baru-gender": "P",
        "baru-desa": workshop.desa.pk,
        "baru-phone": "",
        "baru-needs": "",
        "baru-consent": "on",
        "baru-submission_key": "4a0c2a39-6a7a-4f0f-9a55-2b2f6a1c9e10",
    }
    data.update(changes)
    return data


def test_a_person_from_a_blank_row_becomes_a_walk_in_ready_for_marks(
    workshop_world, client_for
):
    workshop = workshop_world["workshop"]
    client = client_for(workshop_world["users"]["own_facilitator"])
    url = reverse("facilitator:paper_sheet", args=[workshop.pk])

    response = client.post(url, blank_row_person(workshop), follow=True)

    registration = workshop.registrations.get(participant__full_name="Marlina Sari")
    assert registration.source == Registration.Source.WALK_IN
    assert registration.status == Registration.Status.REGISTERED
    assert registration.participant.consent_given_at is not None
    page = response.content.decode()
    assert "Marlina Sari terdaftar." in page
    session = workshop_world["session"]
    assert f'name="mark-{registration.pk}-{session.pk}"' in page


def test_a_blank_row_person_without_consent_is_not_entered(workshop_world, client_for):
    workshop = workshop_world["workshop"]
    client = client_for(workshop_world["users"]["own_facilitator"])
    url = reverse("facilitator:paper_sheet", args=[workshop.pk])

    response = client.post(url, blank_row_person(workshop, **{"baru-consent": ""}))

    assert response.status_code == 200
    assert "Tanyakan dulu kepada peserta" in response.content.decode()
    assert not workshop.registrations.filter(
        participant__full_name="Marlina Sari"
    ).exists()


def test_a_blank_row_person_who_already_has_a_place_is_refused_naming_them(
    workshop_world, client_for
):
    workshop = workshop_world["workshop"]
    already = workshop_world["registration"].participant
    client = client_for(workshop_world["users"]["own_facilitator"])
    url = reverse("facilitator:paper_sheet", args=[workshop.pk])

    response = client.post(
        url,
        blank_row_person(
            workshop,
            **{
                "baru-full_name": f"  {already.full_name.upper()} ",
                "baru-birth_year": str(already.birth_year),
                "baru-desa": already.desa.pk,
            },
        ),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert (
        f"{already.full_name} (lahir {already.birth_year}, {already.desa.name}) "
        "sudah punya tempat di lokakarya ini" in page
    )
    assert workshop.registrations.count() == 1


def test_a_blank_row_person_entered_before_elsewhere_is_registered_not_entered_again(
    workshop_world, client_for
):
    workshop = workshop_world["workshop"]
    entered = ParticipantFactory(
        full_name="Marlina Sari", birth_year=1956, desa=workshop.desa
    )
    client = client_for(workshop_world["users"]["own_facilitator"])
    url = reverse("facilitator:paper_sheet", args=[workshop.pk])

    response = client.post(url, blank_row_person(workshop), follow=True)

    assert workshop.registrations.filter(participant=entered).exists()
    assert not workshop.registrations.filter(
        participant__full_name="Marlina Sari"
    ).exclude(participant=entered)
    assert "sudah pernah dicatat" in response.content.decode()


# The printed sheet.


def test_the_sheet_has_gender_birth_year_consent_and_a_signature_block(
    workshop_world, client_for
):
    workshop = workshop_world["workshop"]
    facilitator = workshop_world["users"]["own_facilitator"]
    facilitator.first_name, facilitator.last_name = "Rina", "Wulandari"
    facilitator.save()
    participant = workshop_world["registration"].participant
    participant.gender, participant.birth_year = "L", 1949
    participant.save()
    client = client_for(workshop_world["users"]["own_village_staff"])

    response = client.get(reverse("facilitator:attendance_sheet", args=[workshop.pk]))

    reader = PdfReader(io.BytesIO(response.content))
    text = unicodedata.normalize(
        "NFC", " ".join(page.extract_text() for page in reader.pages)
    )
    flat = " ".join(text.split())
    for heading in ["L/P", "Tahun lahir", "Setuju*", "Mengetahui,", "Fasilitator"]:
        assert heading in flat
    assert f"Kepala Desa {workshop.desa.name}" in flat
    assert "Rina Wulandari" in flat
    assert "1949" in flat.split()
    assert " L " in flat
    assert "\u2713" in flat  # their consent is on record
    assert "* Setuju: Peserta setuju" in flat


# The attendance screen: found in one step, counted, and followed up.


def test_the_count_says_how_many_of_all_are_marked(workshop_world, client_for):
    workshop, session = workshop_world["workshop"], started(workshop_world["session"])
    workshop.capacity = 10
    workshop.save()
    mark(workshop_world["registration"], session)
    RegistrationFactory.create_batch(2, workshop=workshop)
    client = client_for(workshop_world["users"]["own_facilitator"])
    url = reverse("facilitator:attendance", args=[session.pk])

    before = client.get(url).content.decode()
    after = client.post(url, {"all_present": "1"}, follow=True).content.decode()

    assert "<span data-marked-count>1</span> dari 3 sudah ditandai" in before
    assert "2 orang ditandai hadir." in after
    assert "<span data-marked-count>3</span> dari 3 sudah ditandai" in after


def test_a_person_on_a_later_page_is_found_by_name_in_one_search(
    workshop_world, client_for
):
    workshop, session = workshop_world["workshop"], workshop_world["session"]
    workshop.capacity = 100
    workshop.save()
    first = workshop_world["registration"].participant
    first.full_name = "Ani Awal"  # not a random name that may match the search
    first.save()
    for number in range(60):
        RegistrationFactory(workshop=workshop, participant__full_name=f"Ani {number}")
    wanted = RegistrationFactory(
        workshop=workshop, participant__full_name="Zulaikha Rahman"
    )
    client = client_for(workshop_world["users"]["own_facilitator"])
    url = reverse("facilitator:attendance", args=[session.pk])

    first_page = client.get(url).content.decode()
    found = client.get(url, {"q": "zulai"}).content.decode()
    by_letter = client.get(url, {"huruf": "Z"}).content.decode()

    assert "Zulaikha Rahman" not in first_page
    assert "Halaman 1 dari 2" in first_page
    assert 'href="?huruf=Z"' in first_page
    assert f'name="status-{wanted.pk}"' in found
    assert "1 orang ditemukan." in found
    assert f'name="status-{wanted.pk}"' in by_letter


def test_saving_without_javascript_returns_to_the_same_search(
    workshop_world, client_for
):
    registration, session = workshop_world["registration"], workshop_world["session"]
    client = client_for(workshop_world["users"]["own_facilitator"])
    url = reverse("facilitator:attendance", args=[session.pk]) + "?q=a&halaman=1"

    response = client.post(url, {f"status-{registration.pk}": "present"})

    assert response["Location"] == url
    assert registration.attendances.get().status == "present"


@pytest.fixture
def after_the_session(workshop_world):
    workshop, session = workshop_world["workshop"], workshop_world["session"]
    workshop.capacity = 10
    workshop.save()
    session.date = session.date.replace(year=session.date.year - 1)
    session.save()
    came = workshop_world["registration"]
    mark(came, session, "present")
    absent = RegistrationFactory(
        workshop=workshop,
        participant__full_name="Bambang Sutrisno",
        participant__phone="0812-3456-7890",
    )
    mark(absent, session, "absent")
    unmarked = RegistrationFactory(
        workshop=workshop, participant__full_name="Dewi Lestari", participant__phone=""
    )
    landline = RegistrationFactory(
        workshop=workshop,
        participant__full_name="Hasan Basri",
        participant__phone="(0561) 734567",
    )
    excused = RegistrationFactory(
        workshop=workshop, participant__full_name="Yuliana Putri"
    )
    mark(excused, session, "excused")
    return {
        "session": session,
        "came": came,
        "absent": absent,
        "unmarked": unmarked,
        "landline": landline,
    }


def test_the_follow_up_list_names_who_did_not_come_with_call_and_whatsapp_links(
    workshop_world, client_for, after_the_session
):
    client = client_for(workshop_world["users"]["own_facilitator"])
    session = after_the_session["session"]

    screen = client.get(reverse("facilitator:attendance", args=[session.pk]))
    page = client.get(
        reverse("facilitator:attendance_follow_up", args=[session.pk])
    ).content.decode()

    follow_up = reverse("facilitator:attendance_follow_up", args=[session.pk])
    assert follow_up in screen.content.decode()
    assert "Bambang Sutrisno" in page
    assert 'href="tel:+6281234567890"' in page
    assert "Telepon 0812-3456-7890" in page
    assert 'href="https://wa.me/6281234567890"' in page
    assert "Dewi Lestari" in page
    assert "Tidak ada nomor telepon." in page
    # A landline can be called but not sent a WhatsApp message.
    assert 'href="tel:+62561734567"' in page
    assert "wa.me/62561" not in page
    assert after_the_session["came"].participant.full_name not in page
    assert "Yuliana Putri" not in page
    assert page.index("Ditandai tidak hadir") < page.index("Bambang Sutrisno")
    assert page.index("Belum ditandai") < page.index("Dewi Lestari")


def test_village_staff_see_who_did_not_come_without_phone_numbers(
    workshop_world, client_for, after_the_session
):
    client = client_for(workshop_world["users"]["own_village_staff"])
    session = after_the_session["session"]

    page = client.get(
        reverse("facilitator:attendance_follow_up", args=[session.pk])
    ).content.decode()

    assert "Bambang Sutrisno" in page
    assert "tel:+62" not in page
    assert "wa.me" not in page


def test_another_facilitator_cannot_see_the_follow_up_list(
    workshop_world, client_for, after_the_session
):
    client = client_for(workshop_world["users"]["other_facilitator"])
    session = after_the_session["session"]

    response = client.get(
        reverse("facilitator:attendance_follow_up", args=[session.pk])
    )

    assert response.status_code == 404


def test_the_follow_up_list_keeps_who_missed_this_session_but_came_to_another(
    workshop_world, client_for, after_the_session
):
    session = after_the_session["session"]
    other = WorkshopSessionFactory(
        workshop=session.workshop, date=session.date.replace(day=1)
    )
    mark(after_the_session["absent"], other, "present")
    mark(after_the_session["unmarked"], other, "late")
    client = client_for(workshop_world["users"]["own_facilitator"])

    page = client.get(
        reverse("facilitator:attendance_follow_up", args=[session.pk])
    ).content.decode()

    assert "Bambang Sutrisno" in page
    assert "Dewi Lestari" in page
    assert page.index("Ditandai tidak hadir") < page.index("Bambang Sutrisno")
    assert page.index("Belum ditandai") < page.index("Dewi Lestari")


def test_a_blank_row_person_on_a_full_workshop_gets_an_extra_chair_and_can_be_marked(
    workshop_world, client_for
):
    workshop, session = workshop_world["workshop"], workshop_world["session"]
    workshop.capacity = 1
    workshop.save()
    assert workshop.registrations.filter(status="registered").count() == 1
    client = client_for(workshop_world["users"]["own_facilitator"])
    url = reverse("facilitator:paper_sheet", args=[workshop.pk])

    response = client.post(url, blank_row_person(workshop), follow=True)

    registration = workshop.registrations.get(participant__full_name="Marlina Sari")
    assert registration.status == Registration.Status.REGISTERED
    workshop.refresh_from_db()
    assert workshop.capacity == 2
    assert ModelLogEntry.objects.filter(
        action="workshops.registration.extra_chair"
    ).exists()
    page = response.content.decode()
    assert "kursi tambahan" in page
    assert "daftar tunggu" not in page
    assert f'name="mark-{registration.pk}-{session.pk}"' in page


def test_the_close_page_says_attendance_freezes_and_counts_missing_marks(
    workshop_world, client_for
):
    workshop, session = workshop_world["workshop"], workshop_world["session"]
    later = WorkshopSessionFactory(
        workshop=workshop, date=session.date.replace(day=28)
    )
    RegistrationFactory(workshop=workshop, participant__full_name="Dewi Lestari")
    mark(workshop_world["registration"], session, "present")
    client = client_for(workshop_world["users"]["own_facilitator"])

    page = client.get(reverse("facilitator:close", args=[workshop.pk])).content.decode()

    assert "masih bisa" not in page
    assert "kehadirannya tidak bisa diubah lagi" in page
    assert "1 peserta terdaftar belum diberi tanda hadir." in page
    assert "2 peserta terdaftar belum diberi tanda hadir." in page
    assert page.index("1 peserta terdaftar") < page.index("Ya, tutup")
    assert reverse("facilitator:attendance", args=[later.pk]) in page


def test_adding_a_blank_row_person_keeps_the_marks_typed_but_not_saved(
    workshop_world, client_for
):
    workshop, session = workshop_world["workshop"], workshop_world["session"]
    registration = workshop_world["registration"]
    client = client_for(workshop_world["users"]["own_facilitator"])
    url = reverse("facilitator:paper_sheet", args=[workshop.pk])

    response = client.post(
        url,
        {
            f"mark-{registration.pk}-{session.pk}": "late",
            **blank_row_person(workshop),
        },
        follow=True,
    )

    assert registration.attendances.get().status == "late"
    assert workshop.registrations.filter(participant__full_name="Marlina Sari").exists()
    assert "1 catatan dari daftar hadir kertas tersimpan." in response.content.decode()


def test_a_blank_row_person_with_a_mistake_keeps_the_marks_typed(
    workshop_world, client_for
):
    workshop, session = workshop_world["workshop"], workshop_world["session"]
    registration = workshop_world["registration"]
    client = client_for(workshop_world["users"]["own_facilitator"])
    url = reverse("facilitator:paper_sheet", args=[workshop.pk])

    response = client.post(
        url,
        {
            f"mark-{registration.pk}-{session.pk}": "excused",
            **blank_row_person(workshop, **{"baru-consent": ""}),
        },
    )

    assert response.status_code == 200
    assert "Tanyakan dulu kepada peserta" in response.content.decode()
    assert registration.attendances.get().status == "excused"


def test_someone_cancelled_after_the_sheet_was_loaded_is_not_marked(workshop_world):
    """The registration in hand may be stale; the row read under the lock decides."""
    registration, session = workshop_world["registration"], workshop_world["session"]
    Registration.objects.filter(pk=registration.pk).update(status="cancelled")

    saved, refused = services.attendance_mark_many(
        marks=[(registration, session, "present")], marked_by=None
    )

    assert (saved, refused) == (0, [registration])
    assert not Attendance.objects.filter(registration=registration).exists()


@pytest.mark.parametrize("screen", ["attendance", "paper_sheet"])
def test_an_empty_save_on_a_closed_workshop_says_it_is_closed(
    workshop_world, client_for, screen
):
    workshop, session = workshop_world["workshop"], workshop_world["session"]
    client = client_for(workshop_world["users"]["own_facilitator"])
    close(workshop)
    target = session if screen == "attendance" else workshop

    response = client.post(
        reverse(f"facilitator:{screen}", args=[target.pk]), {}, follow=True
    )

    page = response.content.decode()
    assert FROZEN_MESSAGE in page
    assert "Kehadiran 0 orang tersimpan." not in page
    assert "0 catatan" not in page


@pytest.mark.parametrize(
    ("status", "said"), [("closed", "sudah ditutup"), ("cancelled", "dibatalkan")]
)
def test_the_frozen_screens_say_whether_the_workshop_is_closed_or_cancelled(
    workshop_world, client_for, status, said
):
    workshop, session = workshop_world["workshop"], workshop_world["session"]
    client = client_for(workshop_world["users"]["own_facilitator"])
    close(workshop, status)

    for url in (
        reverse("facilitator:attendance", args=[session.pk]),
        reverse("facilitator:paper_sheet", args=[workshop.pk]),
    ):
        page = client.get(url).content.decode()
        assert FROZEN_MESSAGE in page
        assert said in page.split(FROZEN_MESSAGE)[0][-300:]


def test_a_session_knows_when_it_started_and_ended(workshop_world):
    session = workshop_world["session"]
    session.date = session.date.replace(year=session.date.year - 1)
    assert session.has_started and session.has_ended
    session.date = session.date.replace(year=session.date.year + 3)
    assert not session.has_started and not session.has_ended


@pytest.mark.parametrize(
    ("phone", "link"),
    [
        ("+6281234567890", "https://wa.me/6281234567890"),
        ("0812-3456-7890", "https://wa.me/6281234567890"),
        ("", ""),
    ],
)
def test_one_whatsapp_link_for_participants_channels_and_the_organisation(phone, link):
    from courses.models import ChannelPlatform, OfficialChannel
    from literacy_site.addresses import whatsapp_link
    from literacy_site.models import OrganisationSettings

    assert whatsapp_link(phone) == link
    assert OrganisationSettings(whatsapp_number=phone).whatsapp_link == link
    if phone:
        channel = OfficialChannel(platform=ChannelPlatform.WHATSAPP, address=phone)
        assert channel.href == link


def test_the_import_link_says_csv_or_excel(workshop_world, client_for):
    client = client_for(workshop_world["users"]["own_facilitator"])

    page = client.get(
        reverse("facilitator:workshop", args=[workshop_world["workshop"].pk])
    ).content.decode()

    assert "Impor peserta dari berkas CSV atau Excel" in page


def test_a_facilitator_without_a_full_name_gets_dots_on_the_sheet_not_a_username(
    workshop_world, client_for
):
    workshop = workshop_world["workshop"]
    facilitator = workshop_world["users"]["own_facilitator"]
    facilitator.first_name = facilitator.last_name = ""
    facilitator.username = "fasil.tanpanama"
    facilitator.save()
    client = client_for(workshop_world["users"]["own_village_staff"])

    response = client.get(reverse("facilitator:attendance_sheet", args=[workshop.pk]))

    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "fasil.tanpanama" not in text
    assert "." * 20 in text


def test_follow_up_names_are_headings_under_each_group(
    workshop_world, client_for, after_the_session
):
    client = client_for(workshop_world["users"]["own_facilitator"])
    session = after_the_session["session"]

    page = client.get(
        reverse("facilitator:attendance_follow_up", args=[session.pk])
    ).content.decode()

    assert '<h3 class="item__title">Bambang Sutrisno</h3>' in page


def test_an_unknown_choice_gets_its_own_message_not_no_longer_registered(
    workshop_world, client_for
):
    registration, session = workshop_world["registration"], workshop_world["session"]
    client = client_for(workshop_world["users"]["own_facilitator"])

    response = client.post(
        reverse("facilitator:attendance", args=[session.pk]),
        {f"status-{registration.pk}": "sleeping"},
        headers={"Accept": "application/json"},
    )

    assert response.status_code == 400
    message = response.json()["message"]
    assert "pilih hadir, terlambat, izin, atau tidak hadir" in message
    assert "tidak terdaftar lagi" not in message
    assert not registration.attendances.exists()


def test_everyone_present_is_refused_before_the_session_starts(
    workshop_world, client_for
):
    session = workshop_world["session"]
    session.date = session.date + datetime.timedelta(days=3)
    session.save()
    client = client_for(workshop_world["users"]["own_facilitator"])
    url = reverse("facilitator:attendance", args=[session.pk])

    assert 'name="all_present"' not in client.get(url).content.decode()
    response = client.post(url, {"all_present": "1"}, follow=True)

    assert "Sesi ini belum dimulai" in response.content.decode()
    assert not Attendance.objects.filter(session=session).exists()


def test_everyone_present_says_it_marks_the_whole_workshop_and_hides_while_filtering(
    workshop_world, client_for
):
    workshop, session = workshop_world["workshop"], started(workshop_world["session"])
    workshop.capacity = 10
    workshop.save()
    RegistrationFactory(workshop=workshop, participant__full_name="Dewi Lestari")
    client = client_for(workshop_world["users"]["own_facilitator"])
    url = reverse("facilitator:attendance", args=[session.pk])

    page = client.get(url).content.decode()
    filtered = client.get(url, {"huruf": "D"}).content.decode()

    assert 'aria-describedby="all-present-help"' in page
    assert 'id="all-present-help">Menandai 2 orang di lokakarya ini' in page
    assert 'name="all_present"' not in filtered
    assert "pilih dulu “Tampilkan semua”" in filtered
