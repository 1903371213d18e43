"""python manage.py export_report 06-CT/TU --as-of 2023-12-31 [--issued-on 2024-01-05]
--format docx -o FILE"""

import datetime as dt
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from directives.models import Directive
from reports.exports import consolidated_export
from tracker import policy
from tracker.errors import DomainError
from tracker.timeutil import today


class Command(BaseCommand):
    help = "Write the consolidated report of a directive (DOCX or XLSX) as of a day."

    def add_arguments(self, parser):
        parser.add_argument("number", help="Directive number, e.g. 06-CT/TU")
        parser.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (default: today)")
        parser.add_argument("--issued-on", dest="issued_on",
                            help="YYYY-MM-DD: the report's issue (signing) date, printed in "
                                 "its place-and-date line (default: today)")
        parser.add_argument("--period", help="Reporting period label, e.g. '6 tháng cuối năm "
                                             "2023' (default: every period up to the day)")
        parser.add_argument("--format", choices=["docx", "xlsx"], default="docx")
        parser.add_argument("-o", "--output", type=Path, help="Output file")
        parser.add_argument("--issuer", help="Issuer, when several directives share the number")
        parser.add_argument("--as", dest="username", help="Export as this user (scoped)")

    def handle(self, *args, **options):
        directives = Directive.objects.filter(number=options["number"])
        if options["issuer"]:
            directives = directives.filter(issuer__icontains=options["issuer"])
        if not directives:
            raise CommandError(f"No directive {options['number']!r}.")
        if len(directives) > 1:
            raise CommandError("Several directives have this number; add --issuer: "
                               + "; ".join(d.issuer for d in directives))
        directive = directives[0]
        try:
            day = dt.date.fromisoformat(options["as_of"]) if options["as_of"] else today()
        except ValueError as exc:
            raise CommandError("--as-of must be YYYY-MM-DD") from exc
        try:
            issued_on = (dt.date.fromisoformat(options["issued_on"]) if options["issued_on"]
                         else None)
        except ValueError as exc:
            raise CommandError("--issued-on must be YYYY-MM-DD") from exc
        period = None
        if options["period"]:
            period = directive.periods.filter(label=options["period"]).first()
            if period is None:
                raise CommandError(f"No period {options['period']!r}; known: "
                                   + ", ".join(directive.periods.values_list("label",
                                                                             flat=True)))
        actor = policy.SYSTEM  # the whole directive, unless read as a user
        if options["username"]:
            actor = get_user_model().objects.filter(username=options["username"]).first()
            if actor is None:
                raise CommandError(f"No user {options['username']!r}.")
        started = time.monotonic()
        try:
            data, filename, _type = consolidated_export(directive=directive, day=day,
                                                        fmt=options["format"], actor=actor,
                                                        period=period, issued_on=issued_on)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        output = options["output"] or Path(filename)
        output.write_bytes(data)
        self.stdout.write(self.style.SUCCESS(
            f"Wrote {output} ({len(data):,} bytes) in {time.monotonic() - started:.2f} s."))
