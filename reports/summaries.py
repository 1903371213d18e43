"""A directive's summary and the leaders' dashboard: counts by status, rates, days
overdue and the indicators, for any day (today from the count table, a past day
replayed from the dated facts)."""

import datetime as dt
from collections import defaultdict

from django.db.models import QuerySet

from assignments import counts
from assignments.models import (
    Assignment,
    ObligationStatus,
    ReportObligation,
)
from assignments.selectors import (
    assignment_facts,
    assignment_states,
    obligation_facts,
    obligation_states,
)
from assignments.selectors.figures import count_rows, listed_directive_rows
from assignments.statuses import (
    OBLIGATION,
    CountedTally,
    assignment_rollup,
    assignment_rollup_weighted,
    assignment_status,
    counted_state,
    obligation_is_overdue,
    obligation_rollup,
    obligation_rollup_weighted,
    obligation_status,
)
from directives.models import Directive, Section
from directives.selectors import tracked_directives
from tracker import policy
from tracker.selectors import UnitTree, unit_tree_on
from tracker.timeutil import end_of_day

from .indicators import indicator_summary
from .models import Indicator


def _summary_scope(directive: Directive, user) -> set[int] | None:
    """None when the user sees every unit of the directive, else the units it may see."""
    if policy.sees_everything(user) or policy.can_review(user, directive):
        return None
    return policy.unit_ids(user, *policy.UNIT_ROLES)


def _summary_counted(*, directive: Directive, day: dt.date, user,
                     sections: list[dict] | None = None,
                     indicators: list[dict] | None = None) -> dict:
    """The summary for today (or a later day) from the status-count table.

    One statement reads the counts, their units and the overdue obligations; the
    roll-ups of every group are tallied in one pass over the counts.
    """

    units_seen = _summary_scope(directive, user)
    # The units and their names are those of the tree as of the day (issue 17), read in
    # the same statement.
    rows, tree, overdue = counts.directive_summary_rows(directive.pk, day, units_seen)
    tally = CountedTally(day)
    for section, unit, kind, bucket, due_on, n, late in rows:
        tally.add(kind, (None, ("s", section), ("u", tree.owner(unit))), bucket, due_on,
                  late, n)
    units = summary_units(tree, {tree.owner(row[1]) for row in rows})
    if sections is None:
        sections = directive_sections(directive.pk)
    if indicators is None:
        indicators = indicator_summary(directive=directive, day=day, user=user)
    return {
        "directive": directive.pk,
        "as_of": day.isoformat(),
        "indicators": indicators,
        "assignments": tally.assignments(None),
        "obligations": tally.obligations(None),
        "sections": [
            {**s, "assignments": tally.assignments(("s", s["id"])),
             "obligations": tally.obligations(("s", s["id"]))}
            for s in sections
        ],
        "units": [
            {**u, "assignments": tally.assignments(("u", u["id"])),
             "obligations": tally.obligations(("u", u["id"]))}
            for u in units
        ],
        "overdue": [
            {"obligation": pk, "assignment": assignment_id, "unit": tree.owner(unit_id),
             "item": item_id,
             "status": (ObligationStatus.RETURNED if state == ReportObligation.State.RETURNED
                        else ObligationStatus.OVERDUE),
             "due_on": due_on.isoformat(), "days_overdue": (day - due_on).days}
            for pk, assignment_id, unit_id, item_id, state, due_on in overdue
        ],
    }


def summary_units(tree: UnitTree, unit_ids) -> list[dict]:
    """The summary's units as of the tree's day: {id, code, name, short_name, parent,
    current} (`current` False: a former unit still owning rows of that day)."""
    return [{"id": u.id, "code": u.code, "name": u.name, "short_name": u.short_name,
             "parent": u.parent_id, "current": u.current} for u in tree.ordered(unit_ids)]


def directive_sections(directive_id: int) -> list[dict]:
    """The sections of a directive in order, as {id, order, addressee}."""
    return list(Section.objects.filter(directive_id=directive_id).order_by("order")
                .values("id", "order", "addressee"))


def directive_summary(*, directive: Directive, day: dt.date, user,
                      replay: bool = False, sections: list[dict] | None = None,
                      indicators: list[dict] | None = None) -> dict:
    """Counts by status overall, per section and per unit, with rates and days overdue.

    Today and later days are read from the status-count table; a past day (or
    `replay=True`) is replayed from the dated facts. `sections` (the directive's
    `directive_sections`) and `indicators` (its `indicator_summary` for the day and
    user): when the caller has them already.
    """
    from tracker.timeutil import today

    if not replay and day >= today():
        return _summary_counted(directive=directive, day=day, user=user, sections=sections,
                                indicators=indicators)
    assignments = Assignment.objects.visible_to(user).filter(item__directive=directive)
    obligations = ReportObligation.objects.visible_to(user).filter(
        assignment__item__directive=directive)
    # The facts carry where each row is filed (item, section, unit; the assignment of
    # an obligation): no second read of the same rows.
    a_facts = assignment_facts(assignments)
    # Each row is counted under its unit of that day's tree (issue 17).
    originals = dict(assignments.values_list("pk", "original_unit_id"))
    tree = unit_tree_on(day, {f.unit_id for f in a_facts.values()})
    meta = {pk: (f.item_id, f.section_id, tree.owner(f.unit_id, originals.get(pk)))
            for pk, f in a_facts.items()}
    a_states = {pk: state for pk, f in a_facts.items()
                if (state := assignment_status(f, day)) is not None}
    o_facts = obligation_facts(obligations, until=end_of_day(day))
    o_assignment = {pk: f.assignment_id for pk, f in o_facts.items()}
    o_states = {pk: state for pk, f in o_facts.items()
                if (state := obligation_status(f, day)) is not None}

    by_section_a: dict = defaultdict(list)
    by_unit_a: dict = defaultdict(list)
    for pk, state in a_states.items():
        _item, section_id, unit_id = meta[pk]
        by_section_a[section_id].append(state)
        by_unit_a[unit_id].append(state)
    by_section_o: dict = defaultdict(list)
    by_unit_o: dict = defaultdict(list)
    overdue = []
    for pk, state in o_states.items():
        assignment_id = o_assignment[pk]
        _item, section_id, unit_id = meta[assignment_id]
        by_section_o[section_id].append(state)
        by_unit_o[unit_id].append(state)
        if obligation_is_overdue(state):
            overdue.append((pk, assignment_id, state))

    if sections is None:
        sections = directive_sections(directive.pk)
    units = summary_units(tree, set(by_unit_a) | set(by_unit_o))
    return {
        "directive": directive.pk,
        "as_of": day.isoformat(),
        "indicators": indicator_summary(directive=directive, day=day, user=user)
        if indicators is None else indicators,
        "assignments": assignment_rollup(list(a_states.values()), day),
        "obligations": obligation_rollup(list(o_states.values()), day),
        "sections": [
            {**s, "assignments": assignment_rollup(by_section_a.get(s["id"], []), day),
             "obligations": obligation_rollup(by_section_o.get(s["id"], []), day)}
            for s in sections
        ],
        "units": [
            {**u, "assignments": assignment_rollup(by_unit_a.get(u["id"], []), day),
             "obligations": obligation_rollup(by_unit_o.get(u["id"], []), day)}
            for u in units
        ],
        "overdue": [
            {"obligation": pk, "assignment": assignment_id, "unit": meta[assignment_id][2],
             "item": meta[assignment_id][0], "status": state.status,
             "due_on": state.due_on.isoformat(), "days_overdue": state.days_overdue}
            for pk, assignment_id, state in sorted(overdue, key=lambda r: -r[2].days_overdue)
        ],
    }


def directive_summary_of(*, pk: int, day: dt.date, user) -> dict | None:
    """`directive_summary` of the directive `pk` for the user, None when the user may
    not see it. The directive (scoped), its sections and whether it has indicators are
    read in one query."""
    from django.db.models import Exists, OuterRef


    rows = list(Directive.objects.filter(pk=pk).visible_to(user)
                .annotate(has_indicators=Exists(Indicator.objects.filter(
                    directive_id=OuterRef("pk"))))
                .order_by("sections__order")
                .values_list("supervising_unit_id", "has_indicators", "sections__id",
                             "sections__order", "sections__addressee"))
    if not rows:
        return None
    # Only what the summary reads of the directive: its id and supervising board.
    directive = Directive(pk=pk, supervising_unit_id=rows[0][0])
    sections = [{"id": section, "order": order, "addressee": addressee}
                for _board, _has, section, order, addressee in rows if section is not None]
    return directive_summary(directive=directive, day=day, user=user, sections=sections,
                             indicators=None if rows[0][1] else [])


def _dashboard_directives(user, day: dt.date) -> QuerySet:
    return tracked_directives(user, day)


def _dashboard_counted(*, user, day: dt.date) -> dict:
    """The dashboard for today (or a later day) from the status-count table."""
    tracked = tracked_directives(user, day)
    listed = listed_directive_rows(user, day)
    all_a, all_o = [], []
    for _d, kind, bucket, due_on, n, late in count_rows(user, tracked, per_directive=False,
                                                        day=day):
        state = counted_state(kind, bucket, due_on, late, day)
        (all_o if kind == OBLIGATION else all_a).append((state, n))
    # The same roll-up as the lists these tiles open count with
    # (assignments.selectors.figures.tracked_list_count).
    obligations = obligation_rollup_weighted(all_o, day)
    per_a: dict = defaultdict(list)
    per_o: dict = defaultdict(list)
    for directive_id, kind, bucket, due_on, n, late in count_rows(user, listed, day=day,
                                                                   per_directive=True):
        pair = (counted_state(kind, bucket, due_on, late, day), n)
        (per_o if kind == OBLIGATION else per_a)[directive_id].append(pair)
    return {
        "as_of": day.isoformat(),
        "indicators": indicator_summary(day=day, user=user,
                                        directive_ids=tracked.order_by().values("pk")),
        "active_directives": tracked.count(),
        "assignments": assignment_rollup_weighted(all_a, day),
        "obligations": obligations,
        "reports_waiting_review": obligations["counts"][ObligationStatus.SUBMITTED],
        "directives": [
            {"id": d["id"], "number": d["number"], "title": d["title"],
             "assignments": assignment_rollup_weighted(per_a.get(d["id"], []), day),
             "obligations": obligation_rollup_weighted(per_o.get(d["id"], []), day)}
            for d in listed
        ],
    }


def dashboard(*, user, day: dt.date, replay: bool = False) -> dict:
    """The leaders' summary across active directives, scoped to the caller.

    Totals cover every directive the user may see; `directives` lists the most recent
    TRACKER_DASHBOARD_DIRECTIVES of them. Today and later days come from the
    status-count table; past days are replayed from the dated facts.
    """
    from django.conf import settings

    from tracker.timeutil import today

    if not replay and day >= today():
        return _dashboard_counted(user=user, day=day)
    directives = _dashboard_directives(user, day)
    assignments = Assignment.objects.visible_to(user).filter(
        item__directive__in=directives.values("pk"))
    obligations = ReportObligation.objects.visible_to(user).filter(
        assignment__item__directive__in=directives.values("pk"))
    a_states = assignment_states(assignments, day)
    o_states = obligation_states(obligations, day)
    a_directive = dict(assignments.values_list("id", "item__directive_id"))
    o_directive = dict(obligations.values_list("id", "assignment__item__directive_id"))
    per_a: dict = defaultdict(list)
    per_o: dict = defaultdict(list)
    for pk, state in a_states.items():
        per_a[a_directive[pk]].append(state)
    for pk, state in o_states.items():
        per_o[o_directive[pk]].append(state)
    # Reports waiting for review on that day: obligations submitted and not yet decided.
    waiting = sum(1 for state in o_states.values() if state.status == ObligationStatus.SUBMITTED)
    directive_list = list(directives)
    return {
        "as_of": day.isoformat(),
        "indicators": indicator_summary(day=day, user=user,
                                        directive_ids=[d.pk for d in directive_list]),
        "active_directives": len(directive_list),
        "assignments": assignment_rollup(list(a_states.values()), day),
        "obligations": obligation_rollup(list(o_states.values()), day),
        "reports_waiting_review": waiting,
        "directives": [
            {"id": d.pk, "number": d.number, "title": d.title,
             "assignments": assignment_rollup(per_a.get(d.pk, []), day),
             "obligations": obligation_rollup(per_o.get(d.pk, []), day)}
            for d in directive_list[:settings.TRACKER_DASHBOARD_DIRECTIVES]
        ],
    }

