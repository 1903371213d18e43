"""The assignments' pages: giving an item to units, extension requests and the board's
decisions, a deadline's logged edit, a reminder sent now."""

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directives.models import ResponsibilityItem
from directives.selectors import list_choosers, reviewable_board_q
from directives.views import board_item
from tracker import policy
from tracker.forms import empty_fields_per_row
from tracker.lists import list_page, page_objects
from tracker.period_labels import localized_period_label
from tracker.timeutil import today
from tracker.views.common import require_role, run_service, simple_form_page

from . import reorganisation as reorg
from . import services as assignment_services
from .filters import ExtensionRequestFilter, ObligationFilter
from .forms import (
    AssignForm,
    DeadlineEditForm,
    ExtensionApproveForm,
    ExtensionRejectForm,
    ExtensionRequestForm,
    ReorganisationForm,
    decision_form_keep,
    decision_form_kept,
    decision_forms_drop,
    extension_form_keep,
)
from .models import ExtensionRequest, Reorganisation
from .selectors import (
    OBLIGATION_SORTS,
    extension_page_rows,
    extension_requests_for,
    obligation_page_list,
    obligation_page_rows,
    obligations_for,
    period_choosers,
    recent_reorganisations,
)
from .selectors.figures import tracked_list_count

OBLIGATION_FILTERS = ("q", "status", "unit_tree", "directive", "period", "due_after",
                      "due_before", "days_overdue_min", "overdue", "as_of")


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
def obligation_list_view(request):
    """Every obligation the user sees, filtered (the API's ObligationFilter), sorted and
    paged in the URL: the overdue list (`?overdue=true`) and the dashboard's drill-down."""
    require_role(request, board=True, leader=True, unit=True)
    listing = list_page(request, filterset_class=ObligationFilter,
                        queryset=obligation_page_list(user=request.user), sorts=OBLIGATION_SORTS,
                        default_sort="due", shown=OBLIGATION_FILTERS, rows_read="ids",
                        counted=lambda data: tracked_list_count(request.user, data, today()),
                        sort_in_python=("due_on",))
    list_choosers(listing, request.user)
    period_choosers(listing, request.user)
    day = (listing.filterset.form.cleaned_data.get("as_of") if listing.valid else None)
    rows = obligation_page_rows(listing.page.object_list, day or today())
    return render(request, "assignments/obligation_list.html", {
        "listing": listing, "rows": rows, "day": day or today()}, status=listing.status)


EXTENSION_SORTS = {"created": ("created_at",), "decided": ("decided_at",),
                   "unit": ("assignment__unit__name",), "requested": ("requested_due_on",)}
EXTENSION_FILTERS = ("q", "unit_tree", "directive", "status", "requested_after",
                     "requested_before")


PENDING_SHOWN = 10  # pending requests with their decision forms, oldest first


def _pending_extensions(request, qs) -> tuple[list, int]:
    """The extension page's pending requests, filtered from the URL: the oldest
    PENDING_SHOWN with their two decision forms' fields (each form written once for the
    page, its ids per request), and the count of all of them. The oldest ids first, then
    their rows with the labels (as a list page)."""
    pending = ExtensionRequestFilter(data=request.GET, request=request,
                                     queryset=qs.filter(status=ExtensionRequest.Status.PENDING))
    waiting = page_objects(extension_page_rows(request.user, requester=True), list(
        pending.qs.select_related(None).order_by("created_at", "id")
        .values_list("pk", flat=True)[:PENDING_SHOWN]))
    keys = [e.pk for e in waiting]
    rows = [(e, _kept_fields(request, "approve", e.pk, ExtensionApproveForm, "a") or approve,
             _kept_fields(request, "reject", e.pk, ExtensionRejectForm, "r") or reject)
            for e, approve, reject in zip(
                waiting, empty_fields_per_row(ExtensionApproveForm, "a", keys),
                empty_fields_per_row(ExtensionRejectForm, "r", keys), strict=True)]
    return rows, (pending.qs.count() if len(rows) == PENDING_SHOWN else len(rows))


@login_required
def extension_list(request):
    """Pending requests with their decision forms, then the decided ones paged; both
    filtered by the API's ExtensionRequestFilter from the URL."""
    require_role(request, board=True)
    qs = extension_page_rows(request.user).filter(
        reviewable_board_q(request.user, "assignment__"))
    listing = list_page(request, filterset_class=ExtensionRequestFilter,
                        queryset=qs.exclude(status=ExtensionRequest.Status.PENDING),
                        sorts=EXTENSION_SORTS, default_sort="-decided", shown=EXTENSION_FILTERS)
    list_choosers(listing, request.user)
    rows, pending_count = _pending_extensions(request, qs) if listing.valid else ([], 0)
    return render(request, "assignments/extension_list.html", {
        "pending": rows, "pending_count": pending_count,
        "decided": listing.page.object_list, "listing": listing}, status=listing.status)


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


def _kept_fields(request, kind: str, pk: int, form_class, prefix: str):
    """A refused decision's fields as the board typed them, with its messages beside
    them (once), or None."""
    form = decision_form_kept(request, kind, pk, form_class, auto_id=f"{prefix}{pk}_%s")
    return None if form is None else render_to_string("tracker/_form_fields.html",
                                                      {"form": form}, request=request)


def _extension_decide(request, pk: int, kind: str, form_class, decide, done: str):
    """The board's decision on one pending request (approve or reject, one shape): the
    form, the service `decide(ext, cleaned_data)`, a message, back to the list. A refused
    decision is kept as typed (`decision_form_keep`): the list shows it on its request
    with its messages, and says them on top too."""
    ext = _board_request(request, pk)
    form = form_class(request.POST)
    if form.is_valid() and run_service(request, form,
                                       lambda: decide(ext, form.cleaned_data))[0]:
        decision_forms_drop(request, pk)
        messages.success(request, done % {"unit": ext.assignment.unit.name})
    else:
        decision_form_keep(request, kind, pk, form)
        _form_errors_to_messages(request, form)
    return redirect(_extension_list_back(request))


def _extension_list_back(request) -> str:
    """The extension list the decision was made from, with its filters (the page it was
    posted from, when that is this site's extension list), else the list."""
    listing = reverse("web:extension-list")
    back = request.META.get("HTTP_REFERER", "")
    if (back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                                 require_https=request.is_secure())
            and urlsplit(back).path == listing):
        return back
    return listing


@login_required
@require_POST
def extension_approve(request, pk: int):
    return _extension_decide(
        request, pk, "approve", ExtensionApproveForm,
        lambda ext, data: assignment_services.extension_approve(
            request=ext, actor=request.user, approved_due_on=data["approved_due_on"],
            note=data["note"]),
        _("Đã chấp thuận gia hạn cho %(unit)s."))


@login_required
@require_POST
def extension_reject(request, pk: int):
    return _extension_decide(
        request, pk, "reject", ExtensionRejectForm,
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
    return _extension_refused(request, pk, form)


def _extension_refused(request, pk: int, form: ExtensionRequestForm):
    """Back to the obligation page with the form as typed (its messages beside the
    fields), and the messages on top too (no form is shown once the report is in)."""
    extension_form_keep(request, pk, form)
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
    return redirect(reverse("web:obligation-detail", args=[pk]) + "#extension-form")


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
            "unit": obligation.assignment.unit.name,
            "period": localized_period_label(obligation.period.label)})


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


# --- reorganisations (issue 17) ---------------------------------------------------------

@login_required
def reorganisation_list(request):
    require_role(request, board=True)
    return render(request, "assignments/reorganisation_list.html",
                  {"rows": recent_reorganisations(request.user)})


@login_required
def reorganisation_new(request):
    require_role(request, board=True)
    form = ReorganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, row = run_service(request, form, lambda: reorg.reorganisation_create(
            plan=reorg.plan_from(form.plan_data()), actor=request.user))
        if ok:
            return redirect("web:reorganisation-detail", pk=row.pk)
    return render(request, "assignments/reorganisation_form.html", {"form": form},
                  status=400 if form.errors else 200)


@login_required
def reorganisation_detail(request, pk: int):
    require_role(request, board=True)
    row = get_object_or_404(Reorganisation.objects.visible_to(request.user), pk=pk)
    preview, error = None, None
    if row.status == Reorganisation.Status.DRAFT:
        ok, preview = run_service(request, None, lambda: reorg.plan_preview(reorg.plan_of(row)))
        preview, error = (preview, None) if ok else (None, preview)
    return render(request, "assignments/reorganisation_detail.html", {
        "row": row, "preview": preview, "error": error,
        "summary": reorg.summary_lines(row.summary),
        "units": row.units.select_related("unit", "parent").order_by("side", "position")})


@login_required
@require_POST
def reorganisation_apply(request, pk: int):
    require_role(request, board=True)
    row = get_object_or_404(Reorganisation.objects.visible_to(request.user), pk=pk)
    choices = {int(key[7:]): [int(v) for v in request.POST.getlist(key) if v.isdigit()]
               for key in request.POST if key.startswith("choice-") and key[7:].isdigit()}
    ok, _row = run_service(request, None, lambda: reorg.reorganisation_apply(
        reorganisation=row, actor=request.user,
        choices=choices if row.kind == Reorganisation.Kind.SPLIT else None))
    if ok:
        messages.success(request, _("Đã thực hiện sắp xếp tổ chức."))
    return redirect("web:reorganisation-detail", pk=row.pk)
