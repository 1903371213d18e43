"""Pages for importing a directive: paste or upload, review and correct, publish."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tracker import policy
from tracker.accounts.middleware import session_untouched
from tracker.errors import DomainError, NotAllowed
from tracker.models import Membership, Unit

from .importer import ImportInputError
from .importing import (
    import_job_create,
    import_job_state,
    import_preview,
    import_reviewed,
    input_error_message,
    pdf_precheck,
    preview_apply,
    review_edits,
    text_from_upload,
    upload_is_pdf,
)
from .models import Cadence, Directive, ImportJob
from .selectors import import_review_context
from .tasks import import_job_enqueue, import_job_requeue_stale

SESSION_KEY = "directive_import"
MAX_UPLOAD = 2 * 1024 * 1024
MAX_PDF_UPLOAD = 20 * 1024 * 1024


class ImportForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Dán nội dung văn bản"), required=False,
                           widget=forms.Textarea(attrs={"rows": 14}))
    file = forms.FileField(
        label=gettext_lazy("hoặc tải tệp lên (.txt, .docx tối đa 2 MB; .pdf tối đa 20 MB, "
                           "50 trang, kể cả bản scan)"),
        required=False, widget=forms.ClearableFileInput(
            attrs={"accept": ".txt,.docx,.pdf,text/plain,application/pdf,application/"
                             "vnd.openxmlformats-officedocument.wordprocessingml.document"}))

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        text = data.get("text") or ""
        try:
            if upload is not None and upload_is_pdf(data=upload.read(1024),
                                                    filename=upload.name):
                # Read in the background page by page (the view starts the job).
                upload.seek(0)
                if upload.size > MAX_PDF_UPLOAD:
                    raise ImportInputError("file", _("Tệp PDF quá lớn (tối đa 20 MB)."),
                                           "too_large")
                data["pdf"] = upload.read()
                pdf_precheck(data=data["pdf"])
                return data
            if upload is not None:
                upload.seek(0)
                if upload.size > MAX_UPLOAD:
                    raise ImportInputError("file", _("Tệp quá lớn (tối đa 2 MB)."), "too_large")
                text = text_from_upload(data=upload.read(), filename=upload.name)
            data["preview"] = import_preview(text=text)
            data["source"] = text
        except ImportInputError as exc:
            self.add_error(exc.field if exc.field in self.fields else None,
                           input_error_message(exc))
        return data


def _require_board(user) -> list[Unit]:
    units = list(Unit.objects.filter(is_active=True)) if user.is_superuser else list(
        Unit.objects.filter(pk__in=policy.unit_ids(user, Membership.Role.REVIEWER)))
    if not units:
        raise PermissionDenied(_("Chỉ ban theo dõi mới nhập văn bản."))
    return units


@login_required
def import_start(request):
    _require_board(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data.get("pdf") is not None:
            job = import_job_create(actor=request.user, data=form.cleaned_data["pdf"],
                                    filename=form.cleaned_data["file"].name)
            import_job_enqueue(job)
            return redirect("importer:job", job.pk)
        request.session[SESSION_KEY] = {"preview": form.cleaned_data["preview"],
                                        "source": form.cleaned_data["source"]}
        return redirect("importer:review")
    status = 400 if request.method == "POST" else 200
    return render(request, "directives/import_start.html", {"form": form}, status=status)


def _own_job(request, job_id: int) -> ImportJob:
    job = ImportJob.objects.filter(pk=job_id, created_by=request.user).first()
    if job is None:
        raise Http404
    return job


@login_required
def import_job(request, job_id: int):
    """A PDF being read: a progress bar (polled by static/js/app.js), then the review."""
    _require_board(request.user)
    job = _own_job(request, job_id)
    import_job_requeue_stale(job)
    if job.status == ImportJob.Status.DONE:
        request.session[SESSION_KEY] = {"preview": job.preview, "source": job.text}
        return redirect("importer:review")
    error = None
    if job.status == ImportJob.Status.FAILED:
        error = input_error_message(job.error or {})
    return render(request, "directives/import_job.html", {
        "job": job, "state": import_job_state(job), "error": error,
        "status_url": reverse("importer:job-status", args=[job.pk]),
    }, status=400 if error else 200)


@login_required
@session_untouched
def import_job_status(request, job_id: int):
    """The progress as JSON: status, pages_done, pages_total, percent, next (when over)."""
    _require_board(request.user)
    job = _own_job(request, job_id)
    import_job_requeue_stale(job)
    state = {key: value for key, value in import_job_state(job).items()
             if key not in ("preview", "text")}
    state["label"] = _job_label(job)
    if job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED):
        state["next"] = reverse("importer:job", args=[job.pk])
    return JsonResponse(state)


def _job_label(job: ImportJob) -> str:
    if job.status == ImportJob.Status.PENDING:
        return _("Đang chờ xử lý…")
    if job.status == ImportJob.Status.RUNNING:
        return _("Đã đọc %(done)s/%(total)s trang") % {"done": job.pages_done,
                                                       "total": job.pages_total}
    if job.status == ImportJob.Status.DONE:
        return _("Đã đọc xong, đang mở bản xem trước…")
    return _("Không đọc được tệp.")


@login_required
def import_review(request):
    board_units = _require_board(request.user)
    state = request.session.get(SESSION_KEY)
    if not state:
        messages.info(request, _("Hãy dán hoặc tải văn bản lên trước."))
        return redirect("importer:start")
    preview, source = state["preview"], state["source"]
    errors: list[str] = []
    if request.method == "POST":
        edits = review_edits(request.POST, preview)
        preview, errors = preview_apply(preview, edits), edits["errors"]
        request.session[SESSION_KEY] = {"preview": preview, "source": source}
        if not errors and request.POST.get("action") in ("create", "publish"):
            directive, errors = _create_reviewed(request, preview, source)
            if directive is not None:
                return redirect("web:directive-detail", directive.pk)
    context = import_review_context(preview=preview, source=source, board_units=board_units,
                                    errors=errors)
    return render(request, "directives/import_review.html", context,
                  status=400 if errors else 200)


def _create_reviewed(request, preview: dict, source: str) -> tuple[Directive | None, list[str]]:
    """Create (or publish) the reviewed directive: (the directive, no errors), or (None,
    the refused rule's message)."""
    try:
        directive = import_reviewed(
            preview=preview, actor=request.user, text=source,
            report_cadence=request.POST.get("report_cadence") or Cadence.SEMI_ANNUAL,
            publish=request.POST.get("action") == "publish")
    except NotAllowed as exc:
        raise PermissionDenied(str(exc.message)) from exc
    except DomainError as exc:
        return None, [f"{exc.field}: {exc.message}" if exc.field else str(exc.message)]
    request.session.pop(SESSION_KEY, None)
    messages.success(request, _("Đã tạo văn bản %(number)s với %(n)s nhiệm vụ.")
                     % {"number": directive.number, "n": directive.items.count()})
    return directive, []


app_name = "importer"
urlpatterns = [
    path("", import_start, name="start"),
    path("xem-truoc/", import_review, name="review"),
    path("doc-tep/<int:job_id>/", import_job, name="job"),
    path("doc-tep/<int:job_id>/tien-do.json", import_job_status, name="job-status"),
]
