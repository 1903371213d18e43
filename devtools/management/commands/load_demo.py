"""python manage.py load_demo — Kon Tum 2021 units, directive 06-CT/TU, the 2025
reorganisation (Quảng Ngãi, the new communes), demo users."""

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
                "Demo users: admin, danvan (Ban Dân vận, from 1/3/2025 Ban Tuyên giáo và Dân "
                "vận), lanhdao (lãnh đạo), thanhuy (Thành ủy Kon Tum, until 1/7/2025), "
                "tinhdoan (Tỉnh đoàn), phuongkontum (Đảng ủy phường Kon Tum, from 1/7/2025) "
                f"— password: {result.password}"))
        elif os.environ.get("DEMO_PASSWORD"):
            self.stdout.write("Demo users' password: the DEMO_PASSWORD you set.")
