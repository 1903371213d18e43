"""The assignments app's part in what the directives app announces (directives.signals):
obligations on publication, open work ended on withdrawal, counts kept when an item moves
between count keys, the units an imported item names assigned. Connected in
`AssignmentsConfig.ready()`."""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager

from directives.models import Directive, ResponsibilityItem
from directives.signals import (
    directive_published,
    item_regrouping,
    item_units_named,
    item_withdrawn,
)
from tracker.models import Unit

from . import counts, notices
from .models import Assignment, ReportObligation


def obligations_on_publish(sender, *, directive: Directive, today: dt.date | None = None,
                           **kwargs) -> int:
    from .services import obligations_sync_directive

    created = obligations_sync_directive(directive=directive, today=today)
    notices.directive_published(directive=directive)
    return created


def open_work_withdrawn(sender, *, item: ResponsibilityItem, moment: dt.datetime,
                        **kwargs) -> int:
    open_assignments = Assignment.objects.filter(item=item, state=Assignment.State.OPEN)
    with counts.track(open_assignments.values_list("pk", flat=True)):
        ReportObligation.objects.filter(
            assignment__in=open_assignments,
            state__in=[ReportObligation.State.NOT_SUBMITTED, ReportObligation.State.RETURNED,
                       ReportObligation.State.SUBMITTED],
        ).update(state=ReportObligation.State.WITHDRAWN, withdrawn_at=moment)
        return open_assignments.update(state=Assignment.State.WITHDRAWN, withdrawn_at=moment)


def counts_follow_the_item(sender, *, item: ResponsibilityItem,
                           **kwargs) -> AbstractContextManager[None]:
    return counts.track(item.assignments.values_list("pk", flat=True))


def units_assigned_on_import(sender, *, item: ResponsibilityItem, actor, today: dt.date | None,
                             lead_unit: Unit | None, units: list[Unit], **kwargs) -> None:
    from .services import item_assign

    item_assign(item=item, actor=actor, lead_unit=lead_unit, units=units, today=today)


def connect() -> None:
    directive_published.connect(obligations_on_publish, dispatch_uid="assignments.publish")
    item_withdrawn.connect(open_work_withdrawn, dispatch_uid="assignments.withdraw")
    item_regrouping.connect(counts_follow_the_item, dispatch_uid="assignments.regroup")
    item_units_named.connect(units_assigned_on_import, dispatch_uid="assignments.import")
