"""Reads: statuses as of a day, directive summaries and the leaders' dashboard."""

import datetime as dt
from collections import defaultdict

from django.db.models import Prefetch, Q, QuerySet

from directives.models import Directive, ResponsibilityItem, Section
from reports.models import ProgressReport, Review
from tracker import policy
from tracker.models import Membership, Unit
from tracker.timeutil import end_of_day

from .models import (
    Assignment,
    DeadlineChange,
    ExtensionRequest,
    ObligationStatus,
    ReportingPeriod,
    ReportObligation,
)
from .statuses import (
    OBLIGATION,
    AssignmentFacts,
    AssignmentState,
    CountedTally,
    DueHistory,
    ObligationFacts,
    ObligationState,
    assignment_rollup,
    assignment_rollup_weighted,
    assignment_status,
    assignment_status_case,
    counted_state,
    obligation_is_overdue,
    obligation_rollup,
    obligation_rollup_weighted,
    obligation_status,
    obligation_status_case,
)

# --- facts, loaded in a constant number of queries ---------------------------------

def assignment_facts(assignments: QuerySet) -> dict[int, AssignmentFacts]:
    rows = assignments.values_list(
        "id", "created_at", "item__deadline_mode", "original_due_on", "completed_at",
        "completed_on", "withdrawn_at", "item_id", "item__section_id", "unit_id")
    facts = {
        pk: AssignmentFacts(id=pk, created_at=created, deadline_mode=mode,
                            due=DueHistory(original=due), completed_at=completed_at,
                            completed_on=completed_on, withdrawn_at=withdrawn_at,
                            item_id=item_id, section_id=section_id, unit_id=unit_id)
        for (pk, created, mode, due, completed_at, completed_on, withdrawn_at, item_id,
             section_id, unit_id) in rows
    }
    changes = DeadlineChange.objects.filter(
        assignment_id__in=assignments.values("pk"), obligation__isnull=True
    ).values_list("assignment_id", "changed_at", "new_due_on")
    for assignment_id, changed_at, new_due in changes:
        if assignment_id in facts:
            facts[assignment_id].due.changes.append((changed_at, new_due))
    return facts


def obligation_facts(obligations: QuerySet, until: dt.datetime | None = None
                     ) -> dict[int, ObligationFacts]:
    """The facts of the obligations; with `until`, only those up to that moment (the
    obligations created by then, their deadline changes, submissions and reviews made
    by then): what obligation_status(…, day) reads when `until` is the end of `day`."""
    if until is not None:
        obligations = obligations.filter(created_at__lte=until)
    rows = obligations.values_list("id", "assignment_id", "created_at", "original_due_on",
                                   "withdrawn_at")
    facts = {
        pk: ObligationFacts(id=pk, assignment_id=assignment_id, created_at=created,
                            due=DueHistory(original=due), withdrawn_at=withdrawn_at)
        for pk, assignment_id, created, due, withdrawn_at in rows
    }
    ids = obligations.values("pk")
    changes = DeadlineChange.objects.filter(obligation_id__in=ids)
    reports = ProgressReport.objects.filter(obligation_id__in=ids, submitted_at__isnull=False)
    reviews = Review.objects.filter(report__obligation_id__in=ids)
    if until is not None:
        changes = changes.filter(changed_at__lte=until)
        reports = reports.filter(submitted_at__lte=until)
        reviews = reviews.filter(decided_at__lte=until)
    for obligation_id, changed_at, new_due in changes.values_list(
            "obligation_id", "changed_at", "new_due_on"):
        facts[obligation_id].due.changes.append((changed_at, new_due))
    for obligation_id, submitted_at in reports.values_list("obligation_id", "submitted_at"):
        facts[obligation_id].submissions.append(submitted_at)
    for obligation_id, decided_at, decision, resubmit_by in reviews.values_list(
            "report__obligation_id", "decided_at", "decision", "resubmit_by"):
        facts[obligation_id].reviews.append((decided_at, decision, resubmit_by))
    return facts


def assignment_states(assignments: QuerySet, day: dt.date) -> dict[int, AssignmentState]:
    result = {}
    for pk, facts in assignment_facts(assignments).items():
        state = assignment_status(facts, day)
        if state is not None:
            result[pk] = state
    return result


def obligation_states(obligations: QuerySet, day: dt.date) -> dict[int, ObligationState]:
    result = {}
    for pk, facts in obligation_facts(obligations, until=end_of_day(day)).items():
        state = obligation_status(facts, day)
        if state is not None:
            result[pk] = state
    return result


# --- summaries -------------------------------------------------------------------

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
    from reports.indicators import indicator_summary

    from . import counts

    units_seen = _summary_scope(directive, user)
    rows, units, overdue = counts.directive_summary_rows(directive.pk, day, units_seen)
    tally = CountedTally(day)
    for section, unit, kind, bucket, due_on, n, late in rows:
        tally.add(kind, (None, ("s", section), ("u", unit)), bucket, due_on, late, n)
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
            {"obligation": pk, "assignment": assignment_id, "unit": unit_id, "item": item_id,
             "status": (ObligationStatus.RETURNED if state == ReportObligation.State.RETURNED
                        else ObligationStatus.OVERDUE),
             "due_on": due_on.isoformat(), "days_overdue": (day - due_on).days}
            for pk, assignment_id, unit_id, item_id, state, due_on in overdue
        ],
    }


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
    meta = {pk: (f.item_id, f.section_id, f.unit_id) for pk, f in a_facts.items()}
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
    unit_ids = set(by_unit_a) | set(by_unit_o)
    units = list(Unit.objects.filter(pk__in=unit_ids).order_by("order", "name")
                 .values("id", "code", "name", "short_name"))
    from reports.indicators import indicator_summary

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

    from reports.models import Indicator

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
    return Directive.objects.visible_to(user).filter(
        Q(status=Directive.Status.ACTIVE)
        | Q(status=Directive.Status.CLOSED, closed_at__date__gte=day),
        issued_on__lte=day).order_by("-issued_on", "number")


def _count_rows(user, directives: list[dict], *, per_directive: bool) -> list[tuple]:
    """Status-count rows (directive or None, kind, bucket, due_on, n, late) of what the
    user may see of these directives, summed over directives unless `per_directive`."""
    from django.db.models import Max, Sum

    from .counts import WHOLE
    from .models import StatusCount

    if policy.sees_everything(user):
        parts = [(StatusCount.objects.filter(unit_key=WHOLE), [d["id"] for d in directives])]
    else:
        boards = policy.unit_ids(user, Membership.Role.REVIEWER)
        whole = [d["id"] for d in directives if d["supervising_unit_id"] in boards]
        rest = [d["id"] for d in directives if d["supervising_unit_id"] not in boards]
        parts = [(StatusCount.objects.filter(unit_key=WHOLE), whole)]
        own = policy.unit_ids(user, *policy.UNIT_ROLES)
        if own:
            parts.append((StatusCount.objects.filter(unit_key__in=own), rest))
    rows: list[tuple] = []
    keys = ["directive_id", "kind", "bucket", "due_on"] if per_directive else [
        "kind", "bucket", "due_on"]
    for qs, ids in parts:
        if not ids:
            continue
        grouped = (qs.filter(directive_id__in=ids).exclude(n=0).values(*keys)
                   .annotate(total=Sum("n"), late=Max("late_max")).order_by()
                   .values_list(*keys, "total", "late"))
        rows += grouped if per_directive else [(None, *row) for row in grouped]
    return rows


def _dashboard_counted(*, user, day: dt.date) -> dict:
    """The dashboard for today (or a later day) from the status-count table."""
    from django.conf import settings

    from reports.indicators import indicator_summary

    directives = list(_dashboard_directives(user, day).values(
        "id", "number", "title", "supervising_unit_id"))
    listed = directives[:settings.TRACKER_DASHBOARD_DIRECTIVES]
    all_a, all_o = [], []
    waiting = 0
    for _d, kind, bucket, due_on, n, late in _count_rows(user, directives, per_directive=False):
        state = counted_state(kind, bucket, due_on, late, day)
        (all_o if kind == OBLIGATION else all_a).append((state, n))
        if kind == OBLIGATION and bucket == ReportObligation.State.SUBMITTED:
            waiting += n
    per_a: dict = defaultdict(list)
    per_o: dict = defaultdict(list)
    for directive_id, kind, bucket, due_on, n, late in _count_rows(user, listed,
                                                                   per_directive=True):
        pair = (counted_state(kind, bucket, due_on, late, day), n)
        (per_o if kind == OBLIGATION else per_a)[directive_id].append(pair)
    return {
        "as_of": day.isoformat(),
        "indicators": indicator_summary(day=day, user=user,
                                        directive_ids=[d["id"] for d in directives]),
        "active_directives": len(directives),
        "assignments": assignment_rollup_weighted(all_a, day),
        "obligations": obligation_rollup_weighted(all_o, day),
        "reports_waiting_review": waiting,
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

    from reports.indicators import indicator_summary
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


# --- lists for the API, scoped; statuses for today computed in SQL -------------------
# (statuses.orm: `computed_status` is the status CASE over the stored columns).

def assignment_list(*, user, day: dt.date | None = None) -> QuerySet:
    """Assignments the user sees, with `computed_status` for `day` (default today).

    Only the columns the API shows are read (no directive row, no long texts but the
    item's content); `assignment_rows` projects a page to plain rows.
    """
    from tracker.timeutil import today

    return (Assignment.objects.visible_to(user)
            .select_related("item", "unit")
            .only(*ASSIGNMENT_COLUMNS, "item__content", "item__directive_id",
                  "item__deadline_mode", *UNIT_BRIEF_COLUMNS)
            .annotate(computed_status=assignment_status_case(day or today())))


def obligation_list(*, user, day: dt.date | None = None) -> QuerySet:
    """Obligations the user sees, with `computed_status` for `day` (default today)."""
    from tracker.timeutil import today

    return (ReportObligation.objects.visible_to(user)
            .select_related("assignment__unit", "assignment__item", "period")
            .only(*OBLIGATION_COLUMNS, "assignment__item_id", "assignment__unit_id",
                  "assignment__item__directive_id",
                  *(f"assignment__{c}" for c in UNIT_BRIEF_COLUMNS), "period")
            .annotate(computed_status=obligation_status_case(day or today())))


def period_list(*, user) -> QuerySet:
    from .models import ReportingPeriod

    return (ReportingPeriod.objects.visible_to(user)
            .order_by("directive_id", "cadence", "starts_on", "id"))


def extension_request_list(*, user) -> QuerySet:
    from .models import ExtensionRequest

    return (ExtensionRequest.objects.visible_to(user)
            .select_related("assignment__unit", "assignment__item__directive", "obligation",
                            "requested_by", "decided_by")
            .order_by("-created_at", "-id"))


def states_as_of(qs: QuerySet, day: dt.date) -> dict:
    """Statuses on a past day for the rows of `qs` (assignments or obligations)."""
    if qs.model is Assignment:
        return assignment_states(qs, day)
    return obligation_states(qs, day)


# --- list helpers: pages as plain rows, statuses as column conditions -----------------

# The stored columns the list endpoints show (the API fields; see assignments.api).
ASSIGNMENT_COLUMNS = (
    "id", "item", "unit", "original_unit", "role", "is_joint", "via_group", "assigned_on",
    "original_due_on", "current_due_on", "state", "completed_on", "completed_at",
    "withdrawn_at", "created_at")
OBLIGATION_COLUMNS = (
    "id", "assignment", "period", "original_due_on", "due_on", "state", "first_submitted_at",
    "effective_submitted_on", "resubmit_by", "accepted_at", "withdrawn_at", "created_at")
UNIT_BRIEF_COLUMNS = ("unit__code", "unit__name", "unit__short_name")

ASSIGNMENT_ROW = (
    "id", "item_id", "item__content", "item__directive_id", "item__deadline_mode", "unit_id",
    "unit__code", "unit__name", "unit__short_name", "original_unit_id", "role", "is_joint",
    "via_group_id", "assigned_on", "original_due_on", "current_due_on", "state",
    "computed_status", "completed_on", "completed_at", "withdrawn_at", "created_at")
# The unit and the period of a page are read apart (`page_units`, `page_periods`): two
# more joins in the page query cost more planning time than two small queries.
OBLIGATION_ROW = (
    "id", "assignment_id", "assignment__item_id", "assignment__item__directive_id",
    "assignment__unit_id", "period_id", "original_due_on", "due_on", "state",
    "computed_status", "first_submitted_at", "effective_submitted_on", "resubmit_by",
    "accepted_at", "withdrawn_at", "created_at")


def assignment_rows(queryset: QuerySet) -> QuerySet:
    """A (filtered, scoped) `assignment_list` as dicts: no model instances per row."""
    return queryset.values(*ASSIGNMENT_ROW)


def obligation_rows(queryset: QuerySet) -> QuerySet:
    """A (filtered, scoped) `obligation_list` as dicts: no model instances per row."""
    return queryset.values(*OBLIGATION_ROW)


def page_units(unit_ids) -> dict[int, dict]:
    """id → {id, code, name, short_name} for the units of a page."""
    return {row["id"]: row for row in Unit.objects.filter(pk__in=set(unit_ids)).order_by()
            .values("id", "code", "name", "short_name")}


def page_periods(period_ids) -> dict[int, dict]:
    """id → the period's columns, for the periods of a page."""
    from .models import ReportingPeriod

    return {row["id"]: row for row in ReportingPeriod.objects.filter(pk__in=set(period_ids))
            .order_by().values("id", "directive_id", "cadence", "label", "starts_on",
                               "ends_on", "due_on")}


# --- for the pages ----------------------------------------------------------------

def obligations_for(user) -> QuerySet:
    return ReportObligation.objects.visible_to(user).select_related(
            "assignment__item__directive", "assignment__item__section", "assignment__unit",
            "period")


def extension_requests_for(user) -> QuerySet:
    return ExtensionRequest.objects.visible_to(user).select_related(
            "assignment__item__directive", "assignment__unit", "obligation__period",
            "requested_by", "decided_by")


def recent_extension_requests(user, limit: int = 8) -> list[ExtensionRequest]:
    """The latest extension requests of the user's units, for the "my work" page.

    Narrow rows by the units' assignment ids, the latest picked here, then those read with
    their labels: a unit asks for few extensions, while a plan that walks the requests by
    date, or joins them to the assignments, reads the whole country's.
    """
    own = policy.unit_ids(user, *policy.UNIT_ROLES)
    assignments = list(Assignment.objects.filter(unit_id__in=own).order_by()
                       .values_list("id", flat=True))
    latest = sorted(ExtensionRequest.objects.filter(assignment_id__in=assignments).order_by()
                    .values_list("created_at", "id"), reverse=True)[:limit]
    return list(ExtensionRequest.objects.filter(pk__in=[pk for _at, pk in latest])
                .select_related("assignment__item__directive", "obligation__period")
                .only("assignment", "obligation", "current_due_on", "requested_due_on",
                      "status", "approved_due_on", "decision_note", "created_at",
                      "assignment__item", "assignment__item__order",
                      "assignment__item__directive", "assignment__item__directive__number",
                      "obligation__period", "obligation__period__label")
                .order_by("-created_at", "-id"))


def matrix_periods(directive: Directive) -> list[ReportingPeriod]:
    return list(ReportingPeriod.objects.filter(directive=directive)
                .order_by("due_on", "starts_on"))


def default_period(periods: list[ReportingPeriod], day: dt.date) -> ReportingPeriod | None:
    """The latest period already due (else the first one)."""
    due = [p for p in periods if p.due_on <= day]
    if due:
        return max(due, key=lambda p: (p.due_on, p.cadence != "one_off"))
    return periods[0] if periods else None


def directive_breakdown(*, directive: Directive, day: dt.date, user
                        ) -> tuple[list[Section], list[ResponsibilityItem]]:
    """A directive's sections, each with its items (`section.view_items`), and the items
    outside any section; each item's assignments the user may see, each with its status
    on `day` (`assignment.view_state`)."""
    assignments_qs = Assignment.objects.visible_to(user).filter(
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
    return sections, loose
