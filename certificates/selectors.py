"""Who qualifies for a certificate, and what a workshop has issued."""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format

from certificates.models import Certificate, CertificateSettings
from certificates.render import CertificateText, Signatory, WorkshopWording
from literacy_site import pdf
from literacy_site.addresses import absolute_url
from literacy_site.models import OrganisationSettings
from workshops.models import Attendance, Registration

ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.LATE)


def registrations_with_attendance(workshop):
    """The workshop's registered people with how many sessions they attended
    (present or late) and whether they hold a valid certificate: one query."""
    return (
        Registration.objects.filter(
            workshop=workshop, status=Registration.Status.REGISTERED
        )
        .select_related("participant__desa")
        .annotate(
            sessions_attended=Count(
                "attendances", filter=Q(attendances__status__in=ATTENDED)
            ),
            has_certificate=Exists(
                Certificate.objects.filter(
                    workshop=workshop,
                    participant=OuterRef("participant"),
                    revoked_at__isnull=True,
                )
            ),
            # A revoked certificate stays revoked: issuing for the workshop
            # again must not quietly give that person a new one.
            ever_certified=Exists(
                Certificate.objects.filter(
                    workshop=workshop, participant=OuterRef("participant")
                )
            ),
        )
        .order_by("participant__full_name")
    )


def eligible_registrations(workshop):
    """Registered people who attended at least the workshop's minimum."""
    return registrations_with_attendance(workshop).filter(
        sessions_attended__gte=workshop.minimum_sessions_for_certificate
    )


def valid_certificates(workshop):
    return (
        Certificate.objects.filter(workshop=workshop, revoked_at__isnull=True)
        .select_related("participant")
        .order_by("name_as_printed", "pk")
    )


def certificates_to_print(workshop):
    """The valid certificates worth paper: not those whose owner asked to be
    erased, which would print with a placeholder for a name."""
    return valid_certificates(workshop).filter(participant__anonymised_at__isnull=True)


def workshop_dates_text(workshop):
    """The workshop's dates as printed: one day, or the first and last."""
    dates = sorted({session.date for session in workshop.sessions.all()})
    if not dates:
        return ""
    first, last = dates[0], dates[-1]
    if first == last:
        return date_format(first, "j F Y")
    return f"{date_format(first, 'j F Y')} – {date_format(last, 'j F Y')}"


def workshop_wording(workshop, site):
    """What every certificate of the workshop says, from the site's settings."""
    organisation = OrganisationSettings.for_site(site)
    signing = CertificateSettings.for_site(site)
    return WorkshopWording(
        organisation=pdf.organisation_data(organisation) or pdf.Organisation(name=""),
        workshop_title=workshop.title,
        dates=workshop_dates_text(workshop),
        place=f"{workshop.venue.name}, {workshop.desa.name}",
        signatory=Signatory(
            place=signing.place_of_signing,
            title=signing.signatory_title,
            name=signing.signatory_name,
            rank=signing.signatory_rank,
            nip=signing.signatory_nip,
            signature=pdf.picture_of(signing.signature),
        ),
    )


def certificate_texts(certificates):
    """What each certificate prints; its QR code opens its page on SITE_URL."""
    return [
        CertificateText(
            name=certificate.name_as_printed,
            number=certificate.number,
            code=certificate.display_code,
            verify_url=absolute_url(certificate.get_absolute_url()),
            signed_on=date_format(timezone.localtime(certificate.issued_at), "j F Y"),
        )
        for certificate in certificates
    ]
