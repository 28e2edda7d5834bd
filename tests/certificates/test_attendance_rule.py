"""Certificates follow final attendance: issued once the workshop is over, dated
no earlier than its last session, and flagged when attendance changes after."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from certificates import selectors, services
from certificates.models import Certificate
from literacy_site.roles import ADMINISTRATOR, FACILITATOR
from tests.factories import (
    RegistrationFactory,
    UserFactory,
    WorkshopFactory,
    WorkshopSessionFactory,
)
from workshops import services as workshop_services

pytestmark = pytest.mark.django_db

TOMORROW = timezone.localdate() + datetime.timedelta(days=1)


def workshop_attended_by(names, *, last_session_date=None, minimum=2):
    """A workshop of two sessions (the last on `last_session_date`, or over),
    its facilitator, and people who attended both."""
    facilitator = UserFactory(roles=[FACILITATOR])
    workshop = WorkshopFactory(
        minimum_sessions_for_certificate=minimum, facilitators=[facilitator]
    )
    first = WorkshopSessionFactory(
        workshop=workshop, date=timezone.localdate() - datetime.timedelta(days=2)
    )
    if last_session_date is None:
        last = WorkshopSessionFactory(workshop=workshop, ended=True)
    else:
        last = WorkshopSessionFactory(workshop=workshop, date=last_session_date)
    registrations = []
    for name in names:
        registration = RegistrationFactory(
            workshop=workshop, participant__full_name=name
        )
        for session in (first, last):
            workshop_services.attendance_mark(
                registration=registration,
                session=session,
                status="present",
                marked_by=None,
            )
        registrations.append(registration)
    return {
        "workshop": workshop,
        "sessions": (first, last),
        "registrations": registrations,
        "facilitator": facilitator,
        "administrator": UserFactory(roles=[ADMINISTRATOR]),
    }


def mark_absent(world, registration):
    workshop_services.attendance_mark(
        registration=registration,
        session=world["sessions"][1],
        status="absent",
        marked_by=None,
    )


def page_url(world, name="list", *args):
    return reverse(
        f"facilitator_certificates:{name}", args=[world["workshop"].pk, *args]
    )


# Issuing waits for the last session ------------------------------------------


def test_issuing_before_the_last_session_has_ended_is_refused():
    world = workshop_attended_by(["Siti Aminah"], last_session_date=TOMORROW)

    with pytest.raises(services.CertificateError, match="sesi terakhir selesai"):
        services.certificates_issue_for_workshop(
            workshop=world["workshop"], issued_by=world["facilitator"]
        )
    with pytest.raises(services.CertificateError):
        # A reason does not help a facilitator: only administrators override.
        services.certificates_issue_for_workshop(
            workshop=world["workshop"],
            issued_by=world["facilitator"],
            early_reason="acara penutupan dimajukan",
        )

    assert not Certificate.objects.exists()


def test_a_workshop_without_sessions_issues_nothing():
    workshop = WorkshopFactory(minimum_sessions_for_certificate=0)
    RegistrationFactory(workshop=workshop)

    with pytest.raises(services.CertificateError, match="belum punya sesi"):
        services.certificates_issue_for_workshop(
            workshop=workshop, issued_by=UserFactory(roles=[ADMINISTRATOR])
        )


def test_an_administrator_issues_early_only_with_a_reason_which_is_logged():
    world = workshop_attended_by(["Siti Aminah"], last_session_date=TOMORROW)
    admin = world["administrator"]

    with pytest.raises(services.CertificateError, match="Tuliskan alasan"):
        services.certificates_issue_for_workshop(
            workshop=world["workshop"], issued_by=admin
        )
    (certificate,) = services.certificates_issue_for_workshop(
        workshop=world["workshop"],
        issued_by=admin,
        early_reason="Penutupan dimajukan oleh Bupati",
    )

    entry = ModelLogEntry.objects.get(
        object_id=str(certificate.pk), action="certificates.issued_early"
    )
    assert entry.user == admin
    assert entry.data["reason"] == "Penutupan dimajukan oleh Bupati"


def test_the_printed_date_is_never_before_the_last_session():
    world = workshop_attended_by(["Siti Aminah"], last_session_date=TOMORROW)
    services.certificates_issue_for_workshop(
        workshop=world["workshop"],
        issued_by=world["administrator"],
        early_reason="Penutupan dimajukan",
    )
    over = workshop_attended_by(["Ani Lestari"])
    services.certificates_issue_for_workshop(
        workshop=over["workshop"], issued_by=over["facilitator"]
    )

    early, on_time = selectors.certificate_texts(Certificate.objects.order_by("pk"))

    assert early.signed_on == TOMORROW.strftime("%-d ") + _month(TOMORROW)
    today = timezone.localdate()
    assert on_time.signed_on == today.strftime("%-d ") + _month(today)


def _month(day):
    from django.utils.formats import date_format

    return date_format(day, "F Y")


def test_the_page_says_when_certificates_can_be_issued_and_offers_no_button(
    client_for,
):
    world = workshop_attended_by(["Siti Aminah"], last_session_date=TOMORROW)

    page = client_for(world["facilitator"]).get(page_url(world)).content.decode()

    assert "setelah sesi terakhir selesai, pada" in page
    assert "Terbitkan 1 sertifikat" not in page
    refused = client_for(world["facilitator"]).post(
        page_url(world, "issue"), follow=True
    )
    assert "Sertifikat baru dapat diterbitkan setelah sesi terakhir" in (
        refused.content.decode()
    )
    assert not Certificate.objects.exists()


def test_issue_as_an_exception_is_offered_only_once_the_workshop_is_over(
    client_for,
):
    """Before the last session the exception could only be refused: no link."""
    planned = workshop_attended_by(["Siti Aminah"], last_session_date=TOMORROW)
    over = workshop_attended_by(["Abdul Hamid"])
    mark_absent(planned, planned["registrations"][0])
    mark_absent(over, over["registrations"][0])

    def page_of(world):
        return client_for(world["administrator"]).get(page_url(world)).content.decode()

    assert "Terbitkan sebagai pengecualian" not in page_of(planned)
    assert "Terbitkan sebagai pengecualian" in page_of(over)


def test_an_administrator_issues_early_from_the_page_with_a_reason(client_for):
    world = workshop_attended_by(["Siti Aminah"], last_session_date=TOMORROW)
    admin = client_for(world["administrator"])

    page = admin.get(page_url(world)).content.decode()
    assert "Terbitkan 1 sertifikat sebelum lokakarya selesai" in page
    no_reason = admin.post(page_url(world, "issue"), follow=True).content.decode()
    assert "Tuliskan alasan" in no_reason
    assert not Certificate.objects.exists()

    done = admin.post(
        page_url(world, "issue"),
        {"early_reason": "Penutupan dimajukan"},
        follow=True,
    ).content.decode()

    assert "1 sertifikat diterbitkan" in done
    assert ModelLogEntry.objects.filter(action="certificates.issued_early").exists()


# Certificates that no longer meet the rule ------------------------------------


def test_lowering_attendance_flags_the_certificate_found_in_constant_queries(
    django_assert_num_queries,
):
    world = workshop_attended_by(["Ani", "Budi", "Citra", "Dewi"])
    services.certificates_issue_for_workshop(
        workshop=world["workshop"], issued_by=world["facilitator"]
    )
    assert not selectors.certificates_breaking_rule(world["workshop"]).exists()

    for registration in world["registrations"][:3]:
        mark_absent(world, registration)

    with django_assert_num_queries(1):
        flagged = list(selectors.certificates_breaking_rule(world["workshop"]))
    assert sorted(c.name_as_printed for c in flagged) == ["Ani", "Budi", "Citra"]
    assert {c.sessions_attended for c in flagged} == {1}


def test_a_certificate_issued_outside_the_rule_is_not_flagged():
    world = workshop_attended_by([])
    registration = RegistrationFactory(workshop=world["workshop"])
    services.certificate_issue_outside_rule(
        participant=registration.participant,
        workshop=world["workshop"],
        issued_by=world["administrator"],
        reason="Sakit, mengikuti sesi pengganti",
    )

    assert not selectors.certificates_breaking_rule(world["workshop"]).exists()


def test_keeping_a_flagged_certificate_needs_a_reason_stores_and_logs_it():
    world = workshop_attended_by(["Siti Aminah"])
    (certificate,) = services.certificates_issue_for_workshop(
        workshop=world["workshop"], issued_by=world["facilitator"]
    )
    with pytest.raises(services.CertificateError, match="tidak ada yang perlu"):
        services.certificate_keep_despite_rule(
            certificate=certificate, by=world["administrator"], reason="x"
        )
    mark_absent(world, world["registrations"][0])
    with pytest.raises(services.CertificateError, match="Tuliskan alasan"):
        services.certificate_keep_despite_rule(
            certificate=certificate, by=world["administrator"], reason=" "
        )

    services.certificate_keep_despite_rule(
        certificate=certificate,
        by=world["administrator"],
        reason="Daftar hadir sesi 2 hilang; hadir menurut fasilitator",
    )

    certificate.refresh_from_db()
    assert certificate.is_valid
    assert certificate.kept_despite_rule_by == world["administrator"]
    assert certificate.kept_despite_rule_reason.startswith("Daftar hadir sesi 2")
    assert not selectors.certificates_breaking_rule(world["workshop"]).exists()
    entry = ModelLogEntry.objects.get(action="certificates.kept_despite_rule")
    assert entry.data["reason"].startswith("Daftar hadir sesi 2")


def test_the_page_flags_the_certificate_and_offers_revoke_or_keep(client_for):
    world = workshop_attended_by(["Siti Aminah"])
    (certificate,) = services.certificates_issue_for_workshop(
        workshop=world["workshop"], issued_by=world["facilitator"]
    )
    mark_absent(world, world["registrations"][0])
    revoke = page_url(world, "revoke", certificate.pk)
    keep = page_url(world, "keep_despite_rule", certificate.pk)

    admin = client_for(world["administrator"])
    page = admin.get(page_url(world)).content.decode()
    assert "1 sertifikat tidak lagi memenuhi syarat kehadiran" in page
    assert "Tidak lagi memenuhi syarat: hadir 1 dari 2 sesi" in page
    assert revoke in page and keep in page
    assert "Tetap berlaku dengan alasan" in page

    facilitator = client_for(world["facilitator"])
    seen_by_facilitator = facilitator.get(page_url(world)).content.decode()
    assert "Tidak lagi memenuhi syarat" in seen_by_facilitator
    assert keep not in seen_by_facilitator
    assert facilitator.post(keep, {"reason": "x"}).status_code == 403

    admin = client_for(world["administrator"])  # the same client, signed in again
    done = admin.post(keep, {"reason": "Lembar hadir sesi 2 basah"}, follow=True)
    html = done.content.decode()
    assert f"Sertifikat {certificate.number} tetap berlaku" in html
    assert "tidak lagi memenuhi syarat kehadiran" not in html
    assert "Lembar hadir sesi 2 basah" in html


def test_the_verification_page_says_the_attendance_no_longer_supports_it(client):
    world = workshop_attended_by(["Siti Aminah"])
    (certificate,) = services.certificates_issue_for_workshop(
        workshop=world["workshop"], issued_by=world["facilitator"]
    )
    url = certificate.get_absolute_url()
    assert "Sah, dengan catatan" not in client.get(url).content.decode()

    mark_absent(world, world["registrations"][0])
    flagged = client.get(url).content.decode()

    assert "Sah, dengan catatan" in flagged
    assert "Sertifikat ini asli dan tidak dicabut." in flagged
    assert "tidak lagi mencatat kehadiran yang cukup" in flagged
    assert "Penyelenggara belum memutuskan" in flagged

    services.certificate_keep_despite_rule(
        certificate=certificate, by=world["administrator"], reason="Dicek ulang"
    )
    kept = client.get(url).content.decode()
    assert "Sah, dengan catatan" not in kept
    assert "Sertifikat ini asli dan tidak dicabut." in kept


# What the page offers after a revocation -------------------------------------


def test_after_a_revocation_no_button_offers_to_issue_nothing(client_for):
    world = workshop_attended_by(["Siti Aminah", "Ani Lestari"])
    admin = client_for(world["administrator"])
    admin.post(page_url(world, "issue"))
    siti = Certificate.objects.get(name_as_printed="Siti Aminah")
    admin.post(page_url(world, "revoke", siti.pk), {"reason": "Data ganda"})

    page = admin.get(page_url(world)).content.decode()

    assert "Terbitkan 1 sertifikat" not in page
    assert "Terbitkan" not in page.split('<ul class="item-list">')[0]
    revoked_on = timezone.localdate().strftime("%-d ") + _month(timezone.localdate())
    assert f"Sertifikat {siti.number} dicabut pada {revoked_on}: Data ganda" in page


def _revoked(world, name="Siti Aminah"):
    services.certificates_issue_for_workshop(
        workshop=world["workshop"], issued_by=world["administrator"]
    )
    certificate = Certificate.objects.get(name_as_printed=name)
    return services.certificate_revoke(
        certificate=certificate, revoked_by=world["administrator"], reason="Keliru"
    )


def test_an_administrator_issues_again_to_an_eligible_person_after_a_revocation(
    client_for,
):
    world = workshop_attended_by(["Siti Aminah", "Ani Lestari"])
    old = _revoked(world)
    siti = old.participant
    admin = client_for(world["administrator"])
    reissue = page_url(world, "reissue", siti.pk)

    page = admin.get(page_url(world)).content.decode()
    assert reissue in page and "Terbitkan lagi" in page
    missing = admin.post(reissue, {"reason": ""}).content.decode()
    assert "harus diisi" in missing
    assert Certificate.objects.filter(participant=siti).count() == 1

    done = admin.post(
        reissue, {"reason": "Pencabutan keliru, sudah dicek daftar hadir"}, follow=True
    ).content.decode()

    new = Certificate.objects.get(participant=siti, revoked_at__isnull=True)
    assert new.pk != old.pk and new.number != old.number
    assert new.sequence == 3  # after Siti's and Ani's first certificates
    assert f"Sertifikat {new.number} diterbitkan untuk Siti Aminah" in done
    assert f"Sertifikat {old.number} dicabut pada" in done
    assert reissue not in done
    old.refresh_from_db()
    assert not old.is_valid
    entry = ModelLogEntry.objects.get(action="certificates.reissued")
    assert entry.object_id == str(new.pk)
    assert entry.user == world["administrator"]
    assert entry.data["reason"] == "Pencabutan keliru, sudah dicek daftar hadir"


def test_only_administrators_issue_again(client_for):
    world = workshop_attended_by(["Siti Aminah"])
    siti = _revoked(world).participant
    reissue = page_url(world, "reissue", siti.pk)
    facilitator = client_for(world["facilitator"])

    assert reissue not in facilitator.get(page_url(world)).content.decode()
    assert facilitator.post(reissue, {"reason": "Tolong"}).status_code == 403
    with pytest.raises(services.CertificateError):
        services.certificate_reissue(
            participant=siti,
            workshop=world["workshop"],
            issued_by=world["facilitator"],
            reason="Tolong",
        )
    assert not Certificate.objects.filter(revoked_at__isnull=True).exists()


def test_issuing_again_needs_a_revoked_certificate_and_the_rule_met(client_for):
    world = workshop_attended_by(["Siti Aminah", "Ani Lestari"])
    siti = _revoked(world).participant
    ani = Certificate.objects.get(name_as_printed="Ani Lestari").participant
    admin = world["administrator"]

    with pytest.raises(services.CertificateError, match="sudah punya sertifikat"):
        services.certificate_reissue(
            participant=ani, workshop=world["workshop"], issued_by=admin, reason="x"
        )
    mark_absent(world, world["registrations"][0])
    with pytest.raises(services.CertificateError, match="pengecualian"):
        services.certificate_reissue(
            participant=siti, workshop=world["workshop"], issued_by=admin, reason="x"
        )
    page = client_for(admin).get(page_url(world)).content.decode()
    assert page_url(world, "reissue", siti.pk) not in page
    assert page_url(world, "issue_outside_rule", siti.pk) in page


def test_the_button_counts_exactly_who_would_get_one(client_for):
    world = workshop_attended_by(["Siti Aminah", "Ani Lestari", "Budi Santoso"])
    admin = client_for(world["administrator"])
    services.certificates_issue_for_workshop(
        workshop=world["workshop"], issued_by=world["administrator"]
    )
    revoked = Certificate.objects.get(name_as_printed="Siti Aminah")
    services.certificate_revoke(
        certificate=revoked, revoked_by=world["administrator"], reason="Salah orang"
    )
    newcomer = RegistrationFactory(workshop=world["workshop"])
    for session in world["sessions"]:
        workshop_services.attendance_mark(
            registration=newcomer, session=session, status="present", marked_by=None
        )

    page = admin.get(page_url(world)).content.decode()
    assert "Terbitkan 1 sertifikat" in page

    issued = services.certificates_issue_for_workshop(
        workshop=world["workshop"], issued_by=world["administrator"]
    )
    assert [c.participant for c in issued] == [newcomer.participant]


def test_a_replaced_certificate_is_listed_with_its_replacement(client_for):
    world = workshop_attended_by(["Siti Aminh"])
    (old,) = services.certificates_issue_for_workshop(
        workshop=world["workshop"], issued_by=world["facilitator"]
    )
    new = services.certificate_correct_name(
        certificate=old,
        name="Siti Aminah",
        corrected_by=world["administrator"],
        reason="salah ketik",
    )

    page = client_for(world["facilitator"]).get(page_url(world)).content.decode()

    assert f"Sertifikat {new.number}" in page
    assert f"Sertifikat {old.number} dicabut pada" in page
    assert "Nama diperbaiki: salah ketik" in page
    assert f"diganti dengan {new.number}" in page
