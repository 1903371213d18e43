"""The supervising board: directives and their breakdown, assignments, the compliance
matrix, the review queue and extension decisions. Leaders read the same pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assignments import services as assignment_services
from assignments.models import Assignment, ExtensionRequest
from assignments.selectors import assignment_states, directive_summary
from directives import services as directive_services
from directives.models import Directive, ResponsibilityItem, Section
from tracker import policy
from tracker.filters import id_or_none
from tracker.models import Membership, Unit

from ..forms import (
    AssignForm,
    CloseDirectiveForm,
    DirectiveForm,
    ExtensionApproveForm,
    ExtensionRejectForm,
    ItemForm,
    SectionForm,
    WithdrawItemForm,
)
from ..queries import (
    compliance_matrix,
    default_period,
    directives_for,
    extension_requests_for,
    matrix_periods,
    review_queue,
    reviewable_directives,
)
from .common import as_of, require_role, run_service, simple_form_page


def directive_url(pk: int) -> str:
    return reverse("web:directive-detail", args=[pk])


def _board_directive(request, pk: int) -> Directive:
    """A directive the user may see; 403 if they may see it but not change it."""
    directive = get_object_or_404(directives_for(request.user), pk=pk)
    if not policy.can_review(request.user, directive):
        raise PermissionDenied(_("Chỉ ban theo dõi văn bản này mới được thay đổi."))
    return directive


def _supervising_units(user):
    if getattr(user, "is_superuser", False):
        return Unit.objects.filter(is_active=True)
    return Unit.objects.filter(pk__in=policy.unit_ids(user, Membership.Role.REVIEWER))


@login_required
def directive_list(request):
    require_role(request, board=True, leader=True, unit=True)
    status = request.GET.get("status", "")
    qs = directives_for(request.user).annotate(
        item_count=Count("items", filter=Q(items__status="active"), distinct=True))
    if status in Directive.Status.values:
        qs = qs.filter(status=status)
    may_create = _supervising_units(request.user).exists()
    return render(request, "web/directive_list.html", {
        "directives": qs.order_by("-issued_on", "number"), "status": status,
        "statuses": Directive.Status.choices, "may_create": may_create,
    })


@login_required
def directive_detail(request, pk: int):
    directive = get_object_or_404(directives_for(request.user), pk=pk)
    day, as_of_form, valid = as_of(request)
    assignments_qs = Assignment.objects.visible_to(request.user).filter(
        item__directive=directive
    ).select_related("unit", "via_group").order_by("unit__order", "unit__name")
    states = assignment_states(assignments_qs, day)
    items = (ResponsibilityItem.objects.filter(directive=directive).order_by("order")
             .prefetch_related(Prefetch("assignments", queryset=assignments_qs)))
    sections = list(Section.objects.filter(directive=directive).order_by("order"))
    by_section: dict = {s.pk: [] for s in sections}
    loose = []
    for item in items:
        for a in item.assignments.all():
            a.view_state = states.get(a.pk)
        (by_section.get(item.section_id, loose)).append(item)
    for section in sections:
        section.view_items = by_section[section.pk]
    summary = directive_summary(directive=directive, day=day, user=request.user)
    may_edit = policy.can_review(request.user, directive)
    return render(request, "web/directive_detail.html", {
        "directive": directive, "sections": sections, "loose_items": loose,
        "summary": summary, "day": day, "as_of_form": as_of_form,
        "may_edit": may_edit and directive.status != Directive.Status.CLOSED,
        "is_draft": directive.status == Directive.Status.DRAFT,
    }, status=200 if valid else 400)


def _directive_fields(form: DirectiveForm) -> dict:
    data = dict(form.cleaned_data)
    data.pop("supervising_unit")
    return data


@login_required
def directive_create(request):
    require_role(request, board=True)
    units = _supervising_units(request.user)
    form = DirectiveForm(request.POST or None, supervising_units=units,
                         initial={"supervising_unit": units.first()})
    if request.method == "POST" and form.is_valid():
        ok, directive = run_service(request, form, lambda: directive_services.directive_create(
            actor=request.user, supervising_unit=form.cleaned_data["supervising_unit"],
            **_directive_fields(form)))
        if ok:
            messages.success(request, _("Đã tạo dự thảo văn bản. Hãy thêm phần và nhiệm vụ."))
            return redirect("web:directive-detail", pk=directive.pk)
    return render(request, "web/directive_form.html", {"form": form, "directive": None},
                  status=400 if form.errors else 200)


@login_required
def directive_edit(request, pk: int):
    directive = _board_directive(request, pk)
    initial = {name: getattr(directive, name) for name in DirectiveForm.base_fields}
    form = DirectiveForm(request.POST or None, initial=initial,
                         supervising_units=_supervising_units(request.user)
                         | Unit.objects.filter(pk=directive.supervising_unit_id))
    if request.method == "POST" and form.is_valid():
        ok, _d = run_service(request, form, lambda: directive_services.directive_update(
            directive=directive, actor=request.user,
            supervising_unit=form.cleaned_data["supervising_unit"], **_directive_fields(form)))
        if ok:
            messages.success(request, _("Đã lưu văn bản."))
            return redirect("web:directive-detail", pk=pk)
    return render(request, "web/directive_form.html", {"form": form, "directive": directive},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def directive_publish(request, pk: int):
    directive = _board_directive(request, pk)
    ok, _d = run_service(request, None, lambda: directive_services.directive_publish(
        directive=directive, actor=request.user))
    if ok:
        messages.success(request, _("Đã ban hành văn bản trên hệ thống; các đơn vị đã nhận "
                                    "yêu cầu báo cáo."))
    return redirect("web:directive-detail", pk=pk)


@login_required
def directive_close(request, pk: int):
    """End the follow-up of an active directive (kết thúc theo dõi): reports stop."""
    directive = _board_directive(request, pk)
    return simple_form_page(
        request, CloseDirectiveForm(request.POST or None),
        lambda data: directive_services.directive_close(
            directive=directive, actor=request.user, note=data["note"]),
        success=_("Đã kết thúc theo dõi văn bản."), done=directive_url(pk),
        title=_("Kết thúc theo dõi văn bản"), directive=directive)


@login_required
def section_create(request, pk: int):
    directive = _board_directive(request, pk)
    return simple_form_page(
        request, SectionForm(request.POST or None),
        lambda data: directive_services.section_create(
            directive=directive, actor=request.user, addressee=data["addressee"],
            order=data["order"]),
        success=_("Đã thêm phần."), done=directive_url(pk),
        title=_("Thêm phần (đối tượng thực hiện)"), directive=directive)


@login_required
def item_create(request, pk: int):
    directive = _board_directive(request, pk)
    initial = {"section": request.GET.get("section")}

    def create(data):
        data = {name: value for name, value in data.items() if name != "lock_version"}
        return directive_services.item_create(directive=directive, actor=request.user, **data)

    return simple_form_page(
        request, ItemForm(request.POST or None, directive=directive, initial=initial), create,
        success=_("Đã thêm nhiệm vụ. Hãy giao cho đơn vị."),
        done=lambda item: reverse("web:item-assign", args=[item.pk]),
        title=_("Thêm nhiệm vụ"), directive=directive)


def _board_item(request, pk: int) -> ResponsibilityItem:
    item = get_object_or_404(
        ResponsibilityItem.objects.select_related("directive")
        .filter(directive__in=directives_for(request.user)), pk=pk)
    if not policy.can_review(request.user, item.directive):
        raise PermissionDenied
    return item


@login_required
def item_edit(request, pk: int):
    item = _board_item(request, pk)
    initial = {name: getattr(item, name) for name in ItemForm.base_fields}

    def update(data):
        data = dict(data)
        expected = data.pop("lock_version", None)
        return directive_services.item_update(item=item, actor=request.user,
                                              expected_version=expected, **data)

    return simple_form_page(
        request, ItemForm(request.POST or None, directive=item.directive, initial=initial),
        update, success=_("Đã lưu nhiệm vụ."), done=directive_url(item.directive_id),
        title=_("Sửa nhiệm vụ"), directive=item.directive, item=item)


@login_required
def item_withdraw(request, pk: int):
    """Withdraw an item (rút nhiệm vụ): nothing is deleted, its open work stops."""
    item = _board_item(request, pk)
    return simple_form_page(
        request, WithdrawItemForm(request.POST or None),
        lambda data: directive_services.item_withdraw(item=item, actor=request.user,
                                                      reason=data["reason"]),
        success=_("Đã rút nhiệm vụ."), done=directive_url(item.directive_id),
        title=_("Rút nhiệm vụ: %(item)s") % {"item": item.content[:80]},
        directive=item.directive, item=item)


@login_required
def item_assign(request, pk: int):
    item = _board_item(request, pk)
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
    return render(request, "web/item_assign.html", {
        "form": form, "item": item, "directive": item.directive, "current": current,
        "joint": item.assignment_mode == ResponsibilityItem.AssignmentMode.JOINT,
    }, status=400 if form.errors else 200)


@login_required
def directive_matrix(request, pk: int):
    directive = get_object_or_404(directives_for(request.user), pk=pk)
    day, as_of_form, valid = as_of(request)
    periods = matrix_periods(directive)
    chosen = None
    wanted = request.GET.get("period", "")
    if wanted:
        period_id = id_or_none(wanted)
        chosen = next((p for p in periods if p.pk == period_id), None)
        if chosen is None:
            valid = False
    if chosen is None:
        chosen = default_period(periods, day)
    matrix = compliance_matrix(directive=directive, period=chosen, day=day, user=request.user)
    return render(request, "web/directive_matrix.html", {
        "directive": directive, "periods": periods, "period": chosen, "matrix": matrix,
        "day": day, "as_of_form": as_of_form,
        "may_remind": policy.can_review(request.user, directive),
    }, status=200 if valid else 400)


@login_required
def review_queue_view(request):
    require_role(request, board=True)
    reports = review_queue(request.user)
    return render(request, "web/review_queue.html", {"reports": reports})


@login_required
def extension_list(request):
    require_role(request, board=True)
    qs = extension_requests_for(request.user).filter(
        assignment__item__directive__in=reviewable_directives(request.user))
    pending = qs.filter(status=ExtensionRequest.Status.PENDING).order_by("created_at")
    decided = qs.exclude(status=ExtensionRequest.Status.PENDING).order_by("-decided_at")[:30]
    rows = [(e, ExtensionApproveForm(auto_id=f"a{e.pk}_%s"),
             ExtensionRejectForm(auto_id=f"r{e.pk}_%s")) for e in pending]
    return render(request, "web/extension_list.html", {"pending": rows, "decided": decided})


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


@login_required
@require_POST
def extension_approve(request, pk: int):
    ext = _board_request(request, pk)
    form = ExtensionApproveForm(request.POST)
    if form.is_valid():
        ok, _e = run_service(request, form, lambda: assignment_services.extension_approve(
            request=ext, actor=request.user,
            approved_due_on=form.cleaned_data["approved_due_on"],
            note=form.cleaned_data["note"]))
        if ok:
            messages.success(request, _("Đã chấp thuận gia hạn cho %(unit)s.")
                             % {"unit": ext.assignment.unit.name})
            return redirect("web:extension-list")
    _form_errors_to_messages(request, form)
    return redirect("web:extension-list")


@login_required
@require_POST
def extension_reject(request, pk: int):
    ext = _board_request(request, pk)
    form = ExtensionRejectForm(request.POST)
    if form.is_valid():
        ok, _e = run_service(request, form, lambda: assignment_services.extension_reject(
            request=ext, actor=request.user, note=form.cleaned_data["note"]))
        if ok:
            messages.success(request, _("Đã không chấp thuận đề nghị gia hạn của %(unit)s.")
                             % {"unit": ext.assignment.unit.name})
            return redirect("web:extension-list")
    _form_errors_to_messages(request, form)
    return redirect("web:extension-list")


@login_required
def dashboard_view(request):
    require_role(request, board=True, leader=True)
    from ..queries import leader_overview

    day, as_of_form, valid = as_of(request)
    data = leader_overview(user=request.user, day=day)
    return render(request, "web/dashboard.html", {"data": data, "day": day,
                                                  "as_of_form": as_of_form},
                  status=200 if valid else 400)
