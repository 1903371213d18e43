"""Celery tasks of assignments: the reminder sweep and the daily opening of periods."""

import logging

from celery import shared_task
from django.db import DatabaseError, InterfaceError, OperationalError
from django.utils import timezone

log = logging.getLogger(__name__)

# A locked SQLite file or a dropped database connection is worth another try; the
# sweep itself is idempotent, so a retry never sends twice.
TRANSIENT_DB_ERRORS = (OperationalError, InterfaceError)


@shared_task(name="assignments.reminders_sweep", ignore_result=True,
             autoretry_for=TRANSIENT_DB_ERRORS, retry_backoff=10, max_retries=3)
def reminders_sweep() -> dict:
    """Every 15 minutes: send the reminders, escalations and digests whose time has come."""
    from .reminders.sweep import reminders_sweep as sweep

    started = timezone.now()
    try:
        result = sweep().as_dict()
    except Exception as exc:
        sweep_run_record("reminders_sweep", started=started, ok=False,
                         error=f"{exc.__class__.__name__}: {exc}")
        raise
    summary = {k: v for k, v in result.items() if k not in ("recipients", "token")}
    sweep_run_record("reminders_sweep", started=started, ok=True, summary=summary)
    return result


def sweep_run_record(name: str, *, started, ok: bool, summary: dict | None = None,
                     error: str = "") -> None:
    """Keep the last run of a periodic task (assignments.models.SweepRun) for operators.
    A database that fails here too is only logged: the task's own outcome stands."""
    from .models import SweepRun

    try:
        SweepRun.objects.update_or_create(name=name, defaults={
            "started_at": started, "finished_at": timezone.now(), "ok": ok,
            "summary": summary or {}, "error": error[:2000]})
    except DatabaseError:
        log.warning("could not record the run of %s", name, exc_info=True)


@shared_task(name="assignments.obligations_open", ignore_result=True,
             autoretry_for=TRANSIENT_DB_ERRORS, retry_backoff=10, max_retries=3)
def obligations_open() -> int:
    """Daily: open the obligations of periods that have started (idempotent)."""
    from .services import obligations_sync_all

    return obligations_sync_all()
