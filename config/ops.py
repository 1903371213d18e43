"""What operators watch: the Prometheus endpoint (/metrics) and the admin's operations
page (/admin/van-hanh/). Both show the same snapshot: the Celery queue depth (Redis),
the last reminder sweep, pending and failed notification deliveries, export jobs waiting
or running. It lives in config, the top floor, because it reads every app's models.

/metrics: django-prometheus's request counts and latencies (its middleware pair) plus
the gauges below, computed at scrape time. Staff sessions may read it, and a scraper
sending "Authorization: Bearer <TRACKER_METRICS_TOKEN>"; anyone else gets 403.
"""

from __future__ import annotations

import hmac
import logging
import os

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.db.models import Count
from django.http import HttpResponse, HttpResponseForbidden
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from assignments.models import SweepRun
from reports.models import ExportJob
from tracker import health
from tracker.models import NotificationDelivery

SWEEP_NAME = "reminders_sweep"
log = logging.getLogger(__name__)


def ops_snapshot() -> dict:
    """The numbers both the metrics and the admin page show (a few small queries)."""
    deliveries = dict(NotificationDelivery.objects.filter(
        status__in=[NotificationDelivery.Status.PENDING, NotificationDelivery.Status.FAILED])
        .values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    exports = dict(ExportJob.objects.filter(
        status__in=[ExportJob.Status.PENDING, ExportJob.Status.RUNNING])
        .values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return {
        "queue_depth": health.queue_depth(),
        "redis_broker": health.uses_redis_broker(),
        "last_sweep": SweepRun.objects.filter(name=SWEEP_NAME).first(),
        "deliveries_pending": deliveries.get(NotificationDelivery.Status.PENDING, 0),
        "deliveries_failed": deliveries.get(NotificationDelivery.Status.FAILED, 0),
        "exports_pending": exports.get(ExportJob.Status.PENDING, 0),
        "exports_running": exports.get(ExportJob.Status.RUNNING, 0),
    }


class OpsCollector:
    """The tracker's gauges, read from the database (and Redis) when scraped."""

    def describe(self):  # names only: registering queries nothing
        return list(self._families({}))

    def collect(self):
        try:
            snap = ops_snapshot()
        except DatabaseError:  # the request metrics still go out; /readyz tells why
            log.warning("metrics: the database did not answer", exc_info=True)
            snap = {}
        return list(self._families(snap))

    @staticmethod
    def _families(snap: dict):
        depth = GaugeMetricFamily("tracker_celery_queue_depth",
                                  "Messages waiting in the default Celery queue (Redis broker).")
        if snap.get("queue_depth") is not None:
            depth.add_metric([], snap["queue_depth"])
        yield depth
        when = GaugeMetricFamily("tracker_reminder_sweep_last_run_timestamp_seconds",
                                 "When the last reminder sweep finished (Unix time).")
        ok = GaugeMetricFamily("tracker_reminder_sweep_last_run_success",
                               "1 if the last reminder sweep succeeded, 0 if it failed.")
        sweep = snap.get("last_sweep")
        if sweep is not None:
            when.add_metric([], sweep.finished_at.timestamp())
            ok.add_metric([], 1 if sweep.ok else 0)
        yield when
        yield ok
        deliveries = GaugeMetricFamily("tracker_notification_deliveries",
                                       "Notification deliveries by status (pending, failed).",
                                       labels=["status"])
        exports = GaugeMetricFamily("tracker_export_jobs",
                                    "Background export jobs by status (pending, running).",
                                    labels=["status"])
        if snap:
            deliveries.add_metric(["pending"], snap["deliveries_pending"])
            deliveries.add_metric(["failed"], snap["deliveries_failed"])
            exports.add_metric(["pending"], snap["exports_pending"])
            exports.add_metric(["running"], snap["exports_running"])
        yield deliveries
        yield exports


def _request_registry():
    """django-prometheus's metrics: this process's, or every worker's when gunicorn runs
    several and PROMETHEUS_MULTIPROC_DIR is set."""
    if "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
        return REGISTRY
    from prometheus_client import multiprocess

    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry


def _may_scrape(request) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        return True
    token = settings.TRACKER_METRICS_TOKEN
    header = request.headers.get("Authorization", "")
    scheme, _sep, given = header.partition(" ")
    return bool(token) and scheme.lower() == "bearer" and hmac.compare_digest(
        given.strip().encode(), token.encode())


@never_cache
@require_safe
def metrics(request):
    if not _may_scrape(request):
        return HttpResponseForbidden("staff session or bearer token required\n",
                                     content_type="text/plain")
    own = CollectorRegistry(auto_describe=False)
    own.register(OpsCollector())
    body = generate_latest(_request_registry()) + generate_latest(own)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)


@never_cache
def ops_page(request):
    """The administrators' operations page: the snapshot and the readiness checks."""
    if not request.user.is_superuser:
        raise PermissionDenied
    context = {**admin.site.each_context(request), "title": _("Vận hành hệ thống"),
               "snap": ops_snapshot(), "checks": health.readiness()}
    return TemplateResponse(request, "admin/ops.html", context)


ops_admin_page = admin.site.admin_view(ops_page)
