"""Reporting: the unit's work list and history, the obligation page (write, save,
submit), the report page shared with the board (review, verify), evidence files."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assignments.forms import ExtensionRequestForm
from assignments.models import ExtensionRequest, ReportObligation
from assignments.selectors import (
    extension_requests_for,
    obligation_states,
    obligations_for,
    recent_extension_requests,
)
from assignments.statuses import OPEN_OBLIGATION
from directives.models import Directive, ResponsibilityItem
from tracker import policy
from tracker.timeutil import today
from tracker.views.common import require_role, run_service

from .. import services as report_services
from ..forms import AcceptForm, ReportForm, ReturnForm, indicator_rows
from ..models import REPORT_PARTS, Indicator, ProgressReport
from ..selectors import (
    OPEN_STATES,
    WORK_GROUPS,
    evidence_for,
    evidence_list,
    my_work,
    reports_for,
    review_queue,
)


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
        "work": work, "today": day, "extensions": extensions})


@login_required
def my_history(request):
    require_role(request, unit=True)
    own = policy.unit_ids(request.user, *policy.UNIT_ROLES)
    reports = (reports_for(request.user).filter(obligation__assignment__unit_id__in=own)
               .prefetch_related("reviews").order_by("-submitted_at", "-created_at")[:300])
    extensions = (extension_requests_for(request.user)
                  .filter(assignment__unit_id__in=own).order_by("-created_at")[:100])
    return render(request, "reports/my_history.html", {"reports": reports,
                                                   "extensions": extensions})


def _indicators(item: ResponsibilityItem) -> list[Indicator]:
    return list(Indicator.objects.filter(directive_id=item.directive_id)
                .filter(Q(item__isnull=True) | Q(item=item)).order_by("order", "id"))


def _report_initial(report: ProgressReport | None, indicators) -> dict:
    if report is None:
        return {"progress_percent": 0}
    initial = {name: getattr(report, name) for name, _label in REPORT_PARTS}
    initial.update(text=report.text, progress_percent=report.progress_percent,
                   completed=report.completed, lock_version=report.lock_version)
    values = {(v.indicator_id, v.breakdown): v.reported_value
              for v in report.indicator_values.all()}
    for key, indicator, breakdown, _label in indicator_rows(indicators):
        if (indicator.pk, breakdown) in values:
            value = values[(indicator.pk, breakdown)]
            # 45170, not 45170.00: most figures are head counts.
            initial[key] = int(value) if value == value.to_integral_value() else value
    return initial


@login_required
def obligation_detail(request, pk: int):
    """One obligation: its deadline and status, the report being written, versions, reviews,
    extension requests. The unit writes and submits here; the board reads and chases."""
    obligation = get_object_or_404(obligations_for(request.user), pk=pk)
    assignment = obligation.assignment
    item = assignment.item
    directive = item.directive
    day = today()
    state = obligation_states(ReportObligation.objects.filter(pk=pk), day).get(pk)
    may_report = policy.can_report_for(request.user, assignment)
    may_review = policy.can_review(request.user, directive)
    reports = list(obligation.reports.order_by("-version").prefetch_related(
        "reviews__reviewer", "evidence", "indicator_values__indicator"))
    draft = next((r for r in reports if r.status == ProgressReport.Status.DRAFT), None)
    if not may_report:
        reports = [r for r in reports if r.status != ProgressReport.Status.DRAFT]
    writable = (may_report and obligation.state in OPEN_STATES
                and directive.status == Directive.Status.ACTIVE)
    indicators = _indicators(item)
    show_completed = item.deadline_mode != ResponsibilityItem.DeadlineMode.CONTINUOUS
    source = draft or next(iter(reports), None)
    form = None
    status = 200
    if writable:
        if request.method == "POST":
            form = ReportForm(request.POST, request.FILES, indicators=indicators,
                              show_completed=show_completed)
            if form.is_valid():
                done = _save_report(request, form, obligation, draft)
                if done:
                    return redirect("web:obligation-detail", pk=pk)
            status = 400
        else:
            form = ReportForm(initial=_report_initial(source, indicators),
                              indicators=indicators, show_completed=show_completed)
    elif request.method == "POST":
        raise PermissionDenied(_("Bạn không thể lập báo cáo cho yêu cầu này."))
    last_return = next((r for r in reports if r.status == ProgressReport.Status.RETURNED), None)
    extensions = list(obligation.extension_requests.select_related("requested_by", "decided_by")
                      .order_by("-created_at"))
    can_extend = writable and not any(e.status == ExtensionRequest.Status.PENDING
                                      for e in extensions)
    return render(request, "reports/obligation_detail.html", {
        "obligation": obligation, "assignment": assignment, "item": item,
        "directive": directive, "state": state, "today": day, "reports": reports,
        "draft": draft, "form": form, "writable": writable, "last_return": last_return,
        "extensions": extensions, "can_extend": can_extend,
        "extension_form": ExtensionRequestForm(), "may_review": may_review,
        "can_remind": may_review and state is not None and state.status in OPEN_OBLIGATION,
        "parts": REPORT_PARTS,
    }, status=status)


def _save_report(request, form: ReportForm, obligation, draft) -> bool:
    """Create or update the draft, set indicator values, attach a file, maybe submit."""
    user = request.user
    fields = form.report_fields()
    if draft is None:
        ok, draft = run_service(request, form, lambda: report_services.report_create(
            obligation=obligation, author=user, **fields))
    else:
        expected = form.cleaned_data.get("lock_version")
        ok, draft = run_service(request, form, lambda: report_services.report_update(
            report=draft, actor=user, expected_version=expected, **fields))
    if not ok:
        return False
    if form.indicator_keys:
        ok, _rows = run_service(request, form, lambda: report_services.indicator_values_set(
            report=draft, actor=user, values=form.indicator_values()))
        if not ok:
            return False
    upload = form.cleaned_data.get("evidence")
    if upload:
        ok, _ev = run_service(request, form, lambda: report_services.evidence_add(
            report=draft, actor=user, upload=upload))
        if not ok:
            form.add_error(None, _("Bản nháp đã được lưu, nhưng tệp đính kèm chưa được nhận."))
            return False
    if request.POST.get("action") == "submit":
        ok, _report = run_service(request, form, lambda: report_services.report_submit(
            report=draft, actor=user))
        if not ok:
            form.add_error(None, _("Bản nháp đã được lưu nhưng chưa nộp."))
            return False
        messages.success(request, _("Đã nộp báo cáo. Ban theo dõi sẽ thẩm định."))
    else:
        messages.success(request, _("Đã lưu bản nháp."))
    return True


@login_required
def report_detail(request, pk: int):
    report = get_object_or_404(
        reports_for(request.user).prefetch_related("reviews__reviewer", "evidence",
                                                   "indicator_values__indicator"), pk=pk)
    obligation = report.obligation
    directive = obligation.assignment.item.directive
    may_review = policy.can_review(request.user, directive)
    others = (ProgressReport.objects.filter(obligation=obligation).exclude(pk=report.pk)
              .order_by("-version"))
    if not policy.can_report_for(request.user, obligation.assignment):
        others = others.exclude(status=ProgressReport.Status.DRAFT)
    state = obligation_states(ReportObligation.objects.filter(pk=obligation.pk), today()).get(
        obligation.pk)
    parts = [(label, getattr(report, name)) for name, label in REPORT_PARTS]
    return render(request, "reports/report_detail.html", {
        "report": report, "obligation": obligation, "directive": directive,
        "item": obligation.assignment.item, "unit": obligation.assignment.unit,
        "parts": parts, "others": others, "state": state, "today": today(),
        "may_review": may_review and report.status == ProgressReport.Status.SUBMITTED,
        "may_write": policy.can_report_for(request.user, obligation.assignment)
        and obligation.state in OPEN_STATES,
        "accept_form": AcceptForm(), "return_form": ReturnForm(),
        "may_verify": may_review and report.status != ProgressReport.Status.DRAFT,
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
    if form.is_valid():
        ok, _r = run_service(request, form, lambda: report_services.report_accept(
            report=report, actor=request.user, comment=form.cleaned_data["comment"]))
        if ok:
            messages.success(request, _("Đã chấp nhận báo cáo của %(unit)s.")
                             % {"unit": report.unit_name})
            return redirect("web:review-queue")
    return _review_error(request, report, accept_form=form)


@login_required
@require_POST
def report_return(request, pk: int):
    report = get_object_or_404(reports_for(request.user), pk=pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        ok, _r = run_service(request, form, lambda: report_services.report_return(
            report=report, actor=request.user, comment=form.cleaned_data["comment"],
            resubmit_by=form.cleaned_data["resubmit_by"]))
        if ok:
            messages.success(request, _("Đã trả lại báo cáo của %(unit)s.")
                             % {"unit": report.unit_name})
            return redirect("web:review-queue")
    return _review_error(request, report, return_form=form)


def _review_error(request, report, accept_form=None, return_form=None):
    # Re-render with the bound form so the reviewer sees the per-field message.
    obligation = report.obligation
    context = {
        "report": report, "obligation": obligation,
        "directive": obligation.assignment.item.directive, "item": obligation.assignment.item,
        "unit": obligation.assignment.unit,
        "parts": [(label, getattr(report, name)) for name, label in REPORT_PARTS],
        "others": ProgressReport.objects.filter(obligation=obligation).exclude(pk=report.pk)
        .exclude(status=ProgressReport.Status.DRAFT),
        "state": None, "today": today(),
        "may_review": report.status == ProgressReport.Status.SUBMITTED
        and policy.can_review(request.user, obligation.assignment.item.directive),
        "accept_form": accept_form or AcceptForm(), "return_form": return_form or ReturnForm(),
    }
    return render(request, "reports/report_detail.html", context, status=400)


@login_required
def review_queue_view(request):
    require_role(request, board=True)
    reports = review_queue(request.user)
    return render(request, "reports/review_queue.html", {"reports": reports})


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
