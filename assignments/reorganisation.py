"""Reorganisations (issue 17): rename, merge, split, move under another parent, dissolve.

A plan (`Plan`) names its old units (sources), the units that take over (targets:
existing units or new ones, created when it is applied), an effective date and, for a
split, which targets take each open assignment. It is checked (`plan_check`, a 400 naming
the row), previewed (`plan_preview`: what moves, what stays, nothing written) and applied
once (`reorganisation_apply`).

Duties follow the plan. An open assignment of an old unit is handed over: each receiving
unit gets its own assignment of the item (or keeps the one it has), and the obligations
not yet submitted that are due on or after the effective date go with it; those due
before stay with the old unit, overdue or not, as do its submitted reports and its
completed work. The old assignment then ends ("handed over", a withdrawal that keeps its
past obligations as they are). The old units are never deleted: a merged, split or
dissolved unit becomes inactive with `valid_to`; a renamed or moved one keeps its row and
its former name and parent as a `UnitRevision`.

The write touches the core (units), the directives (a merged board's directives) and the
assignments, so it lives on this floor; the obligation states are still written only by
`assignments.obligations`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import Left
from django.utils.translation import gettext as _

from directives.models import Directive
from tracker import derived, policy
from tracker.bulk import insert_rows
from tracker.errors import ConflictError, DomainError, TransitionError
from tracker.events import event_record, events_record_many
from tracker.models import (
    EventVerb,
    Membership,
    Unit,
    UnitRevision,
    UnitSuccession,
)
from tracker.selectors import unit_tree_ids
from tracker.services import UnitSpec, units_create
from tracker.timeutil import now
from tracker.tx import outer

from . import counts, obligations
from .models import (
    Assignment,
    Reorganisation,
    ReorganisationChoice,
    ReorganisationUnit,
    ReportObligation,
)

K = Reorganisation.Kind
O = ReportObligation.State  # noqa: E741
MOVING_OBLIGATIONS = (O.NOT_SUBMITTED,)


@dataclass
class Target:
    """A unit that takes over: an existing `unit`, or a new one (`code`, `name`...)."""

    unit: Unit | None = None
    code: str = ""
    name: str = ""
    kind: str = ""
    parent: Unit | None = None

    @property
    def label(self) -> str:
        return self.unit.name if self.unit is not None else self.name


@dataclass
class Plan:
    kind: str
    effective_on: dt.date
    sources: list[Unit]
    targets: list[Target] = field(default_factory=list)
    new_name: str = ""
    new_short_name: str = ""
    new_parent: Unit | None = None
    note: str = ""
    # Split: open assignment id -> the positions (in `targets`) of the units taking it.
    choices: dict[int, list[int]] = field(default_factory=dict)


def can_reorganise(user) -> bool:
    """The boards' reviewers and the administrators reorganise."""
    return bool(getattr(user, "is_authenticated", False)) and policy.is_reviewer(user)


def require_reorganiser(user) -> None:
    policy.require(can_reorganise(user),
                   _("Chỉ ban theo dõi hoặc quản trị hệ thống mới sắp xếp tổ chức đơn vị."))


# --- reading a plan from the API, a form or a CSV row --------------------------------

def unit_ref(ref, where: str) -> Unit:
    """A unit by id (int) or code (str); DomainError naming the row when unknown."""
    unit = None
    if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
        unit = Unit.objects.filter(pk=int(ref)).first()
    if unit is None and isinstance(ref, str) and ref:
        unit = Unit.objects.filter(code=ref).first()
    if unit is None:
        raise _err(_("Không có đơn vị “%(ref)s”.") % {"ref": ref}, where)
    return unit


def plan_from(data: dict) -> Plan:
    """A plan from plain data: `sources` (unit ids or codes), `targets` (each {unit} or
    {code, name, kind, parent}), `new_parent`, `choices` [{assignment, targets}]."""
    sources = [unit_ref(ref, f"sources[{i}]") for i, ref in enumerate(data.get("sources") or [])]
    targets = []
    for i, raw in enumerate(data.get("targets") or []):
        where = f"targets[{i}]"
        if raw.get("unit") not in (None, ""):
            targets.append(Target(unit=unit_ref(raw["unit"], where)))
            continue
        parent = raw.get("parent")
        targets.append(Target(code=raw.get("code") or "", name=(raw.get("name") or "").strip(),
                              kind=raw.get("kind") or "",
                              parent=unit_ref(parent, where) if parent not in (None, "") else None))
    parent = data.get("new_parent")
    choices: dict[int, list[int]] = {}
    for row in data.get("choices") or []:
        choices.setdefault(int(row["assignment"]), []).extend(int(p) for p in row["targets"])
    return Plan(kind=data.get("kind") or "", effective_on=data["effective_on"], sources=sources,
                targets=targets, new_name=data.get("new_name") or "",
                new_short_name=data.get("new_short_name") or "",
                new_parent=unit_ref(parent, "new_parent") if parent not in (None, "") else None,
                note=data.get("note") or "", choices=choices)


# --- checking a plan -------------------------------------------------------------------

def _err(message, fld: str) -> DomainError:
    return DomainError(message, field=fld)


def _taken_codes(plans: list[Plan]) -> set[str]:
    """The new targets' codes already in the registry, for all the plans in one query."""
    codes = [t.code for plan in plans for t in plan.targets if t.unit is None and t.code]
    return set(Unit.objects.filter(code__in=codes).values_list("code", flat=True)) \
        if codes else set()


def plan_check(plan: Plan, *, taken: set[str] | None = None) -> None:
    """Raise DomainError naming the row (`sources[i]`, `targets[i]`, `new_parent`,
    `choices`) of the first fault of the plan; the open assignments' choices are checked
    by `open_work` (they depend on the rows of the day)."""
    kind, day = plan.kind, plan.effective_on
    if kind not in K.values:
        raise _err(_("Loại sắp xếp không hợp lệ."), "kind")
    if not plan.sources:
        raise _err(_("Chọn ít nhất một đơn vị cũ."), "sources")
    counts_ok = {
        K.RENAME: len(plan.sources) == 1 and not plan.targets,
        K.MERGE: len(plan.targets) == 1,
        K.SPLIT: len(plan.sources) == 1 and len(plan.targets) >= 2,
        K.MOVE: not plan.targets,
        K.DISSOLVE: not plan.targets,
    }
    if not counts_ok[kind]:
        message = {
            K.RENAME: _("Đổi tên: đúng một đơn vị, không có đơn vị kế thừa."),
            K.MERGE: _("Hợp nhất: một hay nhiều đơn vị cũ vào đúng một đơn vị kế thừa."),
            K.SPLIT: _("Chia tách: đúng một đơn vị cũ thành hai đơn vị mới trở lên."),
            K.MOVE: _("Chuyển đơn vị cấp trên: không có đơn vị kế thừa."),
            K.DISSOLVE: _("Giải thể: không có đơn vị kế thừa."),
        }[kind]
        raise _err(message, "targets" if plan.sources else "sources")
    seen: set[int] = set()
    for i, unit in enumerate(plan.sources):
        where = f"sources[{i}]"
        if unit.pk in seen:
            raise _err(_("Đơn vị %(name)s có hai lần trong kế hoạch.") % {"name": unit.name},
                       where)
        seen.add(unit.pk)
        _check_alive(unit, day, where)
    if kind == K.RENAME and not plan.new_name.strip():
        raise _err(_("Nhập tên mới."), "new_name")
    if kind == K.MOVE:
        _check_move(plan)
    codes: set[str] = set()
    if taken is None:
        taken = _taken_codes([plan])
    for i, target in enumerate(plan.targets):
        where = f"targets[{i}]"
        if target.unit is not None:
            if target.unit.pk in seen:
                raise _err(_("Đơn vị %(name)s vừa là đơn vị cũ vừa là đơn vị kế thừa.")
                           % {"name": target.unit.name}, where)
            _check_alive(target.unit, day, where)
            seen.add(target.unit.pk)
            continue
        if not target.code or not target.name.strip():
            raise _err(_("Đơn vị mới cần mã và tên."), where)
        if target.code in codes or target.code in taken:
            raise _err(_("Mã đơn vị “%(code)s” đã có.") % {"code": target.code}, where)
        codes.add(target.code)
        if target.kind and target.kind not in Unit.Kind.values:
            raise _err(_("Loại đơn vị không hợp lệ."), where)
        if target.parent is not None:
            if target.parent.pk in {u.pk for u in plan.sources}:
                raise _err(_("Đơn vị cấp trên của đơn vị mới không được là đơn vị cũ."), where)
            _check_alive(target.parent, day, where)


def _check_alive(unit: Unit, day: dt.date, where: str) -> None:
    if not unit.is_active:
        raise ConflictError(_("Đơn vị %(name)s đã giải thể hoặc hợp nhất trước đó.")
                            % {"name": unit.name}, field=where)
    if unit.valid_from is not None and day < unit.valid_from:
        raise _err(_("Ngày hiệu lực %(day)s trước ngày đơn vị %(name)s được thành lập "
                     "(%(since)s).") % {"day": f"{day:%d/%m/%Y}", "name": unit.name,
                                        "since": f"{unit.valid_from:%d/%m/%Y}"}, where)


def _check_move(plan: Plan) -> None:
    parent = plan.new_parent
    if parent is None:
        raise _err(_("Chọn đơn vị cấp trên mới."), "new_parent")
    _check_alive(parent, plan.effective_on, "new_parent")
    for i, unit in enumerate(plan.sources):
        if parent.pk in unit_tree_ids(unit.pk):
            raise _err(_("Chuyển %(name)s vào dưới %(parent)s tạo thành vòng lặp.")
                       % {"name": unit.name, "parent": parent.name}, f"sources[{i}]")


# --- what moves, what stays ---------------------------------------------------------

@dataclass(slots=True)
class OpenAssignment:
    """An open assignment of an old unit as a plan reads it: its columns and its item's
    text and directive, read in one query (no model instance per row)."""

    pk: int
    item_id: int
    unit_id: int
    original_unit_id: int
    role: str
    is_joint: bool
    assigned_on: dt.date
    original_due_on: dt.date | None
    current_due_on: dt.date | None
    board_id: int
    item_content: str
    directive_id: int
    directive_number: str


_OPEN_COLUMNS = ("pk", "item_id", "unit_id", "original_unit_id", "role", "is_joint",
                 "assigned_on", "original_due_on", "current_due_on", "board_id",
                 "content", "item__directive_id", "item__directive__number")


def _open_assignments(unit_ids: list[int]) -> list[OpenAssignment]:
    """The open assignments of these units, by unit then id, in one query."""
    return [OpenAssignment(*values) for values in (
        Assignment.objects.filter(unit__in=unit_ids, state=Assignment.State.OPEN)
        .annotate(content=Left("item__content", 200)).order_by("unit_id", "id")
        .values_list(*_OPEN_COLUMNS))] if unit_ids else []


def _open_of(plan: Plan, rows: list[OpenAssignment] | None) -> list[OpenAssignment]:
    """The plan's open assignments: read now, or picked from rows read for a batch."""
    source_ids = [u.pk for u in plan.sources]
    if rows is None:
        return _open_assignments(source_ids)
    mine = set(source_ids)
    return [a for a in rows if a.unit_id in mine]


def suggested(assignment: OpenAssignment, plan: Plan) -> list[int]:
    """The preview's choice for a split: every target for an "each"-mode item, the first
    target (the plan lists the one holding the old seat first) for a joint item."""
    if assignment.is_joint:
        return [0]
    return list(range(len(plan.targets)))


def open_work(plan: Plan, *, strict: bool, rows: list[OpenAssignment] | None = None
              ) -> list[tuple[OpenAssignment, list[int]]]:
    """The open assignments of the old units with the target positions taking each.

    Merge: the one target; dissolve, rename, move: none (dissolve ends them; the others
    keep them). Split: the plan's choices, else (strict=False, the preview) the
    suggestion; strict=True refuses an assignment without a valid choice."""
    if plan.kind in (K.RENAME, K.MOVE):
        return []
    rows = _open_of(plan, rows)
    if plan.kind == K.DISSOLVE:
        return [(a, []) for a in rows]
    if plan.kind == K.MERGE:
        return [(a, [0]) for a in rows]
    known = {a.pk for a in rows}
    stray = sorted(set(plan.choices) - known)
    if stray:
        raise _err(_("Nhiệm vụ được giao #%(id)s không phải việc đang mở của đơn vị cũ.")
                   % {"id": stray[0]}, "choices")
    out = []
    for assignment in rows:
        chosen = plan.choices.get(assignment.pk)
        if chosen is None:
            if strict:
                raise _err(_("Chưa chọn đơn vị tiếp nhận nhiệm vụ “%(item)s” (#%(id)s).")
                           % {"item": assignment.item_content[:80], "id": assignment.pk},
                           "choices")
            chosen = suggested(assignment, plan)
        chosen = sorted(set(chosen))
        if not chosen or any(p < 0 or p >= len(plan.targets) for p in chosen):
            raise _err(_("Chưa chọn đơn vị tiếp nhận nhiệm vụ “%(item)s” (#%(id)s).")
                       % {"item": assignment.item_content[:80], "id": assignment.pk},
                       "choices")
        if assignment.is_joint and len(chosen) != 1:
            raise _err(_("Nhiệm vụ chủ trì - phối hợp “%(item)s” (#%(id)s) chỉ giao cho "
                         "một đơn vị tiếp nhận.")
                       % {"item": assignment.item_content[:80], "id": assignment.pk},
                       "choices")
        out.append((assignment, chosen))
    return out


def plan_preview(plan: Plan, *, strict: bool = False) -> dict:
    """What the plan would do, written nowhere: the open assignments and where they go,
    the obligations, memberships and group memberships that move, a board's directives;
    and what stays with the old units (submitted reports, past obligations, closed work).
    """
    return plans_preview([plan], strict=strict)[0]


def _per_unit(queryset, column: str, **aggregates) -> dict[int, dict]:
    return {row[column]: row for row in queryset.values(column).annotate(**aggregates)}


def plans_preview(plans: list[Plan], *, strict: bool = False) -> list[dict]:
    """The previews of several plans (a file of them, a province's), each as
    `plan_preview` gives it, read with one query per kind of row for all the plans: each
    plan is checked against the rows as they are now, not as an earlier plan of the batch
    would leave them."""
    taken = _taken_codes(plans)
    for plan in plans:
        plan_check(plan, taken=taken)
    unit_ids = sorted({u.pk for plan in plans for u in plan.sources})
    days: dict[dt.date, set[int]] = defaultdict(set)
    for plan in plans:
        days[plan.effective_on].update(u.pk for u in plan.sources)
    rows = _open_assignments(sorted({u.pk for plan in plans for u in plan.sources
                                     if plan.kind not in (K.RENAME, K.MOVE)}))
    # One pass over the old units' obligations (their unit index) counts them all, per
    # unit and effective date (the plans of a batch may have different dates).
    tally: dict[tuple[int, dt.date], dict] = {}
    for day, ids in sorted(days.items()):
        # Reports live a floor above: the obligations a report was submitted for count.
        for pk, row in _per_unit(
                ReportObligation.objects.filter(unit_id__in=ids).order_by(), "unit_id",
                future=Count("pk", filter=Q(assignment__state=Assignment.State.OPEN,
                                            state__in=MOVING_OBLIGATIONS, due_on__gte=day)),
                reports=Count("pk", filter=Q(state__in=(O.SUBMITTED, O.RETURNED,
                                                        O.ACCEPTED))),
                past=Count("pk", filter=Q(due_on__lt=day))).items():
            tally[(pk, day)] = row
    closed = _per_unit(Assignment.objects.filter(unit_id__in=unit_ids).exclude(
        state=Assignment.State.OPEN).order_by(), "unit_id", n=Count("pk"))
    members = _per_unit(Membership.objects.filter(unit_id__in=unit_ids).order_by(),
                        "unit_id", n=Count("pk"))
    through = Unit.unit_groups.through
    groups = _per_unit(through.objects.filter(unit_id__in=unit_ids).order_by(), "unit_id",
                       n=Count("pk"))
    boards = _per_unit(Directive.objects.filter(supervising_unit_id__in=unit_ids).order_by(),
                       "supervising_unit_id", n=Count("pk"))
    return [_preview_of(plan, open_work(plan, strict=strict, rows=rows), tally, closed,
                        members, groups, boards) for plan in plans]


def _preview_of(plan, work, tally, closed, members, groups, boards) -> dict:
    source_ids = [u.pk for u in plan.sources]
    day = plan.effective_on

    def total(table, key="n"):
        return sum(table.get(pk, {}).get(key, 0) for pk in source_ids)

    def owed(key):
        return sum(tally.get((pk, day), {}).get(key, 0) for pk in source_ids)

    open_ids = [a.pk for a, _c in work]
    moving_duties = plan.kind in (K.MERGE, K.SPLIT)
    future = owed("future")
    assignments = [{
        "id": a.pk, "item": a.item_id, "item_content": a.item_content,
        "directive": a.directive_id, "directive_number": a.directive_number,
        "unit": a.unit_id, "role": a.role, "is_joint": a.is_joint,
        "suggested": suggested(a, plan) if plan.kind == K.SPLIT else chosen,
        "chosen": chosen,
    } for a, chosen in work]
    return {
        "kind": plan.kind,
        "effective_on": day.isoformat(),
        "sources": [{"id": u.pk, "code": u.code, "name": u.name} for u in plan.sources],
        "targets": [{"id": t.unit.pk if t.unit else None,
                     "code": t.unit.code if t.unit else t.code, "name": t.label,
                     "new": t.unit is None} for t in plan.targets],
        "moves": {
            "assignments": assignments if moving_duties else [],
            "assignment_count": len(open_ids) if moving_duties else 0,
            "obligations": future if moving_duties else 0,
            "memberships": total(members) if plan.kind == K.MERGE else 0,
            "group_memberships": total(groups) if moving_duties else 0,
            "supervised_directives": total(boards) if plan.kind == K.MERGE else 0,
        },
        "ends": {
            "assignments": len(open_ids) if plan.kind == K.DISSOLVE else 0,
            "obligations": future if plan.kind == K.DISSOLVE else 0,
        },
        "stays": {
            "reports": owed("reports"),
            "past_obligations": owed("past"),
            "closed_assignments": total(closed),
            "memberships": total(members) if plan.kind in (K.SPLIT, K.DISSOLVE) else 0,
        },
    }


# --- drafting -----------------------------------------------------------------------

@outer
def reorganisation_create(*, plan: Plan, actor) -> Reorganisation:
    """Save a checked plan as a draft (nothing moves until it is applied)."""
    require_reorganiser(actor)
    plan_check(plan)
    open_work(plan, strict=False)  # stray choices are refused now
    row = Reorganisation.objects.create(
        kind=plan.kind, effective_on=plan.effective_on, new_name=plan.new_name.strip(),
        new_short_name=plan.new_short_name.strip(), new_parent=plan.new_parent,
        note=plan.note, created_by=actor)
    ReorganisationUnit.objects.bulk_create(
        [ReorganisationUnit(reorganisation=row, side="source", position=i, unit=u)
         for i, u in enumerate(plan.sources)])
    targets = ReorganisationUnit.objects.bulk_create(
        [ReorganisationUnit(reorganisation=row, side="target", position=i, unit=t.unit,
                            code=t.code if t.unit is None else "",
                            name=t.name if t.unit is None else "",
                            kind=t.kind if t.unit is None else "", parent=t.parent)
         for i, t in enumerate(plan.targets)])
    _save_choices(row, targets, plan.choices)
    event_record(target=row, verb=EventVerb.CREATED, actor=actor, to_status=row.status,
                 note=plan.note)
    return row


def _save_choices(row: Reorganisation, targets: list, choices: dict[int, list[int]]) -> None:
    insert_rows(ReorganisationChoice, [
        {"reorganisation_id": row.pk, "assignment_id": assignment_id,
         "target_id": targets[position].pk}
        for assignment_id, positions in choices.items() for position in sorted(set(positions))
        if 0 <= position < len(targets)])


def plan_of(row: Reorganisation) -> Plan:
    """The saved plan of a reorganisation."""
    units = list(row.units.select_related("unit", "parent").order_by("side", "position"))
    targets = [u for u in units if u.side == "target"]
    index = {t.pk: i for i, t in enumerate(targets)}
    choices: dict[int, list[int]] = defaultdict(list)
    for assignment_id, target_id in row.choices.values_list("assignment_id", "target_id"):
        choices[assignment_id].append(index[target_id])
    return Plan(
        kind=row.kind, effective_on=row.effective_on,
        sources=[u.unit for u in units if u.side == "source"],
        targets=[Target(unit=t.unit, code=t.code, name=t.name, kind=t.kind, parent=t.parent)
                 for t in targets],
        new_name=row.new_name, new_short_name=row.new_short_name, new_parent=row.new_parent,
        note=row.note, choices=dict(choices))


# --- applying ------------------------------------------------------------------------

@outer
def reorganisation_apply(*, reorganisation: Reorganisation, actor,
                         choices: dict[int, list[int]] | None = None) -> Reorganisation:
    """Apply a draft once. The row and the old units are locked first: a second apply,
    or another plan on the same unit, waits and then gets a 409."""
    require_reorganiser(actor)
    row = Reorganisation.objects.select_for_update().get(pk=reorganisation.pk)
    if row.status != Reorganisation.Status.DRAFT:
        raise TransitionError(_("Kế hoạch sắp xếp này đã được thực hiện."), field="status")
    source_ids = sorted(row.units.filter(side="source").values_list("unit_id", flat=True))
    list(Unit.objects.select_for_update().filter(pk__in=source_ids).order_by("pk")
         .values_list("pk", flat=True))
    if choices is not None:
        targets = list(row.units.filter(side="target").order_by("position"))
        row.choices.all().delete()
        _save_choices(row, targets, choices)
    plan = plan_of(row)
    plan_check(plan)
    work = open_work(plan, strict=True)
    moment = now()
    made = _make_targets(plan, row, actor, moment)
    summary = _APPLY[plan.kind](plan, row, made, work, actor, moment)
    row.status = Reorganisation.Status.APPLIED
    row.applied_by = actor
    row.applied_at = moment
    row.summary = summary
    row.save(update_fields=["status", "applied_by", "applied_at", "summary", "updated_at"])
    event_record(target=row, verb=EventVerb.REORGANISED, actor=actor,
                 from_status=Reorganisation.Status.DRAFT, to_status=row.status,
                 note=row.note, at=moment, data=summary)
    return row


def _make_targets(plan: Plan, row: Reorganisation, actor, moment) -> list[Unit]:
    """The target units, the new ones created (valid from the effective date) through
    the one unit-creating service, in one go."""
    refs = list(row.units.filter(side="target").order_by("position"))
    default_parent = plan.sources[0].parent if plan.sources else None
    new = [(i, ref, target) for i, (ref, target) in enumerate(
        zip(refs, plan.targets, strict=True)) if target.unit is None]
    units = units_create(actor=actor, at=moment, specs=[UnitSpec(
        code=target.code, name=target.name, kind=target.kind or plan.sources[0].kind,
        parent=target.parent or default_parent, valid_from=plan.effective_on,
        order=plan.sources[0].order if plan.sources else 0,  # where the old unit stood
        where=f"targets[{i}]", data={"source": "reorganisation", "reorganisation": row.pk})
        for i, _ref, target in new])
    made = [target.unit for target in plan.targets]
    for (i, ref, _target), unit in zip(new, units, strict=True):
        ref.unit = unit
        made[i] = unit
    ReorganisationUnit.objects.bulk_update([ref for _i, ref, _t in new], ["unit"])
    return made


def _rename(plan, row, made, work, actor, moment) -> dict:
    unit = plan.sources[0]
    old = unit.name
    UnitRevision.objects.get_or_create(unit=unit, valid_to=plan.effective_on, defaults={
        "name": unit.name, "short_name": unit.short_name, "parent_id": unit.parent_id})
    unit.name = plan.new_name.strip()
    if plan.new_short_name:
        unit.short_name = plan.new_short_name.strip()
    if old not in unit.aliases:
        unit.aliases = [*unit.aliases, old]
    unit.save(update_fields=["name", "short_name", "aliases", "updated_at"])
    event_record(target=unit, verb=EventVerb.REORGANISED, actor=actor, at=moment,
                 from_status="active", to_status="active",
                 data={"reorganisation": row.pk, "kind": "rename", "old_name": old,
                       "new_name": unit.name})
    return {"renamed": 1}


def _move(plan, row, made, work, actor, moment) -> dict:
    for unit in plan.sources:
        UnitRevision.objects.get_or_create(unit=unit, valid_to=plan.effective_on, defaults={
            "name": unit.name, "short_name": unit.short_name, "parent_id": unit.parent_id})
        old_parent = unit.parent_id
        unit.parent = plan.new_parent
        unit.save(update_fields=["parent", "updated_at"])
        event_record(target=unit, verb=EventVerb.REORGANISED, actor=actor, at=moment,
                     from_status="active", to_status="active",
                     data={"reorganisation": row.pk, "kind": "move", "old_parent": old_parent,
                           "new_parent": plan.new_parent.pk})
    return {"moved_units": len(plan.sources)}


def _dissolve(plan, row, made, work, actor, moment) -> dict:
    ended = _end_assignments([a.pk for a, _c in work], plan, actor, moment,
                             verb=EventVerb.WITHDRAWN, note=_("Đơn vị giải thể"))
    _end_units(plan, row, successor=None, actor=actor, moment=moment)
    return {"assignments_ended": len(ended)}


def _merge(plan, row, made, work, actor, moment) -> dict:
    target = made[0]
    summary = _hand_over(plan, row, made, work, actor, moment)
    source_ids = [u.pk for u in plan.sources]
    have = set(target.memberships.values_list("user_id", "role"))
    moving = []
    for pk, user_id, role in (Membership.objects.select_for_update()
                              .filter(unit_id__in=source_ids).order_by("pk")
                              .values_list("pk", "user_id", "role")):
        if (user_id, role) not in have:
            have.add((user_id, role))
            moving.append(pk)
    if moving:
        Membership.objects.filter(pk__in=moving).update(unit=target, updated_at=moment)
    summary["memberships_moved"] = len(moving)
    summary["supervised_directives"] = _move_boards(source_ids, target, row, actor, moment)
    _end_units(plan, row, successor=target, actor=actor, moment=moment)
    return summary


def _split(plan, row, made, work, actor, moment) -> dict:
    summary = _hand_over(plan, row, made, work, actor, moment)
    _end_units(plan, row, successor=None, actor=actor, moment=moment)
    return summary


_APPLY = {K.RENAME: _rename, K.MOVE: _move, K.DISSOLVE: _dissolve, K.MERGE: _merge,
          K.SPLIT: _split}


def _end_units(plan, row, *, successor, actor, moment) -> None:
    day = plan.effective_on
    targets = [t for t in row.units.filter(side="target").values_list("unit_id", flat=True)]
    ids = [u.pk for u in plan.sources]
    Unit.objects.filter(pk__in=ids).update(
        is_active=False, dissolved_on=day, valid_to=day, successor=successor, updated_at=moment)
    kind = UnitSuccession.Kind.MERGE if plan.kind == K.MERGE else UnitSuccession.Kind.SPLIT
    UnitSuccession.objects.bulk_create(
        [UnitSuccession(predecessor_id=p, successor_id=s, kind=kind, effective_on=day)
         for p in ids for s in targets], ignore_conflicts=True)
    # The groups that named an old unit name its successors too (the old unit stays in
    # them, inactive, for history; assigning to a group skips inactive members).
    through = Unit.unit_groups.through
    groups = list(through.objects.filter(unit_id__in=ids).values_list("unitgroup_id", flat=True))
    through.objects.bulk_create([through(unitgroup_id=g, unit_id=s)
                                 for g in set(groups) for s in targets], ignore_conflicts=True)
    events_record_many(model=Unit, verb=EventVerb.REORGANISED, actor=actor, at=moment,
                       from_status="active", to_status="dissolved", note=row.note,
                       entries=[(pk, {"reorganisation": row.pk, "kind": plan.kind,
                                      "successors": targets}) for pk in ids])


def _move_boards(source_ids, target, row, actor, moment) -> int:
    """A merged board's directives move to the merged board (its reviewers moved with
    their memberships, so their queue follows); the scope columns follow."""
    ids = list(Directive.objects.filter(supervising_unit_id__in=source_ids)
               .values_list("pk", flat=True))
    if not ids:
        return 0
    Directive.objects.filter(pk__in=ids).update(supervising_unit=target)
    events_record_many(model=Directive, verb=EventVerb.REORGANISED, actor=actor, at=moment,
                       entries=[(pk, {"reorganisation": row.pk, "supervising_unit": target.pk})
                                for pk in ids])
    derived.sync(ids)
    return len(ids)


@dataclass(slots=True)
class _Due:
    """A not-submitted obligation due from the effective date on, as the handover reads
    it."""

    pk: int
    assignment_id: int
    period_id: int
    original_due_on: dt.date
    due_on: dt.date


@dataclass(slots=True)
class _New:
    """A receiving assignment the handover creates (its id once inserted)."""

    item_id: int
    unit_id: int
    board_id: int
    role: str
    source: OpenAssignment
    pk: int | None = None
    state: str = Assignment.State.OPEN


def _hand_over(plan, row, made, work, actor, moment) -> dict:
    """Hand the open assignments (and their obligations due from the date on) to the
    receiving units, then end the old assignments keeping their past obligations.

    Set-based: a fixed number of statements per plan, whatever the number of
    assignments (the id lists go in batches)."""
    day = plan.effective_on
    if not work:
        return {"assignments_handed_over": 0, "assignments_created": 0,
                "obligations_moved": 0, "obligations_copied": 0}
    old_ids = [a.pk for a, _c in work]
    items = {a.item_id for a, _c in work}
    receiver_ids = {u.pk for u in made}
    existing = {(b.item_id, b.unit_id): b for b in Assignment.objects.select_for_update()
                .filter(item_id__in=items, unit_id__in=receiver_ids).order_by()
                .only("pk", "item_id", "unit_id", "board_id", "role", "state")}
    future = defaultdict(list)
    # Read by assignment alone (three or so rows each) and sorted out here: a filter on
    # state and date would tempt the planner, with the statistics of before this
    # transaction, to walk every open obligation of the province for each plan.
    for *values, state in ReportObligation.objects.filter(
            assignment_id__in=old_ids).order_by("assignment_id", "due_on", "pk").values_list(
            "pk", "assignment_id", "period_id", "original_due_on", "due_on", "state"):
        due = _Due(*values)
        if state in MOVING_OBLIGATIONS and due.due_on >= day:
            future[due.assignment_id].append(due)
    have_periods = defaultdict(set)
    for assignment_id, period_id in ReportObligation.objects.filter(
            assignment_id__in=[b.pk for b in existing.values()]).values_list(
            "assignment_id", "period_id"):
        have_periods[assignment_id].add(period_id)
    directive_ids = {a.directive_id for a, _c in work}
    stats = {"assignments_handed_over": len(old_ids), "assignments_created": 0,
             "obligations_moved": 0, "obligations_copied": 0}
    with counts.track([*old_ids, *(b.pk for b in existing.values())]):
        # The old lines end first (a joint item has one open lead at a time), keeping
        # every obligation as it is; then the receivers take the future ones.
        _end_assignments(old_ids, plan, actor, moment, verb=EventVerb.HANDED_OVER,
                         note=_("Bàn giao do sắp xếp tổ chức"), counted=True, keep=True)
        new_rows, moves, copies, promote = _plan_rows(work, made, existing, future,
                                                      have_periods)
        created = insert_rows(Assignment, [{
            "item_id": r.item_id, "unit_id": r.unit_id, "original_unit_id":
            r.source.original_unit_id, "role": r.role, "is_joint": r.source.is_joint,
            "assigned_on": r.source.assigned_on, "original_due_on": r.source.original_due_on,
            "current_due_on": r.source.current_due_on, "board_id": r.board_id,
        } for r in new_rows], returning=True)
        for r, pk in zip(new_rows, created, strict=True):
            r.pk = pk
        stats["assignments_created"] = len(created)
        if promote:
            Assignment.objects.filter(pk__in=[r.pk for r in promote]).update(
                role=Assignment.Role.LEAD, updated_at=moment)
        _reassign(moves, moment)
        stats["obligations_moved"] = len(moves)
        insert_rows(ReportObligation, [{
            "assignment_id": receiver.pk, "period_id": ob.period_id,
            "original_due_on": ob.original_due_on, "due_on": ob.due_on,
            "unit_id": receiver.unit_id, "board_id": receiver.board_id,
        } for ob, receiver in copies])
        stats["obligations_copied"] = len(copies)
        moved = {ob.pk for ob, _r in moves}
        # What did not move is owed by a receiver already: the old line's copy ends.
        stats["obligations_withdrawn"] = obligations.obligations_withdraw(
            obligation_ids=[ob.pk for rows in future.values() for ob in rows
                            if ob.pk not in moved], at=moment)
        derived.sync(directive_ids)
    counts.add(created)
    events_record_many(
        model=Assignment, verb=EventVerb.TAKEN_OVER, actor=actor,
        to_status=Assignment.State.OPEN, at=moment,
        entries=[(r.pk, {"reorganisation": row.pk, "from_assignment": r.source.pk,
                         "from_unit": r.source.unit_id}) for r in new_rows])
    return stats


def _reassign(moves: list, moment) -> None:
    """Give obligations to their receiving assignments, with the receiver's unit and
    board (the scope columns, so that the next plan of a batch reads them right; the
    reports' copies follow through `derived.sync`). Not a state change."""
    if connection.vendor == "postgresql":
        table = ReportObligation._meta.db_table
        with connection.cursor() as cursor:
            for start in range(0, len(moves), 5000):
                part = moves[start:start + 5000]
                cursor.execute(
                    f"UPDATE {table} o SET assignment_id = v.a, unit_id = v.u, "  # noqa: S608
                    "board_id = v.b, updated_at = %s FROM unnest(%s::bigint[], %s::bigint[], "
                    "%s::bigint[], %s::bigint[]) AS v(o, a, u, b) WHERE o.id = v.o",
                    [moment, *(_int_array(values) for values in (
                        [ob.pk for ob, _r in part], [r.pk for _o, r in part],
                        [r.unit_id for _o, r in part], [r.board_id for _o, r in part]))])
        return
    rows = [ReportObligation(pk=ob.pk, assignment_id=r.pk, unit_id=r.unit_id,
                             board_id=r.board_id, updated_at=moment) for ob, r in moves]
    ReportObligation.objects.bulk_update(rows, ["assignment", "unit", "board", "updated_at"],
                                         batch_size=500)


def _int_array(values) -> str:
    """A PostgreSQL array literal of ids: one string, parsed by the server, instead of a
    list the driver adapts value by value."""
    return "{" + ",".join(map(str, values)) + "}"


def _plan_rows(work, made, existing, future, have_periods):
    """The new assignments, the obligations moved (to the first receiver) and copied (to
    the others, an "each"-mode split), the existing cooperating rows that become lead."""
    new_rows, moves, copies, promote = [], [], [], []
    for assignment, positions in work:
        for n, position in enumerate(positions):
            unit = made[position]
            receiver = existing.get((assignment.item_id, unit.pk))
            if receiver is None:
                receiver = _New(item_id=assignment.item_id, unit_id=unit.pk,
                                board_id=assignment.board_id, role=assignment.role,
                                source=assignment)
                existing[(assignment.item_id, unit.pk)] = receiver
                new_rows.append(receiver)
            elif receiver.state != Assignment.State.OPEN:
                continue  # the receiver finished this duty: the old line just ends
            elif (assignment.role == Assignment.Role.LEAD
                  and receiver.role != Assignment.Role.LEAD):
                receiver.role = Assignment.Role.LEAD
                if isinstance(receiver, Assignment):
                    promote.append(receiver)
            taken = have_periods[id(receiver)] if isinstance(receiver, _New) else have_periods[
                receiver.pk]
            for ob in future.get(assignment.pk, []):
                if ob.period_id in taken:
                    continue  # the receiver already owes this report
                taken.add(ob.period_id)
                (moves if n == 0 else copies).append((ob, receiver))
    return new_rows, moves, copies, promote


def _end_assignments(ids, plan, actor, moment, *, verb, note, counted=False,
                     keep=False) -> list[int]:
    """End the old open assignments. Their obligations due before the date stay as they
    are; those not submitted due from the date on are withdrawn (a dissolution), or left
    for the handover to move (`keep`)."""
    return obligations.assignments_transition(
        assignment_ids=ids, to=Assignment.State.WITHDRAWN, actor=actor, verb=verb, at=moment,
        note=note, data={"effective_on": plan.effective_on.isoformat()},
        obligations_from=() if keep else MOVING_OBLIGATIONS,
        obligations_also=Q(due_on__gte=plan.effective_on), counted=counted,
        withdrawn_at=moment)


__all__ = ["Plan", "Target", "plan_check", "plan_preview", "reorganisation_apply",
           "reorganisation_create", "plan_of", "can_reorganise"]


def summary_lines(summary: dict) -> list[tuple[str, int]]:
    """An applied reorganisation's tally, labelled for its page."""
    labels = {
        "assignments_handed_over": _("Nhiệm vụ bàn giao"),
        "assignments_created": _("Nhiệm vụ giao cho đơn vị kế thừa"),
        "obligations_moved": _("Yêu cầu báo cáo chuyển"),
        "obligations_copied": _("Yêu cầu báo cáo lập thêm cho đơn vị kế thừa"),
        "obligations_withdrawn": _("Yêu cầu báo cáo trùng đã rút"),
        "memberships_moved": _("Thành viên chuyển"),
        "supervised_directives": _("Văn bản chuyển ban theo dõi"),
        "assignments_ended": _("Nhiệm vụ kết thúc"),
        "renamed": _("Đơn vị đổi tên"),
        "moved_units": _("Đơn vị chuyển cấp trên"),
    }
    return [(str(labels.get(key, key)), value) for key, value in summary.items()]
