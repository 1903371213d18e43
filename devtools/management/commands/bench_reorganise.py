"""`manage.py bench_reorganise`: a province-wide reorganisation at scale (issue 17).

Builds, in bulk, one province whose `--districts` district committees each carry every
item of `--directives` directives (`--items` items in all, "each" mode, semi-annual
reports: one obligation due before 1/7/2025, two after), then times the preview of a
plan that splits every district into `--communes` new communes on 1/7/2025, and its
application (all plans in one transaction, as `manage.py reorganise` does). Run it on
an empty PostgreSQL database:

    createdb bench_reorg
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_reorg python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_reorg \\
        python manage.py bench_reorganise --districts 100 --communes 3 --items 300
"""

from __future__ import annotations

import datetime as dt
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from assignments import counts
from assignments import reorganisation as reorg
from assignments.models import Assignment, ReportingPeriod, ReportObligation
from directives.models import Cadence, Directive, ResponsibilityItem
from tracker import derived, tx
from tracker.models import Unit

DAY = dt.date(2025, 7, 1)
PERIODS = [("6 tháng đầu năm 2025", dt.date(2025, 1, 1), dt.date(2025, 6, 30),
            dt.date(2025, 6, 15)),
           ("6 tháng cuối năm 2025", dt.date(2025, 7, 1), dt.date(2025, 12, 31),
            dt.date(2025, 12, 15)),
           ("6 tháng đầu năm 2026", dt.date(2026, 1, 1), dt.date(2026, 6, 30),
            dt.date(2026, 6, 15))]


class Command(BaseCommand):
    help = "Time the preview and the application of a province-wide split at scale."

    def add_arguments(self, parser):
        parser.add_argument("--districts", type=int, default=100)
        parser.add_argument("--communes", type=int, default=3)
        parser.add_argument("--items", type=int, default=300)
        parser.add_argument("--directives", type=int, default=10)

    def handle(self, *args, districts, communes, items, directives, **options):
        if Unit.objects.filter(code="bench-reorg-province").exists():
            raise CommandError("The database already holds the bench: use an empty one.")
        started = time.monotonic()
        admin = self._build(districts, items, directives)
        self.stdout.write(f"built: {Assignment.objects.count():,} assignments, "
                          f"{ReportObligation.objects.count():,} obligations "
                          f"in {time.monotonic() - started:.1f} s")
        plans = [reorg.Plan(kind="split", effective_on=DAY, sources=[district], targets=[
            reorg.Target(code=f"{district.code}-xa-{n}", name=f"Đảng ủy xã {district.pk}-{n}")
            for n in range(1, communes + 1)])
            for district in Unit.objects.filter(code__startswith="bench-reorg-d-")]
        t0 = time.monotonic()
        previews = reorg.plans_preview(plans)
        preview_s = time.monotonic() - t0
        moving = sum(p["moves"]["assignment_count"] for p in previews)
        self.stdout.write(f"preview of {len(plans)} splits ({moving:,} open assignments): "
                          f"{preview_s:.1f} s")
        t0 = time.monotonic()
        with tx.batch(), derived.deferred():
            for plan, preview in zip(plans, previews, strict=True):
                row = reorg.reorganisation_create(plan=plan, actor=admin)
                reorg.reorganisation_apply(reorganisation=row, actor=admin, choices={
                    a["id"]: a["suggested"] for a in preview["moves"]["assignments"]})
        apply_s = time.monotonic() - t0
        still_open = Assignment.objects.filter(state="open").count()
        self.stdout.write(f"apply: {apply_s:.1f} s; now {still_open:,} open assignments, "
                          f"{ReportObligation.objects.count():,} obligations")
        problems = counts.differences()
        self.stdout.write(f"status counts agree with the rows: {not problems}")

    def _build(self, districts: int, items: int, directives: int):
        user, _c = get_user_model().objects.get_or_create(
            username="bench-reorg-admin", defaults={"is_superuser": True, "is_staff": True})
        with tx.batch():
            province = Unit.objects.create(code="bench-reorg-province", name="Tỉnh ủy Bench",
                                           kind=Unit.Kind.LEADERSHIP)
            board = Unit.objects.create(code="bench-reorg-board", name="Ban Dân vận Bench",
                                        kind=Unit.Kind.ADVISORY_BOARD, parent=province)
            units = Unit.objects.bulk_create([
                Unit(code=f"bench-reorg-d-{n}", name=f"Huyện ủy {n}", parent=province,
                     kind=Unit.Kind.PARTY_COMMITTEE, order=n) for n in range(districts)])
            per = max(1, items // directives)
            for d in range(directives):
                directive = Directive.objects.create(
                    number=f"{d + 1:02d}-CT/BENCH", kind=Directive.Kind.CHI_THI,
                    title="bench", issuer="Ban Thường vụ Tỉnh ủy", issued_on=dt.date(2024, 12, 1),
                    supervising_unit=board, status=Directive.Status.ACTIVE,
                    report_cadence=Cadence.SEMI_ANNUAL)
                periods = ReportingPeriod.objects.bulk_create([
                    ReportingPeriod(directive=directive, cadence=Cadence.SEMI_ANNUAL, label=label,
                                    starts_on=start, ends_on=end, due_on=due)
                    for label, start, end, due in PERIODS])
                its = ResponsibilityItem.objects.bulk_create([
                    ResponsibilityItem(directive=directive, order=i + 1, content=f"Nhiệm vụ {i}")
                    for i in range(per)])
                rows = Assignment.objects.bulk_create([
                    Assignment(item=item, unit=unit, original_unit=unit, board=board,
                               assigned_on=directive.issued_on)
                    for item in its for unit in units], batch_size=5000)
                ReportObligation.objects.bulk_create([
                    ReportObligation(assignment=a, period=p, original_due_on=p.due_on,
                                     due_on=p.due_on, unit_id=a.unit_id, board=board)
                    for a in rows for p in periods], batch_size=5000)
            counts.rebuild()
        if connection.vendor == "postgresql":
            # A live database has its planner statistics (autovacuum analyses a table
            # after a bulk load); a bench measured seconds after building one has none.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        return user
