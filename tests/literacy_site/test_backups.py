"""Backups restore: rows, numbers, codes and files come back exactly as they were.

The restore goes into the test database itself; the tests are transactional with
serialized rollback, so the database is flushed and refilled afterwards as for any
other transactional test."""

import gzip
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from wagtail.models import Site

from certificates import services as certificate_services
from certificates.models import Certificate, CertificateSettings, PrintJob
from certificates.tasks import print_certificates
from literacy_site import backups
from tests.courses.factories import ImageFactory
from tests.factories import (
    KecamatanFactory,
    RegistrationFactory,
    WorkshopFactory,
    WorkshopSessionFactory,
)
from workshops import services as workshop_services

transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def make_data():
    """Places, a workshop with participants and attendance, certificates with
    numbers and codes, an uploaded picture, the signature image and a print file."""
    workshop = WorkshopFactory(minimum_sessions_for_certificate=1)
    sessions = [
        WorkshopSessionFactory(workshop=workshop, ended=True) for _ in range(2)
    ]
    registrations = [
        RegistrationFactory(workshop=workshop, participant__desa=workshop.desa)
        for _ in range(3)
    ]
    for registration, status in zip(
        registrations, ["present", "late", "absent"], strict=True
    ):
        workshop_services.attendance_mark(
            registration=registration,
            session=sessions[0],
            status=status,
            marked_by=None,
        )
    certificate_services.certificates_issue_for_workshop(
        workshop=workshop, issued_by=None
    )
    ImageFactory(title="langkah-pertama")
    signatory = CertificateSettings.for_site(Site.objects.get(is_default_site=True))
    signatory.signature = ImageFactory(title="tanda-tangan")
    signatory.save()
    job = PrintJob.objects.create(workshop=workshop, total=2)
    print_certificates.enqueue(job.pk)
    job.refresh_from_db()
    return job


def every_row():
    """Every table's rows, in an order that does not depend on storage."""
    rows = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows[table] = sorted(
                (tuple(_plain(value) for value in row) for row in cursor.fetchall()),
                key=repr,
            )
    return rows


def _plain(value):
    return bytes(value) if isinstance(value, memoryview) else value


def every_file():
    return {
        f"{name}/{path.relative_to(root).as_posix()}": path.read_bytes()
        for name, root in backups.file_roots().items()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def wipe():
    # Without post_migrate, so content types keep the ids this process has cached.
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    for root in backups.file_roots().values():
        for path in sorted(root.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
    # Made after the backup: a restore must take these away too.
    KecamatanFactory(name="Kecamatan sesudah cadangan")
    stray = backups.file_roots()["media"] / "original_images" / "sesudah.svg"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_text("<svg/>")


def backup_in(folder, **options):
    call_command("backup", directory=folder, verbosity=0, **options)
    return backups.backups_list(directory=folder)[-1]


@transactional
def test_restore_brings_back_every_row_and_every_file_after_a_wipe(tmp_path):
    job = make_data()
    certificate = Certificate.objects.first()
    rows_before, files_before = every_row(), every_file()
    archive = backup_in(tmp_path)

    wipe()
    assert not Certificate.objects.exists()
    call_command("restore", archive, yes=True, stdout=io.StringIO())

    assert every_row() == rows_before
    assert every_file() == files_before
    restored = Certificate.objects.get(verification_code=certificate.verification_code)
    assert restored.number == certificate.number
    assert restored.participant.full_name == certificate.participant.full_name
    assert PrintJob.objects.get().file.read() == files_before[f"private/{job.file}"]
    assert rows_before["certificates_certificate"]
    assert any(name.startswith("media/original_images/") for name in files_before)


@transactional
def test_the_manifest_lists_the_engine_migrations_rows_and_every_file(tmp_path):
    make_data()
    archive = backup_in(tmp_path)

    manifest = backups.backup_verify(archive=archive)
    checked = io.StringIO()
    call_command("restore", archive, check=True, stdout=checked)

    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["database"]["tables"]["certificates_certificate"] == 2
    assert manifest["database"]["tables"]["workshops_attendance"] == 3
    assert "0001_initial" in manifest["database"]["migrations"]["certificates"]
    with tarfile.open(archive) as opened:
        names = set(opened.getnames()) - {"manifest.json"}
    assert set(manifest["files"]) == names
    assert all(len(entry["sha256"]) == 64 for entry in manifest["files"].values())
    assert "every sha256 matches" in checked.getvalue()
    assert (archive.stat().st_mode & 0o777) == 0o600


@transactional
def test_an_archive_changed_after_the_backup_is_refused_and_nothing_is_touched(
    tmp_path,
):
    job = make_data()
    archive = backup_in(tmp_path)
    tampered = tmp_path / "diubah.tar.gz"
    changed_member = f"private/{job.file}"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w:gz") as target:
        for member in source:
            body = source.extractfile(member).read()
            if member.name == changed_member:
                body = body.replace(b"%%EOF", b"%%EOX")
            member.size = len(body)
            target.addfile(member, io.BytesIO(body))
    Certificate.objects.all().delete()
    rows_before, files_before = every_row(), every_file()

    with pytest.raises(CommandError) as refused:
        call_command("restore", tampered, yes=True)

    assert changed_member in str(refused.value)
    assert "nothing was restored" in str(refused.value)
    assert every_row() == rows_before
    assert every_file() == files_before


def rewrite_manifest(archive, target, change):
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as copy:
        for member in source:
            body = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(body)
                change(manifest)
                body = json.dumps(manifest).encode()
            member.size = len(body)
            copy.addfile(member, io.BytesIO(body))
    return target


@transactional
def test_an_archive_from_another_engine_or_newer_code_is_refused(tmp_path):
    archive = backup_in(tmp_path)
    other = {"sqlite": "postgresql", "postgresql": "sqlite"}[connection.vendor]
    other_engine = rewrite_manifest(
        archive,
        tmp_path / "lain.tar.gz",
        lambda manifest: manifest["database"].update(vendor=other),
    )
    newer = rewrite_manifest(
        archive,
        tmp_path / "baru.tar.gz",
        lambda manifest: manifest["database"]["migrations"]["certificates"].append(
            "0999_from_a_newer_version"
        ),
    )

    with pytest.raises(CommandError, match=f"holds a {other} database"):
        call_command("restore", other_engine, yes=True)
    with pytest.raises(CommandError, match="certificates.0999_from_a_newer_version"):
        call_command("restore", newer, yes=True)


@transactional
def test_a_cut_off_archive_is_refused(tmp_path):
    archive = backup_in(tmp_path)
    cut = tmp_path / "terpotong.tar.gz"
    cut.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    rows_before = every_row()

    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", cut, yes=True)

    assert every_row() == rows_before


@transactional
def test_only_the_newest_archives_are_kept_and_other_files_are_left(tmp_path):
    for stamp in ["20250101-020000", "20260101-020000", "20261125-020000"]:
        (tmp_path / f"literasi-{stamp}.tar.gz").write_bytes(gzip.compress(b""))
    unrelated = tmp_path / "catatan.txt"
    unrelated.write_text("jangan dihapus")

    newest = backup_in(tmp_path, keep=2)

    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        ["catatan.txt", "literasi-20261125-020000.tar.gz", newest.name]
    )


@transactional
def test_a_failed_backup_leaves_no_half_archive(tmp_path, monkeypatch):
    make_data()
    add_file = backups._add_file
    added = []

    def disk_full_after_two_files(archive, member, path):
        if len(added) == 2:
            raise OSError(28, "No space left on device")
        added.append(member)
        return add_file(archive, member, path)

    monkeypatch.setattr(backups, "_add_file", disk_full_after_two_files)

    with pytest.raises(CommandError, match="No backup was made"):
        call_command("backup", directory=tmp_path)

    assert list(tmp_path.iterdir()) == []


def test_a_restore_without_yes_asks_and_refuses_when_nobody_can_answer(tmp_path):
    archive = tmp_path / "literasi-20261126-020000.tar.gz"
    archive.write_bytes(b"")

    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", archive)


@pytest.mark.django_db
def test_backups_are_not_written_where_the_web_server_serves_files(settings):
    with pytest.raises(CommandError, match="inside the media folder"):
        call_command("backup", directory=Path(settings.MEDIA_ROOT) / "cadangan")
