from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from literacy_site.backups import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write the database, MEDIA_ROOT and PRIVATE_FILES_ROOT into one dated "
        "archive in BACKUP_DIR, then remove all but the newest --keep archives."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            dest="directory",
            type=Path,
            default=None,
            help="Folder for the archive (default: the BACKUP_DIR setting).",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=14,
            help="How many archives to keep, newest first (default 14; 0 keeps all).",
        )

    def handle(self, *args, directory, keep, **options):
        if keep < 0:
            raise CommandError("--keep must be 0 or more.")
        directory = directory or settings.BACKUP_DIR
        try:
            archive = backup_create(directory=directory, keep=keep)
        except (BackupError, OSError) as error:
            raise CommandError(f"No backup was made: {error}") from error
        size = archive.stat().st_size
        self.stdout.write(f"Backup written: {archive} ({size / 1024 / 1024:.1f} MB)")
