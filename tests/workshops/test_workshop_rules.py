"""The rules of a workshop hold whichever way it is changed: the Wagtail admin
or the service itself."""

import datetime

import pytest
from wagtail.models import ModelLogEntry
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from literacy_site.roles import ADMINISTRATOR, FACILITATOR, VILLAGE_STAFF
from tests.factories import (
    DesaFactory,
    ParticipantFactory,
    RegistrationFactory,
    UserFactory,
    VenueFactory,
    WorkshopFactory,
    WorkshopSessionFactory,
)
from workshops import services
from workshops.models import Participant, Registration, Workshop

pytestmark = pytest.mark.django_db


def actions_logged(workshop):
    return list(
        ModelLogEntry.objects.for_instance(workshop)
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


def wait(workshop, minutes_ago):
    """A waiting place taken `minutes_ago` minutes ago (the queue's order)."""
    from django.utils import timezone

    return RegistrationFactory(
        workshop=workshop,
        status=Registration.Status.WAITLISTED,
        status_changed_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
    )


def form_data(workshop, **changes):
    """What the admin's edit form sends for `workshop`, with `changes`."""
    sessions = list(workshop.sessions.all())
    data = {
        "title": workshop.title,
        "description": workshop.description,
        "desa": workshop.desa_id,
        "venue": workshop.venue_id,
        "facilitators": [user.pk for user in workshop.facilitators.all()],
        "capacity": workshop.capacity,
        "status": workshop.status,
        "reopen_reason": "",
        "minimum_sessions_for_certificate": workshop.minimum_sessions_for_certificate,
        "sessions": inline_formset(
            [
                {
                    "id": session.pk,
                    "date": session.date.isoformat(),
                    "start_time": f"{session.start_time:%H:%M}",
                    "end_time": f"{session.end_time:%H:%M}",
                    "topic": session.topic,
                    "ORDER": index,
                }
                for index, session in enumerate(sessions)
            ],
            initial=len(sessions),
        ),
        **changes,
    }
    return flat(data)


def flat(data):
    """Form data for a post: nested formsets flattened, lists kept as lists."""
    lists = {key: data.pop(key) for key in list(data) if isinstance(data[key], list)}
    return {**nested_form_data(data), **lists}


@pytest.fixture
def administrator(db):
    return UserFactory(roles=[ADMINISTRATOR])


@pytest.fixture
def admin_as(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture
def workshop(db):
    workshop = WorkshopFactory(capacity=1)
    WorkshopSessionFactory(workshop=workshop)
    WorkshopSessionFactory(workshop=workshop, date=datetime.date(2030, 1, 2))
    return workshop


def edit(client, workshop, **changes):
    return client.post(
        f"/admin/workshops/edit/{workshop.pk}/", form_data(workshop, **changes)
    )


# The admin


def test_an_administrator_adds_a_workshop_in_the_admin(admin_as):
    venue = VenueFactory()
    facilitator = UserFactory(roles=[FACILITATOR])
    data = flat(
        {
            "title": "Aman di WhatsApp",
            "description": "",
            "desa": venue.desa_id,
            "venue": venue.pk,
            "facilitators": [facilitator.pk],
            "capacity": 20,
            "status": "open",
            "reopen_reason": "",
            "minimum_sessions_for_certificate": 1,
            "sessions": inline_formset(
                [{"date": "2030-03-01", "start_time": "09:00", "end_time": "11:00"}]
            ),
        }
    )

    response = admin_as.post("/admin/workshops/new/", data)

    assert response.status_code == 302
    workshop = Workshop.objects.get(title="Aman di WhatsApp")
    assert list(workshop.facilitators.all()) == [facilitator]
    assert workshop.sessions.count() == 1
    assert actions_logged(workshop) == ["wagtail.create"]


def test_raising_capacity_in_the_admin_seats_the_first_in_the_queue(admin_as, workshop):
    RegistrationFactory(workshop=workshop)
    later = wait(workshop, minutes_ago=1)
    first = wait(workshop, minutes_ago=30)

    response = edit(admin_as, workshop, capacity=2)

    assert response.status_code == 302
    first.refresh_from_db()
    later.refresh_from_db()
    assert first.status == Registration.Status.REGISTERED
    assert later.status == Registration.Status.WAITLISTED


def test_the_admin_refuses_a_venue_in_another_desa(admin_as, workshop):
    elsewhere = VenueFactory(name="Aula Kecamatan", desa=DesaFactory(name="Kuala Dua"))

    response = edit(admin_as, workshop, venue=elsewhere.pk)

    assert response.status_code == 200
    assert "Tempat ini berada di desa Kuala Dua" in response.content.decode()
    workshop.refresh_from_db()
    assert workshop.venue != elsewhere


def test_the_admin_accepts_a_shared_venue_in_another_desa(admin_as, workshop):
    hall = VenueFactory(shared=True)

    response = edit(admin_as, workshop, venue=hall.pk)

    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.venue == hall


def venue_data(venue, **changes):
    return {
        "name": venue.name,
        "desa": venue.desa_id,
        "address": venue.address,
        **({"shared": "on"} if venue.shared else {}),
        **changes,
    }


@pytest.fixture
def shared_hall(db):
    """A shared kecamatan hall where a workshop of another desa is held."""
    hall = VenueFactory(name="Aula Kecamatan", shared=True)
    WorkshopFactory(title="Aman di WhatsApp", venue=hall, desa=DesaFactory())
    return hall


def test_the_admin_keeps_a_venue_shared_while_other_desa_use_it(admin_as, shared_hall):
    data = venue_data(shared_hall)
    del data["shared"]

    response = admin_as.post(f"/admin/venues/edit/{shared_hall.pk}/", data)

    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "Lokakarya untuk desa lain diadakan di tempat ini (Aman di WhatsApp), "
        "jadi tempat ini harus tetap menjadi tempat bersama."
    ) in html
    shared_hall.refresh_from_db()
    assert shared_hall.shared


def test_the_admin_keeps_a_used_venue_in_its_desa(admin_as, workshop):
    venue = workshop.venue
    other_desa = DesaFactory()

    response = admin_as.post(
        f"/admin/venues/edit/{venue.pk}/", venue_data(venue, desa=other_desa.pk)
    )

    assert response.status_code == 200
    assert f"diadakan di tempat ini ({workshop.title})" in response.content.decode()
    venue.refresh_from_db()
    assert venue.desa == workshop.desa


def test_the_admin_changes_what_breaks_no_workshop_and_logs_it(
    admin_as, administrator, shared_hall
):
    moved = admin_as.post(
        f"/admin/venues/edit/{shared_hall.pk}/",
        venue_data(shared_hall, name="Aula Kantor Camat", desa=DesaFactory().pk),
    )
    unused = VenueFactory(shared=True)
    unshared = admin_as.post(
        f"/admin/venues/edit/{unused.pk}/", {**venue_data(unused), "shared": ""}
    )
    added = admin_as.post(
        "/admin/venues/new/", venue_data(VenueFactory.build(desa=DesaFactory()))
    )

    assert (moved.status_code, unshared.status_code, added.status_code) == (
        302,
        302,
        302,
    )
    shared_hall.refresh_from_db()
    unused.refresh_from_db()
    assert shared_hall.name == "Aula Kantor Camat" and not unused.shared
    assert ModelLogEntry.objects.filter(
        action="wagtail.edit", user=administrator, object_id=str(shared_hall.pk)
    ).exists()
    assert ModelLogEntry.objects.filter(action="wagtail.create").count() == 1


def test_the_venue_service_refuses_what_would_strand_a_workshop(shared_hall):
    shared_hall.shared = False

    with pytest.raises(services.WorkshopRefused) as refusal:
        services.venue_update(venue=shared_hall, by=None)

    assert list(refusal.value.message_dict) == ["shared"]


def test_the_admin_refuses_a_certificate_rule_above_the_number_of_sessions(
    admin_as, workshop
):
    response = edit(admin_as, workshop, minimum_sessions_for_certificate=3)

    assert response.status_code == 200
    assert "tidak ada yang bisa mendapatkannya" in response.content.decode()
    workshop.refresh_from_db()
    assert workshop.minimum_sessions_for_certificate == 1


def test_the_admin_does_not_offer_or_accept_a_user_who_is_not_a_facilitator(
    admin_as, workshop
):
    staff = UserFactory(roles=[VILLAGE_STAFF], username="staf-kantor-desa")
    facilitator = UserFactory(roles=[FACILITATOR], username="fasilitator-siti")

    form = admin_as.get(f"/admin/workshops/edit/{workshop.pk}/").content.decode()
    response = edit(admin_as, workshop, facilitators=[staff.pk, facilitator.pk])

    assert facilitator.username in form
    assert "staf-kantor-desa" not in form
    assert response.status_code == 200
    assert not workshop.facilitators.exists()


def test_closing_in_the_admin_is_logged_as_a_closing(admin_as, workshop):
    response = edit(admin_as, workshop, status="closed")

    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.status == Workshop.Status.CLOSED
    assert "workshops.workshop.closed" in actions_logged(workshop)


def test_cancelling_in_the_admin_is_logged_as_a_cancellation(admin_as, workshop):
    edit(admin_as, workshop, status="cancelled")

    workshop.refresh_from_db()
    assert workshop.status == Workshop.Status.CANCELLED
    assert "workshops.workshop.cancelled" in actions_logged(workshop)


def test_reopening_in_the_admin_needs_a_reason(admin_as, workshop):
    services.workshop_close(workshop=workshop, closed_by=None)

    refused = edit(admin_as, workshop, status="open")
    workshop.refresh_from_db()
    status_after_refusal = workshop.status
    reopened = edit(
        admin_as, workshop, status="open", reopen_reason="Kehadiran sesi 2 salah"
    )

    assert refused.status_code == 200
    assert "Alasan membuka kembali" in refused.content.decode()
    assert status_after_refusal == Workshop.Status.CLOSED
    assert reopened.status_code == 302
    workshop.refresh_from_db()
    assert workshop.status == Workshop.Status.OPEN
    entry = ModelLogEntry.objects.for_instance(workshop).get(
        action="workshops.workshop.reopened"
    )
    assert entry.data["reason"] == "Kehadiran sesi 2 salah"


def test_lowering_capacity_below_the_seats_taken_is_refused(admin_as, workshop):
    workshop.capacity = 3
    workshop.save()
    RegistrationFactory.create_batch(2, workshop=workshop)

    response = edit(admin_as, workshop, capacity=1)

    assert response.status_code == 200
    assert "tidak bisa punya kursi lebih sedikit" in response.content.decode()


# The service


def test_the_service_refuses_a_venue_in_another_desa(workshop):
    workshop.venue = VenueFactory()

    with pytest.raises(services.WorkshopRefused) as refusal:
        services.workshop_update(workshop=workshop, by=None)

    assert "venue" in refusal.value.message_dict


def test_the_service_refuses_a_certificate_rule_above_the_sessions(workshop):
    workshop.minimum_sessions_for_certificate = 3

    with pytest.raises(services.WorkshopRefused) as refusal:
        services.workshop_update(workshop=workshop, by=None)

    assert "minimum_sessions_for_certificate" in refusal.value.message_dict


def test_a_draft_may_be_saved_before_its_sessions_are_planned():
    draft = WorkshopFactory(status=Workshop.Status.DRAFT)
    draft.title = "Belum ada jadwal"

    services.workshop_update(workshop=draft, by=None)

    assert Workshop.objects.get(pk=draft.pk).title == "Belum ada jadwal"


def test_the_service_refuses_a_user_who_is_not_a_facilitator(workshop):
    with pytest.raises(services.WorkshopRefused) as refusal:
        services.workshop_update(
            workshop=workshop,
            by=None,
            facilitators=[UserFactory(roles=[VILLAGE_STAFF])],
        )

    assert "facilitators" in refusal.value.message_dict


def test_the_service_refuses_a_deactivated_facilitator(workshop):
    gone = UserFactory(roles=[FACILITATOR], is_active=False)

    with pytest.raises(services.WorkshopRefused) as refusal:
        services.workshop_update(workshop=workshop, by=None, facilitators=[gone])

    assert "facilitators" in refusal.value.message_dict
    assert not workshop.facilitators.filter(pk=gone.pk).exists()


def test_the_service_accepts_facilitators_and_administrators(workshop):
    people = [UserFactory(roles=[FACILITATOR]), UserFactory(roles=[ADMINISTRATOR])]

    services.workshop_update(workshop=workshop, by=None, facilitators=people)

    assert set(workshop.facilitators.all()) == set(people)


def test_closed_to_open_without_the_reopen_reason_is_refused(workshop):
    services.workshop_close(workshop=workshop, closed_by=None)
    workshop.refresh_from_db()
    workshop.status = Workshop.Status.OPEN

    with pytest.raises(services.WorkshopRefused):
        services.workshop_update(
            workshop=workshop, by=UserFactory(roles=[ADMINISTRATOR])
        )

    workshop.refresh_from_db()
    assert workshop.status == Workshop.Status.CLOSED


def test_a_status_change_is_logged_with_from_and_to(workshop):
    workshop.status = Workshop.Status.DRAFT

    services.workshop_update(workshop=workshop, by=None)

    entry = ModelLogEntry.objects.for_instance(workshop).get(
        action="workshops.workshop.status_changed"
    )
    assert entry.data == {"from": "open", "to": "draft"}


# Reopening


def test_only_an_administrator_reopens_a_closed_workshop(workshop):
    services.workshop_close(workshop=workshop, closed_by=None)
    facilitator = UserFactory(roles=[FACILITATOR])

    with pytest.raises(services.WorkshopRefused):
        services.workshop_reopen(workshop=workshop, by=facilitator, reason="Salah")
    with pytest.raises(services.WorkshopRefused):
        services.workshop_reopen(
            workshop=workshop, by=UserFactory(roles=[ADMINISTRATOR]), reason="  "
        )

    workshop.refresh_from_db()
    assert workshop.status == Workshop.Status.CLOSED


def test_the_facilitator_page_offers_reopening_to_administrators_only(client, workshop):
    services.workshop_close(workshop=workshop, closed_by=None)
    facilitator = UserFactory(roles=[FACILITATOR])
    workshop.facilitators.add(facilitator)
    administrator = UserFactory(roles=[ADMINISTRATOR])
    url = f"/fasilitator/lokakarya/{workshop.pk}/"

    client.force_login(facilitator)
    as_facilitator = client.get(url).content.decode()
    refused = client.post(f"{url}buka-kembali/", {"reason": "Salah tanda"})
    client.force_login(administrator)
    as_administrator = client.get(url).content.decode()
    without_reason = client.post(f"{url}buka-kembali/", {"reason": ""})
    reopened = client.post(f"{url}buka-kembali/", {"reason": "Salah tanda sesi 2"})

    assert "Buka kembali lokakarya ini" not in as_facilitator
    assert refused.status_code == 403
    assert "Buka kembali lokakarya ini" in as_administrator
    assert without_reason.status_code == 200
    assert reopened.status_code == 302
    workshop.refresh_from_db()
    assert workshop.status == Workshop.Status.OPEN


# Participants in the admin


def participant_data(desa, **changes):
    return {
        "full_name": "Siti Aminah",
        "birth_year": 1958,
        "gender": "P",
        "desa": desa.pk,
        "phone": "",
        "needs": "",
        **changes,
    }


def test_adding_a_participant_in_the_admin_records_their_consent(admin_as):
    desa = DesaFactory()

    response = admin_as.post(
        "/admin/participants/new/", participant_data(desa, consent="on")
    )

    assert response.status_code == 302
    person = Participant.objects.get(full_name="Siti Aminah")
    assert person.consent_given_at is not None and person.desa == desa


def test_correcting_a_participant_in_the_admin_is_logged_as_a_correction(admin_as):
    person = ParticipantFactory(full_name="Siti Aminh")

    response = admin_as.post(
        f"/admin/participants/edit/{person.pk}/",
        participant_data(person.desa, phone="0813 1111 2222"),
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.full_name == "Siti Aminah"
    entry = ModelLogEntry.objects.for_instance(person).get(
        action="workshops.participant.corrected"
    )
    assert set(entry.data["fields"]) == {"full_name", "phone"}


def test_correcting_someone_erased_meanwhile_is_a_form_error(admin_as):
    person = ParticipantFactory()
    services.participant_anonymise(participant=person, by=None, reason="Diminta")

    response = admin_as.post(
        f"/admin/participants/edit/{person.pk}/", participant_data(person.desa)
    )

    assert response.status_code == 200
    assert "Data peserta ini sudah dihapus" in response.content.decode()


# Leaving a closed or cancelled workshop


def certify_one(workshop):
    """A certificate of `workshop` (held by a new participant)."""
    from django.utils import timezone

    from certificates.models import Certificate

    registration = RegistrationFactory(workshop=workshop)
    return Certificate.objects.create(
        participant=registration.participant,
        workshop=workshop,
        number=f"T/{workshop.pk}",
        year=2030,
        sequence=workshop.pk,
        verification_code=f"T{workshop.pk}",
        name_as_printed=registration.participant.full_name,
        issued_at=timezone.now(),
    )


def test_a_closed_workshop_does_not_reopen_through_cancelled_without_a_reason(
    admin_as, workshop
):
    services.workshop_close(workshop=workshop, closed_by=None)
    edit(admin_as, workshop, status="cancelled")
    workshop.refresh_from_db()
    assert workshop.status == Workshop.Status.CANCELLED

    refused = edit(admin_as, workshop, status="open")
    workshop.refresh_from_db()
    status_after_refusal = workshop.status
    reopened = edit(admin_as, workshop, status="open", reopen_reason="Batal salah")

    assert refused.status_code == 200
    assert status_after_refusal == Workshop.Status.CANCELLED
    assert reopened.status_code == 302
    workshop.refresh_from_db()
    assert workshop.status == Workshop.Status.OPEN
    entry = ModelLogEntry.objects.for_instance(workshop).get(
        action="workshops.workshop.reopened"
    )
    assert entry.data["reason"] == "Batal salah"


def test_only_an_administrator_reopens_a_cancelled_workshop(workshop):
    services.workshop_cancel(workshop=workshop, cancelled_by=None)

    with pytest.raises(services.WorkshopRefused):
        services.workshop_reopen(
            workshop=workshop, by=UserFactory(roles=[FACILITATOR]), reason="Salah"
        )
    services.workshop_reopen(
        workshop=workshop, by=UserFactory(roles=[ADMINISTRATOR]), reason="Salah"
    )

    workshop.refresh_from_db()
    assert workshop.status == Workshop.Status.OPEN


def test_a_closed_workshop_with_certificates_is_not_cancelled(admin_as, workshop):
    services.workshop_close(workshop=workshop, closed_by=None)
    certify_one(workshop)

    with pytest.raises(services.WorkshopRefused):
        services.workshop_cancel(workshop=workshop, cancelled_by=None)
    response = edit(admin_as, workshop, status="cancelled")

    assert response.status_code == 200
    assert "tidak bisa dibatalkan" in response.content.decode()
    workshop.refresh_from_db()
    assert workshop.status == Workshop.Status.CLOSED


def test_the_admin_cancel_page_refuses_a_closed_workshop(admin_as, workshop):
    services.workshop_close(workshop=workshop, closed_by=None)
    url = f"/admin/workshops/cancel/{workshop.pk}/"

    page = admin_as.get(url).content.decode()
    response = admin_as.post(url, follow=True)

    assert "Ya, batalkan lokakarya" not in page
    assert "tidak bisa dibatalkan" in response.content.decode()
    workshop.refresh_from_db()
    assert workshop.status == Workshop.Status.CLOSED


# Closing


def test_a_cancelled_workshop_is_not_closed_by_its_facilitator(client, workshop):
    facilitator = UserFactory(roles=[FACILITATOR])
    workshop.facilitators.add(facilitator)
    services.workshop_cancel(workshop=workshop, cancelled_by=None)
    client.force_login(facilitator)

    response = client.post(f"/fasilitator/lokakarya/{workshop.pk}/tutup/", follow=True)

    workshop.refresh_from_db()
    assert workshop.status == Workshop.Status.CANCELLED
    assert "Hanya lokakarya yang dibuka" in response.content.decode()
    assert "workshops.workshop.closed" not in actions_logged(workshop)


def test_closing_twice_logs_one_closing(client, workshop):
    facilitator = UserFactory(roles=[FACILITATOR])
    workshop.facilitators.add(facilitator)
    client.force_login(facilitator)

    client.post(f"/fasilitator/lokakarya/{workshop.pk}/tutup/")
    client.post(f"/fasilitator/lokakarya/{workshop.pk}/tutup/")

    workshop.refresh_from_db()
    assert workshop.status == Workshop.Status.CLOSED
    assert actions_logged(workshop).count("workshops.workshop.closed") == 1


def test_a_draft_is_not_closed(workshop):
    workshop.status = Workshop.Status.DRAFT
    workshop.save()

    with pytest.raises(services.WorkshopRefused):
        services.workshop_close(workshop=workshop, closed_by=None)

    workshop.refresh_from_db()
    assert workshop.status == Workshop.Status.DRAFT


# Sessions and their marks


def sessions_form(workshop, deleted=(), **changes):
    """The sessions formset of the edit form, `deleted` ticked, `changes` to all."""
    sessions = list(workshop.sessions.all())
    return inline_formset(
        [
            {
                "id": session.pk,
                "date": session.date.isoformat(),
                "start_time": f"{session.start_time:%H:%M}",
                "end_time": f"{session.end_time:%H:%M}",
                "topic": session.topic,
                "ORDER": index,
                "DELETE": "on" if session in deleted else "",
                **changes,
            }
            for index, session in enumerate(sessions)
        ],
        initial=len(sessions),
    )


def test_a_closed_workshops_sessions_are_not_changed_in_the_admin(admin_as, workshop):
    services.workshop_close(workshop=workshop, closed_by=None)
    workshop.refresh_from_db()
    first = workshop.sessions.order_by("date").first()

    ends_at = first.end_time
    moved = edit(admin_as, workshop, sessions=sessions_form(workshop, end_time="23:00"))
    deleted = edit(admin_as, workshop, sessions=sessions_form(workshop, [first]))

    assert moved.status_code == 200
    assert "sesinya tidak bisa ditambah, dihapus, atau diubah" in moved.content.decode()
    assert deleted.status_code == 200
    assert workshop.sessions.count() == 2
    first.refresh_from_db()
    assert first.end_time == ends_at


def test_a_closed_workshops_certificate_rule_is_not_changed(admin_as, workshop):
    services.workshop_close(workshop=workshop, closed_by=None)
    workshop.refresh_from_db()

    unchanged = edit(admin_as, workshop)
    response = edit(admin_as, workshop, minimum_sessions_for_certificate=2)

    assert response.status_code == 200
    assert "aturan sertifikatnya tidak bisa diubah" in response.content.decode()
    workshop.refresh_from_db()
    assert unchanged.status_code == 302
    assert workshop.minimum_sessions_for_certificate == 1


def test_a_session_with_marks_is_not_deleted_in_the_admin(admin_as, workshop):
    from django.db.models import RestrictedError

    from workshops.models import Attendance

    first = workshop.sessions.order_by("date").first()
    registration = RegistrationFactory(workshop=workshop)
    services.attendance_mark(
        registration=registration, session=first, status="present", marked_by=None
    )

    response = edit(admin_as, workshop, sessions=sessions_form(workshop, [first]))

    assert response.status_code == 200
    assert "sesi yang sudah ada kehadirannya tidak bisa dihapus" in (
        response.content.decode()
    )
    assert Attendance.objects.filter(session=first).exists()
    with pytest.raises(RestrictedError):
        first.delete()
    assert Attendance.objects.filter(session=first).exists()


def test_an_unmarked_session_of_an_open_workshop_may_be_deleted(admin_as, workshop):
    workshop.minimum_sessions_for_certificate = 1
    workshop.save()
    first = workshop.sessions.order_by("date").first()

    response = edit(admin_as, workshop, sessions=sessions_form(workshop, [first]))

    assert response.status_code == 302
    assert workshop.sessions.count() == 1
