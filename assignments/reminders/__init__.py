"""Reminders and escalation (DESIGN §4): the ladder, the policy service and the sweep.

The ladder is computed, never stored: for an open obligation, the steps are keyed by
their offset from the date they are counted against (the current due date, or the
resubmission deadline of a returned report), e.g. "due-7@2026-12-15". A step's moment
is 07:30 Asia/Ho_Chi_Minh on the first working day on or after its nominal date.

The sweep (every 15 minutes) takes, for each open obligation, the latest step whose
moment has come. Each (obligation, step, recipient) is recorded once in ReminderDispatch
under a unique constraint. The due rows not yet recorded are first planned into a
temporary table; then, per batch of recipients and in one transaction, every recipient's
notification listing all their items (one email, never one per item) is written and
their rows are inserted with it, already sent. A crash before a batch commits leaves
nothing behind (the next sweep plans the same rows), so a reminder is neither lost nor
sent twice; a rerun plans nothing; an overlapping sweep that recorded some rows first
keeps them (the batch is written again without them). Rows left "claimed" by an older
version of the sweep that died are taken over once the lease has passed. Moving a due
date changes the keys (a new ladder); submitting takes the obligation out of the
selection.

At national scale (millions of obligations) nothing is done per obligation in Python:
a rung depends only on (ladder, base date, returned, moment) and its recipients only on
(unit, board, escalation), so both are computed once per group; on PostgreSQL the plan
is one INSERT … SELECT over the candidates, and the letters are summed up in SQL per
batch of recipients. Memory does not grow with the number of obligations.

The package, by concern, listed from the lowest room up: a room imports only rooms listed
before it (never one after), so there is no import circle:

    ladder      the ladder (pure): rungs, their keys and moments, the digest's week
    policy      the policy selector (`ladder_for`) and service      imports ladder
    recipients  people by role, who is told, the per-group planner  imports ladder
    planning    the due rungs in a temporary table (Python and SQL)  imports ladder,
                recipients
    dispatch    the dispatch log: planned rows recorded, claims,     imports planning,
                leases taken over                                    recipients
    letters     a person's letter summed up from their rows;         imports ladder,
                digests; composition                                 planning
    sweep       the post office (letters written and sent),          imports all but
                reminders_sweep, remind_now                          policy

Callers import from the room that owns a name; the few entry points are re-exported here.
"""

from .ladder import Ladder
from .policy import ladder_for, reminder_policy_set
from .sweep import remind_now, reminders_sweep

__all__ = ["Ladder", "ladder_for", "remind_now", "reminder_policy_set", "reminders_sweep"]
