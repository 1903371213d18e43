"""E-mail exactly once, as far as SMTP allows: a real Celery worker killed (SIGKILL) in
the middle of a run of 24 e-mails, then started again.

The worker is a subprocess (`celery -A config worker --pool=solo`) on Redis and on this
test's PostgreSQL database; the mail server is a small SMTP sink in a thread here, which
takes each message and then waits before answering "250" — the worker is killed while
it waits for that answer on the 7th message. Without a commit per message, every message
of the batch sent before the kill went out again (7 of 24 before, issue 18). Now: none
lost, at most the one message in flight twice, with the same Message-ID both times.

Needs Redis (CELERY_TEST_KILL_BROKER_URL, default redis://127.0.0.1:6379/13, a database
of its own: other Redis tests flush theirs) and PostgreSQL (the worker shares the test
database); skipped otherwise, like the other fault tests.
"""

import os
import signal
import socketserver
import subprocess
import sys
import threading
import time
import uuid
from email import message_from_bytes
from pathlib import Path

import pytest
from django.db import connection

from tests.brokers import KEY_PREFIX, redis_or_skip, with_run_prefix
from tracker import channels
from tracker.models import Notification, NotificationDelivery

pytestmark = [pytest.mark.celery_redis, pytest.mark.postgres_only,
              pytest.mark.django_db(transaction=True)]

KILL_BROKER_URL = os.environ.get("CELERY_TEST_KILL_BROKER_URL", "redis://127.0.0.1:6379/13")
ROOT = Path(__file__).resolve().parents[3]
MESSAGES = 24
KILL_AT = 7


class Sink(socketserver.ThreadingTCPServer):
    """A minimal SMTP server keeping every message it is given (before it answers)."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, delay: float):
        self.delay = delay
        self.messages: list = []
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), SmtpHandler)


class SmtpHandler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        self.reply("220 sink ready")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line.strip().split(b" ")[0].upper()
            if verb in (b"EHLO", b"HELO"):
                self.reply("250 sink")
            elif verb == b"DATA":
                self.reply("354 go on")
                data = []
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                with self.server.lock:
                    self.server.messages.append(message_from_bytes(b"".join(data)))
                time.sleep(self.server.delay)  # received; the answer is slow
                self.reply("250 queued")
            elif verb == b"QUIT":
                self.reply("221 bye")
                return
            else:  # MAIL, RCPT, RSET, NOOP
                self.reply("250 ok")


def start_worker(queue: str, smtp_port: int, log) -> subprocess.Popen:
    db = connection.settings_dict
    env = dict(os.environ,
               DJANGO_SETTINGS_MODULE="config.settings.base",
               SECRET_KEY="test-only-not-secret",
               DATABASE_URL=(f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:"
                             f"{db['PORT'] or 5432}/{db['NAME']}"),
               CELERY_BROKER_URL=KILL_BROKER_URL, CELERY_BROKER_KEY_PREFIX=KEY_PREFIX,
               EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
               SITE_URL="https://theodoi.example.vn")
    return subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
         "-Q", queue, "--without-heartbeat", "--without-gossip", "--without-mingle",
         "-l", "WARNING"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_for(condition, timeout: float, message: str, process=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if process is not None and process.poll() is not None:
            raise AssertionError(f"the worker exited ({process.returncode}) before {message}")
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {message}")


@pytest.fixture
def kill_broker():
    if connection.vendor != "postgresql":
        pytest.skip("the worker subprocess shares the test database: PostgreSQL only")
    redis_or_skip(KILL_BROKER_URL)
    from celery import Celery

    app = Celery("kill-test", broker=KILL_BROKER_URL)
    app.conf.broker_transport_options = with_run_prefix({})
    yield app
    app.close()


def test_a_worker_killed_mid_run_loses_nothing_and_repeats_at_most_one_email(
        world, kill_broker, tmp_path):
    from tests.factories import UserFactory

    people = [UserFactory(username=f"nguoi-{i:02d}", email=f"nguoi-{i:02d}@example.org")
              for i in range(MESSAGES)]
    notes = [Notification.objects.create(recipient=p, kind="test", title=f"Thông báo {i}")
             for i, p in enumerate(people)]
    channels.deliveries_create(notes)
    emails = NotificationDelivery.objects.filter(channel="email")
    assert emails.filter(status="pending").count() == MESSAGES

    sink = Sink(delay=0.4)
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    queue = f"kill-test-{uuid.uuid4().hex[:8]}"
    log_path = tmp_path / "worker.log"
    workers = []
    try:
        with open(log_path, "wb") as log:
            first = start_worker(queue, sink.server_address[1], log)
            workers.append(first)
            kill_broker.send_task("tracker.deliveries_send_pending", queue=queue)
            wait_for(lambda: len(sink.messages) >= KILL_AT, 120,
                     f"{KILL_AT} messages at the sink", first)
            first.send_signal(signal.SIGKILL)  # waiting for the 250 of message KILL_AT
            first.wait(10)
            sent_before = len(sink.messages)
            committed = emails.filter(status="sent").count()

            second = start_worker(queue, sink.server_address[1], log)
            workers.append(second)
            kill_broker.send_task("tracker.deliveries_send_pending", queue=queue)
            wait_for(lambda: not emails.filter(status="pending").exists(), 180,
                     "every e-mail sent", second)
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
                try:
                    worker.wait(20)
                except subprocess.TimeoutExpired:
                    worker.kill()
        sink.shutdown()
        sink.server_close()
    print(log_path.read_text(errors="replace")[-3000:])

    ids = [m["Message-ID"] for m in sink.messages]
    recipients = [m["To"] for m in sink.messages]
    extra = len(ids) - len(set(recipients))  # one e-mail a person was owed
    print(f"killed after {sent_before} messages at the sink ({committed} committed); "
          f"{len(ids)} messages in all for {MESSAGES} e-mails, {extra} sent twice")
    assert sent_before >= KILL_AT
    assert committed >= KILL_AT - 1  # each message committed before the next is sent
    assert set(recipients) == {p.email for p in people}  # none lost
    assert extra <= 1  # at most the message in flight
    assert len(set(recipients)) == len(set(ids))  # a resend has the same Message-ID
    assert all(i and i.endswith("@theodoi.example.vn>") for i in ids)
    assert not emails.exclude(status="sent").exists()
    assert Notification.objects.count() == MESSAGES  # no notification written twice
