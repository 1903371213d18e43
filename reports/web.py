"""Pages for exports: the consolidated report, list exports and background export jobs."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from directives.models import Directive
from tracker.errors import DomainError
from tracker.timeutil import today
from tracker.views.common import chosen_in

from .exports import (
    CONTENT_TYPES,
    LIST_KINDS,
    consolidated_export,
    export_job_create,
    export_sync_limit,
    iter_rows,
    list_export_log,
    scoped_list,
    write_csv,
    write_xlsx,
)
from .filters_bridge import FilterError, filter_export_queryset
from .forms import ReportExportForm
from .models import ExportJob
from .tasks import export_job_enqueue


def _day(request) -> dt.date:
    raw = request.GET.get("as_of", "").strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(raw, fmt).date()  # noqa: DTZ007 - a calendar day
        except ValueError:
            continue
    if raw:
        raise DomainError(_("Ngày không hợp lệ (dd/mm/yyyy)."), field="as_of")
    return today()


def _attachment(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def report_download(request, pk: int):
    """The consolidated report of a directive as of a day, dated on its issue day (DOCX or
    XLSX). Bad input answers 400 with the form and each field's message."""
    directive = get_object_or_404(Directive.objects.visible_to(request.user), pk=pk)
    period, known = chosen_in(request, "period", directive.periods.all())
    if not known:
        raise Http404
    form = ReportExportForm(request.GET)
    if form.is_valid():
        try:
            data, filename, content_type = consolidated_export(
                directive=directive, day=form.cleaned_data["as_of"] or today(),
                fmt=form.cleaned_data["format"] or "docx", actor=request.user,
                period=period, issued_on=form.cleaned_data["issued_on"])
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        else:
            return _attachment(data, filename, content_type)
    return render(request, "reports/report_export.html",
                  {"directive": directive, "form": form, "period": period}, status=400)


@login_required
@require_GET
def list_download(request, kind: str):
    """A list with the API's filters: streamed when small, a background job when large."""
    if kind not in LIST_KINDS:
        raise Http404
    fmt = request.GET.get("format", "xlsx")
    if fmt not in ("xlsx", "csv"):
        return _plain_400(_("Định dạng không hỗ trợ (xlsx hoặc csv)."))
    filters = {key: request.GET.getlist(key) for key in request.GET if key != "format"}
    try:
        day = _day(request)
        qs = filter_export_queryset(scoped_list(kind, request.user), {"filters": filters},
                                    user=request.user)
    except (DomainError, FilterError) as exc:
        return _plain_400(getattr(exc, "message", None) or str(getattr(exc, "errors", exc)))
    count = qs.count()
    params = {"filters": filters, "as_of": day.isoformat()}
    if count > export_sync_limit():
        return _list_in_background(request, kind=kind, fmt=fmt, params=params, count=count)
    list_export_log(kind=kind, fmt=fmt, actor=request.user, count=count, params=params)
    return _list_file(kind=kind, fmt=fmt, qs=qs, day=day)


def _plain_400(message) -> HttpResponse:
    return HttpResponse(message, status=400, content_type="text/plain")


def _list_in_background(request, *, kind: str, fmt: str, params: dict, count: int):
    """A large list: an export job, and the jobs page to wait for it."""
    export_job_enqueue(export_job_create(kind=kind, fmt=fmt, actor=request.user,
                                         params=params))
    messages.info(request, _("Danh sách có %(n)s dòng: đang xuất trong nền, tải về khi "
                             "hoàn tất.") % {"n": count})
    return redirect("exports:jobs")


def _list_file(*, kind: str, fmt: str, qs, day: dt.date) -> HttpResponse | StreamingHttpResponse:
    """A small list as the file itself: CSV streamed, XLSX written at once."""
    header, rows = iter_rows(kind, qs, day)
    filename = f"{kind}-{day:%Y%m%d}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(write_csv(header, rows),
                                         content_type=CONTENT_TYPES["csv"])
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response
    return _attachment(write_xlsx(header, rows, kind), filename, CONTENT_TYPES["xlsx"])


@login_required
def job_list(request):
    jobs = ExportJob.objects.filter(requested_by=request.user)[:50]
    running = any(j.status in (ExportJob.Status.PENDING, ExportJob.Status.RUNNING)
                  for j in jobs)
    return render(request, "reports/export_jobs.html", {"jobs": jobs, "running": running})


@login_required
def job_download(request, pk: int):
    job = get_object_or_404(ExportJob, pk=pk, requested_by=request.user,
                            status=ExportJob.Status.DONE)
    response = FileResponse(job.file.open("rb"), as_attachment=True,
                            filename=f"{job.kind}-{job.pk}.{job.format}",
                            content_type=CONTENT_TYPES[job.format])
    response["X-Content-Type-Options"] = "nosniff"
    return response


app_name = "exports"
urlpatterns = [
    path("", job_list, name="jobs"),
    path("<int:pk>/tai-ve/", job_download, name="job-download"),
    path("bao-cao/<int:pk>/", report_download, name="report"),
    path("danh-sach/<str:kind>/", list_download, name="list"),
]
