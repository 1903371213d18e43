"""Reads for a unit's page ("Trang đơn vị") and its API summary: which units a user may
open, and one unit's items, obligations, reports, extension requests, lineage and
on-time rate per period.

The figures are the dashboard's (`reports.selectors.on_time_rates` over the directives
the dashboard lists, `directives.selectors.listed_directive_ids`), so the unit page, the
dashboard's unit bar and the lists both link to give one number each."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F, Q, QuerySet
from django.utils.translation import ngettext

from assignments.models import Assignment, AssignmentStatus, ReportObligation
from assignments.selectors import assignment_states, extension_requests_for, obligation_states
from directives.selectors import listed_directive_ids
from tracker import policy
from tracker.models import Membership, Unit, UnitRevision, UnitSuccession
from tracker.selectors import UnitOnDay, unit_tree_ids, unit_tree_on

from .models import ProgressReport
from .selectors import _list_url, on_time_rates

UNIT_ITEMS_SHOWN = 100  # items (assignments) listed on the page
UNIT_RECENT = 20  # reports and extension requests listed on the page


def unit_scope_ids(user) -> set[int] | None:
    """The units whose page the user may open; None: every unit (leaders, administrators).

    A unit's reporter or head: their units, their sub-units, and the units their units
    took over (predecessors by merge or split: their history is theirs now). A board
    member: the board's own units and sub-units, and every unit assigned (now or before a
    reorganisation) an item of a directive the board supervises — the units its lists
    show. Anything else is 404."""
    if policy.sees_everything(user):
        return None
    own = policy.unit_ids(user, *policy.UNIT_ROLES)
    boards = policy.unit_ids(user, Membership.Role.REVIEWER)
    ids: set[int] = set()
    for unit_id in own | boards:
        ids |= unit_tree_ids(unit_id)
    if own:
        ids |= set(UnitSuccession.objects.filter(successor_id__in=own)
                   .values_list("predecessor_id", flat=True))
        ids |= set(Unit.objects.filter(successor_id__in=own).values_list("pk", flat=True))
    if boards:
        assigned = Assignment.objects.filter(board_id__in=boards).order_by()
        ids |= set(assigned.values_list("unit_id", flat=True).distinct())
        ids |= {pk for pk in assigned.values_list("original_unit_id", flat=True).distinct()
                if pk is not None}
    return ids


def units_for(user) -> QuerySet:
    """The units the user may open (`unit_scope_ids`), in organisational order."""
    scope = unit_scope_ids(user)
    units = Unit.objects.all() if scope is None else Unit.objects.filter(pk__in=scope)
    return units.select_related("parent", "successor").order_by("order", "name", "id")


@dataclass
class Lineage:
    """Where a unit came from and where it went (issue 17): each other unit with the
    kind and day of the change, and whether the reader may open its page."""

    predecessors: list[dict] = field(default_factory=list)
    successors: list[dict] = field(default_factory=list)
    revisions: list[UnitRevision] = field(default_factory=list)


def unit_lineage(unit: Unit, scope: set[int] | None) -> Lineage:
    def entry(other: Unit, kind: str, day: dt.date | None) -> dict:
        return {"unit": other, "kind": kind, "on": day,
                "visible": scope is None or other.pk in scope}

    lineage = Lineage(revisions=list(unit.revisions.order_by("valid_to", "id")))
    seen_in, seen_out = set(), set()
    for s in (UnitSuccession.objects.filter(successor=unit).select_related("predecessor")
              .order_by("effective_on", "id")):
        lineage.predecessors.append(entry(s.predecessor, s.kind, s.effective_on))
        seen_in.add(s.predecessor_id)
    for other in Unit.objects.filter(successor=unit).exclude(pk__in=seen_in).order_by("name"):
        lineage.predecessors.append(entry(other, UnitSuccession.Kind.MERGE, other.dissolved_on))
    for s in (UnitSuccession.objects.filter(predecessor=unit).select_related("successor")
              .order_by("effective_on", "id")):
        lineage.successors.append(entry(s.successor, s.kind, s.effective_on))
        seen_out.add(s.successor_id)
    if unit.successor_id and unit.successor_id not in seen_out:
        lineage.successors.append(entry(unit.successor, UnitSuccession.Kind.MERGE,
                                        unit.dissolved_on))
    return lineage


def unit_is_history(unit: Unit, day: dt.date) -> bool:
    """A dissolved or merged unit (or one whose validity ended by `day`): its page is
    read-only history."""
    return (not unit.is_active or (unit.dissolved_on is not None and unit.dissolved_on <= day)
            or (unit.valid_to is not None and unit.valid_to <= day))


def unit_figures(*, user, unit: Unit, day: dt.date) -> dict:
    """The unit's on-time figures on `day` as the dashboard counts them: its obligations
    in the directives the dashboard lists, the user's scope; the per-period trend; and
    each figure's list URL (the dashboard's drill-down for this unit)."""
    directive_ids = listed_directive_ids(user, day)
    obligations = ReportObligation.objects.visible_to(user).filter(
        assignment__item__directive_id__in=directive_ids, assignment__unit_id=unit.pk)
    states = obligation_states(obligations, day)
    periods = dict((pk, (due, start, label)) for pk, due, start, label in obligations.values_list(
        "pk", "period__due_on", "period__starts_on", "period__label"))
    per_period: dict[tuple, list] = defaultdict(list)
    for pk, state in states.items():
        due, start, label = periods[pk]
        if due <= day:
            per_period[(due, start, label)].append(state)
    figures = on_time_rates(states.values(), day)
    name = "web:obligation-list"
    listed = {"tracked": "listed", "unit": unit.pk}
    links = {
        "due": _list_url(name, day, **listed, due="true"),
        "on_time": _list_url(name, day, **listed, status="accepted_on_time"),
        "late": _list_url(name, day, **listed, status="accepted_late"),
        "overdue": _list_url(name, day, **listed, overdue="true"),
    }
    trend = [{"label": label, "due_on": due, "starts_on": start, **on_time_rates(group, day)}
             for (due, start, label), group in sorted(per_period.items())]
    return {**figures, "links": links, "trend": trend}


def unit_items(*, user, unit: Unit, day: dt.date) -> tuple[list[Assignment], int]:
    """The responsibility items assigned to the unit that the user sees (newest directive
    first), each with its status on `day` (`view_state`); at most UNIT_ITEMS_SHOWN, and
    how many there are."""
    qs = (Assignment.objects.visible_to(user).filter(unit=unit)
          .select_related("item__directive", "original_unit"))
    total = qs.count()
    rows = list(qs.order_by("-item__directive__issued_on", "item__directive__number",
                            "item__order", "id")[:UNIT_ITEMS_SHOWN])
    states = assignment_states(Assignment.objects.filter(pk__in=[a.pk for a in rows]), day)
    # Handed over on the day: ended by then (the day's status), not only today.
    receivers = _receivers(unit, [
        a for a in rows if a.state == Assignment.State.WITHDRAWN and states.get(a.pk)
        and states[a.pk].status == AssignmentStatus.WITHDRAWN])
    for a in rows:
        a.view_state = states.get(a.pk)
        a.handed_to = receivers.get(a.item_id, [])
        a.handed_to_names = _names(a.handed_to)
    return rows, total


def _names(units: list[Unit], shown: int = 3) -> str:
    """"A, B, C và 4 đơn vị khác": the first `shown` names and how many more."""
    names = ", ".join(u.display_name for u in units[:shown])
    more = len(units) - shown
    if more > 0:
        names += " " + ngettext("và %(n)s đơn vị khác", "và %(n)s đơn vị khác", more) % {
            "n": more}
    return names


def _receivers(unit: Unit, ended: list[Assignment]) -> dict[int, list[Unit]]:
    """Per item, the successor units that hold the item of an ended line of `unit`: the
    duty was handed over in a reorganisation (the page says to whom, not "withdrawn")."""
    if not ended:
        return {}
    successors = set(UnitSuccession.objects.filter(predecessor=unit)
                     .values_list("successor_id", flat=True))
    if unit.successor_id:
        successors.add(unit.successor_id)
    found: dict[int, list[Unit]] = defaultdict(list)
    if successors:
        for a in (Assignment.objects.filter(item_id__in={a.item_id for a in ended},
                                            unit_id__in=successors)
                  .select_related("unit").order_by("unit__order", "unit__name", "id")):
            found[a.item_id].append(a.unit)
    return found


def unit_page(*, user, unit: Unit, day: dt.date) -> dict:
    """Everything the unit page shows besides its obligation list: the unit and its
    parent as named on the day, its items, latest reports and extension requests (each
    with its total), its figures, lineage, whether it is history, its sub-units."""
    items, items_total = unit_items(user=user, unit=unit, day=day)
    reports, reports_total = unit_reports(user=user, unit=unit)
    extensions, extensions_total = unit_extensions(user=user, unit=unit)
    named, parent = unit_as_named(unit, day)
    return {
        "unit": unit, "named": named, "parent": parent, "day": day,
        "items": items, "items_total": items_total, "reports": reports,
        "reports_total": reports_total, "extensions": extensions,
        "extensions_total": extensions_total,
        "figures": unit_figures(user=user, unit=unit, day=day),
        "lineage": unit_lineage(unit, unit_scope_ids(user)),
        "history": unit_is_history(unit, day),
        "children": units_for(user).filter(parent=unit),
    }


def unit_as_named(unit: Unit, day: dt.date) -> tuple[UnitOnDay, UnitOnDay | None]:
    """The unit and its parent with the names of `day`, or, for a unit ended by then,
    of its last day: a Thành ủy dissolved on 1/7/2025 stays "trực thuộc Tỉnh ủy Kon Tum",
    not under the parent's later name."""
    ended = unit.valid_to or unit.dissolved_on
    named_on = ended - dt.timedelta(days=1) if ended is not None and ended <= day else day
    shown = unit_tree_on(named_on, {unit.pk}).unit(unit.pk)
    if shown is None or shown.parent_id is None:
        return shown, None
    return shown, unit_tree_on(named_on, {shown.parent_id}).unit(shown.parent_id)


def unit_reports(*, user, unit: Unit) -> tuple[list[ProgressReport], int]:
    """The unit's latest reports the user sees (drafts only to the unit itself): those of
    the obligations it owed. A reorganisation hands a unit's obligations due from its
    effective day to the successors (the lines' `original_unit` stays the old unit):
    those the successor owes from its first day are its own, not the old unit's; the
    ones due before it, carried over with a merged line, stay the old unit's."""
    own = Q(unit_id=unit.pk)
    if unit.valid_from:
        own &= Q(obligation__due_on__gte=unit.valid_from)
    carried = (Q(obligation__assignment__original_unit_id=unit.pk) & ~Q(unit_id=unit.pk)
               & Q(unit__valid_from__isnull=False)
               & Q(obligation__due_on__lt=F("unit__valid_from")))
    qs = ProgressReport.objects.visible_to(user).filter(own | carried)
    rows = list(qs.select_related("obligation__assignment__item__directive", "obligation__period")
                .order_by("-submitted_at", "-created_at", "-id")[:UNIT_RECENT])
    return rows, qs.count()


def unit_extensions(*, user, unit: Unit) -> tuple[list, int]:
    qs = extension_requests_for(user).filter(assignment__unit=unit)
    return list(qs.order_by("-created_at", "-id")[:UNIT_RECENT]), qs.count()


def unit_summary(*, user, unit: Unit, day: dt.date) -> dict:
    """What the API's unit summary answers: the unit, its validity and lineage, and its
    figures (the unit page's)."""
    scope = unit_scope_ids(user)
    lineage = unit_lineage(unit, scope)
    figures = unit_figures(user=user, unit=unit, day=day)
    items = Assignment.objects.visible_to(user).filter(unit=unit)
    obligations = ReportObligation.objects.visible_to(user).filter(unit_id=unit.pk)

    def brief(entries: list[dict]) -> list[dict]:
        return [{"id": e["unit"].pk, "name": e["unit"].name, "kind": e["kind"],
                 "effective_on": e["on"]} for e in entries if e["visible"]]

    return {
        "id": unit.pk, "code": unit.code, "name": unit.name, "short_name": unit.short_name,
        "parent": unit.parent_id, "is_active": unit.is_active,
        "valid_from": unit.valid_from, "valid_to": unit.valid_to,
        "dissolved_on": unit.dissolved_on, "read_only": unit_is_history(unit, day),
        "as_of": day,
        "predecessors": brief(lineage.predecessors), "successors": brief(lineage.successors),
        "items": items.count(), "obligations": obligations.count(),
        "due": figures["due"], "on_time": figures["on_time"], "late": figures["late"],
        "overdue": figures["overdue"], "on_time_rate": figures["on_time_rate"],
        "trend": [{"label": p["label"], "due_on": p["due_on"], "due": p["due"],
                   "on_time": p["on_time"], "late": p["late"], "overdue": p["overdue"],
                   "on_time_rate": p["on_time_rate"]} for p in figures["trend"]],
    }
