"""Scope columns: who sees a row, stored on the big rows themselves.

An assignment carries the supervising board of its item's directive (`board`); an
obligation and a report carry the assigned unit (`unit`) and that board. The board's
lists (every list a Dân vận board member opens) then filter and page along their own
table's indexes — `(board, id)`, `(board, due_on, id)`, `(board, status, id)` — instead
of joining item → directive and walking the whole table in id order (national bench,
over HTTP, a board's reports by unit tree, 25 rows: 341 ms → 13.8 ms; its submitted
reports: 1,650 ms → 17.0 ms).

The columns are derived, never edited:
- a new row gets them when it is written (the services and the bench generator set
  them; a single row saved without them is filled before it is written);
- `sync(directive_ids)` re-derives them for whole directives, set-based; the services
  call it where a source changes (a directive's board, a unit merge moving
  assignments); the admin edits directives and items only through those services;
- `differences()` lists rows that disagree with their sources (the test suite checks
  it after every database test; `manage.py rebuild_status_counts --check` in production).

Each app keeps its own tables' columns through the registry in `tracker.derived`: this
module registers the assignment's and the obligation's (`register()`, called from
`AssignmentsConfig.ready()`), `reports.scope` the report's. `sync` and `differences`
cover every registered table.
"""

from __future__ import annotations

from django.db.models import F, OuterRef, Q, Subquery

from directives.models import ResponsibilityItem
from tracker import derived
from tracker.derived import differences, sync

from .models import Assignment, ReportObligation

__all__ = ["differences", "register", "sync", "unit_and_board_of_obligation"]


def board_of_item(item_id: int) -> int | None:
    return (ResponsibilityItem.objects.filter(pk=item_id)
            .values_list("directive__supervising_unit_id", flat=True).first())


def unit_and_board_of_assignment(assignment_id: int) -> tuple[int | None, int | None]:
    row = (Assignment.objects.filter(pk=assignment_id)
           .values_list("unit_id", "board_id").first())
    return row or (None, None)


def unit_and_board_of_obligation(obligation_id: int) -> tuple[int | None, int | None]:
    row = (ReportObligation.objects.filter(pk=obligation_id)
           .values_list("unit_id", "board_id").first())
    return row or (None, None)


def _fill_assignment(assignment: Assignment) -> None:
    if assignment.board_id is None and assignment.item_id is not None:
        assignment.board_id = board_of_item(assignment.item_id)


def _fill_obligation(obligation: ReportObligation) -> None:
    if ((obligation.board_id is None or obligation.unit_id is None)
            and obligation.assignment_id is not None):
        obligation.unit_id, obligation.board_id = unit_and_board_of_assignment(
            obligation.assignment_id)


def register() -> None:
    """The assignment's board and the obligation's unit and board, parents first."""
    derived.register(derived.Derived(
        name="assignment", model=Assignment, fill=_fill_assignment,
        stale=lambda: Assignment.objects.exclude(
            board_id=F("item__directive__supervising_unit_id")),
        sources=lambda: {"board_id": Subquery(ResponsibilityItem.objects.filter(
            pk=OuterRef("item_id")).values("directive__supervising_unit_id")[:1])},
        directive_path="item__directive_id"))
    derived.register(derived.Derived(
        name="obligation", model=ReportObligation, fill=_fill_obligation,
        stale=lambda: ReportObligation.objects.filter(
            ~Q(unit_id=F("assignment__unit_id")) | ~Q(board_id=F("assignment__board_id"))),
        sources=lambda: {
            "unit_id": Subquery(Assignment.objects.filter(
                pk=OuterRef("assignment_id")).values("unit_id")[:1]),
            "board_id": Subquery(Assignment.objects.filter(
                pk=OuterRef("assignment_id")).values("board_id")[:1])},
        directive_path="assignment__item__directive_id"))
