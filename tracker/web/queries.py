"""Reads for the web pages: scoped querysets and page-shaped summaries.

Every function applies tracker.policy first, so a page never builds an unscoped
queryset. Statuses come from assignments.selectors (the one place the rules live).
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from assignments.models import (
    Assignment,
    ExtensionRequest,
    ObligationStatus,
    ReportingPeriod,
    ReportObligation,
)
from assignments.selectors import dashboard, obligation_states
from assignments.statuses import ObligationState
from directives.models import Directive, ResponsibilityItem
from reports.models import Evidence, ProgressReport
from tracker import policy
from tracker.models import Membership, Notification, Unit

OPEN_STATES = (ReportObligation.State.NOT_SUBMITTED, ReportObligation.State.RETURNED)
SOON_DAYS = 14


# --- roles -----------------------------------------------------------------------

@dataclass(frozen=True)
class Roles:
    unit: bool
    reviewer: bool
    leader: bool
    superuser: bool

    @property
    def board(self) -> bool:
        return self.reviewer or self.superuser

    @property
    def sees_dashboard(self) -> bool:
        return self.leader or self.board


def roles_of(user) -> Roles:
    return Roles(
        unit=bool(policy.unit_ids(user, *policy.UNIT_ROLES)),
        reviewer=bool(policy.unit_ids(user, Membership.Role.REVIEWER)),
        leader=bool(policy.unit_ids(user, Membership.Role.LEADER)),
        superuser=bool(getattr(user, "is_superuser", False)),
    )


def user_units(user) -> QuerySet:
    return Unit.objects.filter(pk__in=policy.unit_ids(user)).order_by("order", "name")


# --- scoped querysets -------------------------------------------------------------

def directives_for(user) -> QuerySet:
    return policy.scope_directives(Directive.objects.all(), user).select_related(
        "supervising_unit")


def obligations_for(user) -> QuerySet:
    return policy.scope_by_assignment(
        ReportObligation.objects.select_related(
            "assignment__item__directive", "assignment__item__section", "assignment__unit",
            "period"),
        user, prefix="assignment__")


def reports_for(user) -> QuerySet:
    """Reports the user may open. Drafts stay inside the writing unit."""
    qs = policy.scope_by_assignment(
        ProgressReport.objects.select_related(
            "obligation__assignment__item__directive", "obligation__assignment__unit",
            "obligation__period", "author"),
        user, prefix="obligation__assignment__")
    if getattr(user, "is_superuser", False):
        return qs
    own = policy.unit_ids(user, *policy.UNIT_ROLES)
    return qs.filter(~Q(status=ProgressReport.Status.DRAFT)
                     | Q(obligation__assignment__unit_id__in=own))


def evidence_for(user) -> QuerySet:
    return Evidence.objects.filter(report__in=reports_for(user).values("pk"))


def reviewable_directives(user) -> QuerySet:
    """Directives the user may change (the supervising board, or an administrator)."""
    if getattr(user, "is_superuser", False):
        return Directive.objects.all()
    return Directive.objects.filter(
        supervising_unit_id__in=policy.unit_ids(user, Membership.Role.REVIEWER))


def review_queue(user) -> QuerySet:
    return (reports_for(user)
            .filter(status=ProgressReport.Status.SUBMITTED,
                    obligation__assignment__item__directive__in=reviewable_directives(user))
            .order_by("submitted_at", "id"))


def extension_requests_for(user) -> QuerySet:
    return policy.scope_by_assignment(
        ExtensionRequest.objects.select_related(
            "assignment__item__directive", "assignment__unit", "obligation__period",
            "requested_by", "decided_by"),
        user, prefix="assignment__")


def notifications_for(user) -> QuerySet:
    return Notification.objects.filter(recipient=user)


def unread_count(user) -> int:
    from tracker import notify

    counter = getattr(notify, "unread_count", None)
    if counter is not None:
        return counter(user)
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


# --- "my work" for a unit ---------------------------------------------------------

@dataclass
class WorkRow:
    obligation: ReportObligation
    state: ObligationState
    draft: ProgressReport | None = None

    @property
    def days_left(self) -> int:
        return (self.state.due_on - self.today).days

    today: dt.date = dt.date.min


def my_work(user, day: dt.date) -> dict[str, list[WorkRow]]:
    """Open obligations of the user's units grouped: overdue, due soon, later, waiting."""
    own = policy.unit_ids(user, *policy.UNIT_ROLES)
    qs = obligations_for(user).filter(
        assignment__unit_id__in=own,
        state__in=[*OPEN_STATES, ReportObligation.State.SUBMITTED],
    ).order_by("due_on", "assignment__item__order")
    rows = list(qs)
    states = obligation_states(ReportObligation.objects.filter(pk__in=[o.pk for o in rows]), day)
    drafts = {r.obligation_id: r for r in ProgressReport.objects.filter(
        obligation__in=rows, status=ProgressReport.Status.DRAFT)}
    groups: dict[str, list[WorkRow]] = {"overdue": [], "soon": [], "later": [], "waiting": []}
    for obligation in rows:
        state = states.get(obligation.pk)
        if state is None:
            continue
        row = WorkRow(obligation=obligation, state=state, draft=drafts.get(obligation.pk),
                      today=day)
        if state.status == ObligationStatus.SUBMITTED:
            groups["waiting"].append(row)
        elif state.days_overdue:
            groups["overdue"].append(row)
        elif row.days_left <= SOON_DAYS:
            groups["soon"].append(row)
        else:
            groups["later"].append(row)
    groups["overdue"].sort(key=lambda r: -r.state.days_overdue)
    return groups


# --- the compliance matrix ----------------------------------------------------------

def matrix_periods(directive: Directive) -> list[ReportingPeriod]:
    return list(ReportingPeriod.objects.filter(directive=directive)
                .order_by("due_on", "starts_on"))


def default_period(periods: list[ReportingPeriod], day: dt.date) -> ReportingPeriod | None:
    """The latest period already due (else the first one)."""
    due = [p for p in periods if p.due_on <= day]
    if due:
        return max(due, key=lambda p: (p.due_on, p.cadence != "one_off"))
    return periods[0] if periods else None


def compliance_matrix(*, directive: Directive, period: ReportingPeriod | None, day: dt.date,
                      user) -> dict:
    """Units × items of a directive: each cell the obligation status for `period`."""
    items = list(ResponsibilityItem.objects.filter(directive=directive)
                 .select_related("section").order_by("order"))
    assignments = list(policy.scope_by_assignment(
        Assignment.objects.filter(item__directive=directive), user).select_related("unit"))
    units = sorted({a.unit_id: a.unit for a in assignments}.values(),
                   key=lambda u: (u.order, u.name))
    obligations = policy.scope_by_assignment(
        ReportObligation.objects.filter(assignment__item__directive=directive, period=period),
        user, prefix="assignment__")
    states = obligation_states(obligations, day)
    by_assignment = {}
    for pk, assignment_id in obligations.values_list("pk", "assignment_id"):
        if pk in states:
            by_assignment[assignment_id] = (pk, states[pk])
    report_of = {}
    for obligation_id, report_id in (ProgressReport.objects
                                     .filter(obligation__in=obligations)
                                     .exclude(status=ProgressReport.Status.DRAFT)
                                     .order_by("version").values_list("obligation_id", "pk")):
        report_of[obligation_id] = report_id
    cells: dict[tuple[int, int], dict] = {}
    for a in assignments:
        entry = by_assignment.get(a.pk)
        cell = {"assignment": a, "role": a.role}
        if entry:
            cell.update(obligation=entry[0], state=entry[1], report=report_of.get(entry[0]))
        cells[(a.unit_id, a.item_id)] = cell
    rows = []
    for unit in units:
        rows.append({"unit": unit,
                     "cells": [cells.get((unit.pk, item.pk)) for item in items]})
    counts: dict[str, int] = defaultdict(int)
    for _pk, state in by_assignment.values():
        counts[state.status] += 1
    return {"items": items, "rows": rows, "counts": dict(counts)}


# --- the leaders' overview ----------------------------------------------------------

def leader_overview(*, user, day: dt.date) -> dict:
    """The dashboard selector's figures plus per-unit rates, a trend and the overdue list."""
    board = dashboard(user=user, day=day)
    directive_ids = [d["id"] for d in board["directives"]]
    obligations = policy.scope_by_assignment(
        ReportObligation.objects.filter(assignment__item__directive_id__in=directive_ids),
        user, prefix="assignment__")
    states = obligation_states(obligations, day)
    meta = {
        pk: (unit_id, period_label, period_due, period_start)
        for pk, unit_id, period_label, period_due, period_start in obligations.values_list(
            "pk", "assignment__unit_id", "period__label", "period__due_on", "period__starts_on")
    }
    per_unit: dict[int, list[ObligationState]] = defaultdict(list)
    per_period: dict[tuple, list[ObligationState]] = defaultdict(list)
    overdue_ids = []
    for pk, state in states.items():
        unit_id, label, due, start = meta[pk]
        per_unit[unit_id].append(state)
        if due <= day:
            per_period[(due, start, label)].append(state)
        if state.days_overdue and state.status in (ObligationStatus.OVERDUE,
                                                   ObligationStatus.RETURNED):
            overdue_ids.append(pk)

    def rates(group: list[ObligationState]) -> dict:
        live = [s for s in group if s.status != ObligationStatus.WITHDRAWN
                and (s.due_on <= day or s.status in (ObligationStatus.ACCEPTED_ON_TIME,
                                                     ObligationStatus.ACCEPTED_LATE))]
        on_time = sum(1 for s in live if s.status == ObligationStatus.ACCEPTED_ON_TIME)
        late = sum(1 for s in live if s.status == ObligationStatus.ACCEPTED_LATE)
        overdue = sum(1 for s in live if s.status == ObligationStatus.OVERDUE)
        return {"due": len(live), "on_time": on_time, "late": late, "overdue": overdue,
                "on_time_rate": round(100 * on_time / len(live), 1) if live else None}

    units = [{"unit": u, **rates(per_unit[u.pk])}
             for u in Unit.objects.filter(pk__in=per_unit).order_by("order", "name")]
    trend = [{"label": label, "due_on": due, **rates(group)}
             for (due, _start, label), group in sorted(per_period.items())]
    overdue_rows = list(
        ReportObligation.objects.filter(pk__in=overdue_ids)
        .select_related("assignment__unit", "assignment__item__directive", "period"))
    for row in overdue_rows:
        row.view_state = states[row.pk]
    overdue_rows.sort(key=lambda o: (-o.view_state.days_overdue, o.assignment.unit.order))
    return {**board, "units": units, "trend": trend, "overdue": overdue_rows}
