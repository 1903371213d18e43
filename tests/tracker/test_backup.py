"""Backup and restore: one archive with the database and the evidence files, brought
back into an empty installation; every table's row count and every stored file's
checksum equal after the round trip (SQLite here; PostgreSQL with pg_dump/pg_restore
under postgres_only)."""

import hashlib
import tarfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from assignments.models import ReportObligation
from reports.services import evidence_add, report_submit
from tests.assignments.helpers import accept, draft
from tests.conftest import travel
from tests.evidence_files import genuine_pdf, genuine_png
from tracker import backup
from tracker.appendonly import LogRewriteError
from tracker.events import event_record
from tracker.models import Event, EventVerb

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _own_media(settings, tmp_path):
    """A file store of this test's own (the suite's in-memory one holds every other
    test's evidence files)."""
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "media")}}}


def _files() -> dict[str, str]:
    out = {}
    for name in backup._stored_files():
        with default_storage.open(name, "rb") as source:
            out[name] = hashlib.sha256(source.read()).hexdigest()
    return out


def _empty_installation():
    """A fresh installation: migrated tables without data, no stored files."""
    call_command("flush", interactive=False, verbosity=0)
    for name in backup._stored_files():
        default_storage.delete(name)


def _round_trip(published, tmp_path, capsys):
    half = ReportObligation.objects.get(assignment__unit=published.district_a,
                                        assignment__item=published.continuous,
                                        period__label="6 tháng cuối năm 2021")
    with travel("2022-01-05"):
        report = draft(half, published.reporter_a)
        evidence_add(report=report, actor=published.reporter_a,
                     upload=SimpleUploadedFile("bien-ban.pdf", genuine_pdf(),
                                               content_type="application/pdf"))
        evidence_add(report=report, actor=published.reporter_a,
                     upload=SimpleUploadedFile("anh.png", genuine_png(),
                                               content_type="image/png"))
        report = report_submit(report=report, actor=published.reporter_a)
        accept(report, published.reviewer)
    counts, files = backup.row_counts(), _files()
    assert len(files) == 2 and counts["tracker_event"] > 0 and counts["reports_review"] == 1

    archive = tmp_path / "tracker.tar.gz"
    call_command("backup", "-o", str(archive))
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "manifest.json" in names and any(n.startswith("media/") for n in names)
    manifest = backup.read_manifest(archive)
    assert manifest["row_counts"] == counts and manifest["files"] == files

    # Not over an installation that holds data.
    with pytest.raises(CommandError, match="holds data"):
        call_command("restore", str(archive))

    _empty_installation()
    assert backup.row_counts()["tracker_event"] == 0 and _files() == {}
    call_command("restore", str(archive))
    assert "row counts and checksums match" in capsys.readouterr().out
    after = backup.row_counts()
    assert after == counts, {t: (n, after.get(t)) for t, n in counts.items()
                             if after.get(t) != n}
    assert _files() == files
    # The log's guard is back with the data.
    with pytest.raises(LogRewriteError):
        Event.objects.all().delete()
    # --force replaces an installation's data with the archive's.
    event_record(target=published.directive, verb=EventVerb.UPDATED, note="after backup")
    call_command("restore", str(archive), "--force")
    assert backup.row_counts() == counts and _files() == files
    print(f"round trip: {len(counts)} tables, {sum(counts.values())} rows, "
          f"{len(files)} files equal")
    return after


def test_backup_and_restore_round_trip_on_sqlite(published, tmp_path, capsys):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite round trip")
    _round_trip(published, tmp_path, capsys)


@pytest.mark.postgres_only
def test_backup_and_restore_round_trip_on_postgresql(published, tmp_path, capsys):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump and pg_restore need PostgreSQL")
    _round_trip(published, tmp_path, capsys)
    # The restored database refuses raw rewrites of the log again (its triggers).
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute("DELETE FROM tracker_event")


def test_restore_refuses_what_is_not_a_backup(db, tmp_path):
    bogus = tmp_path / "x.tar.gz"
    with tarfile.open(bogus, "w:gz") as tar:
        path = tmp_path / "manifest.json"
        path.write_text('{"format": "something else"}')
        tar.add(path, arcname="manifest.json")
    with pytest.raises(CommandError, match="not a Directive Tracker backup"):
        call_command("restore", str(bogus))
