"""Who qualifies for a certificate, and what a workshop has issued."""


from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format

from certificates.models import Certificate, CertificateSettings
from certificates.render import CertificateText, Signatory, WorkshopWording
from literacy_site import pdf
from literacy_site.addresses import absolute_url
from literacy_site.models import OrganisationSettings
from workshops.models import Attendance, Registration, WorkshopSession

ATTENDED = Attendance.ATTENDED


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


def workshop_ends_at(workshop):
    """When the workshop's last session ends, or None when it has no session."""
    last = workshop.sessions.order_by("-date", "-end_time").first()
    return None if last is None else last.ends_at


def with_rule_check(certificates):
    """Annotate each certificate with the sessions its holder attended and
    `breaks_rule`: valid, issued under the rule, not kept by a decision, and its
    holder now below the workshop's minimum. One query, however many."""
    attended = (
        Attendance.objects.filter(
            registration__workshop=OuterRef("workshop"),
            registration__participant=OuterRef("participant"),
            status__in=ATTENDED,
        )
        .order_by()
        .values("registration__participant")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return certificates.annotate(
        sessions_attended=Coalesce(Subquery(attended, output_field=IntegerField()), 0)
    ).annotate(
        breaks_rule=Case(
            When(
                Q(
                    revoked_at__isnull=True,
                    outside_rule_reason="",
                    kept_despite_rule_at__isnull=True,
                    sessions_attended__lt=F(
                        "workshop__minimum_sessions_for_certificate"
                    ),
                ),
                then=Value(True),
            ),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def certificates_breaking_rule(workshop):
    """The workshop's valid certificates whose holder no longer meets its rule
    and about which nobody has decided yet."""
    return with_rule_check(valid_certificates(workshop)).filter(breaks_rule=True)


def certificate_breaks_rule(certificate):
    """Whether this certificate's holder no longer meets its workshop's rule,
    undecided: what its verification page must say."""
    return (
        with_rule_check(Certificate.objects.filter(pk=certificate.pk))
        .values_list("breaks_rule", flat=True)
        .get()
    )


def certificate_history(workshop):
    """Revoked certificates of the workshop by participant, newest first, with
    the certificate that replaced each, if any: one query."""
    history = {}
    revoked = (
        Certificate.objects.filter(workshop=workshop, revoked_at__isnull=False)
        .select_related("replacement")
        .order_by("-revoked_at", "-pk")
    )
    for certificate in revoked:
        history.setdefault(certificate.participant_id, []).append(certificate)
    return history


def registrations_to_certify(workshop):
    """Who issuing for the workshop would give a certificate: eligible, never
    certified for it (a revoked certificate stays revoked), not erased; nobody
    for a draft or cancelled workshop, which issues no certificates."""
    if workshop.status in (workshop.Status.DRAFT, workshop.Status.CANCELLED):
        return Registration.objects.none()
    return eligible_registrations(workshop).filter(
        ever_certified=False, participant__anonymised_at__isnull=True
    )


def certificate_rows(workshop):
    """One row a person for the workshop's certificates page: attendance, the
    valid certificate checked against the rule, and the revoked ones. Three
    queries, however many people."""
    certificates = {
        c.participant_id: c for c in with_rule_check(valid_certificates(workshop))
    }
    history = certificate_history(workshop)
    minimum = workshop.minimum_sessions_for_certificate
    rows = [
        {
            "participant": registration.participant,
            "sessions_attended": registration.sessions_attended,
            "eligible": registration.sessions_attended >= minimum,
            "certificate": certificates.pop(registration.participant_id, None),
            "history": history.get(registration.participant_id, []),
        }
        for registration in registrations_with_attendance(workshop)
    ]
    # Certificates of people whose registration was cancelled afterwards stay
    # listed, so an administrator can still correct or revoke them.
    rows += [
        {
            "participant": certificate.participant,
            "sessions_attended": None,
            "eligible": False,
            "certificate": certificate,
            "history": history.get(certificate.participant_id, []),
        }
        for certificate in certificates.values()
    ]
    return rows


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


def printed_date(issued_at, last_session_date):
    """The date a certificate is signed on: the day it was issued, but never
    before the workshop's last session (one issued early is dated that day)."""
    issued_on = timezone.localdate(issued_at)
    if last_session_date is not None and issued_on < last_session_date:
        return last_session_date
    return issued_on


def certificate_texts(certificates):
    """What each certificate prints; its QR code opens its page on SITE_URL."""
    certificates = list(certificates)
    last_days = dict(
        WorkshopSession.objects.filter(
            workshop_id__in={c.workshop_id for c in certificates}
        )
        .order_by()
        .values("workshop_id")
        .annotate(last=Max("date"))
        .values_list("workshop_id", "last")
    )
    return [
        CertificateText(
            name=certificate.name_as_printed,
            number=certificate.number,
            code=certificate.display_code,
            verify_url=absolute_url(certificate.get_absolute_url()),
            signed_on=date_format(
                printed_date(
                    certificate.issued_at, last_days.get(certificate.workshop_id)
                ),
                "j F Y",
            ),
        )
        for certificate in certificates
    ]
