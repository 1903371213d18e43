"""Celery tasks of assignments: the reminder sweep and the daily opening of periods."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

# A locked SQLite file or a dropped database connection is worth another try; the
# sweep itself is idempotent, so a retry never sends twice.
TRANSIENT_DB_ERRORS = (OperationalError, InterfaceError)


@shared_task(name="assignments.reminders_sweep", ignore_result=True,
             autoretry_for=TRANSIENT_DB_ERRORS, retry_backoff=10, max_retries=3)
def reminders_sweep() -> dict:
    """Every 15 minutes: send the reminders, escalations and digests whose time has come."""
    from .reminders.sweep import reminders_sweep as sweep

    return sweep().as_dict()


@shared_task(name="assignments.obligations_open", ignore_result=True,
             autoretry_for=TRANSIENT_DB_ERRORS, retry_backoff=10, max_retries=3)
def obligations_open() -> int:
    """Daily: open the obligations of periods that have started (idempotent)."""
    from .services import obligations_sync_all

    return obligations_sync_all()
