"""python manage.py import_directive FILE(.txt/.docx/.pdf) [--dry-run] [--publish] [--as USER]"""

import json
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from directives.importer import ImportInputError
from directives.importing import import_create, import_preview, text_from_upload
from tracker.errors import DomainError


class Command(BaseCommand):
    help = ("Read a directive from a .txt, .docx or .pdf file (scanned pages by OCR): print "
            "the preview (--dry-run) or create it as a draft (and publish it with --publish).")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Only print the preview.")
        parser.add_argument("--json", action="store_true", help="Print the preview as JSON.")
        parser.add_argument("--publish", action="store_true", help="Publish after creating.")
        parser.add_argument("--as", dest="username", default="admin",
                            help="The board member (or admin) who imports (default: admin).")
        parser.add_argument("--cadence", default="semi_annual",
                            help="Reporting cadence for the directive (default semi_annual).")

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        started = time.monotonic()
        try:
            text = text_from_upload(data=path.read_bytes(), filename=path.name,
                                    on_page=self._page_read)
            preview = import_preview(text=text)
        except ImportInputError as exc:
            raise CommandError(f"{exc.field}: {exc.message}") from exc
        elapsed = (time.monotonic() - started) * 1000
        if options["json"]:
            self.stdout.write(json.dumps(preview, ensure_ascii=False, indent=1))
        else:
            self._print(preview, elapsed)
        if options["dry_run"]:
            return
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user {options['username']!r}.")
        try:
            directive = import_create(preview=preview, actor=user, text=text,
                                      report_cadence=options["cadence"],
                                      publish=options["publish"])
        except DomainError as exc:
            raise CommandError(f"{exc.field or 'error'}: {exc.message}") from exc
        self.stdout.write(self.style.SUCCESS(
            f"Created {directive} (id {directive.pk}, status {directive.status})."))

    def _page_read(self, done: int, total: int, ocr: bool) -> None:
        """A PDF's progress, on stderr (stdout stays the preview, JSON with --json)."""
        self.stderr.write(f"page {done}/{total}{' (OCR)' if ocr else ''}")

    def _print(self, preview: dict, elapsed_ms: float) -> None:
        d = preview["directive"]
        self.stdout.write(f"{d.get('number')} ({d.get('kind')}) {d.get('issued_on')} — "
                          f"{d.get('issuer')}\n  {d.get('title')}\n  theo dõi: "
                          f"{d.get('supervisor')}  [{elapsed_ms:.0f} ms]")
        items = 0
        for section in preview["sections"]:
            self.stdout.write(f"\n[{section['line']}] {section.get('addressee') or '—'} "
                              f"({section.get('assignment_mode')}) → "
                              f"{', '.join(section.get('units') or []) or '?'}")
            for item in section["items"]:
                items += 1
                deadline = item.get("deadline") or item.get("cadence") or ""
                self.stdout.write(f"  {item['line']:>4}: {item['text'][:90]}"
                                  f"{'  ⏰ ' + deadline if deadline else ''}"
                                  f"  ({item['confidence']:.2f})")
        self.stdout.write(f"\n{len(preview['sections'])} sections, {items} items; "
                          f"references: {len(preview['references'])}; "
                          f"unmatched: {[u['text'] for u in preview['unmatched']]}")
