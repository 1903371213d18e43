"""Operators' endpoints: /healthz, /readyz, /metrics and the admin's operations page."""

import datetime as dt
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from tests.factories import UserFactory

CLOSED_PORT_BROKER = "redis://127.0.0.1:6390/0"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.TRACKER_HEALTH_MEDIA_MIN_FREE_MB = 1
    return tmp_path


def test_healthz_answers_ok_without_a_session_or_the_database():
    client = Client(enforce_csrf_checks=True)
    response = client.get("/healthz", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "sessionid" not in response.cookies
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_readyz_passes_on_the_test_database(media):
    response = Client().get("/readyz")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["broker"]["status"] == "not used"  # eager tasks in tests
    assert body["checks"]["media"]["status"] == "ok"
    assert "sessionid" not in response.cookies


@pytest.mark.django_db
def test_readyz_is_503_when_the_database_fails(media):
    from django.db import OperationalError

    with mock.patch("django.db.backends.utils.CursorWrapper.execute",
                    side_effect=OperationalError("connection refused")):
        response = Client().get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failed"
    assert body["checks"]["database"]["status"] == "failed"
    assert "connection refused" in body["checks"]["database"]["detail"]
    assert body["checks"]["media"]["status"] == "ok"


@pytest.mark.django_db
def test_readyz_is_503_when_the_broker_is_unreachable(media, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = CLOSED_PORT_BROKER
    settings.TRACKER_HEALTH_BROKER_TIMEOUT = 1
    started = timezone.now()
    response = Client().get("/readyz")
    assert (timezone.now() - started).total_seconds() < 5
    assert response.status_code == 503
    broker = response.json()["checks"]["broker"]
    assert broker["status"] == "failed"
    assert broker["detail"].startswith("broker unreachable")
    assert response.json()["checks"]["database"]["status"] == "ok"


@pytest.mark.django_db
def test_readyz_is_503_when_the_media_folder_is_missing_or_full(media, settings):
    settings.MEDIA_ROOT = str(media / "missing")
    assert Client().get("/readyz").json()["checks"]["media"]["detail"].startswith(
        "MEDIA_ROOT does not exist")
    settings.MEDIA_ROOT = str(media)
    settings.TRACKER_HEALTH_MEDIA_MIN_FREE_MB = 10**12
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert "below" in response.json()["checks"]["media"]["detail"]


# --- metrics ---------------------------------------------------------------------------------


def _world_of_counts():
    from assignments.models import SweepRun
    from reports.models import ExportJob
    from tracker.models import Notification, NotificationDelivery

    user = UserFactory(username="counted")
    for n in range(5):
        note = Notification.objects.create(recipient=user, kind="x", title=f"T{n}")
        status = ["pending", "pending", "pending", "failed", "sent"][n]
        NotificationDelivery.objects.create(notification=note, channel="email", status=status)
    for status in ["pending", "pending", "running", "done"]:
        ExportJob.objects.create(kind="obligations", format="csv", requested_by=user,
                                 status=status)
    finished = timezone.now() - dt.timedelta(minutes=3)
    SweepRun.objects.create(name="reminders_sweep", started_at=finished, finished_at=finished,
                            ok=True, summary={"notifications": 7})
    return finished


def _gauges(text: str) -> dict[str, float]:
    return {line.rsplit(" ", 1)[0]: float(line.rsplit(" ", 1)[1])
            for line in text.splitlines() if line.startswith("tracker_")}


@pytest.mark.django_db
def test_metrics_are_not_public(settings):
    settings.TRACKER_METRICS_TOKEN = "scrape-secret"
    assert Client().get("/metrics").status_code == 403
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    user = UserFactory(username="plain")
    client = Client()
    client.force_login(user)
    assert client.get("/metrics").status_code == 403


@pytest.mark.django_db
def test_metrics_with_the_token_when_none_is_configured_are_refused(settings):
    settings.TRACKER_METRICS_TOKEN = ""
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 403


@pytest.mark.django_db
def test_metrics_for_a_bearer_show_the_gauges_matching_the_database(settings):
    settings.TRACKER_METRICS_TOKEN = "scrape-secret"
    finished = _world_of_counts()
    Client().get("/healthz")  # a request for django-prometheus to count
    response = Client().get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-secret")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    gauges = _gauges(text)
    assert gauges['tracker_notification_deliveries{status="pending"}'] == 3
    assert gauges['tracker_notification_deliveries{status="failed"}'] == 1
    assert gauges['tracker_export_jobs{status="pending"}'] == 2
    assert gauges['tracker_export_jobs{status="running"}'] == 1
    assert gauges["tracker_reminder_sweep_last_run_success"] == 1
    assert gauges["tracker_reminder_sweep_last_run_timestamp_seconds"] == pytest.approx(
        finished.timestamp())
    assert "django_http_requests_total_by_method_total" in text
    assert "django_http_requests_latency_seconds_by_view_method" in text
    # no Redis broker in tests: the queue depth is declared but has no value
    assert "# TYPE tracker_celery_queue_depth gauge" in text
    assert "tracker_celery_queue_depth" not in _gauges(text)


@pytest.mark.django_db
def test_metrics_for_a_staff_session_and_the_queue_depth_from_redis(settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"
    staff = UserFactory(username="ops", is_staff=True)
    client = Client()
    client.force_login(staff)
    pipeline = mock.MagicMock()
    pipeline.execute.return_value = [4, 0, 1, 0]
    with mock.patch("redis.Redis.pipeline", return_value=pipeline):
        response = client.get("/metrics")
    assert response.status_code == 200
    assert _gauges(response.content.decode())["tracker_celery_queue_depth"] == 5
    assert [c.args[0] for c in pipeline.llen.call_args_list] == [
        "celery", "celery\x06\x163", "celery\x06\x166", "celery\x06\x169"]


# --- the sweep's record ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_sweep_task_records_its_last_run():
    from assignments import tasks
    from assignments.models import SweepRun

    tasks.reminders_sweep()
    run = SweepRun.objects.get(name="reminders_sweep")
    assert run.ok and run.error == ""
    assert "notifications" in run.summary and "recipients" not in run.summary
    with mock.patch("assignments.reminders.sweep.reminders_sweep",
                    side_effect=RuntimeError("boom")), pytest.raises(RuntimeError):
        tasks.reminders_sweep.run()
    run.refresh_from_db()
    assert not run.ok and run.error == "RuntimeError: boom"


# --- the admin's operations page -------------------------------------------------------------


@pytest.mark.django_db
def test_the_operations_page_for_superusers_only(media):
    _world_of_counts()
    root = get_user_model().objects.create_superuser("root", "root@example.org", "pw-123456!")
    client = Client()
    client.force_login(root)
    response = client.get("/admin/van-hanh/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="ops-deliveries-pending">3<' in page
    assert 'class="ops-deliveries-failed">1<' in page
    assert 'class="ops-exports-pending">2<' in page
    assert "Lần quét nhắc việc gần nhất" in page
    assert "/admin/van-hanh/" in client.get("/admin/").content.decode()

    assert Client().get("/admin/van-hanh/").status_code == 302  # to the admin's sign-in
    staff = UserFactory(username="staffer", is_staff=True)
    client = Client()
    client.force_login(staff)
    assert client.get("/admin/van-hanh/").status_code == 403
    assert "/admin/van-hanh/" not in client.get("/admin/").content.decode()


@pytest.mark.django_db
def test_the_operations_page_in_english(media):
    root = get_user_model().objects.create_superuser("root", "root@example.org", "pw-123456!")
    client = Client()
    client.force_login(root)
    client.cookies["django_language"] = "en"
    page = client.get("/admin/van-hanh/").content.decode()
    assert "Last reminder sweep" in page and "Never run yet." in page


@pytest.mark.django_db
def test_readyz_and_the_queue_depth_on_a_real_redis(media, settings):
    """Against the Redis of the test machine (skipped without one): PING, then LLEN of
    the default queue (a queue name of this test's own, on a spare database)."""
    import uuid

    import redis

    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = url
    settings.CELERY_TASK_DEFAULT_QUEUE = queue = f"health-{uuid.uuid4().hex}"
    settings.TRACKER_METRICS_TOKEN = "scrape-secret"
    client = redis.Redis.from_url(url)
    try:
        client.rpush(queue, "a", "b")
        client.rpush(f"{queue}\x06\x163", "c")
        response = Client().get("/readyz")
        assert response.status_code == 200, response.content
        assert response.json()["checks"]["broker"] == {"status": "ok"}
        metrics = Client().get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-secret")
        assert _gauges(metrics.content.decode())["tracker_celery_queue_depth"] == 3
    finally:
        client.delete(queue, f"{queue}\x06\x163")


@pytest.mark.django_db
def test_metrics_without_the_database_still_answer_the_request_metrics(settings):
    from django.db import OperationalError

    settings.TRACKER_METRICS_TOKEN = "scrape-secret"
    with mock.patch("config.ops.ops_snapshot", side_effect=OperationalError("down")):
        response = Client().get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-secret")
    assert response.status_code == 200
    text = response.content.decode()
    assert "django_http_requests_total_by_method_total" in text
    assert not _gauges(text)
