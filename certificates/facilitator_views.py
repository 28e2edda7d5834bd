"""Certificates in the facilitator area: issue for a workshop, and the
administrators' corrections."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
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


def _reason_view(request, *, workshop, template, form_class, act, context):
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            message = act(form.cleaned_data)
        except services.CertificateError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, message)
            return redirect("facilitator_certificates:list", pk=workshop.pk)
    return render(request, template, {"workshop": workshop, "form": form, **context})


@administrators_only
def issue_outside_rule(request, pk, participant_pk):
    workshop = workshop_for(request, pk)
    participant = get_object_or_404(
        Participant, pk=participant_pk, registrations__workshop=workshop
    )

    def act(data):
        services.certificate_issue_outside_rule(
            participant=participant,
            workshop=workshop,
            issued_by=request.user,
            reason=data["reason"],
        )
        return _("A certificate was issued to %(name)s.") % {
            "name": participant.full_name
        }

    return _reason_view(
        request,
        workshop=workshop,
        template="certificates/issue_outside_rule.html",
        form_class=ReasonForm,
        act=act,
        context={"participant": participant},
    )


@administrators_only
def reissue(request, pk, participant_pk):
    workshop = workshop_for(request, pk)
    # Only someone who held a certificate of this workshop.
    participant = get_object_or_404(
        Participant.objects.filter(certificates__workshop=workshop).distinct(),
        pk=participant_pk,
    )

    def act(data):
        new = services.certificate_reissue(
            participant=participant,
            workshop=workshop,
            issued_by=request.user,
            reason=data["reason"],
        )
        return _("Certificate %(number)s was issued to %(name)s.") % {
            "number": new.number,
            "name": participant.full_name,
        }

    return _reason_view(
        request,
        workshop=workshop,
        template="certificates/reissue.html",
        form_class=ReasonForm,
        act=act,
        context={"participant": participant},
    )


def _certificate_of(workshop, certificate_pk):
    return get_object_or_404(
        Certificate, pk=certificate_pk, workshop=workshop, revoked_at__isnull=True
    )


@administrators_only
def correct_name(request, pk, certificate_pk):
    workshop = workshop_for(request, pk)
    certificate = _certificate_of(workshop, certificate_pk)

    def act(data):
        new = services.certificate_correct_name(
            certificate=certificate,
            name=data["name"],
            corrected_by=request.user,
            reason=data["reason"],
        )
        return _("Corrected: the new certificate is %(number)s.") % {
            "number": new.number
        }

    return _reason_view(
        request,
        workshop=workshop,
        template="certificates/correct_name.html",
        form_class=CorrectNameForm,
        act=act,
        context={"certificate": certificate},
    )


@administrators_only
def revoke(request, pk, certificate_pk):
    workshop = workshop_for(request, pk)
    certificate = _certificate_of(workshop, certificate_pk)

    def act(data):
        services.certificate_revoke(
            certificate=certificate, revoked_by=request.user, reason=data["reason"]
        )
        return _("Certificate %(number)s is revoked.") % {"number": certificate.number}

    return _reason_view(
        request,
        workshop=workshop,
        template="certificates/revoke.html",
        form_class=ReasonForm,
        act=act,
        context={"certificate": certificate},
    )


@administrators_only
def keep_despite_rule(request, pk, certificate_pk):
    workshop = workshop_for(request, pk)
    certificate = _certificate_of(workshop, certificate_pk)

    def act(data):
        services.certificate_keep_despite_rule(
            certificate=certificate, by=request.user, reason=data["reason"]
        )
        return _("Certificate %(number)s stays valid.") % {"number": certificate.number}

    return _reason_view(
        request,
        workshop=workshop,
        template="certificates/keep_despite_rule.html",
        form_class=ReasonForm,
        act=act,
        context={"certificate": certificate},
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


@facilitator_area
def print_job(request, pk, job_pk):
    workshop = workshop_for(request, pk)
    job = get_object_or_404(
        PrintJob,
        pk=job_pk,
        workshop=workshop,
        kind=PrintJob.Kind.WORKSHOP_CERTIFICATES,
    )
    # Whoever watches the page notices a dead worker without waiting for the
    # periodic check.
    services.print_jobs_recover(jobs=PrintJob.objects.filter(pk=job.pk))
    job.refresh_from_db()
    return _print_job_page(request, workshop, job)


def _print_job_page(request, workshop, job, status=200):
    return render(
        request,
        "certificates/print_job.html",
        {
            "workshop": workshop,
            "job": job,
            "print_files_keep_days": settings.PRINT_FILES_KEEP_DAYS,
        },
        status=status,
    )


@facilitator_area
def print_job_file(request, pk, job_pk):
    workshop = workshop_for(request, pk)
    job = get_object_or_404(
        PrintJob,
        pk=job_pk,
        workshop=workshop,
        kind=PrintJob.Kind.WORKSHOP_CERTIFICATES,
    )
    if job.status != PrintJob.Status.DONE or not job.file:
        # Not ready, failed or removed after some days: the job's page says
        # which, and offers to print again.
        gone = job.status == PrintJob.Status.EXPIRED
        return _print_job_page(request, workshop, job, status=410 if gone else 404)
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=f"sertifikat-{slugify(workshop.title)[:50]}.pdf",
        content_type="application/pdf",
    )
