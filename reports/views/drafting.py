"""The unit's drafting tools on the obligation page: the draft saved as it is typed
(autosave, JSON for static/js/report-form.js), a new period's report started from a copy
of the last one. The page itself (and its plain "Lưu nháp" button) is reporting.py."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assignments.forms import extension_form_for
from assignments.selectors import obligations_for
from tracker.errors import DomainError, NotAllowed
from tracker.timeutil import today
from tracker.views.common import run_service

from .. import services as report_services
from ..forms import ReportForm
from ..selectors import ObligationPage, obligation_page


def drafting_context(request, page: ObligationPage) -> dict:
    """What the obligation page adds for the drafting tools."""
    copy_from = None
    if page.writable and page.draft is None and not page.reports:
        copy_from = report_services.previous_period_report(page.obligation)
    return {"copy_from": copy_from, "evidence_max_bytes": settings.TRACKER_EVIDENCE_MAX_BYTES,
            "extension_form": extension_form_for(request, page.obligation.pk)}


def _json_error(errors: dict, detail: str, status: int) -> JsonResponse:
    """The API's error shape (errors per field, detail), and the line the page shows."""
    return JsonResponse({"errors": errors, "detail": detail,
                         "message": _("Chưa lưu được: %(why)s") % {"why": detail}},
                        status=status)


def _autosaved(request, page: ObligationPage, form: ReportForm):
    return report_services.report_save(
        obligation=page.obligation, draft=page.draft, actor=request.user,
        fields=form.report_fields(), expected_version=form.cleaned_data.get("lock_version"),
        values=form.indicator_values() if form.indicator_keys else None)


@login_required
@require_POST
def report_autosave(request, pk: int):
    """Save the unit's draft as it is typed (no file, no submission): JSON back."""
    obligation = get_object_or_404(obligations_for(request.user), pk=pk)
    page = obligation_page(request.user, obligation, today())
    if not page.writable:
        return _json_error({}, _("Bạn không thể lập báo cáo cho yêu cầu này."), 403)
    form = ReportForm(request.POST, indicators=page.indicators,
                      show_completed=page.show_completed)
    if not form.is_valid():
        return _json_error({f: [e["message"] for e in errs] for f, errs
                            in form.errors.get_json_data().items()},
                           _("hãy sửa ô báo lỗi."), 400)
    try:
        draft = _autosaved(request, page, form)
    except (NotAllowed, DomainError) as exc:
        return _json_error({exc.field: [str(exc.message)]} if exc.field else {},
                           str(exc.message), exc.status_code)
    return _saved(draft)


def _saved(draft) -> JsonResponse:
    draft.refresh_from_db(fields=["lock_version", "updated_at"])  # the figures bump it
    saved = timezone.localtime(draft.updated_at)
    return JsonResponse({"report": draft.pk, "lock_version": draft.lock_version,
                         "saved_at": saved.isoformat(),
                         "message": _("Đã lưu lúc %(time)s") % {"time": f"{saved:%H:%M}"}})


@login_required
@require_POST
def report_copy_previous(request, pk: int):
    """Start this period's report from a copy of the last period's (text and figures)."""
    obligation = get_object_or_404(obligations_for(request.user), pk=pk)
    ok, _report = run_service(request, None, lambda: report_services.report_copy_previous(
        obligation=obligation, actor=request.user))
    if ok:
        messages.success(request, _("Đã chép nội dung và số liệu của báo cáo kỳ trước vào "
                                    "bản nháp; minh chứng không được chép. Hãy cập nhật "
                                    "cho kỳ này."))
    return redirect("web:obligation-detail", pk=pk)
