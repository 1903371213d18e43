"""The assignments' pages: giving an item to units, extension requests and the board's
decisions, a deadline's logged edit, a reminder sent now."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directives.models import ResponsibilityItem
from directives.selectors import reviewable_directives
from directives.views import board_item
from tracker import policy
from tracker.views.common import require_role, run_service, simple_form_page

from . import services as assignment_services
from .forms import (
    AssignForm,
    DeadlineEditForm,
    ExtensionApproveForm,
    ExtensionRejectForm,
    ExtensionRequestForm,
)
from .models import ExtensionRequest
from .selectors import extension_requests_for, obligations_for


@login_required
def item_assign(request, pk: int):
    item = board_item(request, pk)
    form = AssignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, created = run_service(request, form, lambda: assignment_services.item_assign(
            item=item, actor=request.user, units=data["units"], groups=data["groups"],
            lead_unit=data["lead_unit"], due_on=data["due_on"]))
        if ok:
            messages.success(request, _("Đã giao nhiệm vụ cho %(n)s đơn vị.")
                             % {"n": len(created)})
            return redirect("web:directive-detail", pk=item.directive_id)
    current = item.assignments.select_related("unit").order_by("unit__order")
    return render(request, "assignments/item_assign.html", {
        "form": form, "item": item, "directive": item.directive, "current": current,
        "joint": item.assignment_mode == ResponsibilityItem.AssignmentMode.JOINT,
    }, status=400 if form.errors else 200)


@login_required
def extension_list(request):
    require_role(request, board=True)
    qs = extension_requests_for(request.user).filter(
        assignment__item__directive__in=reviewable_directives(request.user))
    pending = qs.filter(status=ExtensionRequest.Status.PENDING).order_by("created_at")
    decided = qs.exclude(status=ExtensionRequest.Status.PENDING).order_by("-decided_at")[:30]
    rows = [(e, ExtensionApproveForm(auto_id=f"a{e.pk}_%s"),
             ExtensionRejectForm(auto_id=f"r{e.pk}_%s")) for e in pending]
    return render(request, "assignments/extension_list.html", {"pending": rows, "decided": decided})


def _board_request(request, pk: int) -> ExtensionRequest:
    ext = get_object_or_404(extension_requests_for(request.user), pk=pk)
    if not policy.can_review(request.user, ext.assignment.item.directive):
        raise PermissionDenied
    return ext


def _form_errors_to_messages(request, form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def _extension_decide(request, pk: int, form_class, decide, done: str):
    """The board's decision on one pending request (approve or reject, one shape): the
    form, the service `decide(ext, cleaned_data)`, a message, back to the list."""
    ext = _board_request(request, pk)
    form = form_class(request.POST)
    if form.is_valid() and run_service(request, form,
                                       lambda: decide(ext, form.cleaned_data))[0]:
        messages.success(request, done % {"unit": ext.assignment.unit.name})
    else:
        _form_errors_to_messages(request, form)
    return redirect("web:extension-list")


@login_required
@require_POST
def extension_approve(request, pk: int):
    return _extension_decide(
        request, pk, ExtensionApproveForm,
        lambda ext, data: assignment_services.extension_approve(
            request=ext, actor=request.user, approved_due_on=data["approved_due_on"],
            note=data["note"]),
        _("Đã chấp thuận gia hạn cho %(unit)s."))


@login_required
@require_POST
def extension_reject(request, pk: int):
    return _extension_decide(
        request, pk, ExtensionRejectForm,
        lambda ext, data: assignment_services.extension_reject(
            request=ext, actor=request.user, note=data["note"]),
        _("Đã không chấp thuận đề nghị gia hạn của %(unit)s."))


@login_required
@require_POST
def extension_request(request, pk: int):
    obligation = get_object_or_404(obligations_for(request.user), pk=pk)
    if not policy.can_report_for(request.user, obligation.assignment):
        raise PermissionDenied
    form = ExtensionRequestForm(request.POST)
    if form.is_valid():
        ok, _req = run_service(request, form, lambda: (
            assignment_services.extension_request_create(
                assignment=obligation.assignment, obligation=obligation, actor=request.user,
                requested_due_on=form.cleaned_data["requested_due_on"],
                reason=form.cleaned_data["reason"])))
        if ok:
            messages.success(request, _("Đã gửi đề nghị gia hạn đến ban theo dõi."))
            return redirect("web:obligation-detail", pk=pk)
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
    return redirect("web:obligation-detail", pk=pk)


@login_required
def deadline_edit(request, pk: int):
    """The board moves an obligation's due date by a logged edit, with a reason."""
    obligation = get_object_or_404(obligations_for(request.user), pk=pk)
    directive = obligation.assignment.item.directive
    if not policy.can_review(request.user, directive):
        raise PermissionDenied
    return simple_form_page(
        request, DeadlineEditForm(request.POST or None,
                                  initial={"new_due_on": obligation.due_on}),
        lambda data: assignment_services.deadline_edit(obligation=obligation,
                                                       actor=request.user, **data),
        success=_("Đã điều chỉnh thời hạn báo cáo."),
        done=reverse("web:obligation-detail", args=[pk]), directive=directive,
        title=_("Điều chỉnh hạn báo cáo của %(unit)s — %(period)s") % {
            "unit": obligation.assignment.unit.name, "period": obligation.period.label})


@login_required
@require_POST
def remind_now(request, pk: int):
    obligation = get_object_or_404(obligations_for(request.user), pk=pk)
    if not policy.can_review(request.user, obligation.assignment.item.directive):
        raise PermissionDenied
    try:
        from assignments.reminders.sweep import remind_now as send_reminder
    except ImportError:
        messages.error(request, _("Chức năng nhắc việc chưa được cài đặt trên hệ thống này."))
        return redirect("web:obligation-detail", pk=pk)
    ok, result = run_service(request, None, lambda: send_reminder(obligation=obligation,
                                                                  actor=request.user))
    if ok:
        messages.success(request, _("Đã gửi nhắc nhở đến %(unit)s.")
                         % {"unit": obligation.assignment.unit.name})
    if request.POST.get("next"):
        return redirect(_safe_next(request))
    return redirect("web:obligation-detail", pk=pk)


def _safe_next(request) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"
