from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from workshops.services import participants_anonymise_inactive


class Command(BaseCommand):
    help = _(
        "Remove names, phone numbers and needs of participants with no activity "
        "for the given number of years (UU PDP No. 27/2022)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=3)

    def handle(self, *args, years, **options):
        if years < 1:
            self.stderr.write(_("Give at least one year."))
            return
        count = participants_anonymise_inactive(years=years)
        self.stdout.write(_("%(count)d participants anonymised.") % {"count": count})
