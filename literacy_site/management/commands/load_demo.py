from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from certificates.demo import load_certificate_settings, load_year_of_workshops
from courses.demo import load_courses, load_home_page
from literacy_site.demo import load_organisation
from workshops.demo import load_places, load_workshops


class Command(BaseCommand):
    help = _("Load the demo content: places, organisation and pages. Safe to repeat.")

    def handle(self, *args, **options):
        with transaction.atomic():
            places = load_places()
            organisation = load_organisation()
            load_certificate_settings()
            home = load_home_page()
            load_courses()
            workshops = load_workshops()
            workshops += load_year_of_workshops()
        self.stdout.write(
            _(
                "Demo content ready: %(org)s, home page '%(home)s', "
                "%(desa)d new desa, %(workshops)d new workshops."
            )
            % {
                "org": organisation.name,
                "home": home.title,
                "desa": places.desa_created,
                "workshops": workshops,
            }
        )
