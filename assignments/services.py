"""Writes for assignments, periods, obligations, deadlines and extensions."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from directives.models import Cadence, Directive, ResponsibilityItem
from tracker import derived, policy
from tracker.errors import DomainError, TransitionError
from tracker.events import event_record
from tracker.models import EventVerb, Membership, Unit, UnitGroup, UnitSuccession
from tracker.timeutil import local_date, now
from tracker.timeutil import today as local_today
from tracker.tx import outer

from . import counts, notices, obligations
from .models import (
    Assignment,
    DeadlineChange,
    ExtensionRequest,
    ReportingPeriod,
    ReportObligation,
)
from .periods import PeriodSpec, one_off_period, periods_between

OPEN_OBLIGATION_STATES = (ReportObligation.State.NOT_SUBMITTED, ReportObligation.State.RETURNED)


def _require_board(actor, directive: Directive) -> None:
    policy.require(policy.can_review(actor, directive),
                   _("Chỉ ban theo dõi văn bản này mới được giao nhiệm vụ và điều chỉnh thời hạn."))


# --- assigning --------------------------------------------------------------------

@outer
def item_assign(
    *,
    item: ResponsibilityItem,
    actor,
    units: Iterable[Unit] = (),
    groups: Iterable[UnitGroup] = (),
    lead_unit: Unit | None = None,
    due_on: dt.date | None = None,
    today: dt.date | None = None,
) -> list[Assignment]:
    """Assign an item to units and/or unit groups (a group fans out to its members).

    *each* mode: every unit is a lead and implements in its own scope.
    *joint* mode: exactly one lead (`lead_unit`, once per item); the rest cooperate.
    Units already assigned to the item are skipped.
    """
    item = ResponsibilityItem.objects.select_for_update().select_related("directive").get(
        pk=item.pk)
    directive = item.directive
    _require_board(actor, directive)
    if item.status != ResponsibilityItem.Status.ACTIVE:
        raise TransitionError(_("Nhiệm vụ đã rút, không thể giao."))
    if directive.status == Directive.Status.CLOSED:
        raise TransitionError(_("Văn bản đã kết thúc, không thể giao nhiệm vụ."))
    due = due_on or item.due_on
    if item.deadline_mode == ResponsibilityItem.DeadlineMode.FIXED and due is None:
        raise DomainError(_("Nhiệm vụ có thời hạn cần hạn hoàn thành."), field="due_on")
    if due is not None and due < directive.issued_on:
        raise DomainError(_("Hạn hoàn thành không được trước ngày ban hành văn bản."),
                          field="due_on")

    targets: dict[int, tuple[Unit, UnitGroup | None]] = {}
    for group in groups:
        for member in group.members.filter(is_active=True).order_by("order", "name"):
            targets.setdefault(member.pk, (member, group))
    for unit in units:
        targets[unit.pk] = (unit, None)
    is_joint = item.assignment_mode == ResponsibilityItem.AssignmentMode.JOINT
    if lead_unit is not None:
        if not is_joint:
            raise DomainError(_("Chỉ nhiệm vụ chủ trì - phối hợp mới có đơn vị chủ trì riêng."),
                              field="lead_unit")
        targets[lead_unit.pk] = (lead_unit, targets.get(lead_unit.pk, (None, None))[1])
    if not targets:
        raise DomainError(_("Chọn ít nhất một đơn vị hoặc nhóm đơn vị."), field="units")
    inactive = [u.name for u, _g in targets.values() if not u.is_active]
    if inactive:
        raise DomainError(_("Đơn vị đã giải thể hoặc hợp nhất: %(names)s.")
                          % {"names": ", ".join(inactive)}, field="units")

    existing = dict(item.assignments.values_list("unit_id", "role"))
    has_lead = Assignment.Role.LEAD in existing.values()
    if is_joint:
        if lead_unit is None and not has_lead:
            raise DomainError(_("Nhiệm vụ chủ trì - phối hợp phải có đúng một đơn vị chủ trì."),
                              field="lead_unit")
        if (lead_unit is not None and has_lead
                and existing.get(lead_unit.pk) != Assignment.Role.LEAD):
            raise DomainError(_("Nhiệm vụ đã có đơn vị chủ trì."), field="lead_unit")

    created: list[Assignment] = []
    for unit_id, (unit, group) in targets.items():
        if unit_id in existing:
            continue
        role = Assignment.Role.LEAD
        if is_joint and (lead_unit is None or unit_id != lead_unit.pk):
            role = Assignment.Role.COOPERATING
        assignment = Assignment(
            item=item, unit=unit, original_unit=unit, role=role, is_joint=is_joint,
            via_group=group, assigned_on=directive.issued_on, original_due_on=due,
            current_due_on=due, board_id=directive.supervising_unit_id,
        )
        assignment.save()
        event_record(target=assignment, verb=EventVerb.ASSIGNED, actor=actor,
                     to_status=Assignment.State.OPEN,
                     data={"item": item.pk, "unit": unit_id, "role": role,
                           "group": group.pk if group else None})
        created.append(assignment)
    counts.change([], [counts.key_of_assignment(a) for a in created])
    if not created:
        raise DomainError(_("Các đơn vị đã chọn đều đã được giao nhiệm vụ này."), field="units")
    if directive.status == Directive.Status.ACTIVE:
        _sync_obligations(directive, created, today=today)
    return created


# --- periods and obligations --------------------------------------------------------

def _ensure_periods(directive: Directive, specs: list[PeriodSpec]) -> dict[tuple, ReportingPeriod]:
    """Get or create the periods for `specs`; keyed by (cadence, starts_on, ends_on)."""
    if not specs:
        return {}
    cadences = {s.cadence for s in specs}
    found = {
        (p.cadence, p.starts_on, p.ends_on): p
        for p in ReportingPeriod.objects.filter(directive=directive, cadence__in=cadences)
    }
    missing = [
        ReportingPeriod(directive=directive, cadence=s.cadence, label=s.label,
                        starts_on=s.starts_on, ends_on=s.ends_on, due_on=s.due_on)
        for s in {(s.cadence, s.starts_on, s.ends_on): s for s in specs}.values()
        if (s.cadence, s.starts_on, s.ends_on) not in found
    ]
    for period in missing:
        period.save()
        found[(period.cadence, period.starts_on, period.ends_on)] = period
    return found


_DIRECTIVE_TRACK_FROM = object()


def _specs_for(assignment: Assignment, item: ResponsibilityItem, directive: Directive,
               horizon: dt.date, track_from=_DIRECTIVE_TRACK_FROM) -> list[PeriodSpec]:
    """The periods `assignment` owes a report for, up to `horizon`. Periods that ended
    before the directive's "track from" day (or the given `track_from`; None: none) owe
    nothing: they are not generated at all."""
    if track_from is _DIRECTIVE_TRACK_FROM:
        track_from = directive.track_from
    return [spec for spec in _all_specs_for(assignment, item, directive, horizon)
            if track_from is None or spec.ends_on >= track_from]


def _all_specs_for(assignment: Assignment, item: ResponsibilityItem, directive: Directive,
                   horizon: dt.date) -> list[PeriodSpec]:
    cadence = item.reported_cadence(directive)
    if cadence == Cadence.ONE_OFF:
        due = assignment.current_due_on or item.due_on
        return [one_off_period(assignment.assigned_on, due)] if due else []
    first = directive.reporting_starts_on or directive.issued_on
    last = horizon
    if directive.reporting_ends_on:
        last = min(last, directive.reporting_ends_on)
    if item.deadline_mode == ResponsibilityItem.DeadlineMode.FIXED and assignment.current_due_on:
        last = min(last, assignment.current_due_on)
    # Obligations exist from the moment of assignment: a unit added to an already
    # published directive owes nothing for periods due before it was given the duty.
    # (Assignments made before publication date from the directive itself.)
    earliest = assignment.assigned_on
    if (directive.published_at is not None and assignment.created_at is not None
            and assignment.created_at > directive.published_at):
        earliest = max(earliest, min(local_date(assignment.created_at), horizon))
    return [
        spec
        for spec in periods_between(cadence, first, last, due_day=directive.report_due_day,
                                    due_month_offset=directive.report_due_month_offset)
        if spec.due_on >= earliest
    ]


def _sync_obligations(directive: Directive, assignments: Iterable[Assignment], *,
                      today: dt.date | None = None) -> int:
    """Create the missing obligations of lead assignments up to the current period."""
    horizon = today or local_today()
    wanted: list[tuple[Assignment, PeriodSpec]] = []
    items: dict[int, ResponsibilityItem] = {}
    for assignment in assignments:
        if assignment.role != Assignment.Role.LEAD or assignment.state != Assignment.State.OPEN:
            continue
        item = items.get(assignment.item_id)
        if item is None:
            item = items[assignment.item_id] = ResponsibilityItem.objects.get(
                pk=assignment.item_id)
        if item.status != ResponsibilityItem.Status.ACTIVE:
            continue
        wanted.extend((assignment, spec) for spec in _specs_for(assignment, item, directive,
                                                                 horizon))
    periods = _ensure_periods(directive, [spec for _a, spec in wanted])
    assignment_ids = {a.pk for a, _s in wanted}
    have = set(
        ReportObligation.objects.filter(assignment_id__in=assignment_ids)
        .values_list("assignment_id", "period_id")
    )
    new_rows = []
    for assignment, spec in wanted:
        period = periods[(spec.cadence, spec.starts_on, spec.ends_on)]
        if (assignment.pk, period.pk) in have:
            continue
        have.add((assignment.pk, period.pk))
        new_rows.append(ReportObligation(assignment=assignment, period=period,
                                         original_due_on=period.due_on, due_on=period.due_on,
                                         unit_id=assignment.unit_id,
                                         board_id=directive.supervising_unit_id))
    ReportObligation.objects.bulk_create(new_rows, batch_size=1000)
    counts.change([], [counts.obligation_key(
        directive_id=directive.pk, section_id=items[row.assignment.item_id].section_id,
        unit_id=row.assignment.unit_id, state=row.state, due_on=row.due_on,
        effective_submitted_on=None) for row in new_rows])
    return len(new_rows)


@transaction.atomic
def obligations_sync_directive(*, directive: Directive, today: dt.date | None = None) -> int:
    """Make sure every open lead assignment of an active directive has its obligations."""
    if directive.status != Directive.Status.ACTIVE:
        return 0
    assignments = Assignment.objects.filter(
        item__directive=directive, role=Assignment.Role.LEAD, state=Assignment.State.OPEN,
        item__status=ResponsibilityItem.Status.ACTIVE,
    )
    return _sync_obligations(directive, list(assignments), today=today)


def obligations_sync_all(*, today: dt.date | None = None) -> int:
    """Open the obligations of new periods for every active directive (daily job)."""
    total = 0
    for directive in Directive.objects.filter(status=Directive.Status.ACTIVE):
        total += obligations_sync_directive(directive=directive, today=today)
    return total


# --- deadlines and extensions -------------------------------------------------------

def _move_due_date(*, obligation: ReportObligation, new_due_on: dt.date, actor, source: str,
                   reason: str, at: dt.datetime) -> None:
    """Move an obligation's due date (and its assignment's, for the deliverable's date)."""
    assignment = obligation.assignment
    if new_due_on < assignment.assigned_on:
        raise DomainError(_("Hạn mới không được trước ngày ban hành văn bản."),
                          field="new_due_on")
    old = obligation.due_on
    keys_before = [counts.key_of_obligation(obligation), counts.key_of_assignment(assignment)]
    DeadlineChange.objects.create(assignment=assignment, obligation=obligation, old_due_on=old,
                                  new_due_on=new_due_on, source=source, changed_at=at,
                                  actor=actor, reason=reason)
    obligation.due_on = new_due_on
    obligation.save(update_fields=["due_on", "updated_at"])
    if assignment.current_due_on is not None and assignment.current_due_on == old:
        DeadlineChange.objects.create(assignment=assignment, obligation=None, old_due_on=old,
                                      new_due_on=new_due_on, source=source, changed_at=at,
                                      actor=actor, reason=reason)
        assignment.current_due_on = new_due_on
        assignment.save(update_fields=["current_due_on", "updated_at"])
    counts.change(keys_before, [counts.key_of_obligation(obligation),
                                counts.key_of_assignment(assignment)])


def obligation_lock(obligation_id: int) -> ReportObligation:
    """The obligation re-read under a row lock, with what the services need to judge it."""
    return (ReportObligation.objects.select_for_update()
            .select_related("assignment__item__directive", "assignment__unit", "period")
            .get(pk=obligation_id))


@outer
def deadline_edit(*, obligation: ReportObligation, actor, new_due_on: dt.date,
                  reason: str) -> ReportObligation:
    """The board moves a due date by a logged edit (not through an extension request)."""
    obligation = obligation_lock(obligation.pk)
    _require_board(actor, obligation.assignment.item.directive)
    if not reason.strip():
        raise DomainError(_("Cần nêu lý do điều chỉnh thời hạn."), field="reason")
    if obligation.state in (ReportObligation.State.ACCEPTED, ReportObligation.State.WITHDRAWN):
        raise TransitionError(_("Báo cáo đã được chấp nhận hoặc đã rút; không đổi thời hạn."))
    if new_due_on == obligation.due_on:
        raise DomainError(_("Hạn mới trùng hạn hiện tại."), field="new_due_on")
    moment = now()
    old = obligation.due_on
    _move_due_date(obligation=obligation, new_due_on=new_due_on, actor=actor,
                   source=DeadlineChange.Source.EDIT, reason=reason, at=moment)
    event_record(target=obligation, verb=EventVerb.DUE_DATE_CHANGED, actor=actor, note=reason,
                 data={"old": old.isoformat(), "new": new_due_on.isoformat()}, at=moment)
    notices.due_date_changed(obligation=obligation, old=old, new=new_due_on, reason=reason)
    return obligation


def _default_obligation(assignment: Assignment) -> ReportObligation:
    obligation = (assignment.obligations.filter(state__in=OPEN_OBLIGATION_STATES)
                  .order_by("due_on", "id").first())
    if obligation is None:
        raise DomainError(_("Không còn báo cáo nào chưa nộp để gia hạn."), field="obligation")
    return obligation


@outer
def extension_request_create(*, assignment: Assignment, actor, requested_due_on: dt.date,
                             reason: str,
                             obligation: ReportObligation | None = None) -> ExtensionRequest:
    """A unit asks for a later due date for one of its open obligations."""
    assignment = Assignment.objects.select_related("item__directive").get(pk=assignment.pk)
    policy.require(policy.can_report_for(actor, assignment),
                   _("Chỉ đơn vị được giao mới đề nghị gia hạn."))
    if obligation is None:
        obligation = _default_obligation(assignment)
    elif obligation.assignment_id != assignment.pk:
        raise DomainError(_("Yêu cầu báo cáo không thuộc nhiệm vụ này."), field="obligation")
    obligation = obligation_lock(obligation.pk)
    if obligation.state not in OPEN_OBLIGATION_STATES:
        raise TransitionError(_("Chỉ gia hạn được báo cáo chưa nộp hoặc bị trả lại."),
                              field="obligation")
    if not reason.strip():
        raise DomainError(_("Cần nêu lý do đề nghị gia hạn."), field="reason")
    if requested_due_on <= obligation.due_on:
        raise DomainError(_("Hạn đề nghị phải sau hạn hiện tại (%(due)s).")
                          % {"due": f"{obligation.due_on:%d/%m/%Y}"}, field="requested_due_on")
    if obligation.extension_requests.filter(status=ExtensionRequest.Status.PENDING).exists():
        raise TransitionError(_("Đã có một đề nghị gia hạn đang chờ quyết định."),
                              field="obligation")
    request = ExtensionRequest.objects.create(
        assignment=assignment, obligation=obligation, requested_by=actor,
        current_due_on=obligation.due_on, requested_due_on=requested_due_on, reason=reason)
    event_record(target=request, verb=EventVerb.REQUESTED, actor=actor, to_status=request.status,
                 data={"obligation": obligation.pk})
    notices.extension_requested(request=request, obligation=obligation)
    return request


def _lock_request(request: ExtensionRequest) -> ExtensionRequest:
    request = (ExtensionRequest.objects.select_for_update()
               .select_related("assignment__item__directive").get(pk=request.pk))
    if request.status != ExtensionRequest.Status.PENDING:
        raise TransitionError(_("Đề nghị gia hạn đã được quyết định."), field="status")
    return request


@outer
def extension_approve(*, request: ExtensionRequest, actor, approved_due_on: dt.date | None = None,
                      note: str = "") -> ExtensionRequest:
    """The board grants an extension: the obligation (and deliverable) get the new date."""
    request = _lock_request(request)
    _require_board(actor, request.assignment.item.directive)
    obligation = obligation_lock(request.obligation_id)
    if obligation.state not in OPEN_OBLIGATION_STATES:
        raise TransitionError(_("Báo cáo đã nộp; không còn cần gia hạn."), field="obligation")
    new_due = approved_due_on or request.requested_due_on
    if new_due <= obligation.due_on:
        raise DomainError(_("Hạn được duyệt phải sau hạn hiện tại."), field="approved_due_on")
    moment = now()
    _move_due_date(obligation=obligation, new_due_on=new_due, actor=actor,
                   source=DeadlineChange.Source.EXTENSION, reason=request.reason, at=moment)
    request.status = ExtensionRequest.Status.APPROVED
    request.approved_due_on = new_due
    request.decided_by = actor
    request.decided_at = moment
    request.decision_note = note
    request.save()
    event_record(target=request, verb=EventVerb.APPROVED, actor=actor,
                 from_status=ExtensionRequest.Status.PENDING, to_status=request.status,
                 note=note, data={"due_on": new_due.isoformat()}, at=moment)
    notices.extension_decided(request=request, obligation=obligation)
    return request


@outer
def extension_reject(*, request: ExtensionRequest, actor, note: str) -> ExtensionRequest:
    request = _lock_request(request)
    _require_board(actor, request.assignment.item.directive)
    if not note.strip():
        raise DomainError(_("Cần nêu lý do không chấp thuận."), field="note")
    moment = now()
    request.status = ExtensionRequest.Status.REJECTED
    request.decided_by = actor
    request.decided_at = moment
    request.decision_note = note
    request.save()
    event_record(target=request, verb=EventVerb.REJECTED, actor=actor,
                 from_status=ExtensionRequest.Status.PENDING, to_status=request.status,
                 note=note, at=moment)
    notices.extension_decided(request=request, obligation=obligation_lock(request.obligation_id))
    return request


# --- unit reorganisation ----------------------------------------------------------
# A merge changes the units (tracker) and moves their open assignments: the write lives
# on the highest floor it touches.

@outer
def unit_merge(*, unit: Unit, successor: Unit, actor, on: dt.date | None = None,
               note: str = "") -> Unit:
    """Merge `unit` into `successor` (2025-style reorganisation).

    Open assignments and memberships move to the successor; completed and withdrawn
    assignments, reports and events stay under the old unit, which keeps its name.
    """
    policy.require(getattr(actor, "is_superuser", False),
                   _("Chỉ quản trị hệ thống mới hợp nhất đơn vị."))
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    successor = Unit.objects.select_for_update().get(pk=successor.pk)
    if unit.pk == successor.pk:
        raise DomainError(_("Không thể hợp nhất đơn vị vào chính nó."), field="successor")
    if not unit.is_active:
        raise TransitionError(_("Đơn vị đã giải thể hoặc hợp nhất trước đó."))
    if not successor.is_active:
        raise DomainError(_("Đơn vị kế thừa không còn hoạt động."), field="successor")
    moment = now()
    day = on or local_today()

    taken_items = set(successor.assignments.values_list("item_id", flat=True))
    open_ids = list(Assignment.objects.filter(unit=unit, state=Assignment.State.OPEN)
                    .values_list("pk", flat=True))
    with counts.track(open_ids):
        moved, withdrawn = _move_assignments(unit, successor, taken_items, actor, moment)
    # Obligations and reports of the moved assignments carry their unit.
    derived.sync(Assignment.objects.filter(pk__in=open_ids)
                 .values_list("item__directive_id", flat=True).distinct())

    have = set(successor.memberships.values_list("user_id", "role"))
    for membership in Membership.objects.select_for_update().filter(unit=unit):
        if (membership.user_id, membership.role) in have:
            membership.delete()
        else:
            membership.unit = successor
            membership.save(update_fields=["unit", "updated_at"])
    for group in unit.unit_groups.all():
        group.members.remove(unit)
        group.members.add(successor)

    unit.is_active = False
    unit.dissolved_on = day
    unit.successor = successor
    unit.valid_to = day
    unit.save(update_fields=["is_active", "dissolved_on", "successor", "valid_to",
                             "updated_at"])
    UnitSuccession.objects.get_or_create(predecessor=unit, successor=successor, defaults={
        "kind": UnitSuccession.Kind.MERGE, "effective_on": day})
    event_record(target=unit, verb=EventVerb.MERGED, actor=actor, from_status="active",
                 to_status="dissolved", note=note, at=moment,
                 data={"successor": successor.pk, "successor_name": successor.name,
                       "assignments_moved": moved, "assignments_withdrawn": withdrawn})
    return unit


def _move_assignments(unit: Unit, successor: Unit, taken_items: set, actor, moment):
    """Open assignments of a merged unit: moved to the successor, or ended if it has them."""
    moved, withdrawn = 0, 0
    for assignment in Assignment.objects.select_for_update().filter(
            unit=unit, state=Assignment.State.OPEN):
        if assignment.item_id in taken_items:
            # The successor already carries this duty: the old line ends here (counted
            # by the merge's own `counts.track`).
            obligations.assignments_transition(
                assignment_ids=[assignment.pk], to=Assignment.State.WITHDRAWN, actor=actor,
                verb=EventVerb.WITHDRAWN_BY_MERGE, at=moment, counted=True,
                note=_("Hợp nhất vào %(name)s") % {"name": successor.name},
                withdrawn_at=moment)
            withdrawn += 1
            continue
        assignment.unit = successor
        assignment.save(update_fields=["unit", "updated_at"])
        moved += 1
        event_record(target=assignment, verb=EventVerb.MOVED_BY_MERGE, actor=actor, at=moment,
                     data={"from_unit": unit.pk, "from_name": unit.name,
                           "to_unit": successor.pk})
    return moved, withdrawn
