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
  them; `Model.save` fills a single row that comes without them);
- `sync(directive_ids)` re-derives them for whole directives, set-based; the services
  call it where a source changes (a directive's board, a unit merge moving
  assignments) and so do admin edits (`assignments.admin.RecountsDirectives`);
- `differences()` lists rows that disagree with their sources (the test suite checks
  it after every database test; `manage.py sync_scope_columns --check` in production).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F, OuterRef, Q, Subquery

from directives.models import ResponsibilityItem

from .models import Assignment, ReportObligation


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


def _report_model():
    from reports.models import ProgressReport

    return ProgressReport


def _stale() -> list[tuple[str, object]]:
    """(table name, queryset of rows whose scope columns disagree with their source),
    parents first: an obligation is derived from its assignment, a report from its
    obligation."""
    ProgressReport = _report_model()
    return [
        ("assignment", Assignment.objects.exclude(
            board_id=F("item__directive__supervising_unit_id"))),
        ("obligation", ReportObligation.objects.filter(
            ~Q(unit_id=F("assignment__unit_id")) | ~Q(board_id=F("assignment__board_id")))),
        ("report", ProgressReport.objects.filter(
            ~Q(unit_id=F("obligation__unit_id")) | ~Q(board_id=F("obligation__board_id")))),
    ]


def _of_directives(name: str, qs, directive_ids: list[int] | None):
    if directive_ids is None:
        return qs
    path = {"assignment": "item__directive_id",
            "obligation": "assignment__item__directive_id",
            "report": "obligation__assignment__item__directive_id"}[name]
    return qs.filter(**{f"{path}__in": directive_ids})


def sync(directive_ids: Iterable[int] | None = None) -> int:
    """Re-derive the scope columns of the rows of these directives (None: all rows).

    Only rows that disagree are written. Returns the number of rows changed.
    """
    ids = None if directive_ids is None else sorted(set(directive_ids))
    if ids == []:
        return 0
    ProgressReport = _report_model()
    sources = {
        "assignment": {"board_id": Subquery(ResponsibilityItem.objects.filter(
            pk=OuterRef("item_id")).values("directive__supervising_unit_id")[:1])},
        "obligation": {
            "unit_id": Subquery(Assignment.objects.filter(
                pk=OuterRef("assignment_id")).values("unit_id")[:1]),
            "board_id": Subquery(Assignment.objects.filter(
                pk=OuterRef("assignment_id")).values("board_id")[:1])},
        "report": {
            "unit_id": Subquery(ReportObligation.objects.filter(
                pk=OuterRef("obligation_id")).values("unit_id")[:1]),
            "board_id": Subquery(ReportObligation.objects.filter(
                pk=OuterRef("obligation_id")).values("board_id")[:1])},
    }
    models = {"assignment": Assignment, "obligation": ReportObligation,
              "report": ProgressReport}
    changed = 0
    for name, stale in _stale():
        stale_ids = _of_directives(name, stale, ids).values("pk")
        # Through a pk list: an UPDATE whose WHERE joins other tables is not portable.
        changed += models[name].objects.filter(pk__in=stale_ids).update(**sources[name])
    return changed


def differences(limit: int = 20) -> list[tuple[str, int]]:
    """Rows whose scope columns disagree with their sources: (table, id), at most
    `limit` of each table."""
    out: list[tuple[str, int]] = []
    for name, stale in _stale():
        out += [(name, pk) for pk in stale.order_by("pk").values_list("pk", flat=True)[:limit]]
    return out

