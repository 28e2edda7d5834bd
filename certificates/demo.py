"""Demo certificate settings for the first deployment. Edit them in the admin:
the signatory's name, rank and NIP are left for the office to fill in."""

from wagtail.models import Site

from certificates.models import CertificateSettings

CERTIFICATES = {
    "number_format": "{seq:03d}/LD/DISKOMINFO/{year}",
    "place_of_signing": "Sungai Raya",
    "signatory_title": "Kepala Dinas Komunikasi dan Informatika Kabupaten Kubu Raya",
}


def load_certificate_settings():
    site = Site.objects.get(is_default_site=True)
    settings, _created = CertificateSettings.objects.get_or_create(
        site=site, defaults=CERTIFICATES
    )
    return settings
