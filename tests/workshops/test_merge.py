"""Two records of one person become one: nothing is lost, conflicts are chosen."""

import datetime

import pytest
from wagtail.models import ModelLogEntry

from certificates import services as certificate_services
from certificates.models import Certificate
from tests.factories import (
    DesaFactory,
    ParticipantFactory,
    RegistrationFactory,
    UserFactory,
    WorkshopFactory,
    WorkshopSessionFactory,
)
from workshops import services
from workshops.models import Attendance, Participant, Registration

pytestmark = pytest.mark.django_db


def attend(registration, session, status="present", by=None):
    return services.attendance_mark(
        registration=registration, session=session, status=status, marked_by=by
    )


@pytest.fixture
def twins(db):
    """Siti entered twice: each record has its own workshop, attendance and a
    certificate; the second record has the phone number."""
    admin = UserFactory()
    keep = ParticipantFactory(full_name="Siti Aminah", phone="")
    remove = ParticipantFactory(
        full_name="Siti  Aminah", desa=keep.desa, phone="081234567890"
    )
    worlds = []
    for person in (keep, remove):
        workshop = WorkshopFactory()
        session = WorkshopSessionFactory(workshop=workshop)
        registration = RegistrationFactory(workshop=workshop, participant=person)
        attend(registration, session, by=admin)
        certificate_services.certificates_issue_for_workshop(
            workshop=workshop, issued_by=admin
        )
        worlds.append((workshop, session, registration))
    return {"admin": admin, "keep": keep, "remove": remove, "worlds": worlds}


def counts():
    return (
        Registration.objects.count(),
        Attendance.objects.count(),
        Certificate.objects.count(),
    )


def test_merge_moves_registrations_attendance_and_certificates_and_loses_nothing(
    twins,
):
    keep, remove = twins["keep"], twins["remove"]
    before = counts()

    services.participants_merge(keep=keep, remove=remove, by=twins["admin"])

    assert counts() == before
    assert not Participant.objects.filter(pk=remove.pk).exists()
    assert keep.registrations.count() == 2
    assert Attendance.objects.filter(registration__participant=keep).count() == 2
    assert keep.certificates.filter(revoked_at__isnull=True).count() == 2
    keep.refresh_from_db()
    assert keep.phone == "+6281234567890"


def test_merge_is_logged_on_the_kept_record_without_the_other_name(twins):
    keep, remove = twins["keep"], twins["remove"]
    remove_pk = remove.pk
    services.participant_correct(
        participant=remove, by=twins["admin"], changes={"needs": "kacamata"}
    )

    services.participants_merge(keep=keep, remove=remove, by=twins["admin"])

    entry = ModelLogEntry.objects.get(action="workshops.participant.merged")
    assert entry.object_id == str(keep.pk)
    assert entry.user == twins["admin"]
    assert entry.data["removed_participant"] == remove_pk
    assert entry.data["registrations_moved"] == 1
    assert entry.data["certificates_moved"] == 1
    # The removed record's own history now belongs to the kept one.
    assert not ModelLogEntry.objects.filter(
        content_type=entry.content_type, object_id=str(remove_pk)
    ).exists()
    assert ModelLogEntry.objects.filter(
        action="workshops.participant.corrected", object_id=str(keep.pk)
    ).exists()


@pytest.fixture
def both_in_one_workshop(twins):
    """Both records registered in one workshop of two sessions: the kept one
    was absent from the first and came to the second; the other came to the
    first only. Each holds a certificate."""
    admin = twins["admin"]
    workshop = WorkshopFactory(minimum_sessions_for_certificate=1)
    first = WorkshopSessionFactory(workshop=workshop)
    second = WorkshopSessionFactory(workshop=workshop)
    mine = RegistrationFactory(workshop=workshop, participant=twins["keep"])
    theirs = RegistrationFactory(workshop=workshop, participant=twins["remove"])
    attend(mine, first, "absent", admin)
    attend(mine, second, "late", admin)
    attend(theirs, first, "present", admin)
    certificate_services.certificates_issue_for_workshop(
        workshop=workshop, issued_by=admin
    )
    return {
        **twins,
        "workshop": workshop,
        "sessions": (first, second),
        "mine": mine,
        "theirs": theirs,
    }


def test_a_merge_with_a_conflict_is_refused_until_it_is_resolved(
    both_in_one_workshop,
):
    world = both_in_one_workshop
    keep, remove, workshop = world["keep"], world["remove"], world["workshop"]
    before = counts()

    with pytest.raises(services.MergeConflict) as refused:
        services.participants_merge(keep=keep, remove=remove, by=world["admin"])

    assert [c.workshop for c in refused.value.conflicts] == [workshop]
    assert counts() == before
    assert Participant.objects.filter(pk=remove.pk).exists()

    services.participants_merge(
        keep=keep,
        remove=remove,
        by=world["admin"],
        resolutions={workshop.pk: services.MergeResolution("keep", "best")},
    )

    registration = Registration.objects.get(workshop=workshop)
    assert registration.pk == world["mine"].pk
    assert registration.participant == keep
    marks = {
        a.session: a.status for a in registration.attendances.select_related("session")
    }
    first, second = world["sessions"]
    assert marks == {first: "present", second: "late"}
    # One valid certificate for the workshop; the other revoked, not deleted.
    certificates = Certificate.objects.filter(workshop=workshop)
    assert certificates.count() == 2
    assert certificates.filter(revoked_at__isnull=True).count() == 1
    assert set(certificates.values_list("participant", flat=True)) == {keep.pk}
    entry = ModelLogEntry.objects.get(action="workshops.participant.merged")
    (conflict,) = entry.data["conflicts"]
    assert conflict["dropped_registration"]["id"] == world["theirs"].pk
    assert "certificate_revoked" in conflict


def test_choosing_the_other_registration_keeps_its_marks(both_in_one_workshop):
    world = both_in_one_workshop
    workshop = world["workshop"]

    services.participants_merge(
        keep=world["keep"],
        remove=world["remove"],
        by=world["admin"],
        resolutions={
            workshop.pk: services.MergeResolution("remove", "registration")
        },
    )

    registration = Registration.objects.get(workshop=workshop)
    assert registration.pk == world["theirs"].pk
    assert registration.participant == world["keep"]
    first, second = world["sessions"]
    marks = {a.session_id: a.status for a in registration.attendances.all()}
    # Their own mark for the first session; the second was only on the other.
    assert marks == {first.pk: "present", second.pk: "late"}
    valid = Certificate.objects.get(workshop=workshop, revoked_at__isnull=True)
    revoked = Certificate.objects.get(workshop=workshop, revoked_at__isnull=False)
    assert valid.number in revoked.revocation_reason


def test_merging_a_record_with_itself_is_refused(twins):
    with pytest.raises(services.ParticipantError):
        services.participants_merge(
            keep=twins["keep"], remove=twins["keep"], by=twins["admin"]
        )


def test_two_valid_certificates_outside_any_registration_leave_one_valid(twins):
    """Certificates issued outside the rule to both records for one workshop:
    after the merge the kept record's stays valid, the other is revoked."""
    keep, remove, admin = twins["keep"], twins["remove"], twins["admin"]
    workshop = WorkshopFactory()
    WorkshopSessionFactory(workshop=workshop)
    for person in (keep, remove):
        certificate_services.certificate_issue_outside_rule(
            participant=person, workshop=workshop, issued_by=admin, reason="Kader"
        )
    before = counts()

    services.participants_merge(keep=keep, remove=remove, by=admin)

    assert counts() == before
    certificates = Certificate.objects.filter(workshop=workshop)
    assert set(certificates.values_list("participant", flat=True)) == {keep.pk}
    assert certificates.filter(revoked_at__isnull=True).count() == 1


def test_the_merge_form_shows_registration_dates_in_local_time(both_in_one_workshop):
    from workshops.participant_admin_views import ResolutionForm

    registration = both_in_one_workshop["mine"]
    # 20:00 UTC on 1 March is 03:00 on 2 March in Pontianak.
    registration.created_at = datetime.datetime(
        2026, 3, 1, 20, 0, tzinfo=datetime.UTC
    )
    assert "02-03-2026" in ResolutionForm.describe(registration, "ini")


@pytest.fixture
def differing(twins):
    """The second record was entered later with another spelling, year, desa,
    gender and phone, its own needs and the newer consent."""
    keep, remove = twins["keep"], twins["remove"]
    keep.needs = "Kacamata baca"
    keep.phone = "+6281100001111"
    keep.consent_version = "2025-01"
    keep.save()
    remove.full_name = "Siti Aminah Binti Umar"
    remove.birth_year = keep.birth_year + 1
    remove.gender = "L"
    remove.desa = DesaFactory()
    remove.needs = "kacamata baca; sulit mendengar"
    remove.consent_given_at = keep.consent_given_at + datetime.timedelta(days=30)
    remove.consent_version = "2026-01"
    remove.save()
    return twins


def test_merge_keeps_the_chosen_value_of_each_detail(differing):
    keep, remove = differing["keep"], differing["remove"]
    other_desa = remove.desa

    services.participants_merge(
        keep=keep,
        remove=remove,
        by=differing["admin"],
        fields={
            "full_name": "remove",
            "birth_year": "keep",
            "gender": "keep",
            "desa": "remove",
            "phone": "remove",
        },
    )

    keep.refresh_from_db()
    assert keep.full_name == "Siti Aminah Binti Umar"
    assert keep.birth_year == 1958
    assert keep.gender == "P"
    assert keep.desa == other_desa
    assert keep.phone == "+6281234567890"
    # One text held inside the other is said once.
    assert keep.needs == "kacamata baca; sulit mendengar"
    assert keep.consent_version == "2026-01"
    assert keep.consent_given_at == remove.consent_given_at


def test_merge_log_says_which_side_each_detail_came_from_without_values(differing):
    keep, remove = differing["keep"], differing["remove"]

    services.participants_merge(
        keep=keep, remove=remove, by=differing["admin"], fields={"phone": "remove"}
    )

    entry = ModelLogEntry.objects.get(action="workshops.participant.merged")
    assert entry.data["fields"] == {
        "full_name": "keep",
        "birth_year": "keep",
        "gender": "keep",
        "desa": "keep",
        "phone": "remove",
        "needs": "combined",
        "consent": "remove",
    }
    assert "Binti Umar" not in str(entry.data)
    assert "0812" not in str(entry.data) and "812" not in str(entry.data)


def test_the_older_consent_on_the_other_record_does_not_replace_the_newer(twins):
    keep, remove = twins["keep"], twins["remove"]
    remove.consent_given_at = keep.consent_given_at - datetime.timedelta(days=400)
    remove.consent_version = "2024-01"
    remove.save()
    newer = keep.consent_given_at

    services.participants_merge(keep=keep, remove=remove, by=twins["admin"])

    keep.refresh_from_db()
    assert keep.consent_given_at == newer
    assert keep.consent_version != "2024-01"


def test_needs_too_long_together_are_refused_and_nothing_merges(twins):
    keep, remove = twins["keep"], twins["remove"]
    keep.needs = "a" * 150
    keep.save()
    remove.needs = "b" * 150
    remove.save()
    before = counts()

    with pytest.raises(services.ParticipantError):
        services.participants_merge(keep=keep, remove=remove, by=twins["admin"])
    services.participants_merge(
        keep=keep, remove=remove, by=twins["admin"], needs="kacamata"
    )

    assert counts() == before
    keep.refresh_from_db()
    assert keep.needs == "kacamata"


@pytest.mark.parametrize(
    ("kept", "other", "combined"),
    [
        ("kacamata", "", "kacamata"),
        ("", "sulit mendengar", "sulit mendengar"),
        ("Kacamata", "kacamata baca", "kacamata baca"),
        ("kacamata baca", "KACAMATA", "kacamata baca"),
        ("kacamata", "kursi roda", "kacamata; kursi roda"),
    ],
)
def test_needs_are_combined_each_said_once(kept, other, combined):
    assert services.needs_combined(kept, other) == combined


def test_learner_cards_move_and_the_kept_records_card_stays_the_valid_one(twins):
    from cards.models import LearnerCard
    from cards.services import card_of

    keep, remove, admin = twins["keep"], twins["remove"], twins["admin"]
    kept_card, other_card = card_of(keep), card_of(remove)

    services.participants_merge(keep=keep, remove=remove, by=admin)

    cards = LearnerCard.objects.filter(participant=keep)
    assert set(cards) == {kept_card, other_card}
    assert list(cards.filter(withdrawn_at__isnull=True)) == [kept_card]


def test_the_other_records_card_stays_valid_when_the_kept_one_has_none(twins):
    from cards.services import card_of

    keep, remove, admin = twins["keep"], twins["remove"], twins["admin"]
    card = card_of(remove)

    services.participants_merge(keep=keep, remove=remove, by=admin)

    card.refresh_from_db()
    assert card.participant == keep
    assert card.is_valid
