"""Celery tasks of directives: thin wrappers that take ids and call services."""

from celery import shared_task
from django.db import transaction


@shared_task(name="directives.import_job_run", ignore_result=True, acks_late=True)
def import_job_run_task(job_id: int) -> None:
    """Read an uploaded PDF page by page (OCR for scans) and store its preview."""
    from .importing import import_job_run

    import_job_run(job_id=job_id)


def import_job_enqueue(job) -> None:
    """Read a job just created on the worker once its transaction commits (at once when
    eager). A broker that is down leaves it pending; the next poll queues it again."""
    from tracker.notify import enqueue_now

    transaction.on_commit(lambda: enqueue_now(import_job_run_task, job.pk))


def import_job_requeue_stale(job) -> None:
    """A job left pending (its broker message lost): queue it again."""
    from tracker.notify import enqueue_now

    from .importing import import_job_stale

    if import_job_stale(job):
        enqueue_now(import_job_run_task, job.pk)


__all__ = ["import_job_enqueue", "import_job_requeue_stale", "import_job_run_task"]
