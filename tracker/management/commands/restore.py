"""`manage.py restore FILE`: an archive of `backup` back into an empty installation."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tracker.backup import BackupError, restore


class Command(BaseCommand):
    help = ("Restore an archive written by `backup` into an empty installation (a migrated "
            "or blank database without data); --force replaces an installation's data.")

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--force", action="store_true",
                            help="replace the data of an installation that holds some")

    def handle(self, *args, archive: Path, force: bool, **options):
        if not archive.exists():
            raise CommandError(f"{archive}: no such file")
        try:
            result = restore(archive, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        counts = result["row_counts"]
        self.stdout.write(f"restored {archive}: {len(counts)} tables, "
                          f"{sum(counts.values())} rows, {len(result['files'])} files "
                          "(row counts and checksums match the manifest)")
