"""python manage.py rebuild_status_counts [--check] [--directive ID ...]

The status-count table and the scope columns (the unit and board stored on assignments,
obligations and reports) are kept by the services; this re-derives both from the rows
(after a bulk load or a hand edit in SQL). With --check it only reports what differs
(exit 1).
"""

import time

from django.core.management.base import BaseCommand, CommandError

from assignments import counts, scope


class Command(BaseCommand):
    help = ("Recount the status-count table and re-derive the scope columns from the "
            "obligations and assignments.")

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
            stale = scope.differences()
            for table, pk in stale:
                self.stdout.write(f"scope columns of {table} {pk} differ from their sources")
            if wrong or stale:
                raise CommandError(f"{len(wrong)} status counts differ from the rows; "
                                   f"{len(stale)} rows have stale scope columns.")
            self.stdout.write(f"Status counts and scope columns in step "
                              f"({time.perf_counter() - started:.1f} s).")
            return
        fixed = scope.sync(directives)
        rows = counts.rebuild(directives)
        self.stdout.write(f"Scope columns re-derived on {fixed} rows; status counts rebuilt: "
                          f"{rows} rows in {time.perf_counter() - started:.1f} s.")
