"""Backups: the database and every uploaded or generated file in one dated archive,
and putting an archive back. `manage.py backup` and `manage.py restore` call these.

An archive is a .tar.gz holding `database/db.sqlite3` (SQLite, made with VACUUM
INTO) or `database/db.pgdump` (pg_dump's custom format), `media/…` (MEDIA_ROOT),
`private/…` (PRIVATE_FILES_ROOT) and, last, `manifest.json`: when it was made, the
database engine, the applied migrations, the rows in every table and the sha256 of
every other member. The manifest comes last because each hash is taken from the
very bytes written to the archive, so files changing during a backup cannot make
the two disagree.
"""

import datetime
import hashlib
import io
import json
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import uuid
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import django
import wagtail
from django.apps import apps
from django.conf import settings
from django.db import connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

FORMAT = 1
PREFIX = "literasi"
ARCHIVE_NAME = re.compile(rf"^{PREFIX}-(\d{{8}}-\d{{6}})(?:-(\d+))?\.tar\.gz$")
MANIFEST = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database/db.sqlite3", "postgresql": "database/db.pgdump"}
# Work files of a backup or restore that died; removed once they are this old.
STALE_AFTER = datetime.timedelta(days=1)
STAGING_PREFIX = ".restoring-"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore could not be done; the message says why and what to do."""


def file_roots():
    """Archive folder name → the folder on disk whose files are kept."""
    return {
        "media": Path(settings.MEDIA_ROOT),
        "private": Path(settings.PRIVATE_FILES_ROOT),
    }


@dataclass
class RestoreResult:
    manifest: dict
    archive: Path
    # Migrations the code has that the backup's database had not applied yet.
    pending_migrations: list = field(default_factory=list)


# --- backup ------------------------------------------------------------------


def backup_create(*, directory: Path, keep: int, using: str = "default") -> Path:
    """Write a new archive into `directory`, then keep only the newest `keep`
    (all when `keep` is 0). Nothing is left behind when it fails."""
    connection = connections[using]
    if connection.vendor not in DATABASE_MEMBERS:
        raise BackupError(f"Backups of {connection.vendor} databases are not made.")
    directory = Path(directory).resolve()
    for name, root in file_roots().items():
        if directory.is_relative_to(root.resolve()):
            # Archives there would be copied into every later archive, wiped by a
            # restore and, for media, served to anyone on the web.
            raise BackupError(
                f"BACKUP_DIR ({directory}) is inside the {name} folder ({root}). "
                "Choose a folder outside it."
            )
    if connection.in_atomic_block:
        raise BackupError("A backup cannot be made inside a database transaction.")
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    _remove_stale_work(directory)
    final = _free_name(directory, timezone.localtime())
    partial = directory / f".{final.name}.partial"
    created = False
    try:
        with tempfile.TemporaryDirectory(prefix=".backup-", dir=directory) as work:
            database = _dump_database(connection, Path(work))
            with open(partial, "xb") as raw:
                created = True
                os.fchmod(raw.fileno(), 0o600)
                _write_archive(raw, database)
                raw.flush()
                os.fsync(raw.fileno())
        os.replace(partial, final)
        _fsync_directory(directory)
    except BaseException:
        if created:  # never another backup's file of the same second
            partial.unlink(missing_ok=True)
        raise
    backups_prune(directory=directory, keep=keep)
    return final


def backups_prune(*, directory: Path, keep: int) -> list[Path]:
    """Remove all but the newest `keep` archives (none when `keep` is 0). Only
    files named like this command's archives are ever touched."""
    if keep < 1 or not Path(directory).is_dir():
        return []
    archives = backups_list(directory=directory)
    old = archives[:-keep]
    for path in old:
        path.unlink()
    return old


def backups_list(*, directory: Path) -> list[Path]:
    """The archives in `directory`, oldest first (by the time in their names)."""
    found = []
    for path in Path(directory).iterdir():
        match = ARCHIVE_NAME.match(path.name)
        if match and path.is_file():
            found.append((match[1], int(match[2] or 0), path))
    return [path for *_key, path in sorted(found)]


def _free_name(directory, moment):
    stem = f"{PREFIX}-{moment:%Y%m%d-%H%M%S}"
    candidate = directory / f"{stem}.tar.gz"
    number = 0
    while candidate.exists():
        number += 1
        candidate = directory / f"{stem}-{number}.tar.gz"
    return candidate


def _remove_stale_work(directory):
    oldest = time.time() - STALE_AFTER.total_seconds()
    for path in directory.iterdir():
        leftover = path.name.startswith(".backup-") or (
            path.name.startswith(f".{PREFIX}-") and path.name.endswith(".partial")
        )
        if leftover and path.lstat().st_mtime < oldest:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


def _fsync_directory(directory):
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _dump_database(connection, work):
    """Dump the database into `work`; return what the manifest says about it."""
    if connection.vendor == "sqlite":
        return _dump_sqlite(connection, work)
    return _dump_postgresql(connection, work)


def _dump_sqlite(connection, work):
    # In WAL mode the newest writes may sit in the -wal file, so copying the
    # database file alone can lose them or tear a page; VACUUM INTO writes a
    # consistent, compact copy from one read transaction.
    target = work / "db.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(target)])
    copy = sqlite3.connect(target)
    try:
        cursor = copy.cursor()
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
        tables = [row[0] for row in cursor.fetchall()]
        counts = _table_counts(cursor, tables, connection.ops.quote_name)
        migrations = _applied_migrations(cursor, tables)
    finally:
        copy.close()
    return {
        "vendor": "sqlite",
        "path": target,
        "tables": counts,
        "migrations": migrations,
    }


def _dump_postgresql(connection, work):
    pg_dump = _postgresql_program("pg_dump")
    target = work / "db.pgdump"
    # One snapshot for the dump, the counts and the migrations: pg_dump joins the
    # transaction's exported snapshot, so the manifest describes exactly the dump
    # even while the site keeps writing.
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            tables = sorted(connection.introspection.table_names(cursor))
            counts = _table_counts(cursor, tables, connection.ops.quote_name)
            migrations = _applied_migrations(cursor, tables)
            _run(
                _postgresql_command(
                    connection,
                    pg_dump,
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                )
            )
    return {
        "vendor": "postgresql",
        "path": target,
        "tables": counts,
        "migrations": migrations,
    }


def _table_counts(cursor, tables, quote):
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _applied_migrations(cursor, tables):
    if "django_migrations" not in tables:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    applied = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


def _write_archive(raw, database):
    member = DATABASE_MEMBERS[database["vendor"]]
    files = {}
    with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as archive:
        files[member] = _add_file(archive, member, database["path"])
        for name, root in file_roots().items():
            for path in _files_under(root):
                relative = path.relative_to(root).as_posix()
                entry = _add_file(archive, f"{name}/{relative}", path)
                if entry is not None:
                    files[f"{name}/{relative}"] = entry
        manifest = {
            "format": FORMAT,
            "created_at": timezone.localtime().isoformat(timespec="seconds"),
            "versions": {
                "python": platform.python_version(),
                "django": django.get_version(),
                "wagtail": wagtail.__version__,
            },
            "database": {
                "vendor": database["vendor"],
                "member": member,
                "tables": database["tables"],
                "migrations": database["migrations"],
            },
            "files": files,
        }
        body = json.dumps(manifest, indent=2, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(body)
        info.mtime = int(time.time())
        info.mode = 0o600
        archive.addfile(info, io.BytesIO(body))


def _files_under(root):
    if not root.is_dir():
        return
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = sorted(
            name for name in subfolders if not name.startswith(STAGING_PREFIX)
        )
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield path


def _add_file(archive, member, path):
    """Add one file, hashing exactly the bytes written; None if it vanished."""
    try:
        source = open(path, "rb")
    except FileNotFoundError:
        return None  # deleted since the folder was listed: nothing to keep
    with source:
        stat = os.fstat(source.fileno())
        info = tarfile.TarInfo(member)
        info.size = stat.st_size
        info.mtime = int(stat.st_mtime)
        info.mode = 0o600
        reader = _HashingReader(source)
        archive.addfile(info, reader)
    return {"sha256": reader.hexdigest(), "size": info.size}


class _HashingReader:
    def __init__(self, source):
        self.source = source
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        data = self.source.read(size)
        self.digest.update(data)
        return data

    def hexdigest(self):
        return self.digest.hexdigest()


# --- restore -----------------------------------------------------------------


def backup_verify(*, archive: Path) -> dict:
    """Read the whole archive and check every member against its manifest;
    return the manifest. Nothing on disk or in the database changes."""
    with tempfile.TemporaryDirectory(prefix="literasi-verify-") as work:
        staging = _Staging(database=Path(work), roots={}, discard=True)
        return _unpack(Path(archive), staging)


def backup_restore(*, archive: Path, using: str = "default") -> RestoreResult:
    """Put the archive's database and files back, replacing what is there.

    The whole archive is unpacked and checked first; only then are the database
    and the files replaced. The web server and task worker must be stopped."""
    connection = connections[using]
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"There is no file {archive}.")
    if connection.in_atomic_block:
        raise BackupError("A restore cannot run inside a database transaction.")
    roots = file_roots()
    with tempfile.TemporaryDirectory(prefix="literasi-restore-") as work:
        staging = _Staging(database=Path(work), roots=roots)
        try:
            manifest = _unpack(archive, staging)
            pending = _check_fits(manifest, connection)
            _restore_database(connection, manifest, staging.database)
            for name, root in roots.items():
                _swap_in(staging.folder(name), root)
        finally:
            staging.clean()
    _check_counts(connection, manifest)
    return RestoreResult(manifest=manifest, archive=archive, pending_migrations=pending)


class _Staging:
    """Where an archive is unpacked before anything is replaced. File folders
    are unpacked inside their own root, so putting them in place is a rename."""

    def __init__(self, *, database, roots, discard=False):
        self.database = database
        self.roots = roots
        self.discard = discard
        self.token = uuid.uuid4().hex[:12]

    def folder(self, name):
        return self.roots[name] / f"{STAGING_PREFIX}{self.token}"

    def path_for(self, member):
        path = PurePosixPath(member)
        parts = path.parts
        if (
            path.is_absolute()
            or len(parts) < 2
            or any(part in ("", ".", "..") for part in parts)
        ):
            raise BackupError(f"The archive holds an unsafe name: {member!r}.")
        known = member in DATABASE_MEMBERS.values() or (
            parts[0] in file_roots() and parts[0] != "database"
        )
        if not known:
            raise BackupError(f"The archive holds an unknown file: {member!r}.")
        if self.discard:
            return None
        if parts[0] == "database":
            return self.database / parts[1]
        return self.folder(parts[0]).joinpath(*parts[1:])

    def clean(self):
        for name in self.roots:
            shutil.rmtree(self.folder(name), ignore_errors=True)


def _unpack(archive, staging):
    seen = {}
    manifest_body = None
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            for member in tar:
                if member.name == MANIFEST and member.isfile():
                    manifest_body = tar.extractfile(member).read()
                    continue
                if member.isdir():
                    continue
                if not member.isfile():
                    raise BackupError(
                        f"The archive holds {member.name!r}, which is not a plain file."
                    )
                destination = staging.path_for(member.name)
                if member.name in seen:
                    raise BackupError(f"The archive holds {member.name!r} twice.")
                seen[member.name] = _extract(tar.extractfile(member), destination)
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise BackupError(
            f"{archive} is damaged or not a backup archive ({error})."
        ) from error
    if manifest_body is None:
        raise BackupError(
            f"{archive} has no {MANIFEST}: it is incomplete or was not made by "
            "manage.py backup."
        )
    try:
        manifest = json.loads(manifest_body)
    except ValueError as error:
        raise BackupError(f"The manifest of {archive} is damaged.") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            f"{archive} was made by another version of this command "
            f"(format {manifest.get('format') if isinstance(manifest, dict) else '?'},"
            f" this one reads format {FORMAT})."
        )
    _check_hashes(manifest, seen, archive)
    return manifest


def _extract(source, destination):
    digest = hashlib.sha256()
    if destination is not None:
        destination.parent.mkdir(parents=True, exist_ok=True)
    with source, (open(destination, "xb") if destination else _Discard()) as target:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            target.write(chunk)
    return digest.hexdigest()


class _Discard:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def write(self, data):
        return len(data)


def _check_hashes(manifest, seen, archive):
    expected = {name: entry["sha256"] for name, entry in manifest["files"].items()}
    missing = sorted(set(expected) - set(seen))
    extra = sorted(set(seen) - set(expected))
    changed = sorted(
        name for name in set(expected) & set(seen) if expected[name] != seen[name]
    )
    problems = []
    if missing:
        problems.append(f"missing: {_few(missing)}")
    if extra:
        problems.append(f"not in the manifest: {_few(extra)}")
    if changed:
        problems.append(f"changed since the backup (sha256 differs): {_few(changed)}")
    if manifest["database"]["member"] not in seen:
        problems.append(f"missing: {manifest['database']['member']}")
    if problems:
        raise BackupError(
            f"{archive} does not match its manifest, so nothing was restored. "
            + "; ".join(problems)
        )


def _few(names, limit=5):
    shown = ", ".join(names[:limit])
    return shown if len(names) <= limit else f"{shown} and {len(names) - limit} more"


def _check_fits(manifest, connection):
    """Refuse archives this site cannot take; return the migrations to run after."""
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            f"The archive holds a {vendor} database, but this site uses "
            f"{connection.vendor} (DATABASE_URL). Restore it with the same kind of "
            "database."
        )
    loader = MigrationLoader(None, ignore_no_migrations=True)
    on_disk = set(loader.disk_migrations)
    # Squashed-away migrations stay recorded after their files are deleted.
    replaced = {
        tuple(key)
        for squashed in loader.replacements.values()
        for key in squashed.replaces
    }
    installed = {config.label for config in apps.get_app_configs()}
    recorded = {
        (app, name)
        for app, names in manifest["database"]["migrations"].items()
        for name in names
    }
    unknown = sorted(
        f"{app}.{name}"
        for app, name in recorded - on_disk - replaced
        if app in installed
    )
    if unknown:
        raise BackupError(
            "The backup was made by a newer version of the site: this code does not "
            f"know the migrations {_few(unknown)}. Install the version that made it "
            f"(the manifest says Django {manifest['versions']['django']}), then "
            "restore again."
        )
    return sorted(f"{app}.{name}" for app, name in on_disk - recorded)


def _restore_database(connection, manifest, folder):
    staged = folder / PurePosixPath(manifest["database"]["member"]).name
    if connection.vendor == "sqlite":
        _restore_sqlite(connection, staged)
    else:
        _restore_postgresql(connection, staged, manifest)


def _restore_sqlite(connection, staged):
    source = sqlite3.connect(staged)
    try:
        (result,) = source.execute("PRAGMA integrity_check").fetchone()
        if result != "ok":
            raise BackupError(f"The database in the archive is damaged: {result}.")
        # The backup API copies every page into the live database under its write
        # lock and through its WAL, so no stale -wal or -shm file of the old
        # database can be replayed over the new one, as a file copy would allow.
        connection.close()
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()
        connection.close()


def _restore_postgresql(connection, staged, manifest):
    pg_restore = _postgresql_program("pg_restore")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), string_agg(DISTINCT coalesce(nullif(application_name, "
            "''), 'unnamed') || ' from ' || coalesce(host(client_addr), 'local'), ', ')"
            " FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        others, who = cursor.fetchone()
        present = set(connection.introspection.table_names(cursor))
    if others:
        raise BackupError(
            f"{others} other connection(s) to the database are open ({who}). Stop the "
            "web server and the task worker first, then restore again."
        )
    extra = sorted(present - set(manifest["database"]["tables"]))
    if extra:
        # pg_restore --clean drops only what the dump holds; these tables would
        # keep foreign keys into the tables it must drop.
        raise BackupError(
            "The database has tables the backup does not have (made by a newer "
            f"version?): {_few(extra)}. Restore into an empty database instead: "
            "dropdb and createdb it, then restore again."
        )
    connection.close()
    _run(
        _postgresql_command(
            connection,
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            str(staged),
        )
    )


def _swap_in(staged, root):
    """Replace everything in `root` with the unpacked files."""
    root.mkdir(parents=True, exist_ok=True)
    staged.mkdir(parents=True, exist_ok=True)
    for entry in root.iterdir():
        if entry == staged:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    for entry in staged.iterdir():
        os.replace(entry, root / entry.name)
    staged.rmdir()


def _check_counts(connection, manifest):
    expected = manifest["database"]["tables"]
    with connection.cursor() as cursor:
        counts = _table_counts(cursor, sorted(expected), connection.ops.quote_name)
    differ = sorted(table for table in expected if counts[table] != expected[table])
    if differ:
        raise BackupError(
            "The restored database does not hold the rows the manifest lists: "
            + _few([f"{t} ({counts[t]}, expected {expected[t]})" for t in differ])
        )


# --- PostgreSQL tools ------------------------------------------------------------


def _postgresql_program(name):
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed or not on PATH. Install PostgreSQL's client "
            "programs of the server's major version or newer (Debian: apt-get "
            "install postgresql-client)."
        )
    return path


def _postgresql_command(connection, program, *options):
    """The program's arguments and environment for the site's database; the
    password and TLS options travel in the environment, as for `dbshell`."""
    database = connection.settings_dict
    _arguments, extra_environment = connection.client.settings_to_cmd_args_env(
        database, []
    )
    arguments = [program, "--no-password"]
    if database.get("HOST"):
        arguments.append(f"--host={database['HOST']}")
    if database.get("PORT"):
        arguments.append(f"--port={database['PORT']}")
    if database.get("USER"):
        arguments.append(f"--username={database['USER']}")
    if database.get("NAME"):
        arguments.append(f"--dbname={database['NAME']}")
    arguments.extend(options)
    return arguments, {**os.environ, **(extra_environment or {})}


def _run(command):
    arguments, environment = command
    result = subprocess.run(
        arguments, env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        program = Path(arguments[0]).name
        raise BackupError(
            f"{program} failed (exit {result.returncode}): "
            f"{result.stderr.strip() or result.stdout.strip()}"
        )
