"""python manage.py load_demo — Kon Tum 2021 units, directive 06-CT/TU, demo users."""

import os
import time

from django.core.management.base import BaseCommand

from devtools.demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the demo (idempotent). Password: DEMO_PASSWORD, or generated and printed once."

    def handle(self, *args, **options):
        started = time.monotonic()
        result = load_demo(password=os.environ.get("DEMO_PASSWORD") or None)
        elapsed = time.monotonic() - started
        counts = ", ".join(f"{k}: {v}" for k, v in result.counts.items())
        if result.created:
            self.stdout.write(self.style.SUCCESS(f"Demo loaded in {elapsed:.1f} s ({counts})."))
        else:
            self.stdout.write(f"Demo already loaded; units and users refreshed ({counts}).")
        if result.password:
            self.stdout.write(self.style.WARNING(
                "Demo users: admin, danvan (Ban Dân vận), lanhdao (lãnh đạo), thanhuy "
                f"(Thành ủy Kon Tum), tinhdoan (Tỉnh đoàn) — password: {result.password}"))
        elif os.environ.get("DEMO_PASSWORD"):
            self.stdout.write("Demo users' password: the DEMO_PASSWORD you set.")
