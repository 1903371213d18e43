"""The one writer of obligation and assignment states (issue 14: one writer per status).

Every change of `ReportObligation.state` and `Assignment.state` goes through here. The
two tables below are the workflows: a change that is not a key of its table does not
exist, and the guard a key maps to checks what the change needs (the dates that go with
the new state) and raises `TransitionError` with the reason. The writers check the table,
write the state with its fields, keep the status counts (`assignments.counts`) and
record the event, all in the caller's transaction.

- `obligation_transition`: one obligation the caller holds under a row lock (report
  submitted, accepted, returned).
- `obligations_withdraw`: not-submitted obligations a reorganisation found owed twice
  (the receiving unit already owes the period).
- `assignments_transition`: assignments ended together (completed by an accepted report,
  withdrawn with their item or by a unit merge), with the obligations that end with them.

The services of the reports and directives apps (through `assignments.receivers`) and
the unit merge call these; `tests/assignments/test_obligation_transitions.py` checks
that nothing else in the code writes a state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from tracker.errors import TransitionError
from tracker.events import event_record, events_record_many
from tracker.models import Event, EventVerb

from . import counts
from .models import Assignment, ReportObligation

O = ReportObligation.State  # noqa: E741 - the obligation states, as in the tables
A = Assignment.State

# A guard gets the row (None for a set-based change) and the fields written with the new
# state, and raises TransitionError when the change cannot be made.
Guard = Callable[[Any, dict[str, Any]], None]


def _require(fields: dict[str, Any], row, *names: str) -> None:
    missing = [n for n in names if fields.get(n) is None
               and (row is None or getattr(row, n, None) is None)]
    if missing:
        raise TransitionError(_("Thiếu dữ liệu cho việc chuyển trạng thái: %(fields)s.")
                              % {"fields": ", ".join(missing)}, field="state")


def _submitted(row, fields) -> None:
    _require(fields, row, "first_submitted_at", "effective_submitted_on")


def _accepted(row, fields) -> None:
    _require(fields, row, "accepted_at")


def _returned(row, fields) -> None:
    _require(fields, row, "resubmit_by")


def _withdrawn(row, fields) -> None:
    _require(fields, row, "withdrawn_at")


def _completed(row, fields) -> None:
    _require(fields, row, "completed_on", "completed_at")


OBLIGATION_TRANSITIONS: dict[tuple[str, str], Guard] = {
    (O.NOT_SUBMITTED, O.SUBMITTED): _submitted,
    (O.RETURNED, O.SUBMITTED): _submitted,
    (O.SUBMITTED, O.ACCEPTED): _accepted,
    (O.SUBMITTED, O.RETURNED): _returned,
    # Ended with the assignment (item withdrawn, unit merged, assignment completed).
    (O.NOT_SUBMITTED, O.WITHDRAWN): _withdrawn,
    (O.RETURNED, O.WITHDRAWN): _withdrawn,
    (O.SUBMITTED, O.WITHDRAWN): _withdrawn,
}

ASSIGNMENT_TRANSITIONS: dict[tuple[str, str], Guard] = {
    (A.OPEN, A.COMPLETED): _completed,
    (A.OPEN, A.WITHDRAWN): _withdrawn,
}


def _refuse(label: str, states: type, current: str, target: str) -> TransitionError:
    if current == states.WITHDRAWN:
        return TransitionError(_("%(what)s đã rút; không chuyển sang “%(to)s” được.")
                               % {"what": label, "to": states(target).label}, field="state")
    return TransitionError(
        _("%(what)s đang ở trạng thái “%(from)s”, không thể chuyển sang “%(to)s”.")
        % {"what": label, "from": states(current).label, "to": states(target).label},
        field="state")


def obligation_check(current: str, target: str, row=None, fields: dict | None = None) -> None:
    """Raise TransitionError unless the table has (current → target) and its guard passes."""
    guard = OBLIGATION_TRANSITIONS.get((current, target))
    if guard is None:
        raise _refuse(_("Yêu cầu báo cáo"), O, current, target)
    guard(row, fields or {})


def assignment_check(current: str, target: str, row=None, fields: dict | None = None) -> None:
    guard = ASSIGNMENT_TRANSITIONS.get((current, target))
    if guard is None:
        raise _refuse(_("Nhiệm vụ được giao"), A, current, target)
    guard(row, fields or {})


# --- one obligation ----------------------------------------------------------------------

@transaction.atomic(savepoint=False)
def obligation_transition(*, obligation: ReportObligation, to: str, actor, verb: EventVerb,
                          at: dt.datetime, about=None, about_from: str = "",
                          about_to: str = "", note: str = "", data: dict | None = None,
                          **fields: Any) -> Event:
    """Move one (locked) obligation to `to`, writing `fields` with it.

    The event is recorded on `about` (the report whose decision moved the obligation,
    with the report's own from → to; the obligation's go into the data), or on the
    obligation itself.
    """
    current = obligation.state
    obligation_check(current, to, obligation, fields)
    key_before = counts.key_of_obligation(obligation)
    for name, value in fields.items():
        setattr(obligation, name, value)
    obligation.state = to
    obligation.save(update_fields=["state", *fields, "updated_at"])
    counts.change([key_before], [counts.key_of_obligation(obligation)])
    data = {"obligation": obligation.pk, "obligation_from": current, **(data or {})}
    if about is None:
        return event_record(target=obligation, verb=verb, actor=actor, from_status=current,
                            to_status=to, note=note, data=data, at=at)
    return event_record(target=about, verb=verb, actor=actor, from_status=about_from,
                        to_status=about_to, note=note, data=data, at=at)


# --- assignments, with the obligations that end with them ----------------------------------

OBLIGATIONS_ENDING = (O.NOT_SUBMITTED, O.RETURNED, O.SUBMITTED)


@transaction.atomic(savepoint=False)
def assignments_transition(*, assignment_ids: Iterable[int], to: str, actor, verb: EventVerb,
                           at: dt.datetime, note: str = "", data: dict | None = None,
                           obligations_from: Iterable[str] = OBLIGATIONS_ENDING,
                           obligations_also: Q | None = None, counted: bool = False,
                           **fields: Any) -> list[int]:
    """Move open assignments to `to` (completed or withdrawn) and withdraw their
    obligations in `obligations_from` (narrowed by `obligations_also`). One event per
    assignment. Returns the ids moved.

    The counts follow (`counts.track`) unless the caller already tracks these rows
    (`counted=True`, a unit merge that also moves other assignments)."""
    ids = sorted(set(assignment_ids))
    if not ids:
        return []
    assignment_check(A.OPEN, to, None, fields)
    obligations_from = tuple(obligations_from)
    for state in obligations_from:
        obligation_check(state, O.WITHDRAWN, None, {"withdrawn_at": at})
    with (nullcontext() if counted else counts.track(ids)):
        moved = list(Assignment.objects.filter(pk__in=ids, state=A.OPEN).order_by("pk")
                     .values_list("pk", flat=True))
        Assignment.objects.filter(pk__in=moved).update(state=to, **fields)
        if obligations_from:
            ending = ReportObligation.objects.filter(assignment_id__in=moved,
                                                     state__in=obligations_from)
            if obligations_also is not None:
                ending = ending.filter(obligations_also)
            ending.update(state=O.WITHDRAWN, withdrawn_at=at)
    # One event per assignment, written together (a reorganisation ends thousands).
    events_record_many(model=Assignment, entries=[(pk, data or {}) for pk in moved],
                       verb=verb, actor=actor, from_status=A.OPEN, to_status=to, note=note,
                       at=at)
    return moved



@transaction.atomic(savepoint=False)
def obligations_withdraw(*, obligation_ids: Iterable[int], at: dt.datetime) -> int:
    """Withdraw not-submitted obligations of assignments already ended by a
    reorganisation's handover (the receiver owes the same period). The caller tracks the
    counts (`counts.track` over their assignments) and records the assignments' events."""
    ids = sorted(set(obligation_ids))
    obligation_check(O.NOT_SUBMITTED, O.WITHDRAWN, None, {"withdrawn_at": at})
    done = 0
    for start in range(0, len(ids), 2000):
        done += ReportObligation.objects.filter(
            pk__in=ids[start:start + 2000], state=O.NOT_SUBMITTED).update(
            state=O.WITHDRAWN, withdrawn_at=at)
    return done
