from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from literacy_site.addresses import site_record_update


class Command(BaseCommand):
    help = _(
        "Write the site address (SITE_URL) into the default Wagtail site. "
        "Safe to repeat; run it after changing SITE_URL."
    )

    def handle(self, *args, **options):
        site, changed = site_record_update()
        message = (
            _("Site address set to %(url)s (host %(host)s, port %(port)s).")
            if changed
            else _("Site address is already %(url)s (host %(host)s, port %(port)s).")
        )
        self.stdout.write(
            message
            % {"url": settings.SITE_URL, "host": site.hostname, "port": site.port}
        )
