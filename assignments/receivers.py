"""The assignments app's part in what the directives app announces (directives.signals):
obligations on publication, open work ended on withdrawal, counts kept when an item moves
between count keys, the units an imported item names assigned. Connected in
`AssignmentsConfig.ready()`."""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager

from directives.models import Directive, ResponsibilityItem
from directives.signals import (
    directive_publish_preview,
    directive_published,
    item_regrouping,
    item_units_named,
    item_withdrawn,
)
from tracker.models import EventVerb, Unit

from . import counts, notices, obligations
from .models import Assignment


def obligations_on_publish(sender, *, directive: Directive, today: dt.date | None = None,
                           **kwargs) -> int:
    from .services import obligations_sync_directive

    created = obligations_sync_directive(directive=directive, today=today)
    notices.directive_published(directive=directive)
    return created


def obligations_preview(sender, *, directive: Directive, today: dt.date,
                        track_from: dt.date | None = None, **kwargs):
    from .publishing import publish_preview

    return publish_preview(directive=directive, today=today, track_from=track_from)


def open_work_withdrawn(sender, *, item: ResponsibilityItem, moment: dt.datetime,
                        actor=None, **kwargs) -> int:
    """The item's open assignments end, with their obligations not yet accepted (a report
    waiting for review included: it leaves the review queue, see `reports.selectors`)."""
    open_ids = Assignment.objects.filter(item=item, state=Assignment.State.OPEN) \
        .values_list("pk", flat=True)
    return len(obligations.assignments_transition(
        assignment_ids=open_ids, to=Assignment.State.WITHDRAWN, actor=actor,
        verb=EventVerb.WITHDRAWN_WITH_ITEM, at=moment, data={"item": item.pk},
        withdrawn_at=moment))


def counts_follow_the_item(sender, *, item: ResponsibilityItem,
                           **kwargs) -> AbstractContextManager[None]:
    return counts.track(item.assignments.values_list("pk", flat=True))


def units_assigned_on_import(sender, *, item: ResponsibilityItem, actor, today: dt.date | None,
                             lead_unit: Unit | None, units: list[Unit], **kwargs) -> None:
    from .services import item_assign

    item_assign(item=item, actor=actor, lead_unit=lead_unit, units=units, today=today)


def connect() -> None:
    directive_published.connect(obligations_on_publish, dispatch_uid="assignments.publish")
    directive_publish_preview.connect(obligations_preview, dispatch_uid="assignments.preview")
    item_withdrawn.connect(open_work_withdrawn, dispatch_uid="assignments.withdraw")
    item_regrouping.connect(counts_follow_the_item, dispatch_uid="assignments.regroup")
    item_units_named.connect(units_assigned_on_import, dispatch_uid="assignments.import")
