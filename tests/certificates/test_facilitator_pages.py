import datetime

import pytest
from django.urls import reverse

from certificates.models import Certificate
from workshops import services as workshop_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def attended(workshop_world):
    workshop_world["workshop"].minimum_sessions_for_certificate = 1
    workshop_world["workshop"].save()
    # Over, so certificates may be issued whatever the time of day.
    workshop_world["session"].date -= datetime.timedelta(days=1)
    workshop_world["session"].save()
    workshop_services.attendance_mark(
        registration=workshop_world["registration"],
        session=workshop_world["session"],
        status="present",
        marked_by=None,
    )
    return workshop_world


def list_url(world):
    return reverse("facilitator_certificates:list", args=[world["workshop"].pk])


def issue_url(world):
    return reverse("facilitator_certificates:issue", args=[world["workshop"].pk])


def test_the_facilitator_issues_certificates_for_her_workshop(attended, client_for):
    client = client_for(attended["users"]["own_facilitator"])

    page = client.get(list_url(attended)).content.decode()
    assert "Terbitkan 1 sertifikat" in page

    done = client.post(issue_url(attended), follow=True).content.decode()

    assert "1 sertifikat diterbitkan" in done
    certificate = Certificate.objects.get()
    assert certificate.display_code in done
    again = client.post(issue_url(attended), follow=True).content.decode()
    assert "Semua yang memenuhi syarat sudah punya sertifikat" in again


@pytest.mark.parametrize(
    ("who", "status"),
    [("own_village_staff", 403), ("other_facilitator", 404), ("editor", 403)],
)
def test_others_cannot_issue(attended, client_for, who, status):
    client = client_for(attended["users"][who])

    assert client.post(issue_url(attended)).status_code == status
    assert not Certificate.objects.exists()


def test_village_staff_see_the_list_but_not_the_issue_button(attended, client_for):
    page = client_for(attended["users"]["own_village_staff"]).get(list_url(attended))

    assert page.status_code == 200
    assert "Terbitkan 1 sertifikat" not in page.content.decode()


def test_only_administrators_correct_or_revoke(attended, client_for):
    client_for(attended["users"]["own_facilitator"]).post(issue_url(attended))
    certificate = Certificate.objects.get()
    workshop_pk = attended["workshop"].pk
    correct = reverse(
        "facilitator_certificates:correct_name", args=[workshop_pk, certificate.pk]
    )
    revoke = reverse(
        "facilitator_certificates:revoke", args=[workshop_pk, certificate.pk]
    )

    facilitator = client_for(attended["users"]["own_facilitator"])
    assert facilitator.get(correct).status_code == 403
    assert facilitator.post(revoke, {"reason": "x"}).status_code == 403

    admin = client_for(attended["users"]["administrator"])
    missing_reason = admin.post(revoke, {"reason": ""})
    assert "harus diisi" in missing_reason.content.decode()
    admin.post(correct, {"name": "Siti Aminah Lubis", "reason": "salah ketik"})

    certificate.refresh_from_db()
    assert not certificate.is_valid
    assert certificate.replacement.name_as_printed == "Siti Aminah Lubis"
    assert certificate.replacement.issued_by == attended["users"]["administrator"]


def test_village_staff_print_all_certificates_of_their_workshop(attended, client_for):
    from io import BytesIO

    from pypdf import PdfReader

    client_for(attended["users"]["own_facilitator"]).post(issue_url(attended))
    staff = client_for(attended["users"]["own_village_staff"])

    response = staff.get(
        reverse("facilitator_certificates:print_all", args=[attended["workshop"].pk])
    )

    reader = PdfReader(BytesIO(response.content))
    assert len(reader.pages) == 1
    name = attended["registration"].participant.full_name
    assert name.split()[0] in reader.pages[0].extract_text()


def test_a_large_batch_is_prepared_as_a_job_with_progress_and_a_download(
    attended, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    from certificates import facilitator_views
    from certificates.models import PrintJob

    monkeypatch.setattr(facilitator_views, "DIRECT_PRINT_LIMIT", 0)
    client = client_for(attended["users"]["own_facilitator"])
    client.post(issue_url(attended))
    page = client.get(list_url(attended)).content.decode()
    assert "Siapkan semua 1 sertifikat untuk dicetak" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(
                "facilitator_certificates:start_print_job",
                args=[attended["workshop"].pk],
            )
        )

    job = PrintJob.objects.get()
    assert response["Location"].endswith(f"/sertifikat/cetak/{job.pk}/")
    assert (job.status, job.done, job.total) == ("done", 1, 1)
    status_page = client.get(response["Location"]).content.decode()
    assert "Unduh PDF" in status_page
    download = client.get(
        reverse(
            "facilitator_certificates:print_job_file",
            args=[attended["workshop"].pk, job.pk],
        )
    )
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    other = client_for(attended["users"]["other_facilitator"])
    assert other.get(response["Location"]).status_code == 404


def test_a_job_still_running_shows_how_far_it_is(attended, client_for):
    from certificates.models import PrintJob

    job = PrintJob.objects.create(
        workshop=attended["workshop"], status="running", total=500, done=125
    )
    client = client_for(attended["users"]["own_village_staff"])

    html = client.get(
        reverse(
            "facilitator_certificates:print_job", args=[attended["workshop"].pk, job.pk]
        )
    ).content.decode()

    assert "125 dari 500 sertifikat sudah digambar" in html
    assert 'http-equiv="refresh"' in html


def test_a_certificate_stays_listed_after_its_registration_is_cancelled(
    attended, client_for
):
    from workshops import services as workshop_services

    client_for(attended["users"]["own_facilitator"]).post(issue_url(attended))
    workshop_services.registration_cancel(
        registration=attended["registration"], cancelled_by=None
    )
    certificate = Certificate.objects.get()

    page = client_for(attended["users"]["administrator"]).get(list_url(attended))

    html = page.content.decode()
    assert certificate.display_code in html
    assert (
        reverse(
            "facilitator_certificates:revoke",
            args=[attended["workshop"].pk, certificate.pk],
        )
        in html
    )


@pytest.mark.parametrize("status", ["draft", "cancelled"])
def test_a_draft_or_cancelled_workshop_offers_no_certificates(
    attended, client_for, status
):
    attended["workshop"].status = status
    attended["workshop"].save()
    client = client_for(attended["users"]["own_facilitator"])

    page = client.get(list_url(attended)).content.decode()

    assert "Terbitkan 1 sertifikat" not in page


def test_a_workshop_cancelled_after_it_was_loaded_issues_nothing(attended):
    from certificates import services as certificate_services
    from workshops.models import Workshop

    loaded = Workshop.objects.get(pk=attended["workshop"].pk)
    workshop_services.workshop_cancel(workshop=attended["workshop"], cancelled_by=None)

    with pytest.raises(certificate_services.CertificateError):
        certificate_services.certificates_issue_for_workshop(
            workshop=loaded, issued_by=attended["users"]["own_facilitator"]
        )
    with pytest.raises(certificate_services.CertificateError):
        certificate_services.certificate_issue_outside_rule(
            participant=attended["registration"].participant,
            workshop=loaded,
            issued_by=attended["users"]["administrator"],
            reason="Hadir tapi tidak tercatat",
        )

    assert not Certificate.objects.exists()
