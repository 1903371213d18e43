"""The consolidated report the board sends upward, as data (rendered by reports.documents).

Numbers come from the same selector as the summary endpoint (directive_summary), so
the report and the API agree for the same "as of" day; texts are gathered part by
part from the latest accepted unit reports at the end of that day.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from assignments.models import Assignment, ExtensionRequest, ReportingPeriod
from directives.models import Directive
from reports.summaries import directive_summary
from tracker.models import Unit
from tracker.selectors import unit_tree_on
from tracker.timeutil import end_of_day, today

from .indicators import IndicatorRow, indicator_table
from .models import ProgressReport


def _short_date(day: dt.date) -> str:
    """07/9/2021: the way Party documents cite a date (no leading zero on the month)."""
    return f"{day.day:02d}/{day.month}/{day.year}"


def unit_as_of(unit: Unit, day: dt.date) -> Unit:
    """The body that carried this unit's name on `day` (follows mergers after it)."""
    seen = set()
    while unit.dissolved_on is not None and unit.dissolved_on <= day and unit.successor_id:
        if unit.pk in seen:
            break
        seen.add(unit.pk)
        unit = unit.successor
    return unit


@dataclass
class UnitText:
    unit: str
    text: str


@dataclass
class ItemPart:
    order: int
    content: str
    results: list[UnitText] = field(default_factory=list)


@dataclass
class SectionPart:
    order: int
    addressee: str
    items: list[ItemPart] = field(default_factory=list)


@dataclass
class Consolidated:
    directive: Directive
    day: dt.date
    issued_on: dt.date
    period: ReportingPeriod | None
    issuing_body: str
    superior_body: str
    place: str
    number: str
    signer_title: str
    signer_name: str
    recipients: list[str]
    summary: dict
    leadership: list[UnitText]
    sections: list[SectionPart]
    shortcomings: list[UnitText]
    next_steps: list[UnitText]
    proposals: list[UnitText]
    overdue: list[dict]
    extensions: list[dict]
    indicators: list[IndicatorRow]
    units: dict[int, str]

    @property
    def subject(self) -> str:
        d = self.directive
        return (f"kết quả thực hiện {d.get_kind_display()} số {d.number}, ngày "
                f"{_short_date(d.issued_on)} của {d.issuer.split(' (')[0]} {d.title}")

    @property
    def opening(self) -> str:
        d = self.directive
        return (f"Thực hiện {d.get_kind_display()} số {d.number}, ngày {_short_date(d.issued_on)} "
                f"của {d.issuer.split(' (')[0]} {d.title}, {self.issuing_body} báo cáo kết quả "
                f"như sau:")


def _layout() -> dict:
    return settings.TRACKER_REPORT


def issue_day_error(*, day: dt.date, issued_on: dt.date | None) -> str | None:
    """Why `issued_on` cannot date a report whose figures run to `day` (None: it can).
    One rule for the page, the API and the command."""
    if issued_on is not None and issued_on < day:
        return _("Ngày ban hành báo cáo không được trước ngày số liệu (%(day)s).") % {
            "day": f"{day:%d/%m/%Y}"}
    return None


def report_issue_day(*, day: dt.date, issued_on: dt.date | None) -> dt.date:
    """The day the board issues (signs) the report: the one asked for, else today
    (Asia/Ho_Chi_Minh), or the as-of day when that is later than today."""
    return issued_on or max(today(), day)


def consolidated_report(*, directive: Directive, day: dt.date,
                        period: ReportingPeriod | None = None, user,
                        issued_on: dt.date | None = None) -> Consolidated:
    """Gather the consolidated report for `directive` at the end of `day` (the figures'
    as-of day), issued (dated and signed) on `issued_on`; the issuing body is the board's
    name in the unit registry on that day."""
    layout = _layout()
    issued_on = report_issue_day(day=day, issued_on=issued_on)
    summary = directive_summary(directive=directive, day=day, user=user)
    # Every unit named in the report carries its name of that day (the tree as of `day`);
    # the issuing body and its superior, their names on the issue day.
    tree = unit_tree_on(day)
    issuers = tree if issued_on == day else unit_tree_on(issued_on)
    board = issuers.unit(unit_as_of(directive.supervising_unit, issued_on).pk)
    superior = layout.get("superior_body") or (issuers.name(board.parent_id)
                                               if board.parent_id else "")
    cutoff = end_of_day(day)

    reports = ProgressReport.objects.visible_to(user).filter(
        obligation__assignment__item__directive=directive,
        status=ProgressReport.Status.ACCEPTED,
        decided_at__lte=cutoff)
    if period is not None:
        reports = reports.filter(obligation__period=period)
    latest: dict[int, ProgressReport] = {}
    for report in reports.select_related("obligation__period").order_by(
            "obligation__period__starts_on", "decided_at"):
        latest[report.obligation.assignment_id] = report

    assignments = (Assignment.objects.filter(item__directive=directive,
                                              role=Assignment.Role.LEAD)
                   .select_related("item__section", "unit").order_by("item__order",
                                                                     "unit__order"))
    by_item: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in assignments:
        by_item[assignment.item_id].append(assignment)

    def unit_name(assignment: Assignment) -> str:
        report = latest.get(assignment.pk)
        return report.unit_name if report else tree.name(assignment.unit_id)

    seen_parts: dict[str, dict[str, str]] = {name: {} for name in
                                             ("leadership", "shortcomings", "next", "proposals")}
    sections: dict[int | None, SectionPart] = {}
    for item in directive.items.select_related("section").order_by("order"):
        section = item.section
        key = section.pk if section else None
        part = sections.get(key)
        if part is None:
            part = sections[key] = SectionPart(order=section.order if section else 0,
                                               addressee=section.addressee if section else "")
        item_part = ItemPart(order=item.order, content=item.content)
        for assignment in by_item.get(item.pk, []):
            report = latest.get(assignment.pk)
            if report is None:
                continue
            name = unit_name(assignment)
            if report.results_text.strip():
                item_part.results.append(UnitText(name, report.results_text.strip()))
            for bucket, text in (("leadership", report.leadership_text),
                                 ("shortcomings", report.shortcomings_text),
                                 ("next", report.next_steps_text),
                                 ("proposals", report.proposals_text)):
                if text.strip():
                    seen_parts[bucket].setdefault(name, text.strip())
        part.items.append(item_part)

    def gathered(bucket: str) -> list[UnitText]:
        """One entry per distinct text, naming every unit that wrote it."""
        by_text: dict[str, list[str]] = {}
        for unit, text in seen_parts[bucket].items():
            by_text.setdefault(text, []).append(unit)
        return [UnitText(", ".join(names), text) for text, names in by_text.items()]

    units = {u.id: u.name for u in tree.ordered(tree.known())}  # the day's tree, then former
    extensions = [
        {"unit": units.get(e.assignment.unit_id, ""), "item": e.assignment.item.order,
         "from": e.current_due_on, "to": e.approved_due_on, "reason": e.reason}
        for e in ExtensionRequest.objects.filter(
            assignment__item__directive=directive,
            status=ExtensionRequest.Status.APPROVED, decided_at__lte=cutoff)
        .select_related("assignment__item").order_by("decided_at")
    ]
    item_orders = dict(directive.items.values_list("pk", "order"))
    overdue = [{**row, "unit_name": units.get(row["unit"], ""),
                "item_order": item_orders.get(row["item"], 0)} for row in summary["overdue"]]
    return Consolidated(
        directive=directive, day=day, issued_on=issued_on, period=period, issuing_body=board.name,
        superior_body=superior, place=layout["place"], number=layout["number"],
        signer_title=layout["signer_title"], signer_name=layout["signer_name"],
        recipients=list(layout["recipients"]), summary=summary,
        leadership=gathered("leadership"),
        sections=sorted(sections.values(), key=lambda s: s.order),
        shortcomings=gathered("shortcomings"), next_steps=gathered("next"),
        proposals=gathered("proposals"), overdue=overdue, extensions=extensions,
        indicators=indicator_table(directive=directive, day=day,
                                   period_id=period.pk if period else None, user=user),
        units=units,
    )
