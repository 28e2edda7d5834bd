import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import (
    ParticipantFactory,
    RegistrationFactory,
    WorkshopSessionFactory,
)
from workshops import services
from workshops.models import Participant, Registration

pytestmark = pytest.mark.django_db


def years_ago(years):
    return timezone.now() - datetime.timedelta(days=365 * years + 2)


def test_people_with_no_activity_for_years_lose_their_personal_data():
    quiet = ParticipantFactory(full_name="Siti Lama", phone="0811", needs="Kursi roda")
    Participant.objects.filter(pk=quiet.pk).update(created_at=years_ago(4))
    old_registration = RegistrationFactory(participant=quiet)
    Registration.objects.filter(pk=old_registration.pk).update(
        created_at=years_ago(4), status_changed_at=years_ago(4)
    )

    call_command("anonymise_participants", "--years", "3", verbosity=0)

    quiet.refresh_from_db()
    assert "Siti" not in quiet.full_name
    assert quiet.phone == "" and quiet.needs == ""
    assert quiet.anonymised_at is not None
    assert quiet.birth_year == 1958  # kept, for counts by age


def test_recent_registration_or_attendance_keeps_a_person():
    registered_lately = ParticipantFactory(full_name="Ani Baru")
    Participant.objects.filter(pk=registered_lately.pk).update(created_at=years_ago(5))
    RegistrationFactory(participant=registered_lately)

    came_lately = ParticipantFactory(full_name="Budi Hadir")
    Participant.objects.filter(pk=came_lately.pk).update(created_at=years_ago(5))
    registration = RegistrationFactory(participant=came_lately)
    Registration.objects.filter(pk=registration.pk).update(
        status_changed_at=years_ago(5)
    )
    services.attendance_mark(
        registration=registration,
        session=WorkshopSessionFactory(workshop=registration.workshop),
        status="present",
        marked_by=None,
    )

    assert services.participants_anonymise_inactive(years=3) == 0
    assert set(Participant.objects.values_list("full_name", flat=True)) == {
        "Ani Baru",
        "Budi Hadir",
    }
