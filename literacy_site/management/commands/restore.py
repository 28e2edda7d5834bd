import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from literacy_site.backups import BackupError, backup_restore, backup_verify


class Command(BaseCommand):
    help = (
        "Replace the database and the files in MEDIA_ROOT and PRIVATE_FILES_ROOT "
        "with those in an archive made by `manage.py backup`. Stop the web server "
        "and the task worker first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Do not ask for confirmation (for scripts).",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only check the archive against its manifest; change nothing.",
        )

    def handle(self, *args, archive, yes, check, **options):
        if not archive.is_file():
            raise CommandError(f"There is no file {archive}.")
        if check:
            manifest = self._verified(archive)
            self.stdout.write(
                f"{archive} is complete: made {manifest['created_at']}, "
                f"{manifest['database']['vendor']} database, "
                f"{len(manifest['files']) - 1} files; every sha256 matches."
            )
            return
        if not yes:
            self._confirm(archive)
        try:
            result = backup_restore(archive=archive)
        except (BackupError, OSError) as error:
            raise CommandError(f"Restore failed: {error}") from error
        manifest = result.manifest
        rows = sum(manifest["database"]["tables"].values())
        self.stdout.write(
            f"Restored {archive} (made {manifest['created_at']}): "
            f"{rows} rows in {len(manifest['database']['tables'])} tables, "
            f"{len(manifest['files']) - 1} files."
        )
        if result.pending_migrations:
            self.stdout.write(
                "The code is newer than the backup. Run `manage.py migrate` before "
                f"starting the site ({len(result.pending_migrations)} migrations "
                "to apply)."
            )
        self.stdout.write("Start the web server and the task worker again.")

    def _verified(self, archive):
        try:
            return backup_verify(archive=archive)
        except BackupError as error:
            raise CommandError(error) from error

    def _confirm(self, archive):
        if not sys.stdin.isatty():
            raise CommandError(
                "Refusing to restore without confirmation: add --yes to replace the "
                "database and files."
            )
        database = connection.settings_dict["NAME"]
        answer = input(
            f"This replaces everything in the database {database} and in the media "
            f"and private folders with {archive}.\n"
            "Are the web server and the task worker stopped? Type 'yes' to go on: "
        )
        if answer.strip().lower() != "yes":
            raise CommandError("Nothing was restored.")
