"""PostgreSQL restarted during a request: the request's server process is terminated
(pg_terminate_backend from a second connection) while report_submit is half done — the
report row already updated inside the transaction, the obligation not yet.

The request answers a clean 500 (no traceback), nothing of it is committed, and the next
request on the same persistent connection (CONN_MAX_AGE as in production) succeeds: the
end of the failed request (request_finished -> close_old_connections, what the WSGI
server does) closes the broken connection and the next one opens a new one.
"""

import psycopg
import pytest
from django.db import close_old_connections, connection
from django.test import Client

from assignments.models import ReportObligation
from reports import services
from reports.models import ProgressReport
from tests.assignments.helpers import draft
from tests.conftest import travel
from tracker.models import Event, Notification, NotificationDelivery

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def counts() -> dict[str, int]:
    return {"reports_submitted": ProgressReport.objects.filter(
                status=ProgressReport.Status.SUBMITTED).count(),
            "events": Event.objects.count(),
            "notifications": Notification.objects.count(),
            "deliveries": NotificationDelivery.objects.count()}


def terminate(pid: int) -> None:
    db = connection.settings_dict
    with psycopg.connect(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432,
                         user=db["USER"], password=db["PASSWORD"] or None,
                         dbname=db["NAME"], autocommit=True) as killer:
        (done,) = killer.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()
    assert done


@pytest.fixture
def persistent_connection(postgres):
    """The production connection settings for this test: kept 60 s between requests."""
    saved = connection.settings_dict["CONN_MAX_AGE"]
    checks = connection.settings_dict.get("CONN_HEALTH_CHECKS", False)
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = 60
    yield
    connection.settings_dict["CONN_MAX_AGE"] = saved
    connection.settings_dict["CONN_HEALTH_CHECKS"] = checks
    connection.close()


def request(client: Client, path: str):
    """One request as a WSGI server serves it: old or broken connections closed after."""
    response = client.post(path)
    close_old_connections()
    return response


def test_a_request_whose_backend_is_terminated_fails_cleanly_and_the_next_succeeds(
        ladder_world, persistent_connection, monkeypatch):
    w = ladder_world
    with travel("2021-12-10", 9):
        report = draft(w.half, w.reporter_a)
    client = Client(raise_request_exception=False)
    client.force_login(w.reporter_a)
    before = counts()
    pids = []
    transition = services.obligations.obligation_transition

    def killed_midway(**kwargs):
        pid = connection.connection.info.backend_pid  # the request's server process
        pids.append(pid)
        terminate(pid)
        return transition(**kwargs)

    monkeypatch.setattr(services.obligations, "obligation_transition", killed_midway)
    path = f"/api/v1/reports/{report.pk}/submit/"
    with travel("2021-12-10", 9, 5):
        failed = request(client, path)
    body = failed.content.decode()
    print(f"\n  terminated backend {pids}: {failed.status_code} {failed['Content-Type']}")
    assert pids, "the request never reached the service"
    assert failed.status_code in (500, 503)
    assert "Traceback" not in body and "OperationalError" not in body
    assert "psycopg" not in body and "terminating connection" not in body
    # Nothing half-written: the report's own update was rolled back with the rest.
    assert counts() == before
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.DRAFT and report.submitted_at is None
    assert ReportObligation.objects.get(pk=w.half.pk).state == w.half.state

    monkeypatch.setattr(services.obligations, "obligation_transition", transition)
    with travel("2021-12-10", 9, 10):
        again = request(client, path)
    assert again.status_code == 200, again.content
    assert connection.connection is None or connection.connection.info.backend_pid != pids[0]
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED
    after = counts()
    assert after["reports_submitted"] == before["reports_submitted"] + 1
    assert after["events"] > before["events"]


@pytest.mark.parametrize("health_checks", [False, True])
def test_a_backend_terminated_between_requests(ladder_world, persistent_connection,
                                               health_checks):
    """PostgreSQL restarted while the connection sat idle between two requests. Without
    CONN_HEALTH_CHECKS (production.py sets none) the first request after it answers a
    clean 500 and the one after succeeds; with it, the first request already succeeds."""
    w = ladder_world
    connection.settings_dict["CONN_HEALTH_CHECKS"] = health_checks
    with travel("2021-12-10", 9):
        report = draft(w.half, w.reporter_a)
    client = Client(raise_request_exception=False)
    client.force_login(w.reporter_a)
    close_old_connections()
    connection.ensure_connection()
    terminate(connection.connection.info.backend_pid)  # idle, kept for the next request
    path = f"/api/v1/reports/{report.pk}/submit/"
    with travel("2021-12-10", 9, 5):
        first = request(client, path)
    with travel("2021-12-10", 9, 6):
        second = request(client, path) if first.status_code != 200 else first
    connection.settings_dict["CONN_HEALTH_CHECKS"] = False
    print(f"\n  idle backend terminated (CONN_HEALTH_CHECKS={health_checks}): first request "
          f"{first.status_code}, then {second.status_code}")
    if health_checks:
        assert first.status_code == 200, first.content
    assert "Traceback" not in first.content.decode()
    assert second.status_code == 200, second.content
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.SUBMITTED
