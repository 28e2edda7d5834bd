from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from wagtail.models import Site

from certificates import ratelimit, selectors
from certificates.codes import format_code, normalise_code
from certificates.forms import VerificationForm
from certificates.models import Certificate
from certificates.render import render_certificates


def verify_form(request):
    """Type the code from the certificate; the answer has its own address."""
    form = VerificationForm(request.GET or None)
    if form.is_valid():
        return redirect(
            "certificates:verify", code=format_code(form.cleaned_data["code"])
        )
    return render(request, "certificates/verify_form.html", {"form": form})


def _certificate_for_code(request, code, **conditions):
    """The certificate a typed code names, or None, which counts as a wrong guess."""
    normalised = normalise_code(code)
    certificate = (
        Certificate.objects.select_related(
            "workshop__venue", "workshop__desa", "participant"
        )
        .filter(verification_code=normalised, **conditions)
        .first()
        if normalised
        else None
    )
    if certificate is None:
        ratelimit.count_wrong_guess(request)
    return certificate


def _too_many_guesses(request):
    return render(request, "certificates/too_many_guesses.html", status=429)


def verify(request, code):
    if ratelimit.too_many_wrong_guesses(request):
        return _too_many_guesses(request)
    certificate = _certificate_for_code(request, code)
    if certificate is None:
        return render(
            request, "certificates/not_found.html", {"code": code}, status=404
        )
    if code != certificate.display_code:
        return redirect(certificate)
    return render(
        request,
        "certificates/verify.html",
        {
            "certificate": certificate,
            # Erased at the owner's request: the certificate still proves the
            # workshop was completed, without saying by whom.
            "name_hidden": certificate.participant.anonymised_at is not None,
            "replacement": getattr(certificate, "replacement", None),
            "breaks_rule": selectors.certificate_breaks_rule(certificate),
            "dates": selectors.workshop_dates_text(certificate.workshop),
        },
    )


def download(request, code):
    """The resident's own certificate as a PDF, for whoever has its code."""
    if ratelimit.too_many_wrong_guesses(request):
        return _too_many_guesses(request)
    certificate = _certificate_for_code(request, code, revoked_at__isnull=True)
    if certificate is None or certificate.participant.anonymised_at is not None:
        raise Http404
    body = render_certificates(
        selectors.workshop_wording(
            certificate.workshop, Site.find_for_request(request)
        ),
        selectors.certificate_texts([certificate]),
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="sertifikat-{certificate.display_code}.pdf"'
    )
    return response
