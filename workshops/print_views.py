"""What village staff print: a desa's certificates, one certificate, and a
workshop's print pack. Large PDFs are drawn by the task worker (PrintJob)."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_POST
from wagtail.models import Site

from certificates import services
from certificates.batches import desa_certificates, render_certificate_batch
from certificates.facilitator_views import (
    print_job_download,
    print_job_of,
    print_job_page,
)
from certificates.models import PrintJob
from certificates.selectors import certificates_to_print
from workshops.access import desa_for, desas_for, facilitator_area, workshop_for
from workshops.forms import ChooseDesaForm
from workshops.models import Registration
from workshops.print_pack import handout_copies, taught_courses
from workshops.selectors import is_administrator

CERTIFICATES_PER_PAGE = 50
# Up to this many certificates are drawn while the request waits; more go to
# the task worker, as a workshop's do.
DIRECT_PRINT_LIMIT = 60


def _pdf(body, filename, *, inline=False):
    response = HttpResponse(body, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@facilitator_area
def choose_desa(request):
    """Village staff go straight to their desa; administrators choose one."""
    served = desas_for(request.user)
    if not is_administrator(request.user):
        if not served.exists():
            raise Http404
        if served.count() == 1:
            return redirect("facilitator:desa_certificates", pk=served.get().pk)
    form = ChooseDesaForm(request.GET or None, desas=served)
    if form.is_valid():
        return redirect("facilitator:desa_certificates", pk=form.cleaned_data["desa"])
    return render(request, "workshops/choose_desa.html", {"form": form})


@facilitator_area
def desa_certificates_page(request, pk):
    desa = desa_for(request, pk)
    certificates = desa_certificates(desa)
    page = Paginator(certificates, CERTIFICATES_PER_PAGE).get_page(
        request.GET.get("halaman")
    )
    count = page.paginator.count
    return render(
        request,
        "workshops/desa_certificates.html",
        {
            "desa": desa,
            "certificates": page,
            "count": count,
            "print_directly": count <= DIRECT_PRINT_LIMIT,
            "print_jobs": desa.certificate_print_jobs.all()[:3],
            "is_administrator": is_administrator(request.user),
        },
    )


@facilitator_area
def desa_certificates_pdf(request, pk):
    desa = desa_for(request, pk)
    certificates = list(desa_certificates(desa)[: DIRECT_PRINT_LIMIT + 1])
    if not certificates or len(certificates) > DIRECT_PRINT_LIMIT:
        return redirect("facilitator:desa_certificates", pk=desa.pk)
    body = render_certificate_batch(certificates, site=Site.find_for_request(request))
    return _pdf(body, f"sertifikat-desa-{slugify(desa.name)[:50]}.pdf")


@facilitator_area
def desa_certificate_pdf(request, pk, certificate_pk):
    """One resident's certificate, to print from the desa's list."""
    desa = desa_for(request, pk)
    certificate = get_object_or_404(desa_certificates(desa), pk=certificate_pk)
    return _one_certificate(request, certificate)


@facilitator_area
def workshop_certificate_pdf(request, pk, certificate_pk):
    """One certificate, to print from the workshop's certificates page."""
    workshop = workshop_for(request, pk)
    certificate = get_object_or_404(
        certificates_to_print(workshop).select_related("workshop__venue"),
        pk=certificate_pk,
    )
    return _one_certificate(request, certificate)


def _one_certificate(request, certificate):
    body = render_certificate_batch([certificate], site=Site.find_for_request(request))
    return _pdf(body, f"sertifikat-{certificate.display_code}.pdf", inline=True)


@facilitator_area
@require_POST
def desa_start_print_job(request, pk):
    """Prepare a desa's large batch in the background; also "try again"."""
    desa = desa_for(request, pk)
    job = services.desa_print_job_start(desa=desa, requested_by=request.user)
    return redirect(job)


@facilitator_area
def desa_print_job(request, pk, job_pk):
    desa = desa_for(request, pk)
    job = print_job_of(desa.certificate_print_jobs, job_pk)
    return print_job_page(request, job)


@facilitator_area
def desa_print_job_file(request, pk, job_pk):
    desa = desa_for(request, pk)
    job = print_job_of(desa.certificate_print_jobs, job_pk)
    filename = f"sertifikat-desa-{slugify(desa.name)[:50]}.pdf"
    return print_job_download(request, job, filename)


@facilitator_area
def print_pack_page(request, pk):
    """What the workshop's print pack holds, and the button to make it."""
    workshop = workshop_for(request, pk)
    registered = workshop.registrations.filter(
        status=Registration.Status.REGISTERED
    ).count()
    return render(
        request,
        "workshops/print_pack.html",
        {
            "workshop": workshop,
            "registered": registered,
            "copies": handout_copies(registered),
            "courses": taught_courses(workshop),
            "certificates": certificates_to_print(workshop).count(),
            "print_jobs": workshop.certificate_print_jobs.filter(
                kind=PrintJob.Kind.PRINT_PACK
            )[:3],
        },
    )


@facilitator_area
@require_POST
def start_print_pack(request, pk):
    """The pack is always put together by the task worker: it draws handouts
    that may not be stored yet and joins many pages. Also "try again"."""
    workshop = workshop_for(request, pk)
    job = services.print_pack_start(workshop=workshop, requested_by=request.user)
    return redirect(job)


def _pack_jobs(workshop):
    return workshop.certificate_print_jobs.filter(kind=PrintJob.Kind.PRINT_PACK)


@facilitator_area
def print_pack_job(request, pk, job_pk):
    workshop = workshop_for(request, pk)
    return print_job_page(request, print_job_of(_pack_jobs(workshop), job_pk))


@facilitator_area
def print_pack_file(request, pk, job_pk):
    workshop = workshop_for(request, pk)
    job = print_job_of(_pack_jobs(workshop), job_pk)
    return print_job_download(
        request, job, f"paket-cetak-{slugify(workshop.title)[:50]}.pdf", inline=True
    )
