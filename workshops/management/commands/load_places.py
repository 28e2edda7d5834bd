from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from workshops.demo import PLACES_CSV
from workshops.services import PlacesImportError, places_import_csv


class Command(BaseCommand):
    help = _(
        "Load kecamatan and desa from a CSV file with columns kode, kecamatan, desa."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_path", nargs="?", default=str(PLACES_CSV))

    def handle(self, *args, csv_path, **options):
        try:
            text = Path(csv_path).read_text(encoding="utf-8-sig")
        except OSError as error:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s")
                % {"path": csv_path, "error": error}
            ) from error
        try:
            result = places_import_csv(text=text)
        except PlacesImportError as error:
            raise CommandError(
                _("Nothing was loaded. Fix these rows and try again:\n%(errors)s")
                % {"errors": "\n".join(error.errors)}
            ) from error
        self.stdout.write(
            _(
                "Places loaded: %(kec)d new kecamatan, %(desa)d new desa, "
                "%(updated)d updated, %(unchanged)d unchanged."
            )
            % {
                "kec": result.kecamatan_created,
                "desa": result.desa_created,
                "updated": result.updated,
                "unchanged": result.unchanged,
            }
        )
