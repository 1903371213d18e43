"""Background work of the reports app: large exports."""

from celery import shared_task

from .models import ExportJob


@shared_task(name="reports.run_export_job", ignore_result=True)
def run_export_job(job_id: int) -> None:
    from .exports import export_job_run
    from .filters_bridge import filter_export_queryset

    job = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.PENDING).first()
    if job is None:
        return
    export_job_run(job=job, filter_queryset=filter_export_queryset)
