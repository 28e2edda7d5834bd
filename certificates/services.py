"""Issuing, correcting and revoking certificates. Views call these, nothing else."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Site

from certificates.codes import new_code
from certificates.models import Certificate, CertificateSequence, CertificateSettings
from certificates.selectors import eligible_registrations
from workshops.normalise import normalise_name, validate_name
from workshops.services import locked_workshop


class CertificateError(Exception):
    """An operation the rules do not allow; the message is for the user."""


def _next_number(year):
    # Lock this year's counter row until the transaction ends: two facilitators
    # issuing at once get consecutive numbers, and a rolled-back issue frees its
    # number for the next one, so there are no gaps. On SQLite the IMMEDIATE
    # transaction holds the write lock already.
    CertificateSequence.objects.get_or_create(year=year)
    counter = CertificateSequence.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def _number_format():
    site = Site.objects.filter(is_default_site=True).first()
    return CertificateSettings.for_site(site) if site else CertificateSettings()


def _create(*, participant, workshop, issued_by, name, **extra):
    now = timezone.now()
    year = timezone.localdate(now).year
    sequence = _next_number(year)
    number = _number_format().format_number(sequence=sequence, year=year)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                certificate = Certificate.objects.create(
                    participant=participant,
                    workshop=workshop,
                    number=number,
                    year=year,
                    sequence=sequence,
                    verification_code=new_code(),
                    name_as_printed=" ".join(name.split()),
                    issued_at=now,
                    issued_by=issued_by,
                    **extra,
                )
        except IntegrityError as error:
            # A verification code that exists already (about one in 10**14):
            # draw another. Any other clash is a real error and is raised below.
            if not Certificate.objects.filter(
                participant=participant, workshop=workshop, revoked_at__isnull=True
            ).exists():
                continue
            raise CertificateError(
                _("This participant already has a certificate.")
            ) from error
        log(certificate, "certificates.issued", user=issued_by)
        return certificate
    raise CertificateError(
        _(
            "The certificate could not be numbered. Ask the administrator to "
            "check the number format."
        )
    )


def _check_workshop_may_certify(workshop):
    if workshop.status in (workshop.Status.DRAFT, workshop.Status.CANCELLED):
        raise CertificateError(
            _("Certificates are only issued for workshops that took place.")
        )


def certificates_issue_for_workshop(*, workshop, issued_by) -> list[Certificate]:
    """Issue a certificate to every eligible participant who has none yet.

    Running it again issues nothing new."""
    _check_workshop_may_certify(workshop)
    with transaction.atomic():
        # The workshop row is the lock for "who already has one".
        locked_workshop(workshop)
        return [
            _create(
                participant=registration.participant,
                workshop=workshop,
                issued_by=issued_by,
                name=registration.participant.full_name,
            )
            for registration in eligible_registrations(workshop).filter(
                ever_certified=False, participant__anonymised_at__isnull=True
            )
        ]


def certificate_issue_outside_rule(
    *, participant, workshop, issued_by, reason: str
) -> Certificate:
    """An administrator's exception to the attendance rule, with the reason."""
    if not reason.strip():
        raise CertificateError(_("Write why the certificate is issued."))
    _check_workshop_may_certify(workshop)
    if participant.anonymised_at is not None:
        raise CertificateError(_("This participant's data has been removed."))
    with transaction.atomic():
        locked_workshop(workshop)
        if Certificate.objects.filter(
            participant=participant, workshop=workshop, revoked_at__isnull=True
        ).exists():
            raise CertificateError(_("This participant already has a certificate."))
        return _create(
            participant=participant,
            workshop=workshop,
            issued_by=issued_by,
            name=participant.full_name,
            outside_rule_reason=reason.strip(),
        )


def certificate_revoke(*, certificate, revoked_by, reason: str) -> Certificate:
    """Withdraw a certificate; its verification page then says so, with the date."""
    if not reason.strip():
        raise CertificateError(_("Write why the certificate is revoked."))
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if not certificate.is_valid:
            raise CertificateError(_("This certificate is already revoked."))
        certificate.revoked_at = timezone.now()
        certificate.revoked_by = revoked_by
        certificate.revocation_reason = reason.strip()
        certificate.save(
            update_fields=["revoked_at", "revoked_by", "revocation_reason"]
        )
        log(
            certificate,
            "certificates.revoked",
            user=revoked_by,
            data={"reason": certificate.revocation_reason},
        )
    return certificate


def certificate_correct_name(
    *, certificate, name: str, corrected_by, reason: str
) -> Certificate:
    """Revoke the certificate and issue a new one with the corrected name.

    The new certificate points to the old one, whose page sends people on."""
    name = normalise_name(name)
    if not name:
        raise CertificateError(_("Write the corrected name."))
    validate_name(name)
    with transaction.atomic():
        old = certificate_revoke(
            certificate=certificate,
            revoked_by=corrected_by,
            reason=_("Name corrected: %(reason)s") % {"reason": reason.strip()},
        )
        return _create(
            participant=old.participant,
            workshop=old.workshop,
            issued_by=corrected_by,
            name=name,
            replaces=old,
            outside_rule_reason=old.outside_rule_reason,
        )
