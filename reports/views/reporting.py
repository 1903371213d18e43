"""Reporting: the unit's work list and history, the obligation page (write, save,
submit), the report page shared with the board (review, verify), evidence files."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assignments.selectors import (
    extension_requests_for,
    obligations_for,
    recent_extension_requests,
)
from directives.selectors import list_choosers
from tracker import policy
from tracker.lists import list_page
from tracker.timeutil import today
from tracker.views.common import form_service, require_role, run_service

from .. import services as report_services
from ..filters import ReportFilter
from ..forms import (
    AcceptForm,
    BulkAcceptForm,
    CommentForm,
    ReportForm,
    ReturnForm,
    report_initial,
)
from ..selectors import (
    HISTORY_FILTERS,
    QUEUE_FILTERS,
    REPORT_SORTS,
    WORK_GROUPS,
    ObligationPage,
    evidence_for,
    evidence_list,
    my_work,
    obligation_page,
    obligation_page_context,
    queue_marks,
    report_detail_for,
    report_page_context,
    reports_for,
)
from .drafting import drafting_context


@login_required
def my_work_view(request):
    """What is due: each group's first rows and its total; `?group=` opens one group,
    paged (`&page=`)."""
    require_role(request, unit=True)
    day = today()
    group = request.GET.get("group")
    work = my_work(request.user, day, group=group if group in WORK_GROUPS else None,
                   page=request.GET.get("page"))
    extensions = recent_extension_requests(request.user) if work.page is None else []
    return render(request, "reports/my_work.html", {
        "work": work, "today": day, "extensions": extensions,
        "read_only": policy.is_stranded(request.user)})


@login_required
def my_history(request):
    """The unit's reports (the API's ReportFilter with `mine=true`), filtered, sorted and
    paged in the URL; its latest extension requests below."""
    require_role(request, unit=True)
    own = policy.unit_ids(request.user, *policy.UNIT_ROLES)
    listing = list_page(request, filterset_class=ReportFilter,
                        queryset=reports_for(request.user).prefetch_related("reviews"),
                        sorts=REPORT_SORTS, default_sort="-submitted", shown=HISTORY_FILTERS,
                        fixed={"mine": "true"})
    list_choosers(listing, request.user)
    extensions = (extension_requests_for(request.user)
                  .filter(assignment__unit_id__in=own).order_by("-created_at")[:100])
    return render(request, "reports/my_history.html", {
        "listing": listing, "reports": listing.page.object_list, "extensions": extensions},
        status=listing.status)


def _saved(request, done: str):
    """Where a saved report goes: its page. The page's upload with a progress bar asks
    for JSON and goes there itself, so the messages show on that page and the address
    bar is right."""
    if request.headers.get("X-Upload-Progress"):
        return JsonResponse({"location": done})
    return redirect(done)


@login_required
def obligation_detail(request, pk: int):
    """One obligation: its deadline and status, the report being written, versions, reviews,
    extension requests. The unit writes and submits here; the board reads and chases."""
    obligation = get_object_or_404(obligations_for(request.user), pk=pk)
    page = obligation_page(request.user, obligation, today())
    if request.method == "POST" and not page.writable:
        raise PermissionDenied(_("Bạn không thể lập báo cáo cho yêu cầu này."))
    form = _report_form(request, page)
    status = 200
    if form is not None and request.method == "POST":
        if form.is_valid() and _save_report(request, form, page):
            return _saved(request, reverse("web:obligation-detail", args=[pk]))
        status = 400
    return render(request, "reports/obligation_detail.html", {
        **obligation_page_context(page), "form": form, **drafting_context(request, page),
    }, status=status)


def _report_form(request, page: ObligationPage) -> ReportForm | None:
    """The unit's report form: bound on a POST, else from the draft (or the last version)."""
    if not page.writable:
        return None
    if request.method == "POST":
        return ReportForm(request.POST, request.FILES, indicators=page.indicators,
                          show_completed=page.show_completed)
    return ReportForm(initial=report_initial(page.source, page.indicators),
                      indicators=page.indicators, show_completed=page.show_completed)


def _save_report(request, form: ReportForm, page: ObligationPage) -> bool:
    """Save the draft with its figures and file, and submit it if asked (one service)."""
    submit = request.POST.get("action") == "submit"
    ok, result = run_service(request, form, lambda: report_services.report_save(
        obligation=page.obligation, draft=page.draft, actor=request.user,
        fields=form.report_fields(), expected_version=form.cleaned_data.get("lock_version"),
        values=form.indicator_values() if form.indicator_keys else None,
        upload=form.cleaned_data.get("evidence"), submit=submit))
    if not ok:
        if isinstance(result, report_services.DraftSavedButRefused):
            form.add_error(None, _("Bản nháp đã được lưu, nhưng tệp đính kèm chưa được nhận.")
                           if result.step == "evidence"
                           else _("Bản nháp đã được lưu nhưng chưa nộp."))
        return False
    messages.success(request, _("Đã nộp báo cáo. Ban theo dõi sẽ thẩm định.") if submit
                     else _("Đã lưu bản nháp."))
    return True


@login_required
def report_detail(request, pk: int):
    report = get_object_or_404(report_detail_for(request.user), pk=pk)
    return render(request, "reports/report_detail.html", {
        **report_page_context(request.user, report, today()),
        "accept_form": AcceptForm(), "return_form": ReturnForm(), "comment_form": CommentForm(),
    })


@login_required
@require_POST
def report_verify(request, pk: int):
    """The board records verified indicator values beside the reported ones."""
    report = get_object_or_404(reports_for(request.user), pk=pk)
    if not policy.can_review(request.user, report.obligation.assignment.item.directive):
        raise PermissionDenied
    values = []
    for value in report.indicator_values.all():
        raw = request.POST.get(f"v{value.pk}", "").strip().replace(",", ".")
        try:
            number = Decimal(raw) if raw else None
        except InvalidOperation:
            messages.error(request, _("Số thẩm định không hợp lệ: %(v)s") % {"v": raw})
            return redirect("web:report-detail", pk=pk)
        values.append({"indicator": value.indicator_id, "breakdown": value.breakdown,
                       "verified_value": number})
    ok, _result = run_service(request, None, lambda: report_services.indicator_values_verify(
        report=report, actor=request.user, values=values))
    if ok:
        messages.success(request, _("Đã lưu số liệu thẩm định."))
    return redirect("web:report-detail", pk=pk)


@login_required
@require_POST
def report_accept(request, pk: int):
    report = get_object_or_404(reports_for(request.user), pk=pk)
    form = AcceptForm(request.POST)
    if form_service(request, form, lambda data: report_services.report_accept(
            report=report, actor=request.user, comment=data["comment"]),
            success=_("Đã chấp nhận báo cáo của %(unit)s.") % {"unit": report.unit_name}):
        return redirect("web:review-queue")
    return _review_error(request, report, accept_form=form)


@login_required
@require_POST
def report_return(request, pk: int):
    report = get_object_or_404(reports_for(request.user), pk=pk)
    form = ReturnForm(request.POST)
    if form_service(request, form, lambda data: report_services.report_return(
            report=report, actor=request.user, comment=data["comment"],
            resubmit_by=data["resubmit_by"]),
            success=_("Đã trả lại báo cáo của %(unit)s.") % {"unit": report.unit_name}):
        return redirect("web:review-queue")
    return _review_error(request, report, return_form=form)


def _review_error(request, report, accept_form=None, return_form=None):
    # Re-render with the bound form so the reviewer sees the per-field message.
    return render(request, "reports/report_detail.html", {
        **report_page_context(request.user, report, today()), "comment_form": CommentForm(),
        "accept_form": accept_form or AcceptForm(), "return_form": return_form or ReturnForm(),
    }, status=400)


@login_required
def review_queue_view(request):
    """The reports waiting for the user's board (the API's ReportFilter with
    `to_review=true`), filtered, sorted (oldest first) and paged in the URL."""
    require_role(request, board=True)
    listing = list_page(request, filterset_class=ReportFilter, queryset=reports_for(request.user),
                        sorts=REPORT_SORTS, default_sort="submitted", shown=QUEUE_FILTERS,
                        fixed={"to_review": "true"})
    list_choosers(listing, request.user)
    return render(request, "reports/review_queue.html", {
        "listing": listing, "reports": listing.page.object_list, "today": today(),
        "marks": queue_marks(listing.page.object_list, today()),
        "bulk_form": BulkAcceptForm()}, status=listing.status)


@login_required
@require_POST
def evidence_remove(request, pk: int, evidence_pk: int):
    """The unit takes a file off its draft; earlier versions keep it (no bytes deleted)."""
    report = get_object_or_404(reports_for(request.user), pk=pk)
    evidence = get_object_or_404(evidence_list(report=report), pk=evidence_pk)
    ok, _done = run_service(request, None, lambda: report_services.evidence_remove(
        report=report, actor=request.user, evidence=evidence))
    if ok:
        messages.success(request, _("Đã gỡ tệp “%(name)s” khỏi bản nháp. Các lần báo cáo "
                                    "trước vẫn giữ tệp này.") % {"name": evidence.original_name})
    return redirect("web:obligation-detail", pk=report.obligation_id)


@login_required
def evidence_download(request, pk: int):
    evidence = get_object_or_404(evidence_for(request.user), pk=pk)
    response = FileResponse(evidence.file.open("rb"), as_attachment=True,
                            filename=evidence.original_name,
                            content_type=evidence.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
