"""Certificates in the facilitator area: issue for a workshop, and the
administrators' corrections."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.models import Site

from certificates import selectors, services
from certificates.forms import CorrectNameForm, EarlyIssueForm, ReasonForm
from certificates.models import Certificate, PrintJob
from certificates.render import render_certificates
from workshops.access import administrators_only, facilitator_area, workshop_for
from workshops.models import Participant
from workshops.selectors import is_administrator, runs_workshop

# Up to this many certificates are drawn while the request waits (well under a
# second); more are prepared as a background job with progress shown.
DIRECT_PRINT_LIMIT = 60


@facilitator_area
def workshop_certificates(request, pk):
    workshop = workshop_for(request, pk)
    rows = selectors.certificate_rows(workshop)
    issued = sum(1 for row in rows if row["certificate"])
    ends_at = selectors.workshop_ends_at(workshop)
    return render(
        request,
        "certificates/workshop_certificates.html",
        {
            "workshop": workshop,
            "rows": rows,
            # Exactly who issuing would give one: never a button that does nothing.
            "to_issue": selectors.registrations_to_certify(workshop).count(),
            "breaking_rule": sum(
                1
                for row in rows
                if row["certificate"] and row["certificate"].breaks_rule
            ),
            "issued": issued,
            "ends_at": ends_at,
            "has_ended": ends_at is not None and ends_at <= timezone.now(),
            "may_issue": runs_workshop(request.user, workshop),
            "may_certify": workshop.status
            not in (workshop.Status.DRAFT, workshop.Status.CANCELLED),
            "print_directly": issued <= DIRECT_PRINT_LIMIT,
            "print_jobs": workshop.certificate_print_jobs.filter(
                kind=PrintJob.Kind.WORKSHOP_CERTIFICATES
            )[:3],
            "is_administrator": is_administrator(request.user),
            "early_form": EarlyIssueForm(),
        },
    )


@facilitator_area
@require_POST
def issue_for_workshop(request, pk):
    workshop = workshop_for(request, pk)
    if not runs_workshop(request.user, workshop):
        raise PermissionDenied
    try:
        issued = services.certificates_issue_for_workshop(
            workshop=workshop,
            issued_by=request.user,
            early_reason=request.POST.get("early_reason", ""),
        )
    except services.CertificateError as error:
        messages.error(request, str(error))
        return redirect("facilitator_certificates:list", pk=workshop.pk)
    if issued:
        messages.success(
            request,
            _("%(count)d certificates issued.") % {"count": len(issued)},
        )
    else:
        messages.info(request, _("Everyone who qualifies has a certificate already."))
    return redirect("facilitator_certificates:list", pk=workshop.pk)


@dataclass(frozen=True)
class ReasonPage:
    """A page where an administrator decides about a certificate and says why:
    what it says (`explanation` with the certificate's number and the name),
    and what it tells once done (`done`, with the resulting certificate's)."""

    heading: str
    explanation: str
    button: str
    done: str
    form_class: type = ReasonForm


ISSUE_OUTSIDE_RULE = ReasonPage(
    heading=gettext_lazy("Issue as an exception"),
    explanation=gettext_lazy(
        "%(name)s has not attended enough sessions. Write why a certificate is "
        "issued anyway."
    ),
    button=gettext_lazy("Issue the certificate"),
    done=gettext_lazy("A certificate was issued to %(name)s."),
)
REISSUE = ReasonPage(
    heading=gettext_lazy("Issue the certificate again"),
    explanation=gettext_lazy(
        "The certificate of %(name)s for this workshop was revoked. A new "
        "certificate gets a new number and code; the revoked one stays revoked. "
        "Write why it is issued again."
    ),
    button=gettext_lazy("Issue again"),
    done=gettext_lazy("Certificate %(number)s was issued to %(name)s."),
)
CORRECT_NAME = ReasonPage(
    heading=gettext_lazy("Correct the name"),
    explanation=gettext_lazy(
        "Certificate %(number)s is printed for “%(name)s”. Correcting the name "
        "revokes it and issues a new certificate with a new number; the old "
        "one's page points to the new one."
    ),
    button=gettext_lazy("Issue the corrected certificate"),
    done=gettext_lazy("Corrected: the new certificate is %(number)s."),
    form_class=CorrectNameForm,
)
REVOKE = ReasonPage(
    heading=gettext_lazy("Revoke the certificate"),
    explanation=gettext_lazy(
        "Certificate %(number)s for %(name)s will show as revoked to anyone who "
        "checks it."
    ),
    button=gettext_lazy("Revoke"),
    done=gettext_lazy("Certificate %(number)s is revoked."),
)
KEEP_DESPITE_RULE = ReasonPage(
    heading=gettext_lazy("Keep the certificate valid"),
    explanation=gettext_lazy(
        "Since certificate %(number)s for %(name)s was issued, the attendance was "
        "changed and no longer meets the workshop's rule. Write why it stays "
        "valid; the reason is kept with the certificate and it is no longer "
        "flagged."
    ),
    button=gettext_lazy("Keep it valid"),
    done=gettext_lazy("Certificate %(number)s stays valid."),
)


def _reason_view(request, workshop, page, *, about, act):
    """Show `page` about a certificate or a person (`about`: number and name);
    on a valid form, `act(cleaned_data)` returns the resulting certificate."""
    form = page.form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            certificate = act(form.cleaned_data)
        except services.CertificateError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, page.done % _named(certificate))
            return redirect("facilitator_certificates:list", pk=workshop.pk)
    return render(
        request,
        "certificates/reason_form.html",
        {
            "workshop": workshop,
            "form": form,
            "page": page,
            "explanation": page.explanation % about,
        },
    )


def _named(certificate):
    return {"number": certificate.number, "name": certificate.name_as_printed}


def _certificate_decision(request, pk, certificate_pk, page, decide):
    """`page` about one valid certificate of the workshop; `decide(certificate,
    cleaned_data)` calls the service."""
    workshop = workshop_for(request, pk)
    certificate = get_object_or_404(
        Certificate, pk=certificate_pk, workshop=workshop, revoked_at__isnull=True
    )
    return _reason_view(
        request,
        workshop,
        page,
        about=_named(certificate),
        act=lambda data: decide(certificate, data),
    )


def _participant_decision(request, pk, participant_pk, page, decide, *, through):
    """`page` about one person linked to the workshop `through` its
    "registrations" or its "certificates"; `decide(workshop, participant,
    cleaned_data)` calls the service."""
    workshop = workshop_for(request, pk)
    people = Participant.objects.filter(**{f"{through}__workshop": workshop})
    participant = get_object_or_404(people.distinct(), pk=participant_pk)
    return _reason_view(
        request,
        workshop,
        page,
        about={"name": participant.full_name},
        act=lambda data: decide(workshop, participant, data),
    )


@administrators_only
def issue_outside_rule(request, pk, participant_pk):
    return _participant_decision(
        request,
        pk,
        participant_pk,
        ISSUE_OUTSIDE_RULE,
        lambda workshop, participant, data: services.certificate_issue_outside_rule(
            participant=participant,
            workshop=workshop,
            issued_by=request.user,
            reason=data["reason"],
        ),
        through="registrations",
    )


@administrators_only
def reissue(request, pk, participant_pk):
    return _participant_decision(
        request,
        pk,
        participant_pk,
        REISSUE,
        lambda workshop, participant, data: services.certificate_reissue(
            participant=participant,
            workshop=workshop,
            issued_by=request.user,
            reason=data["reason"],
        ),
        through="certificates",
    )


@administrators_only
def correct_name(request, pk, certificate_pk):
    return _certificate_decision(
        request,
        pk,
        certificate_pk,
        CORRECT_NAME,
        lambda certificate, data: services.certificate_correct_name(
            certificate=certificate,
            name=data["name"],
            corrected_by=request.user,
            reason=data["reason"],
        ),
    )


@administrators_only
def revoke(request, pk, certificate_pk):
    return _certificate_decision(
        request,
        pk,
        certificate_pk,
        REVOKE,
        lambda certificate, data: services.certificate_revoke(
            certificate=certificate, revoked_by=request.user, reason=data["reason"]
        ),
    )


@administrators_only
def keep_despite_rule(request, pk, certificate_pk):
    return _certificate_decision(
        request,
        pk,
        certificate_pk,
        KEEP_DESPITE_RULE,
        lambda certificate, data: services.certificate_keep_despite_rule(
            certificate=certificate, by=request.user, reason=data["reason"]
        ),
    )


@facilitator_area
def print_all(request, pk):
    """Every valid certificate of the workshop in one PDF, a page each."""
    workshop = workshop_for(request, pk)
    certificates = selectors.certificates_to_print(workshop)
    count = certificates.count()
    if not count or count > DIRECT_PRINT_LIMIT:
        if not count:
            messages.info(request, _("No certificates have been issued yet."))
        return redirect("facilitator_certificates:list", pk=workshop.pk)
    body = render_certificates(
        selectors.workshop_wording(workshop, Site.find_for_request(request)),
        selectors.certificate_texts(certificates),
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="sertifikat-{slugify(workshop.title)[:50]}.pdf"'
    )
    return response


@facilitator_area
@require_POST
def start_print_job(request, pk):
    """Prepare a large batch in the background; the next page shows progress.

    Also the "try again" button of a job that failed."""
    workshop = workshop_for(request, pk)
    job = services.print_job_start(workshop=workshop, requested_by=request.user)
    return redirect("facilitator_certificates:print_job", pk=workshop.pk, job_pk=job.pk)


def _certificate_jobs(workshop):
    return workshop.certificate_print_jobs.filter(
        kind=PrintJob.Kind.WORKSHOP_CERTIFICATES
    )


@facilitator_area
def print_job(request, pk, job_pk):
    workshop = workshop_for(request, pk)
    return print_job_page(request, print_job_of(_certificate_jobs(workshop), job_pk))


@facilitator_area
def print_job_file(request, pk, job_pk):
    workshop = workshop_for(request, pk)
    job = print_job_of(_certificate_jobs(workshop), job_pk)
    filename = f"sertifikat-{slugify(workshop.title)[:50]}.pdf"
    return print_job_download(request, job, filename)


# Every kind of print job (a workshop's certificates, a desa's, a print pack)
# is watched and downloaded the same way.


def print_job_of(jobs, job_pk):
    """The job among `jobs` (404 otherwise), with a dead worker noticed."""
    job = get_object_or_404(jobs, pk=job_pk)
    # Whoever watches the page notices a dead worker without waiting for the
    # periodic check.
    services.print_jobs_recover(jobs=PrintJob.objects.filter(pk=job.pk))
    job.refresh_from_db()
    return job


def print_job_page(request, job, status=200):
    """How far the job is, then its download; or why it failed or is gone."""
    return render(
        request,
        "certificates/print_job.html",
        {
            "workshop": job.workshop,
            "job": job,
            "print_files_keep_days": settings.PRINT_FILES_KEEP_DAYS,
        },
        status=status,
    )


def print_job_download(request, job, filename, *, inline=False):
    if job.status != PrintJob.Status.DONE or not job.file:
        # Not ready, failed or removed after some days: the job's page says
        # which, and offers to make it again.
        gone = job.status == PrintJob.Status.EXPIRED
        return print_job_page(request, job, status=410 if gone else 404)
    return FileResponse(
        job.file.open("rb"),
        as_attachment=not inline,
        filename=filename,
        content_type="application/pdf",
    )
