"""`manage.py backup -o FILE`: the database and the evidence files in one archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tracker.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write one archive (tar.gz) with the database, the stored files and a manifest."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, type=Path,
                            help="the archive to write, e.g. backups/tracker-2026-12-06.tar.gz")

    def handle(self, *args, output: Path, **options):
        try:
            manifest = backup(output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(f"{output}: {manifest['vendor']} database, "
                          f"{len(manifest['row_counts'])} tables, {rows} rows, "
                          f"{len(manifest['files'])} files")
