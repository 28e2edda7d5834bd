import pytest
from django.utils import timezone

from certificates import services
from certificates.demo import load_certificate_settings
from certificates.models import Certificate, CertificateSettings
from certificates.selectors import eligible_registrations
from tests.concurrency import run_at_once
from tests.factories import (
    RegistrationFactory,
    UserFactory,
    WorkshopFactory,
    WorkshopSessionFactory,
)
from workshops import services as workshop_services

pytestmark = pytest.mark.django_db


def workshop_with_sessions(count=3, minimum=2):
    workshop = WorkshopFactory(minimum_sessions_for_certificate=minimum)
    sessions = [
        WorkshopSessionFactory(workshop=workshop, ended=True) for _ in range(count)
    ]
    return workshop, sessions


def attend(registration, sessions, statuses):
    for session, status in zip(sessions, statuses, strict=False):
        workshop_services.attendance_mark(
            registration=registration, session=session, status=status, marked_by=None
        )


def test_present_and_late_count_excused_and_absent_do_not():
    workshop, sessions = workshop_with_sessions(count=3, minimum=2)
    present_twice = RegistrationFactory(workshop=workshop)
    attend(present_twice, sessions, ["present", "present", "absent"])
    late_and_present = RegistrationFactory(workshop=workshop)
    attend(late_and_present, sessions, ["late", "present", "excused"])
    excused_counts_not = RegistrationFactory(workshop=workshop)
    attend(excused_counts_not, sessions, ["present", "excused", "absent"])
    absent = RegistrationFactory(workshop=workshop)
    attend(absent, sessions, ["absent", "absent", "absent"])

    eligible = set(eligible_registrations(workshop))

    assert eligible == {present_twice, late_and_present}


def test_the_minimum_is_an_edge_one_less_does_not_qualify():
    workshop, sessions = workshop_with_sessions(count=3, minimum=3)
    all_three = RegistrationFactory(workshop=workshop)
    attend(all_three, sessions, ["present", "late", "present"])
    two_of_three = RegistrationFactory(workshop=workshop)
    attend(two_of_three, sessions, ["present", "present"])

    assert list(eligible_registrations(workshop)) == [all_three]


def test_eligibility_for_a_whole_workshop_is_one_query(django_assert_num_queries):
    workshop, sessions = workshop_with_sessions(count=2, minimum=1)
    for _ in range(15):
        attend(RegistrationFactory(workshop=workshop), sessions, ["present"])

    with django_assert_num_queries(1):
        assert len(list(eligible_registrations(workshop))) == 15


def test_issuing_gives_certificates_to_the_eligible_only_and_twice_gives_nothing():
    workshop, sessions = workshop_with_sessions(count=2, minimum=1)
    came = RegistrationFactory(workshop=workshop, participant__full_name="Siti Aminah")
    attend(came, sessions, ["present"])
    RegistrationFactory(workshop=workshop)  # never came
    waiting = RegistrationFactory(workshop=workshop, status="waitlisted")
    facilitator = UserFactory()

    first = services.certificates_issue_for_workshop(
        workshop=workshop, issued_by=facilitator
    )
    second = services.certificates_issue_for_workshop(
        workshop=workshop, issued_by=facilitator
    )

    assert [c.name_as_printed for c in first] == ["Siti Aminah"]
    assert second == []
    assert first[0].issued_by == facilitator
    assert not Certificate.objects.filter(participant=waiting.participant).exists()


def test_numbers_follow_the_configured_format_and_count_per_year(db):
    settings = load_certificate_settings()
    settings.number_format = "{seq:03d}/LD/DISKOMINFO/{year}"
    settings.save()
    workshop, sessions = workshop_with_sessions(count=1, minimum=1)
    for _ in range(3):
        attend(RegistrationFactory(workshop=workshop), sessions, ["present"])

    issued = services.certificates_issue_for_workshop(workshop=workshop, issued_by=None)

    year = timezone.localdate().year
    assert sorted(c.number for c in issued) == [
        f"001/LD/DISKOMINFO/{year}",
        f"002/LD/DISKOMINFO/{year}",
        f"003/LD/DISKOMINFO/{year}",
    ]


def test_an_administrator_may_issue_outside_the_rule_with_a_reason():
    workshop, _sessions = workshop_with_sessions(count=2, minimum=2)
    registration = RegistrationFactory(workshop=workshop)

    with pytest.raises(services.CertificateError):
        services.certificate_issue_outside_rule(
            participant=registration.participant,
            workshop=workshop,
            issued_by=None,
            reason="  ",
        )
    certificate = services.certificate_issue_outside_rule(
        participant=registration.participant,
        workshop=workshop,
        issued_by=None,
        reason="Sakit pada sesi kedua, mengikuti susulan",
    )

    assert certificate.outside_rule_reason.startswith("Sakit")
    with pytest.raises(services.CertificateError):
        services.certificate_issue_outside_rule(
            participant=registration.participant,
            workshop=workshop,
            issued_by=None,
            reason="lagi",
        )


def test_correcting_a_name_revokes_the_old_and_issues_a_new_that_points_to_it():
    workshop, sessions = workshop_with_sessions(count=1, minimum=1)
    attend(
        RegistrationFactory(workshop=workshop, participant__full_name="Siti Aminh"),
        sessions,
        ["present"],
    )
    (old,) = services.certificates_issue_for_workshop(workshop=workshop, issued_by=None)
    admin = UserFactory()

    new = services.certificate_correct_name(
        certificate=old, name="Siti Aminah", corrected_by=admin, reason="salah ketik"
    )

    old.refresh_from_db()
    assert not old.is_valid and old.revoked_by == admin
    assert "salah ketik" in old.revocation_reason
    assert new.replaces == old and new.is_valid
    assert new.name_as_printed == "Siti Aminah"
    assert new.number != old.number
    assert (
        services.certificates_issue_for_workshop(workshop=workshop, issued_by=None)
        == []
    )


def test_revoking_needs_a_reason_and_happens_once():
    workshop, sessions = workshop_with_sessions(count=1, minimum=1)
    attend(RegistrationFactory(workshop=workshop), sessions, ["present"])
    (certificate,) = services.certificates_issue_for_workshop(
        workshop=workshop, issued_by=None
    )

    with pytest.raises(services.CertificateError):
        services.certificate_revoke(certificate=certificate, revoked_by=None, reason="")
    services.certificate_revoke(
        certificate=certificate, revoked_by=None, reason="Diterbitkan keliru"
    )
    with pytest.raises(services.CertificateError):
        services.certificate_revoke(
            certificate=certificate, revoked_by=None, reason="lagi"
        )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_facilitators_issuing_at_the_same_moment_get_distinct_gap_free_numbers():
    workshops = []
    for _ in range(6):
        workshop, sessions = workshop_with_sessions(count=1, minimum=1)
        for _ in range(3):
            attend(RegistrationFactory(workshop=workshop), sessions, ["present"])
        workshops.append(workshop)
    _results, errors = run_at_once(
        lambda workshop: services.certificates_issue_for_workshop(
            workshop=workshop, issued_by=None
        ),
        workshops,
    )

    assert errors == []
    sequences = sorted(Certificate.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, 19))
    assert Certificate.objects.values("number").distinct().count() == 18


def test_a_revoked_certificate_is_not_issued_again_by_the_next_batch():
    workshop, sessions = workshop_with_sessions(count=1, minimum=1)
    attend(RegistrationFactory(workshop=workshop), sessions, ["present"])
    (certificate,) = services.certificates_issue_for_workshop(
        workshop=workshop, issued_by=None
    )
    services.certificate_revoke(
        certificate=certificate, revoked_by=None, reason="Curang"
    )

    assert (
        services.certificates_issue_for_workshop(workshop=workshop, issued_by=None)
        == []
    )


@pytest.mark.parametrize("status", ["draft", "cancelled"])
def test_no_certificates_for_workshops_that_did_not_take_place(status):
    workshop, sessions = workshop_with_sessions(count=1, minimum=1)
    attend(RegistrationFactory(workshop=workshop), sessions, ["present"])
    workshop.status = status
    workshop.save()

    with pytest.raises(services.CertificateError):
        services.certificates_issue_for_workshop(workshop=workshop, issued_by=None)


def test_a_number_format_without_the_year_is_refused():
    from django.core.exceptions import ValidationError

    settings = CertificateSettings(number_format="{seq:03d}/LD")

    with pytest.raises(ValidationError):
        settings.clean()
