"""Export jobs: created pending by the service, run on the worker; a job whose task never
came (broker down) is run by the scheduled catch-up."""

import pytest

from reports.exports import export_job_create
from reports.models import ExportJob
from reports.tasks import export_jobs_run_waiting
from tests.conftest import travel
from tracker.schedule import SCHEDULE

pytestmark = pytest.mark.django_db


def test_a_job_whose_task_never_came_is_run_by_the_catch_up(published,
                                                           django_capture_on_commit_callbacks):
    with travel("2022-01-10", 9, 0), django_capture_on_commit_callbacks() as enqueued:
        job = export_job_create(kind="obligations", fmt="csv", actor=published.reviewer,
                                params={"filters": {}})
    assert enqueued == []  # creating enqueues nothing: the caller or the sweep runs it
    assert ExportJob.objects.get(pk=job.pk).status == ExportJob.Status.PENDING
    with travel("2022-01-10", 9, 1):
        assert export_jobs_run_waiting() == 0  # still fresh: its own task may yet come
    with travel("2022-01-10", 9, 3):
        assert export_jobs_run_waiting() == 1
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.progress == 100
    assert job.total_rows >= 2 and job.file.name.endswith(".csv")
    with travel("2022-01-10", 9, 20):
        assert export_jobs_run_waiting() == 0  # done jobs are not run again


def test_the_catch_up_is_on_the_beat_schedule_under_its_task_name():
    from reports import tasks

    scheduled = {task for task, _fields, _text in SCHEDULE.values()}
    assert tasks.export_jobs_run_waiting.name == "reports.export_jobs_run_waiting"
    assert tasks.export_jobs_run_waiting.name in scheduled
