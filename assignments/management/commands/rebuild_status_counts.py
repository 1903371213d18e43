"""python manage.py rebuild_status_counts [--check] [--directive ID ...]

The status-count table is kept by the services; this recounts it from the rows (after a
bulk load or a hand edit in SQL). With --check it only reports what differs (exit 1).
"""

import time

from django.core.management.base import BaseCommand, CommandError

from assignments import counts


class Command(BaseCommand):
    help = "Recount the status-count table from the obligations and assignments."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true",
                            help="Only compare with a recount; exit 1 if anything differs.")
        parser.add_argument("--directive", type=int, action="append", dest="directives",
                            help="Only this directive (repeatable).")

    def handle(self, *args, check=False, directives=None, **options):
        started = time.perf_counter()
        if check:
            wrong = counts.differences(directives)
            for line in wrong[:50]:
                self.stdout.write(line)
            if wrong:
                raise CommandError(f"{len(wrong)} status counts differ from the rows.")
            self.stdout.write(f"Status counts in step ({time.perf_counter() - started:.1f} s).")
            return
        rows = counts.rebuild(directives)
        self.stdout.write(f"Status counts rebuilt: {rows} rows in "
                          f"{time.perf_counter() - started:.1f} s.")
