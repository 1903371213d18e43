"""Sweeps in processes of their own, on this test's PostgreSQL database, mailing to an
SMTP sink in this process (tests/assignments/reminders/test_worker_killed.Sink)."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def sweep_process(now: str, smtp_port: int, *options: str) -> subprocess.Popen:
    db = connection.settings_dict
    env = dict(os.environ,
               DJANGO_SETTINGS_MODULE="config.settings.base",
               SECRET_KEY="test-only-not-secret",
               DATABASE_URL=(f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:"
                             f"{db['PORT'] or 5432}/{db['NAME']}"),
               CELERY_BROKER_URL="memory://",
               EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
               SITE_URL="https://theodoi.example.vn")
    return subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "-m", "tests.faults.sweep_process", now, *options],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def tally(process: subprocess.Popen, timeout: float = 120) -> dict:
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, err[-3000:]
    return json.loads(out.strip().splitlines()[-1])


def wait_for(condition, timeout: float, message: str, process=None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if process is not None and process.poll() is not None:
            raise AssertionError(f"the sweep exited ({process.returncode}) before {message}: "
                                 f"{process.stderr.read()[-3000:]}")
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {message}")
