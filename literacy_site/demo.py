"""Demo organisation settings: who runs the first deployment. Edit them in the admin."""

from wagtail.models import Site

from literacy_site.models import OrganisationSettings

ORGANISATION = {
    "name": "Dinas Komunikasi dan Informatika Kabupaten Kubu Raya",
    "short_name": "Diskominfo Kubu Raya",
    # The seat of the regency; the office's street address is still to be confirmed.
    "address": "Sungai Raya, Kabupaten Kubu Raya, Kalimantan Barat",
    "website": "https://kuburayakab.go.id",
}


def load_organisation():
    site = Site.objects.get(is_default_site=True)
    settings, _created = OrganisationSettings.objects.get_or_create(
        site=site, defaults=ORGANISATION
    )
    return settings
