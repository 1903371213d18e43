"""Celery tasks of directives: thin wrappers that take ids and call services."""

from celery import shared_task


@shared_task(name="directives.import_job_run", ignore_result=True, acks_late=True)
def import_job_run_task(job_id: int) -> None:
    """Read an uploaded PDF page by page (OCR for scans) and store its preview."""
    from .importing import import_job_run

    import_job_run(job_id=job_id)


__all__ = ["import_job_run_task"]
