"""Background work of the reports app: large exports.

An export job is created by a service (`reports.exports.export_job_create`, in the
request's transaction) and run here, on the worker: the task is enqueued once that
transaction commits, and the scheduled catch-up runs the jobs whose task never came.
"""

import logging

from celery import shared_task

from tracker.errors import TransitionError
from tracker.notify import enqueue_on_commit

from .exports import export_job_run, export_jobs_waiting
from .filters_bridge import filter_export_queryset
from .models import ExportJob

logger = logging.getLogger(__name__)


@shared_task(name="reports.run_export_job", ignore_result=True)
def run_export_job(job_id: int) -> None:
    job = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.PENDING).first()
    if job is None:
        return
    export_job_run(job=job, filter_queryset=filter_export_queryset)


@shared_task(name="reports.export_jobs_run_waiting", ignore_result=True)
def export_jobs_run_waiting() -> int:
    """Catch up on export jobs left pending (their task was never enqueued: broker down).

    Each job is claimed under a row lock by `export_job_run`, so a late task and this sweep
    never run one twice; a job that fails is marked failed and the sweep goes on."""
    ran = 0
    for job_id in export_jobs_waiting():
        try:
            run_export_job(job_id)
        except TransitionError:  # taken by its own task meanwhile
            continue
        except Exception:
            logger.exception("export job %s failed in the catch-up sweep", job_id)
            continue
        ran += 1
    return ran


def export_job_enqueue(job: ExportJob) -> None:
    """Run a job just created on the worker once its transaction commits. A broker that is
    down leaves it pending for the catch-up sweep."""
    enqueue_on_commit(run_export_job, job.pk)
