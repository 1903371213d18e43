"""Reads for directives, sections and items, scoped to the caller (`visible_to`)."""

import copy
import datetime as dt
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tracker import policy
from tracker.models import Membership, Unit

from .models import Cadence, Directive, ResponsibilityItem, Section


def directive_list(*, user) -> QuerySet:
    return (Directive.objects.visible_to(user)
            .select_related("supervising_unit", "issuer_unit")
            .prefetch_related(Prefetch("sections", queryset=Section.objects.order_by("order")))
            .order_by("-issued_on", "number", "id"))


def item_list(*, user) -> QuerySet:
    return (ResponsibilityItem.objects.visible_to(user)
            .select_related("directive", "section")
            .order_by("directive_id", "order", "id"))


# --- the directives the figures count ---------------------------------------------

def tracked_q(day: dt.date, prefix: str = "") -> Q:
    """The directives the dashboard counts on `day`: issued by then, and active or closed
    that day or later. `prefix` reads them through a relation ("assignment__item__directive__").
    The dashboard's tiles and the lists they open (`?tracked=all`) share this one rule."""
    return (Q(**{f"{prefix}status": Directive.Status.ACTIVE})
            | Q(**{f"{prefix}status": Directive.Status.CLOSED,
                   f"{prefix}closed_at__date__gte": day})) & Q(**{f"{prefix}issued_on__lte": day})


def tracked_directives(user, day: dt.date) -> QuerySet:
    """The directives the user's dashboard counts, newest first; the first
    TRACKER_DASHBOARD_DIRECTIVES are the ones it lists (`listed_directive_ids`)."""
    return Directive.objects.visible_to(user).filter(tracked_q(day)).order_by(
        "-issued_on", "number", "id")  # id: numbers repeat across issuers


def listed_directive_ids(user, day: dt.date) -> list[int]:
    """The directives the dashboard lists (its bars, units, trend and overdue table)."""
    from django.conf import settings

    return list(tracked_directives(user, day).values_list("pk", flat=True)
                [:settings.TRACKER_DASHBOARD_DIRECTIVES])


# --- for the pages ----------------------------------------------------------------

def directives_for(user) -> QuerySet:
    return Directive.objects.visible_to(user).select_related(
        "supervising_unit")


def reviewable_directives(user) -> QuerySet:
    """Directives the user may change (the supervising board, or an administrator)."""
    if getattr(user, "is_superuser", False):
        return Directive.objects.all()
    return Directive.objects.filter(
        supervising_unit_id__in=policy.unit_ids(user, Membership.Role.REVIEWER))


def reviewable_board_q(user, prefix: str = "") -> Q:
    """Rows of the directives the user may change (`reviewable_directives`), read from a
    row's board scope column (its directive's supervising unit, kept by
    assignments.scope and reports.scope): no join through the item to the directive.
    `prefix` reaches the row holding the column ("assignment__")."""
    if getattr(user, "is_superuser", False):
        return Q()
    return Q(**{f"{prefix}board_id__in": policy.unit_ids(user, Membership.Role.REVIEWER)})


CLARITY_LABELS = {
    "who": gettext_lazy("chưa rõ người (không có đơn vị chủ trì)"),
    "what": gettext_lazy("chưa rõ việc (nội dung quá ngắn hoặc chỉ là đề mục)"),
    "when": gettext_lazy("chưa rõ thời gian (không có hạn hoặc kỳ)"),
    "responsibility": gettext_lazy("chưa rõ trách nhiệm (có đơn vị phối hợp, không có "
                                   "đơn vị chủ trì)"),
    "product": gettext_lazy("chưa rõ sản phẩm (không nêu sản phẩm đầu ra)"),
}


def _dmy(value: Any) -> str:
    """An ISO date of the preview as dd/mm/yyyy (other text as it is)."""
    try:
        return dt.date.fromisoformat(str(value)).strftime("%d/%m/%Y") if value else ""
    except ValueError:
        return str(value)


def import_review_context(*, preview: dict[str, Any], source: str, board_units: list[Unit],
                          errors: list[str]) -> dict[str, Any]:
    """The import review page: the preview beside the numbered source lines, and the
    choices its fields offer (units by name for the searchable chooser, new units too)."""
    if "clarity" not in preview:  # a preview saved before the check existed
        from .importing import preview_refresh
        preview = preview_refresh(copy.deepcopy(preview))
    units = list(Unit.objects.filter(is_active=True).order_by("order", "name"))
    new_units = preview.get("new_units") or []
    names = {u.code: u.name for u in units}
    names.update({u["key"]: _("%(name)s (đơn vị mới)") % {"name": u.get("name")}
                  for u in new_units})
    missing = [c for s in preview.get("sections") or [] for i in s.get("items") or []
               for c in [*(i.get("lead") or []), *(i.get("cooperating") or [])]
               if c not in names]
    names.update(dict(Unit.objects.filter(code__in=missing).values_list("code", "name")))
    sections = []
    for s_index, section in enumerate(preview.get("sections") or []):
        items = [{**item, "key": f"s{s_index}_i{i_index}",
                  "deadline_text": _dmy(item.get("deadline")),
                  "lead_units": [(c, names.get(c, c)) for c in item.get("lead") or []],
                  "cooperating_units": [(c, names.get(c, c))
                                        for c in item.get("cooperating") or []],
                  "missing_labels": [CLARITY_LABELS[m] for m in
                                     (item.get("clarity") or {}).get("missing", [])]}
                 for i_index, item in enumerate(section.get("items") or [])]
        sections.append({**section, "items": items})
    clarity = preview.get("clarity") or {}
    return {
        "preview": preview, "sections": sections, "errors": errors,
        "lines": list(enumerate(source.splitlines(), start=1)),
        "units": units, "board_units": board_units, "new_units": new_units,
        "unit_options": [(f"{name} [{code}]") for code, name in names.items()
                         if code in {u.code for u in units} or code.startswith("new-")],
        "issued_on_text": _dmy((preview.get("directive") or {}).get("issued_on")),
        "unit_kinds": Unit.Kind.choices,
        "kinds": Directive.Kind.choices, "cadences": Cadence.choices,
        "deadline_modes": ResponsibilityItem.DeadlineMode.choices,
        "section_choices": [(i, s.get("addressee") or _("(không có đối tượng)"))
                            for i, s in enumerate(sections)],
        "item_count": sum(len(s.get("items") or []) for s in sections),
        "clarity": clarity,
        "clarity_counts": [(CLARITY_LABELS[k], n) for k, n in
                           (clarity.get("missing") or {}).items() if n],
    }


def list_choosers(listing, user) -> None:
    """The list pages' drop-downs: the directives the user sees (newest first) for
    `directive`, the active units (in the organisation's order) for `unit_tree`."""
    from tracker.lists import choices_for

    choices_for(listing, "directive", directives_for(user).order_by("-issued_on", "number")
                .values_list("id", "number"))
    choices_for(listing, "unit_tree", Unit.objects.filter(is_active=True)
                .order_by("order", "name").values_list("id", "name"))
