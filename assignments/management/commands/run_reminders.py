"""python manage.py run_reminders [--as-of YYYY-MM-DD] — one reminder sweep, now or as of 07:30
(Asia/Ho_Chi_Minh) of a given day. Idempotent: a rerun sends nothing new."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from assignments.reminders.ladder import send_time
from assignments.reminders.sweep import reminders_sweep
from assignments.services import obligations_sync_all
from tracker.timeutil import LOCAL_TZ


class Command(BaseCommand):
    help = ("Run the reminder sweep (reminders, escalations, weekly digest) now, or as if it "
            "were 07:30 Asia/Ho_Chi_Minh on --as-of.")

    def add_arguments(self, parser):
        parser.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (local day)")
        parser.add_argument("--no-deliver", action="store_true",
                            help="record notifications, leave email deliveries pending")

    def handle(self, *args, as_of=None, no_deliver=False, **options):
        moment = None
        day = None
        if as_of:
            try:
                day = dt.date.fromisoformat(as_of)
            except ValueError as exc:
                raise CommandError("--as-of must be YYYY-MM-DD") from exc
            moment = dt.datetime.combine(day, send_time(), tzinfo=LOCAL_TZ)
        opened = obligations_sync_all(today=day)
        result = reminders_sweep(now=moment, deliver=not no_deliver)
        self.stdout.write(
            f"Sweep as of {result.as_of.astimezone(LOCAL_TZ):%d/%m/%Y %H:%M} "
            f"(Asia/Ho_Chi_Minh): {opened} new obligations opened, "
            f"{result.obligations_seen} open obligations checked, {result.steps_due} with a "
            f"reminder due, {result.claimed} reminders recorded ({result.reclaimed} taken over),"
            f" {result.cancelled} cancelled, {result.notifications} notifications "
            f"({result.digests} with the weekly digest).")
        for username, count in sorted(result.recipients.items()):
            self.stdout.write(f"  {username}: {count} items")
        if result.deliveries:
            self.stdout.write(f"Deliveries: {result.deliveries}")
