"""Reads for progress reports, scoped to the caller (`visible_to`)."""

import datetime as dt
import heapq
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet

from assignments.models import (
    Assignment,
    ExtensionRequest,
    ObligationStatus,
    ReportingPeriod,
    ReportObligation,
)
from assignments.selectors import obligation_states, obligation_states_stored
from assignments.statuses import (
    OBLIGATION,
    OPEN_OBLIGATION,
    ObligationState,
    counted_is_overdue,
    counted_state,
    obligation_is_due,
    obligation_is_overdue,
    obligation_overdue_q,
)
from assignments.statuses.orm import OPEN_STATES
from directives.models import Directive, ResponsibilityItem
from reports.summaries import dashboard
from tracker import policy
from tracker.calendar import working_days_since
from tracker.lists import page_objects
from tracker.selectors import unit_tree_on
from tracker.timeutil import end_of_day, local_date, today

from .claims import claim_holder, live_claim
from .diffs import previous_version, report_changes
from .models import (
    REPORT_PARTS,
    Evidence,
    Indicator,
    IndicatorValue,
    ProgressReport,
    ReportEvidence,
    Review,
)
from .previews import page_count


def _detail_prefetches() -> dict[str, Prefetch]:
    """The report's lists the API shows, in their display order."""
    return {
        "evidence": Prefetch("evidence",
                             queryset=Evidence.objects.order_by("uploaded_at", "id")),
        "indicator_values": Prefetch(
            "indicator_values",
            queryset=IndicatorValue.objects.order_by("indicator_id", "breakdown")),
        "reviews": Prefetch("reviews", queryset=Review.objects.order_by("decided_at")),
    }


def awaiting_review(reports: QuerySet) -> QuerySet:
    """The reports of `reports` waiting for the board's decision (the review queue).

    A submitted report whose obligation was withdrawn (its item withdrawn, its unit
    merged into one that already had the duty) is not waiting: it can be neither accepted
    nor returned (`reports.services`), so it leaves the queue and stays in the history."""
    # NOT EXISTS (an anti-join, by the obligation's key), not a join that read every
    # obligation to count the queue, nor NOT IN, which PostgreSQL checks row by row
    # against the whole withdrawn list when it does not fit in memory.
    from django.db.models import Exists, OuterRef

    return reports.filter(status=ProgressReport.Status.SUBMITTED).filter(
        ~Exists(ReportObligation.objects.filter(pk=OuterRef("obligation_id"),
                                                state=ReportObligation.State.WITHDRAWN)))


def report_list(*, user) -> QuerySet:
    return (ProgressReport.objects.visible_to(user)
            .select_related("obligation__assignment__unit", "obligation__assignment__item",
                            "obligation__period")
            .prefetch_related(*_detail_prefetches().values()))


def report_target(*, user) -> QuerySet:
    """Reports the user may see, read lean (id and version) for a write: the service
    re-reads the row under a lock, so only visibility (404) and If-Match need it here."""
    return ProgressReport.objects.only("id", "lock_version").visible_to(user)


def report_written_lists(report: ProgressReport, *,
                         known_empty: Iterable[str] = ()) -> dict[str, dict]:
    """The lists of a report a service has just written (read under its lock with
    obligation, assignment, unit, item and period), as `report_parts` gives them for a
    page, so that the API answers without reading the report again: one plain query per
    list, none for a list the caller knows to be empty (a new draft has no evidence or
    reviews)."""
    unknown = set(known_empty) - set(REPORT_LISTS)
    if unknown:
        raise ValueError(f"not a report list: {sorted(unknown)}")
    return {name: {report.pk: [] if name in known_empty else list(_list_rows(name, [report.pk]))}
            for name in REPORT_LISTS}


def evidence_list(*, report: ProgressReport) -> QuerySet:
    """The files a version of a report shows (uploaded with it or carried forward)."""
    return Evidence.objects.filter(links__report=report).order_by("uploaded_at", "id")


def evidence_get(*, report: ProgressReport, pk: int) -> Evidence:
    """One file this version shows; another version's file is DoesNotExist here."""
    return evidence_list(report=report).get(pk=pk)


# --- list pages as plain rows (the API list; see reports.api.serializers) ---------------

# Units and period labels are read with the page's other parts (`report_parts`): two more
# joins in the page query cost more planning time than two small queries.
REPORT_ROW = (
    "id", "obligation_id", "obligation__assignment_id",
    "obligation__assignment__item__directive_id", "obligation__assignment__unit_id",
    "obligation__period_id", "version", "author_id", "unit_name", "status", "text",
    "leadership_text", "results_text", "shortcomings_text", "next_steps_text",
    "proposals_text", "progress_percent", "completed", "submitted_at", "decided_at",
    "lock_version", "claimed_by_id", "claimed_at", "created_at", "updated_at")


# A report's lists as the API shows them, in `report_list`'s prefetch order.
REPORT_LISTS = {
    # Read through the per-version links: a file may be shown by several versions.
    "evidence": (ReportEvidence, ("evidence__uploaded_at", "evidence_id"),
                 ("report_id", "evidence_id", "evidence__original_name",
                  "evidence__content_type", "evidence__size", "evidence__uploaded_by_id",
                  "evidence__uploaded_at")),
    "indicator_values": (IndicatorValue, ("indicator_id", "breakdown"),
                         ("report_id", "indicator_id", "breakdown", "reported_value",
                          "verified_value")),
    "reviews": (Review, ("decided_at",),
                ("report_id", "id", "reviewer_id", "decision", "comment", "resubmit_by",
                 "decided_at")),
}


def _list_rows(name: str, report_ids: list[int]) -> QuerySet:
    model, order, columns = REPORT_LISTS[name]
    return model.objects.filter(report_id__in=report_ids).order_by(*order).values(*columns)


def report_rows(queryset: QuerySet) -> QuerySet:
    """A (filtered, scoped) `report_list` as dicts: no model instances per row."""
    return queryset.prefetch_related(None).values(*REPORT_ROW)


def report_parts(rows: list[dict]) -> dict[str, dict]:
    """What a page of `report_rows` shows besides its columns, by id: evidence, indicator
    values and reviews by report (in `report_list`'s prefetch order), units and period
    labels. Five small queries."""
    from assignments.models import ReportingPeriod
    from assignments.selectors import page_units

    report_ids = [row["id"] for row in rows]
    parts: dict[str, dict] = {
        "evidence": defaultdict(list), "indicator_values": defaultdict(list),
        "reviews": defaultdict(list)}
    for name in REPORT_LISTS:
        for child in _list_rows(name, report_ids):
            parts[name][child["report_id"]].append(child)
    parts["units"] = page_units(row["obligation__assignment__unit_id"] for row in rows)
    parts["period_labels"] = dict(
        ReportingPeriod.objects.filter(pk__in={row["obligation__period_id"] for row in rows})
        .order_by().values_list("id", "label"))
    return parts


# --- for the pages: scoped querysets ------------------------------------------------

def reports_for(user) -> QuerySet:
    """Reports the user may open. Drafts stay inside the writing unit."""
    return ProgressReport.objects.visible_to(user).select_related(
            "obligation__assignment__item__directive", "obligation__assignment__unit",
            "obligation__period", "author")


def evidence_for(user) -> QuerySet:
    """Files shown by a version of a report the user may see (a file carried forward is
    shown by several versions; one taken off every version is no longer served)."""
    return Evidence.objects.visible_to(user)


# The review queue and the unit's history as list pages (tracker.lists.list_page).
REPORT_SORTS = {
    "submitted": ("submitted_at",),
    "unit": ("unit_name",),
    "directive": ("obligation__assignment__item__directive__number",
                  "obligation__assignment__item__order"),
    "due": ("obligation__due_on",),
    "status": ("status",),
}
QUEUE_FILTERS = ("q", "unit_tree", "directive", "period", "due_after", "due_before",
                 "submitted_after", "submitted_before", "waited_days_min", "completed")
HISTORY_FILTERS = ("q", "status", "directive", "submitted_after", "submitted_before")


def reviewed_by_q(user) -> Q:
    """Reports of the directives the user may review (`reviewable_directives`), by the
    report's board column: the supervising board of its directive (a scope column, kept
    by tracker.derived). No join through obligation, assignment, item and directive,
    which made the review queue's count read every obligation and assignment."""
    from directives.selectors import reviewable_board_q

    return reviewable_board_q(user)


def review_queue(user) -> QuerySet:
    """The reports the user's board has to decide, oldest first (`awaiting_review`)."""
    return (awaiting_review(reports_for(user)).filter(reviewed_by_q(user))
            .select_related("claimed_by").order_by("submitted_at", "id"))


@dataclass(frozen=True)
class QueueMark:
    """Whether a report in the review queue is late, and who has taken it. (The wait shown
    and filtered on, `waited_days_min`, is in calendar days since the submission; lateness
    is counted in working days.)"""

    working_days: int  # working days since its submission
    late: bool  # more than settings.TRACKER_REVIEW_WAIT_WORKING_DAYS working days
    holder: object | None  # the reviewer holding it now (reports.reviewing.claim_holder)


def queue_marks(reports: Iterable[ProgressReport], day: dt.date) -> dict[int, QueueMark]:
    """Per report of a review-queue page: its lateness and its holder (one holiday query,
    one query for the holders)."""
    from django.contrib.auth import get_user_model

    reports = list(reports)
    submitted = {r.pk: local_date(r.submitted_at) for r in reports if r.submitted_at}
    waits = working_days_since(submitted.values(), day)
    limit = settings.TRACKER_REVIEW_WAIT_WORKING_DAYS
    holders = {r.pk: live_claim(r.claimed_by_id, r.claimed_at)[0] for r in reports}
    users = get_user_model().objects.in_bulk({pk for pk in holders.values() if pk})
    marks = {}
    for report in reports:
        waited = waits.get(submitted.get(report.pk), 0)
        marks[report.pk] = QueueMark(working_days=waited, late=waited > limit,
                                     holder=users.get(holders[report.pk]))
    return marks


def report_thread(report: ProgressReport) -> QuerySet:
    """The messages about every version of the report's obligation, oldest first: a
    return's thread goes on after the resubmission."""
    from .models import ReportComment

    return (ReportComment.objects.filter(report__obligation_id=report.obligation_id)
            .select_related("author", "report").order_by("created_at", "id"))


def reports_by_ids(user, ids: list[int]) -> tuple[list[ProgressReport], list[int]]:
    """The reports among `ids` that `user` sees, and the ids not found (asked, unseen)."""
    wanted = sorted(set(ids))[:500]
    found = list(reports_for(user).filter(pk__in=wanted).order_by("submitted_at", "id"))
    seen = {report.pk for report in found}
    return found, [pk for pk in wanted if pk not in seen]


# --- the obligation page and the report page ---------------------------------------

def item_indicators(item: ResponsibilityItem) -> list[Indicator]:
    """The figures a report on `item` gives: the directive's own and the item's."""
    return list(Indicator.objects.filter(directive_id=item.directive_id)
                .filter(Q(item__isnull=True) | Q(item=item)).order_by("order", "id"))


@dataclass
class ObligationPage:
    """What the obligation page needs before a POST is handled: whether the user may
    write, the draft, and what the report form is built from."""

    obligation: ReportObligation
    state: ObligationState | None
    day: dt.date
    may_review: bool
    reports: list[ProgressReport]  # newest first; without the draft unless the user writes
    draft: ProgressReport | None
    writable: bool
    indicators: list[Indicator]
    show_completed: bool
    source: ProgressReport | None  # what the form starts from: the draft, else the newest


def obligation_page(user, obligation: ReportObligation, day: dt.date) -> ObligationPage:
    """The head of one obligation's page (`obligations_for` found `obligation`)."""
    assignment = obligation.assignment
    item = assignment.item
    state = obligation_states(ReportObligation.objects.filter(pk=obligation.pk), day).get(
        obligation.pk)
    may_report = policy.can_report_for(user, assignment)
    may_review = policy.can_review(user, item.directive)
    reports = list(obligation.reports.order_by("-version").prefetch_related(
        "reviews__reviewer", "evidence", "indicator_values__indicator"))
    draft = next((r for r in reports if r.status == ProgressReport.Status.DRAFT), None)
    if not may_report:
        reports = [r for r in reports if r.status != ProgressReport.Status.DRAFT]
    writable = (may_report and obligation.state in OPEN_STATES
                and item.directive.status == Directive.Status.ACTIVE)
    return ObligationPage(
        obligation=obligation, state=state, day=day, may_review=may_review, reports=reports,
        draft=draft, writable=writable, indicators=item_indicators(item),
        show_completed=item.deadline_mode != ResponsibilityItem.DeadlineMode.CONTINUOUS,
        source=draft or next(iter(reports), None))


def obligation_page_context(page: ObligationPage) -> dict:
    """The rest of the page, read once a POST was handled (a saved report redirects
    first): the last return, the extension requests. No forms: the view adds them."""
    obligation = page.obligation
    extensions = list(obligation.extension_requests.select_related("requested_by", "decided_by")
                      .order_by("-created_at"))
    return {
        "obligation": obligation, "assignment": obligation.assignment,
        "item": obligation.assignment.item, "directive": obligation.assignment.item.directive,
        "state": page.state, "today": page.day, "reports": page.reports, "draft": page.draft,
        "writable": page.writable, "may_review": page.may_review, "parts": REPORT_PARTS,
        "last_return": next((r for r in page.reports
                             if r.status == ProgressReport.Status.RETURNED), None),
        "extensions": extensions,
        "can_extend": page.writable and not any(
            e.status == ExtensionRequest.Status.PENDING for e in extensions),
        "can_remind": page.may_review and page.state is not None
        and page.state.status in OPEN_OBLIGATION,
    }


def report_detail_for(user) -> QuerySet:
    """Reports the user may open, with what the report page lists."""
    return reports_for(user).prefetch_related("reviews__reviewer", "evidence",
                                              "indicator_values__indicator")


def report_page_context(user, report: ProgressReport, day: dt.date) -> dict:
    """One report's page: its parts, the obligation's other versions and status, and what
    the user may do. No forms: the view adds them."""
    obligation = report.obligation
    directive = obligation.assignment.item.directive
    may_review = policy.can_review(user, directive)
    others = (ProgressReport.objects.filter(obligation=obligation).exclude(pk=report.pk)
              .order_by("-version"))
    if not policy.can_report_for(user, obligation.assignment):
        others = others.exclude(status=ProgressReport.Status.DRAFT)
    state = obligation_states(ReportObligation.objects.filter(pk=obligation.pk), day).get(
        obligation.pk)
    may_write = policy.can_report_for(user, obligation.assignment)
    previous = previous_version(report) if report.version > 1 else None
    submitted = report.status != ProgressReport.Status.DRAFT
    changes = report_changes(report, previous) if previous else None
    return {
        "report": report, "obligation": obligation, "directive": directive,
        "item": obligation.assignment.item, "unit": obligation.assignment.unit,
        "parts": [(label, getattr(report, name)) for name, label in REPORT_PARTS],
        "others": others, "state": state, "today": day,
        "may_review": may_review and report.status == ProgressReport.Status.SUBMITTED,
        "may_write": may_write and obligation.state in OPEN_STATES,
        "may_verify": may_review and submitted,
        "previous": previous,
        "changes": changes,
        "unchanged_parts": [str(c.label) for c in changes or () if not c.changed],
        "evidence_pages": {ev.pk: list(range(1, page_count(ev) + 1))
                           for ev in report.evidence.all()},
        "comments": list(report_thread(report)),
        "may_comment": submitted and (may_review or may_write),
        "claim_holder": claim_holder(report),
    }


# --- "my work" for a unit ---------------------------------------------------------

SOON_DAYS = 14

WORK_GROUPS = ("overdue", "soon", "later", "waiting")
WORK_SHOWN = 10  # rows of each group on the page; "see all" opens one group
WORK_PAGE = 50  # rows per page of one group


@dataclass
class WorkRow:
    """One obligation on the "my work" page, its status for today from its columns."""

    pk: int
    number: str
    item_order: int
    content: str
    period_label: str
    unit_name: str
    state: ObligationState
    draft: bool
    today: dt.date

    @property
    def days_left(self) -> int:
        return (self.state.due_on - self.today).days


@dataclass
class WorkGroup:
    key: str
    total: int
    rows: list[WorkRow]

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


@dataclass
class MyWork:
    groups: list[WorkGroup]  # in WORK_GROUPS order; only the opened one with `page`
    totals: dict[str, int]  # every group's size (the tiles)
    page: Page | None = None  # the opened group's page

    @property
    def open_total(self) -> int:
        return self.totals["overdue"] + self.totals["soon"] + self.totals["later"]


def _work_group_q(key: str, day: dt.date) -> Q:
    """The rows of a group as column conditions (one group paged in SQL)."""
    submitted = ReportObligation.State.SUBMITTED
    return {
        "overdue": obligation_overdue_q(day),
        "soon": Q(state__in=OPEN_STATES, due_on__gte=day,
                  due_on__lte=day + dt.timedelta(days=SOON_DAYS)),
        "later": Q(state__in=OPEN_STATES, due_on__gt=day + dt.timedelta(days=SOON_DAYS)),
        "waiting": Q(state=submitted),
    }[key]


def _work_group(state: str, due: dt.date, day: dt.date) -> str:
    """The group of one row (the same rule as `_work_group_q`)."""
    if state == ReportObligation.State.SUBMITTED:
        return "waiting"
    if counted_is_overdue(OBLIGATION, state, due, day):
        return "overdue"
    return "soon" if (due - day).days <= SOON_DAYS else "later"


def _work_obligations(user) -> QuerySet:
    """The open and waiting obligations of the user's own units. (Rows of one's own units
    are always within `visible_to`, which the obligation pages apply;
    filtering by the units alone keeps the board's joins out of the query.)"""
    own = policy.unit_ids(user, *policy.UNIT_ROLES)
    return ReportObligation.objects.filter(
        assignment__unit_id__in=own,
        state__in=[*OPEN_STATES, ReportObligation.State.SUBMITTED])


def _work_row(values: dict, day: dt.date, draft: bool) -> WorkRow:
    """The row with today's status from its columns (the states shown here, submitted,
    returned and not submitted, are their own status-count buckets)."""
    state = counted_state(OBLIGATION, values["state"], values["due_on"], 0, day)
    if state.status != ObligationStatus.PENDING and state.status != ObligationStatus.OVERDUE:
        state = replace(state, effective_submitted_on=values["effective_submitted_on"])
    return WorkRow(pk=values["id"], number=values["assignment__item__directive__number"],
                   item_order=values["assignment__item__order"],
                   content=values["assignment__item__content"],
                   period_label=values["period__label"],
                   unit_name=values["assignment__unit__short_name"]
                   or values["assignment__unit__name"],
                   state=state, draft=draft, today=day)


WORK_COLUMNS = ("id", "due_on", "state", "effective_submitted_on",
                "assignment__item__directive__number",
                "assignment__item__order", "assignment__item__content", "period__label",
                "assignment__unit__short_name", "assignment__unit__name")
WORK_ORDER = ("due_on", "assignment__item__order", "id")


def my_work(user, day: dt.date, group: str | None = None,
            page: int | str | None = None) -> MyWork:
    """What the user's units have to report, grouped: overdue (most overdue first), due
    within SOON_DAYS, later, and submitted (waiting for review).

    Statuses are today's, from the stored columns (as the API lists). Without `group`,
    each group shows its first WORK_SHOWN rows and its total (grouped from one narrow
    list of the unit's open obligations and their items' order); with `group`, that group
    alone, WORK_PAGE rows per page. Then one query for the rows shown and one for their
    drafts.
    """
    base = _work_obligations(user)
    pager = None
    if group in WORK_GROUPS:
        totals = base.aggregate(**{key: Count("id", filter=_work_group_q(key, day))
                                   for key in WORK_GROUPS})
        pager = Paginator(base.filter(_work_group_q(group, day)).order_by(*WORK_ORDER)
                          .values_list("id", flat=True), WORK_PAGE).get_page(page)
        shown = {group: list(pager.object_list)}
    else:
        # Narrow rows without the item join (whose plan on a large country degrades into
        # reading every item); the items' order is read apart and the rows sorted here.
        narrow = list(base.order_by().values_list("id", "due_on", "state",
                                                  "assignment__item_id"))
        order = dict(ResponsibilityItem.objects.filter(pk__in={r[3] for r in narrow})
                     .order_by().values_list("id", "order"))
        narrow.sort(key=lambda r: (r[1], order[r[3]], r[0]))
        totals = dict.fromkeys(WORK_GROUPS, 0)
        shown = {key: [] for key in WORK_GROUPS}
        for pk, due, state, _item in narrow:
            key = _work_group(state, due, day)
            totals[key] += 1
            if len(shown[key]) < WORK_SHOWN:
                shown[key].append(pk)
    ids = [pk for pks in shown.values() for pk in pks]
    rows = {values["id"]: values for values in base.filter(pk__in=ids).values(*WORK_COLUMNS)}
    drafts = set(ProgressReport.objects.filter(obligation_id__in=ids,
                                               status=ProgressReport.Status.DRAFT)
                 .values_list("obligation_id", flat=True))
    return MyWork(groups=[WorkGroup(key, totals[key],
                                    [_work_row(rows[pk], day, pk in drafts)
                                     for pk in shown[key] if pk in rows])
                          for key in WORK_GROUPS if key in shown],
                  totals=totals, page=pager)


# --- the compliance matrix ----------------------------------------------------------

def compliance_matrix(*, directive: Directive, period: ReportingPeriod | None, day: dt.date,
                      user, group=None) -> dict:
    """Units × items of a directive: each cell the obligation status for `period`.
    `group` (a tracker UnitGroup): only the rows of its member units."""
    items = list(ResponsibilityItem.objects.filter(directive=directive)
                 .select_related("section").order_by("order"))
    assignments_qs = Assignment.objects.visible_to(user).filter(item__directive=directive)
    obligations = ReportObligation.objects.visible_to(user).filter(
        assignment__item__directive=directive, period=period)
    if group is not None:
        members = group.members.values("pk")
        assignments_qs = assignments_qs.filter(unit_id__in=members)
        obligations = obligations.filter(assignment__unit_id__in=members)
    assignments = list(assignments_qs.order_by("pk"))
    by_assignment = {}
    if day >= today():
        # Today's cells from the stored columns, as the lists they open show them.
        for pk, (assignment_id, state) in obligation_states_stored(obligations, day).items():
            by_assignment[assignment_id] = (pk, state)
    else:
        states = obligation_states(obligations, day)
        for pk, assignment_id in obligations.values_list("pk", "assignment_id"):
            if pk in states:
                by_assignment[assignment_id] = (pk, states[pk])
    # The lines of that day: given by then, or owing a report of the period by then.
    cutoff = end_of_day(day)
    assignments = [a for a in assignments if a.created_at <= cutoff or a.pk in by_assignment]
    # The rows are the units of the tree as of the day, with that day's names (issue 17):
    # a successor that did not exist yet is counted under the old unit.
    tree = unit_tree_on(day, {a.unit_id for a in assignments})
    owner = {a.pk: tree.owner(a.unit_id, a.original_unit_id) for a in assignments}
    units = tree.ordered(owner.values())
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
        key = (owner[a.pk], a.item_id)
        # Two lines of one unit's item (the old one and the one handed over): the
        # cell with an obligation of the period, else the older line.
        if key not in cells or (entry and "obligation" not in cells[key]):
            cells[key] = cell
    rows = []
    for unit in units:
        rows.append({"unit": unit,
                     "cells": [cells.get((unit.pk, item.pk)) for item in items]})
    counts: dict[str, int] = defaultdict(int)
    for _pk, state in by_assignment.values():
        counts[state.status] += 1
    return {"items": items, "rows": rows, "counts": dict(counts)}


# --- the leaders' overview ----------------------------------------------------------

OVERDUE_SHOWN = 20  # rows of the dashboard's overdue table, longest overdue; its pill opens all
WHOLE_CHART_FROM = 500  # units asked of the tree from which it is read whole
DIRECTIVES_SHOWN = 20  # directive bars per page of the dashboard's chart
UNITS_SHOWN = 40  # unit bars per page of the dashboard's per-unit chart
UNIT_ORDERS = ("org", "rate")  # the chart's orders: the organisation's, lowest rate first


def on_time_rates(group: Iterable[ObligationState], day: dt.date) -> dict:
    """The on-time figures of a group of obligation states on `day`: those due (counted
    in the rates), accepted on time, accepted late, overdue, and the on-time rate. One
    definition for the dashboard's unit bars and trend and the unit page."""
    live = [s for s in group if obligation_is_due(s, day)]
    return _rates(len(live),
                  sum(1 for s in live if s.status == ObligationStatus.ACCEPTED_ON_TIME),
                  sum(1 for s in live if s.status == ObligationStatus.ACCEPTED_LATE),
                  sum(1 for s in live if obligation_is_overdue(s)))


def leader_overview(*, user, day: dt.date, units_page: int | str = 1,
                    units_order: str = "org", directives_page: int | str = 1) -> dict:
    """The dashboard selector's figures plus per-unit rates, a trend and the overdue list.

    Today (and later days) from the stored columns and the status-count table: a few
    grouped queries whatever the number of obligations. A past day is replayed from the
    dated facts. Either way the overdue table shows the OVERDUE_SHOWN longest overdue
    rows and counts them all (`overdue_count`, the list its pill opens). `units` holds
    every unit's figures; `unit_bars` the page of them the chart draws (UNITS_SHOWN a
    page, in `units_order`), and only those get their drill-down links; likewise
    `directive_bars`, a page of DIRECTIVES_SHOWN of the listed `directives`."""
    board = dashboard(user=user, day=day)
    directive_ids = [d["id"] for d in board["directives"]]
    # The listed directives' obligations through their periods (the drill-down's
    # `tracked=listed`, assignments.filters): one join to a small table, not through every
    # assignment and item in scope.
    obligations = ReportObligation.objects.visible_to(user).filter(
        period__directive_id__in=directive_ids)
    if day >= today():
        data = {**board, **_overview_counted(user, obligations, directive_ids, day)}
    else:
        data = {**board, **_overview_replayed(obligations, day)}
    data["unit_bars"] = unit_bars_page(data["units"], units_page, units_order)
    data["directive_bars"] = Paginator(data["directives"], DIRECTIVES_SHOWN).get_page(
        directives_page)
    data["units_order"] = units_order if units_order in UNIT_ORDERS else UNIT_ORDERS[0]
    data["drill"] = dashboard_drill(data, day)
    return data


def unit_bars_page(units: list[dict], page: int | str, order: str) -> Page:
    """One page of the per-unit chart. In the organisation's order (the list as given),
    or with `order="rate"` the lowest on-time rate first (the most overdue first among
    equals; units with nothing due last): a national leader's 3,500 units are read a
    page at a time, the weakest first when asked."""
    if order == "rate":
        position = {id(u): i for i, u in enumerate(units)}
        units = sorted(units, key=lambda u: (u["on_time_rate"] is None,
                                             u["on_time_rate"] or 0, -u["overdue"],
                                             position[id(u)]))
    return Paginator(units, UNITS_SHOWN).get_page(page)


def _rates(due: int, on_time: int, late: int, overdue: int) -> dict:
    return {"due": due, "on_time": on_time, "late": late, "overdue": overdue,
            "on_time_rate": round(100 * on_time / due, 1) if due else None}


def _overview_counted(user, obligations: QuerySet, directive_ids: list[int],
                      day: dt.date) -> dict:
    """Per-unit rates from the status-count table (unit grain), the trend from one
    grouped query over the listed directives' obligations, the overdue table from the
    `obligation_open_due` rows: the same figures as the replay (the status rule's forms
    agree, tests/assignments/test_status_forms_agree.py)."""
    from django.db.models import Count

    from assignments.selectors.figures import unit_rate_rows
    from assignments.statuses import obligation_due_q, obligation_status_q
    from assignments.statuses.orm import obligation_days_overdue

    figures = {unit: _rates(*numbers)
               for unit, *numbers in unit_rate_rows(user, directive_ids, day)}
    # The listed directives' overdue rows, read without an order (by the open rows'
    # period index, obligation_period_open_due) and ranked here, longest overdue first
    # (the unit's order from the obligation's unit column): ordered in SQL, the plan
    # walked every open row of the country by due date to find them (national bench:
    # 0.5 s for 448 rows). Their number is the table's count. Then the OVERDUE_SHOWN
    # rows with their labels: the joins for those rows, not for all.
    overdue = (obligations.filter(obligation_overdue_q(day)).order_by()
               .values_list("due_on", "unit__order", "pk"))
    ranked, overdue_count = _smallest_and_count(overdue.iterator(chunk_size=5000),
                                                OVERDUE_SHOWN)
    rows = page_objects(
        ReportObligation.objects.select_related("assignment__item__directive", "period")
        # What the table shows: not each row's directive text (up to 30 KB each).
        .only("state", "due_on", "effective_submitted_on", "assignment__unit_id",
              "assignment__original_unit_id", "assignment__item__order",
              "assignment__item__directive__number", "period__label"),
        [pk for _due, _order, pk in ranked])
    # Units as of the day (issue 17): today's tree, then former units keeping their rows.
    # Most of a national chart: read it whole (walking the successions of 3,000 units
    # cost more than reading the rest).
    wanted = set(figures) | {row.assignment.unit_id for row in rows}
    tree = unit_tree_on(day, wanted if len(wanted) <= WHOLE_CHART_FROM else None)
    units = [{"unit": u, **figures[u.id]} for u in tree.ordered(figures)]
    due = obligation_due_q(day)
    S = ObligationStatus
    grouped = (obligations.filter(period__due_on__lte=day)
               .values_list("period__due_on", "period__starts_on", "period__label")
               .annotate(due=Count("pk", filter=due),
                         on_time=Count("pk", filter=due & obligation_status_q(
                             S.ACCEPTED_ON_TIME, day)),
                         late=Count("pk", filter=due & obligation_status_q(S.ACCEPTED_LATE,
                                                                           day)),
                         overdue=Count("pk", filter=due & obligation_overdue_q(day)))
               .order_by())
    trend = [{"label": label, "due_on": due_on, **_rates(*numbers)}
             for (due_on, _start, label, *numbers) in sorted(grouped)]
    for row in rows:
        row.unit_on_day = tree.unit(tree.owner(row.assignment.unit_id,
                                               row.assignment.original_unit_id))
        status = (S.RETURNED if row.state == ReportObligation.State.RETURNED else S.OVERDUE)
        row.view_state = ObligationState(
            status=status, due_on=row.due_on,
            days_overdue=obligation_days_overdue(status, day=day, due_on=row.due_on,
                                                 effective_submitted_on=None),
            effective_submitted_on=row.effective_submitted_on)
    return {"units": units, "trend": trend, "overdue": rows,
            "overdue_count": overdue_count}


def _smallest_and_count(rows, n: int) -> tuple[list, int]:
    """The `n` smallest rows, sorted, and how many rows there were: one pass that keeps
    `n` rows in memory, whatever the backlog."""
    count = 0

    def each():
        nonlocal count
        for row in rows:
            count += 1
            yield row

    smallest = heapq.nsmallest(n, each())
    return smallest, count


def _overview_replayed(obligations: QuerySet, day: dt.date) -> dict:
    """The same figures for a past day, replayed from the dated facts."""
    states = obligation_states(obligations, day)
    rows = list(obligations.values_list(
        "pk", "assignment__unit_id", "assignment__original_unit_id", "period__label",
        "period__due_on", "period__starts_on"))
    # Per-unit figures follow the tree as of the day (issue 17).
    tree = unit_tree_on(day, {unit_id for _pk, unit_id, *_rest in rows})
    meta = {
        pk: (tree.owner(unit_id, original_id), period_label, period_due, period_start)
        for pk, unit_id, original_id, period_label, period_due, period_start in rows
    }
    per_unit: dict[int, list[ObligationState]] = defaultdict(list)
    per_period: dict[tuple, list[ObligationState]] = defaultdict(list)
    overdue_ids = []
    for pk, state in states.items():
        unit_id, label, due, start = meta[pk]
        per_unit[unit_id].append(state)
        if due <= day:
            per_period[(due, start, label)].append(state)
        if obligation_is_overdue(state):
            overdue_ids.append(pk)

    def rates(group: list[ObligationState]) -> dict:
        return on_time_rates(group, day)

    listed_units = tree.ordered(per_unit)
    units = [{"unit": u, **rates(per_unit[u.id])} for u in listed_units]
    trend = [{"label": label, "due_on": due, **rates(group)}
             for (due, _start, label), group in sorted(per_period.items())]
    order = {u.id: u.order for u in listed_units}
    shown = sorted(overdue_ids, key=lambda pk: (-states[pk].days_overdue,
                                                order[meta[pk][0]], pk))[:OVERDUE_SHOWN]
    rows = list(
        ReportObligation.objects.filter(pk__in=shown)
        .select_related("assignment__unit", "assignment__item__directive", "period"))
    for row in rows:
        row.view_state = states[row.pk]
        row.unit_on_day = tree.unit(meta[row.pk][0])
    rows.sort(key=lambda o: (-o.view_state.days_overdue, o.unit_on_day.order, o.pk))
    return {"units": units, "trend": trend, "overdue": rows,
            "overdue_count": len(overdue_ids)}


# --- the dashboard's drill-down: each figure with the list behind it ------------------

def _list_urls(day: dt.date):
    """`_list_url` for the many links of one day (the dashboard writes hundreds): each
    list's path reversed once, today read once."""
    from urllib.parse import quote_plus, urlencode

    from django.urls import reverse

    paths: dict[str, str] = {}
    as_of = "" if day == today() else "&" + urlencode({"as_of": f"{day:%d/%m/%Y}"})

    def value(v) -> str:
        text = str(v)
        return text if text.isascii() and text.isalnum() else quote_plus(text)

    def url(name: str, **params) -> str:
        if name not in paths:
            paths[name] = reverse(name)
        # What urlencode writes, for the ids and keywords these links carry.
        return paths[name] + "?" + "&".join(f"{k}={value(v)}" for k, v in params.items()) + as_of
    return url


def _list_url(name: str, day: dt.date, **params) -> str:
    return _list_urls(day)(name, **params)


def dashboard_drill(data: dict, day: dt.date) -> dict:
    """Every figure of the dashboard with the URL of the list whose rows it counts:
    {key: (number, url)}. The page links each tile, bar and segment to its URL, and a
    test checks each number against its list's row count and its export's.

    Tiles count every directive the dashboard tracks (`?tracked=all`); the per-unit bars
    (those of the chart's page, `unit_bars`) and the overdue table the directives it
    lists (`?tracked=listed`); a directive's bar (of the chart's page, `directive_bars`)
    that directive."""
    obligations = "web:obligation-list"
    link = _list_urls(day)
    o = data["obligations"]
    drill = {
        "directives": (data["active_directives"],
                       link("web:directive-list", tracked="true")),
        "due": (o["due"], link(obligations, tracked="all", due="true")),
        "on_time": (o["counts"][ObligationStatus.ACCEPTED_ON_TIME],
                    link(obligations, tracked="all", status="accepted_on_time")),
        "overdue": (o["overdue_count"], link(obligations, tracked="all",
                                                  overdue="true")),
        "waiting": (data["reports_waiting_review"],
                    link(obligations, tracked="all", status="submitted")),
        "overdue_table": (data["overdue_count"], link(obligations, tracked="listed",
                                                          overdue="true")),
    }
    for d in data["directive_bars"]:
        counts = d["obligations"]["counts"]
        links = {"due": (d["obligations"]["due"],
                         link(obligations, directive=d["id"], due="true"))}
        for status in ObligationStatus.values:
            if status != ObligationStatus.WITHDRAWN:
                links[status] = (counts[status],
                                 link(obligations, directive=d["id"], status=status))
        d["links"] = {key: url for key, (_n, url) in links.items()}
        drill.update({f"d{d['id']}:{key}": pair for key, pair in links.items()})
    for u in data["unit_bars"]:
        listed = {"tracked": "listed", "unit": u["unit"].pk}
        links = {
            "due": (u["due"], link(obligations, **listed, due="true")),
            "on_time": (u["on_time"], link(obligations, **listed,
                                                status="accepted_on_time")),
            "late": (u["late"], link(obligations, **listed, status="accepted_late")),
            "overdue": (u["overdue"], link(obligations, **listed, overdue="true")),
        }
        u["links"] = {key: url for key, (_n, url) in links.items()}
        drill.update({f"u{u['unit'].pk}:{key}": pair for key, pair in links.items()})
    return drill
