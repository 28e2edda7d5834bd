"""Each kind of user against each facilitator-area page: who may, who may not."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ALLOWED = {"own_facilitator", "own_village_staff", "administrator"}
RUNS_WORKSHOP = {"own_facilitator", "administrator"}


def workshop_pages(world):
    workshop, session = world["workshop"], world["session"]
    registration = world["registration"]
    return [
        reverse("facilitator:workshop", args=[workshop.pk]),
        reverse("facilitator:register", args=[workshop.pk]),
        reverse("facilitator:walk_in", args=[workshop.pk]),
        reverse("facilitator:cancel_registration", args=[workshop.pk, registration.pk]),
        reverse("facilitator:paper_sheet", args=[workshop.pk]),
        reverse("facilitator:import", args=[workshop.pk]),
        reverse("facilitator:export_csv", args=[workshop.pk]),
        reverse("facilitator:export_xlsx", args=[workshop.pk]),
        reverse("facilitator:attendance", args=[session.pk]),
        reverse("facilitator:attendance_follow_up", args=[session.pk]),
    ]


@pytest.mark.parametrize(
    "who",
    [
        "own_facilitator",
        "other_facilitator",
        "own_village_staff",
        "other_village_staff",
        "administrator",
        "editor",
    ],
)
def test_each_role_sees_only_the_workshops_it_should(workshop_world, client_for, who):
    client = client_for(workshop_world["users"][who])

    for url in workshop_pages(workshop_world):
        status = client.get(url).status_code
        if who in ALLOWED:
            assert status == 200, (who, url)
        elif who == "editor":
            assert status == 403, (who, url)
        else:
            assert status == 404, (who, url)


@pytest.mark.parametrize("who", sorted(ALLOWED | {"other_facilitator"}))
def test_only_those_who_run_a_workshop_may_close_it(workshop_world, client_for, who):
    client = client_for(workshop_world["users"][who])
    url = reverse("facilitator:close", args=[workshop_world["workshop"].pk])

    status = client.post(url).status_code

    expected = {True: 302, False: 403}[who in RUNS_WORKSHOP]
    assert status == (404 if who == "other_facilitator" else expected)


def test_someone_elses_participant_cannot_be_cancelled_or_marked(
    workshop_world, client_for
):
    client = client_for(workshop_world["users"]["other_facilitator"])
    registration = workshop_world["registration"]

    client.post(
        reverse(
            "facilitator:cancel_registration",
            args=[workshop_world["workshop"].pk, registration.pk],
        )
    )
    client.post(
        reverse("facilitator:attendance", args=[workshop_world["session"].pk]),
        {f"status-{registration.pk}": "present"},
    )

    registration.refresh_from_db()
    assert registration.status == "registered"
    assert not registration.attendances.exists()


def test_anonymous_visitors_are_sent_to_sign_in(workshop_world, client):
    for url in workshop_pages(workshop_world) + [reverse("facilitator:home")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("facilitator:login"))


def test_my_workshops_lists_only_my_own(workshop_world, client_for):
    title = workshop_world["workshop"].title

    mine = client_for(workshop_world["users"]["own_facilitator"]).get(
        reverse("facilitator:home")
    )
    assert title in mine.content.decode()

    theirs = client_for(workshop_world["users"]["other_facilitator"]).get(
        reverse("facilitator:home")
    )
    assert title not in theirs.content.decode()


def test_phone_numbers_are_shown_only_to_those_who_run_the_workshop(
    workshop_world, client_for
):
    # Stored as +6281234567890, shown as people here write it.
    phone = "0812-3456-7890"
    url = reverse("facilitator:workshop", args=[workshop_world["workshop"].pk])
    csv_url = reverse("facilitator:export_csv", args=[workshop_world["workshop"].pk])

    for who in ("own_facilitator", "administrator"):
        client = client_for(workshop_world["users"][who])
        assert phone in client.get(url).content.decode(), who
        assert phone in client.get(csv_url).content.decode(), who
    staff = client_for(workshop_world["users"]["own_village_staff"])
    for address in (url, csv_url):
        page = staff.get(address).content.decode()
        assert phone not in page
        assert "81234567890" not in page


def test_public_pages_show_no_personal_data(workshop_world, client):
    participant = workshop_world["registration"].participant

    for url in ["/lokakarya/", "/"]:
        html = client.get(url).content.decode()
        assert participant.full_name not in html
        assert participant.phone not in html


@pytest.mark.parametrize("who", ["other_facilitator", "other_village_staff"])
def test_outsiders_cannot_mark_everyone_present_or_add_a_blank_row_person(
    workshop_world, client_for, who
):
    from tests.workshops.test_attendance_records import blank_row_person
    from workshops.models import Attendance

    workshop, session = workshop_world["workshop"], workshop_world["session"]
    client = client_for(workshop_world["users"][who])
    people = workshop.registrations.count()

    everyone = client.post(
        reverse("facilitator:attendance", args=[session.pk]), {"all_present": "1"}
    )
    added = client.post(
        reverse("facilitator:paper_sheet", args=[workshop.pk]),
        blank_row_person(workshop),
    )

    assert (everyone.status_code, added.status_code) == (404, 404)
    assert not Attendance.objects.filter(session=session).exists()
    assert workshop.registrations.count() == people
