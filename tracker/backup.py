"""Backup and restore: one archive with the database and the evidence files.

`manage.py backup -o FILE` writes a tar archive (gzip) holding

- `manifest.json`: format, when, Django and Python versions, the database vendor, the
  migrations applied, every table's row count, and the SHA-256 of the database dump and
  of every stored file;
- the database: `database.sqlite3` (SQLite's online backup API: a consistent copy while
  the site runs) or `database.dump` (PostgreSQL: `pg_dump --format=custom`, one
  snapshot; pg_dump's major version must be at least the server's);
- `media/…`: every file of the default storage (MEDIA_ROOT: the evidence files).

`manage.py restore FILE` brings it back into an empty installation: a database that is
migrated (`manage.py migrate`) or blank, with no user data (no user, unit, directive or
event rows), and an empty storage. A database holding data is refused unless `--force`
(then it is replaced, and stored files of the same name are overwritten). The database
comes back whole (schema, rows, sequences, PostgreSQL's triggers), the row counts and
file checksums are checked against the manifest, and `migrate` runs (for an archive of
an older release).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import platform
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

import django
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

FORMAT = "directive-tracker-backup/1"
# Tables whose rows tell an installation holds data (a fresh migrate leaves them empty).
DATA_TABLES = ["auth_user", "tracker_unit", "tracker_event"]


class BackupError(Exception):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True,
                                                              include_views=False))


def row_counts() -> dict[str, int]:
    quote = connection.ops.quote_name
    counts = {}
    with connection.cursor() as cursor:
        for table in tables():
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def holds_data() -> list[str]:
    """The data tables with rows ([]: an empty installation)."""
    existing = set(connection.introspection.table_names())
    quote = connection.ops.quote_name
    full = []
    with connection.cursor() as cursor:
        for table in DATA_TABLES:
            if table in existing:
                cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")  # noqa: S608
                if cursor.fetchone():
                    full.append(table)
    return full


def _stored_files(path: str = "") -> list[str]:
    try:
        directories, files = default_storage.listdir(path)
    except FileNotFoundError:
        return []
    names = [f"{path}/{f}" if path else f for f in files]
    for directory in directories:
        names += _stored_files(f"{path}/{directory}" if path else directory)
    return sorted(names)


def _pg_env() -> tuple[list[str], dict]:
    db = connection.settings_dict
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _dump_database(target: Path) -> str:
    vendor = connection.vendor
    if vendor == "sqlite":
        name = "database.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(target / name)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
    elif vendor == "postgresql":
        name = "database.dump"
        args, env = _pg_env()
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",  # noqa: S603,S607
                        "--file", str(target / name), *args], env=env, check=True)
    else:
        raise BackupError(f"no backup for the {vendor} database")
    return name


def _migrations() -> list[list[str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [list(row) for row in cursor.fetchall()]


def backup(output: Path) -> dict:
    """Write the archive to `output`; returns its manifest."""
    output = Path(output)
    with tempfile.TemporaryDirectory(prefix="tracker-backup-") as work:
        work = Path(work)
        database = _dump_database(work)
        files = {}
        for name in _stored_files():
            with default_storage.open(name, "rb") as source:
                data = source.read()
            files[name] = hashlib.sha256(data).hexdigest()
            path = work / "media" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "django": django.get_version(),
            "python": platform.python_version(),
            "vendor": connection.vendor,
            "database": {"name": database, "sha256": _sha256(work / database)},
            "migrations": _migrations(),
            "row_counts": row_counts(),
            "files": files,
        }
        (work / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(work / "manifest.json", arcname="manifest.json")
            archive.add(work / database, arcname=database)
            if files:
                archive.add(work / "media", arcname="media")
        partial.replace(output)  # never a half-written archive under the final name
    return manifest


def read_manifest(archive_path: Path) -> dict:
    with tarfile.open(archive_path, "r:*") as archive:
        member = archive.extractfile("manifest.json")
        if member is None:
            raise BackupError("no manifest in the archive")
        manifest = json.load(io.TextIOWrapper(member, encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"not a Directive Tracker backup: {manifest.get('format')!r}")
    return manifest


def _restore_database(work: Path, manifest: dict) -> None:
    name = manifest["database"]["name"]
    if _sha256(work / name) != manifest["database"]["sha256"]:
        raise BackupError("the database dump does not match its checksum")
    if manifest["vendor"] != connection.vendor:
        raise BackupError(f"the archive holds a {manifest['vendor']} database; this "
                          f"installation uses {connection.vendor}")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(work / name)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        args, env = _pg_env()
        connection.close()  # no lock of ours on the tables pg_restore drops
        subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner",  # noqa: S603,S607
                        "--no-privileges", "--single-transaction", "--exit-on-error",
                        *args, str(work / name)], env=env, check=True)


def restore(archive_path: Path, *, force: bool = False) -> dict:
    """Bring the archive back; returns {"manifest", "row_counts", "files"} as checked."""
    manifest = read_manifest(archive_path)
    full = holds_data()
    if full and not force:
        raise BackupError("this installation holds data (" + ", ".join(full) + "); restore "
                          "into an empty one, or pass --force to replace it")
    with tempfile.TemporaryDirectory(prefix="tracker-restore-") as work:
        work = Path(work)
        with tarfile.open(archive_path, "r:*") as archive:
            archive.extractall(work, filter="data")
        _restore_database(work, manifest)
        for name, checksum in manifest["files"].items():
            data = (work / "media" / name).read_bytes()
            if hashlib.sha256(data).hexdigest() != checksum:
                raise BackupError(f"stored file {name} does not match its checksum")
            if default_storage.exists(name):
                default_storage.delete(name)
            saved = default_storage.save(name, ContentFile(data))
            if saved != name:
                raise BackupError(f"stored file {name} came back as {saved}")
    counts = row_counts()
    wrong = {t: (n, counts.get(t)) for t, n in manifest["row_counts"].items()
             if counts.get(t) != n}
    if wrong:
        raise BackupError(f"row counts differ after the restore: {wrong}")
    # An archive of an older release: its schema brought up to this code's.
    call_command("migrate", interactive=False, verbosity=0)
    files = {}
    for name in manifest["files"]:
        with default_storage.open(name, "rb") as source:
            files[name] = hashlib.sha256(source.read()).hexdigest()
    if files != manifest["files"]:
        raise BackupError("stored files differ after the restore")
    return {"manifest": manifest, "row_counts": counts, "files": files}


__all__ = ["BackupError", "backup", "read_manifest", "restore", "row_counts"]
