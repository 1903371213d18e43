"""python manage.py sync_holidays [--years 2026 2027] — Vietnam's days off (and make-up
working Saturdays) from the `holidays` package into the holiday table; manual rows kept."""

from django.core.management.base import BaseCommand

from tracker.calendar import holidays_sync, weekend_workdays_sync
from tracker.timeutil import today


class Command(BaseCommand):
    help = "Fill the holiday table from the holidays package (VN); keeps manual rows."

    def add_arguments(self, parser):
        parser.add_argument("--years", nargs="*", type=int,
                            help="years to fill (default: last, this and next year)")

    def handle(self, *args, years=None, **options):
        year = today().year
        years = years or [year - 1, year, year + 1]
        off = holidays_sync(years=years)
        working = weekend_workdays_sync(years=years)
        self.stdout.write(f"Years {', '.join(map(str, years))}: {off} days off and "
                          f"{working} make-up working days added.")
