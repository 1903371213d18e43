"""Exports: the consolidated report (DOCX/XLSX) and lists as XLSX/CSV, streamed in chunks.

Every export is scoped to the caller (tracker.policy) and logged as an event.
Small list exports stream directly; large ones run as an ExportJob on Celery.
"""

import csv
import datetime as dt
import io
import logging
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from assignments.models import AssignmentStatus, ObligationStatus
from assignments.selectors import assignment_states, obligation_states
from directives.models import Directive
from tracker.errors import DomainError, TransitionError
from tracker.events import event_record
from tracker.models import EventVerb
from tracker.timeutil import LOCAL_TZ, now
from tracker.timeutil import today as local_today

from .consolidated import consolidated_report, issue_day_error
from .documents import render_docx, render_xlsx
from .models import ExportJob
from .safe_cells import safe_cell
from .sheets import Percent, Plain, write_table

logger = logging.getLogger(__name__)
CHUNK = 2000
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
LIST_KINDS = ("assignments", "obligations", "reports")


def _slug(number: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in number).strip("-")


# --- the consolidated report ----------------------------------------------------

def consolidated_export(*, directive: Directive, day: dt.date, fmt: str, actor,
                        period=None, issued_on: dt.date | None = None
                        ) -> tuple[bytes, str, str]:
    """Build the consolidated report as DOCX or XLSX, its figures as of `day`, dated and
    signed on `issued_on` (default: today); returns (bytes, filename, type)."""
    if fmt not in ("docx", "xlsx"):
        raise DomainError(_("Định dạng không hỗ trợ (docx hoặc xlsx)."), field="format")
    if error := issue_day_error(day=day, issued_on=issued_on):
        raise DomainError(error, field="issued_on")
    if not Directive.objects.filter(pk=directive.pk).visible_to(actor).exists():
        raise DomainError(_("Không tìm thấy văn bản."), field="directive")
    # The official report is Vietnamese whatever the reader's UI language: its sentences
    # ("kết quả thực hiện Chỉ thị số …") take the kind of document and the statuses in
    # Vietnamese too, not "Directive" from an English session.
    with translation.override("vi"):
        report = consolidated_report(directive=directive, day=day, period=period,
                                     user=actor, issued_on=issued_on)
        data = render_docx(report) if fmt == "docx" else render_xlsx(report)
    filename = f"bao-cao-{_slug(directive.number)}-{day:%Y%m%d}.{fmt}"
    event_record(target=directive, verb=EventVerb.EXPORTED, actor=actor,
                 data={"what": "consolidated_report", "format": fmt, "as_of": day.isoformat(),
                       "issued_on": report.issued_on.isoformat(),
                       "period": period.pk if period else None})
    return data, filename, CONTENT_TYPES[fmt]


# --- list exports ----------------------------------------------------------------

def csv_value(value):
    """A typed row value as CSV text: dates dd/mm/yyyy, moments in local time."""
    if isinstance(value, dt.datetime):
        return value.astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, Plain):
        return int(value)
    if isinstance(value, Percent):
        return _percent_text(value)
    return value


def _percent_text(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral() else str(value)


def _assignment_rows(qs: QuerySet, day: dt.date) -> tuple[list[str], Callable]:
    header = ["ID", "Văn bản", "Nhiệm vụ", "Nội dung", "Đơn vị", "Vai trò", "Hạn ban đầu",
              "Hạn hiện tại", "Trạng thái", "Số ngày quá hạn", "Ngày hoàn thành"]
    labels = dict(AssignmentStatus.choices)

    def rows(chunk: QuerySet) -> Iterator[list]:
        states = assignment_states(chunk, day)
        for a in chunk.select_related("item__directive", "unit"):
            state = states.get(a.pk)
            yield [Plain(a.pk), a.item.directive.number, Plain(a.item.order),
                   a.item.content[:500], a.unit.name, a.get_role_display(),
                   a.original_due_on, a.current_due_on,
                   labels.get(state.status, "") if state else "",
                   state.days_overdue if state else None, a.completed_on]
    return header, rows


def _obligation_rows(qs: QuerySet, day: dt.date) -> tuple[list[str], Callable]:
    header = ["ID", "Văn bản", "Nhiệm vụ", "Đơn vị", "Kỳ báo cáo", "Hạn ban đầu",
              "Hạn hiện tại", "Trạng thái", "Số ngày quá hạn", "Ngày nộp (tính đúng hạn)"]
    labels = dict(ObligationStatus.choices)

    def rows(chunk: QuerySet) -> Iterator[list]:
        states = obligation_states(chunk, day)
        for o in chunk.select_related("assignment__item__directive", "assignment__unit",
                                      "period"):
            state = states.get(o.pk)
            yield [Plain(o.pk), o.assignment.item.directive.number,
                   Plain(o.assignment.item.order), o.assignment.unit.name, o.period.label,
                   o.original_due_on, state.due_on if state else o.due_on,
                   labels.get(state.status, "") if state else "",
                   state.days_overdue if state else None,
                   state.effective_submitted_on if state else None]
    return header, rows


def _report_rows(qs: QuerySet, day: dt.date) -> tuple[list[str], Callable]:
    header = ["ID", "Văn bản", "Nhiệm vụ", "Đơn vị", "Kỳ báo cáo", "Lần", "Trạng thái",
              "Tiến độ (%)", "Đề nghị hoàn thành", "Nộp lúc", "Thẩm định lúc", "Tóm tắt",
              "Kết quả"]

    def rows(chunk: QuerySet) -> Iterator[list]:
        for r in chunk.select_related("obligation__assignment__item__directive",
                                      "obligation__period"):
            item = r.obligation.assignment.item
            yield [Plain(r.pk), item.directive.number, Plain(item.order), r.unit_name,
                   r.obligation.period.label, r.version, r.get_status_display(),
                   Percent(r.progress_percent) if r.progress_percent is not None else None,
                   "Có" if r.completed else "Không", r.submitted_at, r.decided_at,
                   r.text[:2000], r.results_text[:5000]]
    return header, rows


def scoped_list(kind: str, user) -> QuerySet:
    """The list `kind` as the user may see it: the same selectors as the API lists."""
    from assignments.selectors import assignment_list, obligation_list

    from .selectors import report_list

    if kind == "assignments":
        return assignment_list(user=user).order_by("pk")
    if kind == "obligations":
        return obligation_list(user=user).order_by("pk")
    if kind == "reports":
        return report_list(user=user).order_by("pk")
    raise DomainError(_("Loại danh sách không hợp lệ."), field="kind")


def _builder(kind: str):
    return {"assignments": _assignment_rows, "obligations": _obligation_rows,
            "reports": _report_rows}[kind]


def iter_rows(kind: str, qs: QuerySet, day: dt.date,
              progress: Callable[[int], None] | None = None) -> tuple[list[str], Iterator]:
    """Header and a generator over every row, reading `qs` in id chunks (bounded memory)."""
    header, rows = _builder(kind)(qs, day)

    def generate() -> Iterator[list]:
        done = 0
        last = 0
        model = qs.model
        while True:
            ids = list(qs.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)
                       [:CHUNK])
            if not ids:
                return
            last = ids[-1]
            yield from rows(model.objects.filter(pk__in=ids).order_by("pk"))
            done += len(ids)
            if progress:
                progress(done)
    return header, generate()


def write_csv(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    """CSV lines (UTF-8 with BOM for spreadsheet programs), formula-safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff"
    writer.writerow([safe_cell(v) for v in header])
    for row in rows:
        writer.writerow([safe_cell(csv_value(v)) for v in row])
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def write_xlsx(header: list[str], rows: Iterable[list], title: str) -> bytes:
    """A write-only (streaming) workbook laid out by `reports.sheets`: typed cells
    (dates, numbers, %), fitted columns, frozen and filtered header repeated on each
    printed A4 landscape page; formula-safe."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    write_table(sheet, header, rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def list_export_log(*, kind: str, fmt: str, actor, count: int, params: dict) -> None:
    event_record(target=actor, verb=EventVerb.EXPORTED, actor=actor,
                 data={"what": kind, "format": fmt, "rows": count, "params": params})


# --- background jobs -------------------------------------------------------------

@transaction.atomic
def export_job_create(*, kind: str, fmt: str, actor, params: dict) -> ExportJob:
    """Record a large export, pending. The caller enqueues `reports.tasks.run_export_job`
    for it once the transaction commits (`export_job_enqueue`); a job whose task was never
    published is run by the catch-up sweep (`reports.tasks.export_jobs_run_waiting`)."""
    if kind not in LIST_KINDS:
        raise DomainError(_("Loại danh sách không hợp lệ."), field="kind")
    if fmt not in ("xlsx", "csv"):
        raise DomainError(_("Định dạng không hỗ trợ (xlsx hoặc csv)."), field="format")
    job = ExportJob.objects.create(kind=kind, format=fmt, params=params, requested_by=actor)
    event_record(target=job, verb=EventVerb.REQUESTED, actor=actor, to_status=job.status,
                 data={"kind": kind, "format": fmt, "params": params})
    return job


EXPORT_JOB_WAIT_BEFORE_SWEEP = dt.timedelta(minutes=2)


def export_jobs_waiting() -> list[int]:
    """Jobs still pending a while after they were requested: their task was never published
    (broker down or hung) or was lost. The catch-up sweep runs them."""
    return list(ExportJob.objects.filter(
        status=ExportJob.Status.PENDING, created_at__lt=now() - EXPORT_JOB_WAIT_BEFORE_SWEEP,
    ).order_by("created_at", "pk").values_list("pk", flat=True))


def export_job_run(*, job: ExportJob, filter_queryset: Callable[..., QuerySet]
                   | None = None) -> ExportJob:
    """Run a job: scoped + filtered rows, written in chunks, progress saved as it goes."""
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().get(pk=job.pk)
        if job.status not in (ExportJob.Status.PENDING, ExportJob.Status.FAILED):
            raise TransitionError(_("Yêu cầu xuất dữ liệu đã được xử lý."))
        job.status = ExportJob.Status.RUNNING
        job.started_at = now()
        job.save(update_fields=["status", "started_at"])
    try:
        qs = scoped_list(job.kind, job.requested_by)
        if filter_queryset is not None:
            qs = filter_queryset(qs, job.params, user=job.requested_by)
        day = dt.date.fromisoformat(job.params["as_of"]) if job.params.get("as_of") else (
            local_today())
        total = qs.count()
        ExportJob.objects.filter(pk=job.pk).update(total_rows=total)

        def progress(done: int) -> None:
            ExportJob.objects.filter(pk=job.pk).update(
                progress=min(99, int(100 * done / total)) if total else 99)
        header, rows = iter_rows(job.kind, qs, day, progress)
        if job.format == "csv":
            data = "".join(write_csv(header, rows)).encode("utf-8")
        else:
            data = write_xlsx(header, rows, job.kind)
        job.refresh_from_db()
        job.file.save(f"{job.kind}-{job.pk}.{job.format}", ContentFile(data), save=False)
        job.status = ExportJob.Status.DONE
        job.progress = 100
        job.finished_at = now()
        job.save(update_fields=["file", "status", "progress", "finished_at"])
        event_record(target=job, verb=EventVerb.COMPLETED, actor=job.requested_by,
                     from_status=ExportJob.Status.RUNNING, to_status=job.status,
                     data={"rows": total})
    except Exception as exc:
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.FAILED,
                                                   error=str(exc)[:2000], finished_at=now())
        raise
    job.refresh_from_db()
    return job


def export_sync_limit() -> int:
    return settings.TRACKER_EXPORT_SYNC_MAX_ROWS
