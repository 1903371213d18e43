"""The directives' pages for the supervising board: the list, a directive's draft and its
breakdown (sections, items), publishing and closing it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tracker import policy
from tracker.lists import list_page
from tracker.models import Membership, Unit
from tracker.views.common import require_role, run_service, simple_form_page

from . import services as directive_services
from .filters import DirectiveFilter
from .forms import (
    CloseDirectiveForm,
    DirectiveForm,
    ItemForm,
    PublishForm,
    SectionForm,
    WithdrawItemForm,
)
from .models import Directive, ResponsibilityItem
from .selectors import directives_for, list_choosers


def directive_url(pk: int) -> str:
    return reverse("web:directive-detail", args=[pk])


def board_directive(request, pk: int) -> Directive:
    """A directive the user may see; 403 if they may see it but not change it."""
    directive = get_object_or_404(directives_for(request.user), pk=pk)
    if not policy.can_review(request.user, directive):
        raise PermissionDenied(_("Chỉ ban theo dõi văn bản này mới được thay đổi."))
    return directive


def _supervising_units(user):
    if getattr(user, "is_superuser", False):
        return Unit.objects.filter(is_active=True)
    return Unit.objects.filter(pk__in=policy.unit_ids(user, Membership.Role.REVIEWER))


DIRECTIVE_SORTS = {"issued": ("issued_on", "number"), "number": ("number",),
                   "title": ("title",)}
DIRECTIVE_FILTERS = ("q", "status", "kind", "unit_tree", "issued_after", "issued_before")


@login_required
def directive_list(request):
    """The directives the user sees, filtered (the API's DirectiveFilter), sorted and paged
    in the URL; `?tracked=true` is the dashboard's "directives tracked" tile."""
    require_role(request, board=True, leader=True, unit=True)
    qs = directives_for(request.user).annotate(
        item_count=Count("items", filter=Q(items__status="active"), distinct=True))
    listing = list_page(request, filterset_class=DirectiveFilter, queryset=qs,
                        sorts=DIRECTIVE_SORTS, default_sort="-issued", shown=DIRECTIVE_FILTERS,
                        rows_read="direct")
    list_choosers(listing, request.user)
    return render(request, "directives/directive_list.html", {
        "listing": listing, "directives": listing.page.object_list,
        "status": request.GET.get("status", ""), "statuses": Directive.Status.choices,
        "may_create": _supervising_units(request.user).exists(),
    }, status=listing.status)


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
    return render(request, "directives/directive_form.html", {"form": form, "directive": None},
                  status=400 if form.errors else 200)


@login_required
def directive_edit(request, pk: int):
    directive = board_directive(request, pk)
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
    return render(request, "directives/directive_form.html", {"form": form, "directive": directive},
                  status=400 if form.errors else 200)


@login_required
def directive_publish(request, pk: int):
    """Preview what publishing creates (GET, or a POST for another day than previewed),
    then publish (POST) with the "track from" day the preview was for."""
    directive = board_directive(request, pk)
    form = PublishForm(request.POST if request.method == "POST" else request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    track_from = form.cleaned_data.get("track_from") if valid and form.is_bound else None
    if request.method == "POST" and valid and form.previewed_matches():
        ok, _d = run_service(request, form, lambda: directive_services.directive_publish(
            directive=directive, actor=request.user, track_from=track_from))
        if ok:
            messages.success(request, _("Đã ban hành văn bản trên hệ thống; các đơn vị đã "
                                        "nhận yêu cầu báo cáo."))
            return redirect("web:directive-detail", pk=pk)
    return _publish_page(request, directive, form, track_from if valid else None)


def _preview(request, directive: Directive, form: PublishForm | None, track_from):
    ok, preview = run_service(request, form, lambda: directive_services.directive_publish_preview(
        directive=directive, actor=request.user, track_from=track_from))
    return preview if ok else None


def _publish_page(request, directive: Directive, form: PublishForm, track_from):
    """The preview for `track_from` (a refused day: the plan as it is, and the error). A
    first visit to a back-dated plan previews the suggested day beside the plan as it is."""
    preview = _preview(request, directive, form, track_from)
    if preview is None and form.errors.get("track_from"):
        preview = _preview(request, directive, None, None)
    as_is = None
    if not form.is_bound and preview is not None and preview.suggested_track_from:
        as_is, track_from = preview, preview.suggested_track_from
        form = PublishForm(initial={"track_from": track_from})
        preview = _preview(request, directive, None, track_from)
    return render(request, "directives/publish.html", {
        "directive": directive, "form": form, "preview": preview, "as_is": as_is,
        "previewed": track_from.isoformat() if track_from else "none",
    }, status=400 if form.errors else 200)


@login_required
def directive_close(request, pk: int):
    """End the follow-up of an active directive (kết thúc theo dõi): reports stop."""
    directive = board_directive(request, pk)
    return simple_form_page(
        request, CloseDirectiveForm(request.POST or None),
        lambda data: directive_services.directive_close(
            directive=directive, actor=request.user, note=data["note"]),
        success=_("Đã kết thúc theo dõi văn bản."), done=directive_url(pk),
        title=_("Kết thúc theo dõi văn bản"), directive=directive)


@login_required
def section_create(request, pk: int):
    directive = board_directive(request, pk)
    return simple_form_page(
        request, SectionForm(request.POST or None),
        lambda data: directive_services.section_create(
            directive=directive, actor=request.user, addressee=data["addressee"],
            order=data["order"]),
        success=_("Đã thêm phần."), done=directive_url(pk),
        title=_("Thêm phần (đối tượng thực hiện)"), directive=directive)


@login_required
def item_create(request, pk: int):
    directive = board_directive(request, pk)
    initial = {"section": request.GET.get("section")}

    def create(data):
        data = {name: value for name, value in data.items() if name != "lock_version"}
        return directive_services.item_create(directive=directive, actor=request.user, **data)

    return simple_form_page(
        request, ItemForm(request.POST or None, directive=directive, initial=initial), create,
        success=_("Đã thêm nhiệm vụ. Hãy giao cho đơn vị."),
        done=lambda item: reverse("web:item-assign", args=[item.pk]),
        title=_("Thêm nhiệm vụ"), directive=directive)


def board_item(request, pk: int) -> ResponsibilityItem:
    item = get_object_or_404(
        ResponsibilityItem.objects.select_related("directive")
        .filter(directive__in=directives_for(request.user)), pk=pk)
    if not policy.can_review(request.user, item.directive):
        raise PermissionDenied
    return item


@login_required
def item_edit(request, pk: int):
    item = board_item(request, pk)
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
    item = board_item(request, pk)
    return simple_form_page(
        request, WithdrawItemForm(request.POST or None),
        lambda data: directive_services.item_withdraw(item=item, actor=request.user,
                                                      reason=data["reason"]),
        success=_("Đã rút nhiệm vụ."), done=directive_url(item.directive_id),
        title=_("Rút nhiệm vụ: %(item)s") % {"item": item.content[:80]},
        directive=item.directive, item=item)
