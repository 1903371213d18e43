"""What publishing a draft directive will create, before it is published: the report
obligations per unit and period, their due dates, which are overdue on the publishing day,
and what a "track from" day leaves out. A read: nothing is written here; publishing itself
(`services._sync_obligations` on `directive_published`) creates exactly these rows, as both
use `services._specs_for`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from directives.models import Directive, ResponsibilityItem

from .models import Assignment
from .services import _specs_for

# A plan whose first period is due this many days before the publishing day counts as
# back-dated: the preview suggests tracking it from the publishing day.
BACK_DATED_DAYS = 30


@dataclass(frozen=True)
class PreviewRow:
    unit_id: int
    unit_name: str
    item_id: int
    item_order: int
    item_content: str
    period_label: str
    starts_on: dt.date
    ends_on: dt.date
    due_on: dt.date
    days_overdue: int  # > 0: overdue on the publishing day

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


@dataclass
class PublishPreview:
    today: dt.date
    track_from: dt.date | None
    suggested_track_from: dt.date | None
    rows: list[PreviewRow] = field(default_factory=list)
    skipped: int = 0  # obligations the track-from day leaves out

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.rows if r.overdue)

    @property
    def overdue_units(self) -> list[str]:
        return sorted({r.unit_name for r in self.rows if r.overdue})

    @property
    def units(self) -> list[str]:
        return sorted({r.unit_name for r in self.rows})

    @property
    def periods(self) -> list[str]:
        seen: dict[tuple, str] = {}
        for r in sorted(self.rows, key=lambda r: (r.starts_on, r.ends_on)):
            seen.setdefault((r.starts_on, r.ends_on, r.period_label), r.period_label)
        return list(seen.values())

    @property
    def warnings(self) -> list[str]:
        """Codes of what publishing would do that the board should know first."""
        return ["overdue_obligations", "overdue_reminders", "leader_figures"] \
            if self.overdue else []

    def as_dict(self) -> dict:
        return {
            "today": self.today.isoformat(),
            "track_from": self.track_from.isoformat() if self.track_from else None,
            "suggested_track_from": (self.suggested_track_from.isoformat()
                                     if self.suggested_track_from else None),
            "obligations": len(self.rows), "overdue": self.overdue, "skipped": self.skipped,
            "units": len(self.units), "overdue_units": self.overdue_units,
            "periods": self.periods, "warnings": self.warnings,
            "rows": [{
                "unit": r.unit_id, "unit_name": r.unit_name, "item": r.item_id,
                "item_order": r.item_order, "period": r.period_label,
                "starts_on": r.starts_on.isoformat(), "ends_on": r.ends_on.isoformat(),
                "due_on": r.due_on.isoformat(), "overdue": r.overdue,
                "days_overdue": r.days_overdue,
            } for r in self.rows],
        }


def _rows(directive: Directive, today: dt.date, track_from) -> tuple[list[PreviewRow], int]:
    assignments = (Assignment.objects
                   .filter(item__directive=directive, role=Assignment.Role.LEAD,
                           state=Assignment.State.OPEN,
                           item__status=ResponsibilityItem.Status.ACTIVE)
                   .select_related("unit", "item").order_by("unit__name", "item__order", "pk"))
    rows, skipped = [], 0
    for assignment in assignments:
        specs = _specs_for(assignment, assignment.item, directive, today, track_from=None)
        kept = [s for s in specs if track_from is None or s.ends_on >= track_from]
        skipped += len(specs) - len(kept)
        rows.extend(PreviewRow(
            unit_id=assignment.unit_id, unit_name=assignment.unit.name,
            item_id=assignment.item_id, item_order=assignment.item.order,
            item_content=assignment.item.content, period_label=spec.label,
            starts_on=spec.starts_on, ends_on=spec.ends_on, due_on=spec.due_on,
            days_overdue=max(0, (today - spec.due_on).days)) for spec in kept)
    rows.sort(key=lambda r: (r.unit_name, r.starts_on, r.item_order, r.item_id))
    return rows, skipped


def publish_preview(*, directive: Directive, today: dt.date,
                    track_from: dt.date | None = None) -> PublishPreview:
    """The obligations publishing `directive` on `today` creates with `track_from`."""
    rows, skipped = _rows(directive, today, track_from)
    suggested = None
    if track_from is None and any(
            (today - r.due_on).days > BACK_DATED_DAYS for r in rows):
        suggested = today
    return PublishPreview(today=today, track_from=track_from, suggested_track_from=suggested,
                          rows=rows, skipped=skipped)
