"""Scope columns of a report: its obligation's unit and board (see assignments.scope),
kept through the registry in `tracker.derived`."""

from __future__ import annotations

from django.db.models import F, OuterRef, Q, Subquery

from assignments.models import ReportObligation
from assignments.scope import unit_and_board_of_obligation
from tracker import derived

from .models import ProgressReport


def _fill_report(report: ProgressReport) -> None:
    if (report.board_id is None or report.unit_id is None) and report.obligation_id is not None:
        report.unit_id, report.board_id = unit_and_board_of_obligation(report.obligation_id)


def register() -> None:
    derived.register(derived.Derived(
        name="report", model=ProgressReport, fill=_fill_report,
        stale=lambda: ProgressReport.objects.filter(
            ~Q(unit_id=F("obligation__unit_id")) | ~Q(board_id=F("obligation__board_id"))),
        sources=lambda: {
            "unit_id": Subquery(ReportObligation.objects.filter(
                pk=OuterRef("obligation_id")).values("unit_id")[:1]),
            "board_id": Subquery(ReportObligation.objects.filter(
                pk=OuterRef("obligation_id")).values("board_id")[:1])},
        directive_path="obligation__assignment__item__directive_id"))
