"""python manage.py bench_reminders [--obligations 100000] — time one reminder sweep and a rerun.

Builds a throwaway directive with N open obligations (units × items × periods, due dates
spread from 70 days ago to 29 days ahead), runs the sweep twice, prints seconds, queries
per 1,000 obligations and the process's peak RSS, then rolls everything back (nothing is
kept, no mail is sent: the email backend is swapped for the in-memory one during the run).

Everything runs in one transaction, so on PostgreSQL the deferred foreign-key checks,
which a real sweep pays at each commit, are made immediate while measuring: otherwise
the rollback would skip them and flatter the figures.
"""

import datetime as dt
import math
import resource
import time

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext, override_settings

from assignments import counts
from assignments.models import Assignment, ReminderDispatch, ReportingPeriod, ReportObligation
from assignments.reminders.sweep import reminders_sweep
from directives.models import Cadence, Directive, ResponsibilityItem
from tracker.models import Membership, Notification, Unit
from tracker.timeutil import today


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Benchmark the reminder sweep over N open obligations (rolled back afterwards)."

    def add_arguments(self, parser):
        parser.add_argument("--obligations", type=int, default=100_000)
        parser.add_argument("--units", type=int, default=100)
        parser.add_argument("--periods", type=int, default=100)
        parser.add_argument("--slow", action="store_true", help="list the slowest queries")

    def handle(self, *args, obligations: int, units: int, periods: int, slow: bool = False,
               **options):
        self.verbose = slow
        items = max(1, math.ceil(obligations / (units * periods)))
        self.stdout.write(f"Building {units} units × {items} items × {periods} periods "
                          f"(≥ {obligations} obligations) on {connection.vendor}…")
        try:
            with override_settings(
                    EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), \
                    transaction.atomic():
                count = self._build(obligations, units, items, periods)
                self._measure(count)
                raise _Rollback
        except _Rollback:
            self.stdout.write("Rolled back: no benchmark rows kept.")

    def _build(self, wanted: int, n_units: int, n_items: int, n_periods: int) -> int:
        stamp = int(time.time())
        User = get_user_model()
        board = Unit.objects.create(code=f"bench-board-{stamp}", name="Ban theo dõi (bench)",
                                    kind=Unit.Kind.ADVISORY_BOARD)
        units = Unit.objects.bulk_create([
            Unit(code=f"bench-{stamp}-{i}", name=f"Đơn vị thử {i}",
                 kind=Unit.Kind.PARTY_COMMITTEE, order=i) for i in range(n_units)])
        users = User.objects.bulk_create(
            [User(username=f"bench-{stamp}-r{i}", email=f"r{i}@bench.invalid")
             for i in range(n_units)]
            + [User(username=f"bench-{stamp}-h{i}", email=f"h{i}@bench.invalid")
               for i in range(n_units)]
            + [User(username=f"bench-{stamp}-board{i}", email=f"b{i}@bench.invalid")
               for i in range(2)])
        memberships = []
        for i, unit in enumerate(units):
            memberships.append(Membership(user=users[i], unit=unit,
                                          role=Membership.Role.REPORTER))
            memberships.append(Membership(user=users[n_units + i], unit=unit,
                                          role=Membership.Role.UNIT_HEAD))
        memberships += [Membership(user=u, unit=board, role=Membership.Role.REVIEWER)
                        for u in users[2 * n_units:]]
        Membership.objects.bulk_create(memberships)
        day = today()
        issued = day - dt.timedelta(days=400)
        directive = Directive.objects.create(
            number=f"{stamp % 1000}-CT/BENCH", kind=Directive.Kind.CHI_THI,
            title="bench", issuer="bench", issued_on=issued, supervising_unit=board,
            status=Directive.Status.ACTIVE)
        items = ResponsibilityItem.objects.bulk_create([
            ResponsibilityItem(directive=directive, order=i + 1,
                               content=f"Nhiệm vụ thử nghiệm số {i + 1}")
            for i in range(n_items)])
        assignments = Assignment.objects.bulk_create([
            Assignment(item=item, unit=unit, original_unit=unit, assigned_on=issued,
                       board_id=directive.supervising_unit_id)
            for item in items for unit in units], batch_size=2000)
        period_rows = []
        for p in range(n_periods):
            due = day - dt.timedelta(days=70) + dt.timedelta(days=p % 100)
            start = issued + dt.timedelta(days=p)
            period_rows.append(ReportingPeriod(
                directive=directive, cadence=Cadence.ONE_OFF, label=f"Kỳ thử {p + 1}",
                starts_on=start, ends_on=start, due_on=max(due, start)))
        periods = ReportingPeriod.objects.bulk_create(period_rows)
        rows, created = [], 0
        for assignment in assignments:
            for period in periods:
                rows.append(ReportObligation(assignment=assignment, period=period,
                                             original_due_on=period.due_on,
                                             due_on=period.due_on, unit_id=assignment.unit_id,
                                             board_id=assignment.board_id))
                if len(rows) >= 5000:
                    ReportObligation.objects.bulk_create(rows)
                    created += len(rows)
                    rows = []
                if created + len(rows) >= wanted:
                    break
            if created + len(rows) >= wanted:
                break
        ReportObligation.objects.bulk_create(rows)
        created += len(rows)
        counts.rebuild([directive.pk])  # bulk rows went around the services
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(f"Built {created} open obligations.")
        return created

    def _measure(self, count: int) -> None:
        per = count / 1000
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for label in ("first sweep", "rerun"):
            if label == "rerun" and connection.vendor == "postgresql":
                # As autovacuum would have by the next beat: statistics for the new rows.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE assignments_reminderdispatch")
            mail.outbox = []
            notifications_before = Notification.objects.count()
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                result = reminders_sweep()
                elapsed = time.perf_counter() - started
            self.stdout.write(
                f"{label}: {elapsed:.2f} s, {len(ctx.captured_queries)} queries "
                f"({len(ctx.captured_queries) / per:.1f} per 1,000 obligations); "
                f"{result.obligations_seen} obligations checked, {result.steps_due} due, "
                f"{result.claimed} dispatch rows recorded, "
                f"{Notification.objects.count() - notifications_before} notifications, "
                f"{len(mail.outbox)} emails; peak RSS "
                f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB.")
            if self.verbose:
                slow: dict[str, list[float]] = {}
                for q in ctx.captured_queries:
                    entry = slow.setdefault(q["sql"][:90], [0, 0.0])
                    entry[0] += 1
                    entry[1] += float(q["time"])
                for sql, (n, total) in sorted(slow.items(), key=lambda kv: -kv[1][1])[:6]:
                    self.stdout.write(f"    {total:7.2f} s  {n:5d}×  {sql}")
        self.stdout.write(f"Dispatch rows in table: {ReminderDispatch.objects.count()}.")
