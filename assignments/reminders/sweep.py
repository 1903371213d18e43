"""The sweep and its post office: letters written and sent per batch of recipients, the
reminders sweep itself, and the board's "remind now". The top room of the package."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from directives.models import Directive
from tracker import policy as access
from tracker.calendar import WorkingCalendar
from tracker.errors import DomainError
from tracker.events import event_record
from tracker.models import EventVerb, Notification
from tracker.timeutil import local_date

from ..models import Assignment, ReminderDispatch, ReminderPolicy, ReportObligation
from .dispatch import _insert_claims, _LostClaim, _plan_forget_recorded, _reclaim, _record_planned
from .ladder import OPEN_STATES, base_date
from .letters import _compose, _digest_stats, _Letter, _letters, _Links, _plan_letters
from .planning import NOTE_TABLE, PLAN_TABLE, SweepResult, _plan, _plan_drop
from .recipients import _People, _people

log = logging.getLogger(__package__)  # "assignments.reminders", as before the split

NOTIFICATION_KIND = Notification.Kind.REMINDER


class _PostOffice:
    """What writing a sweep's letters needs besides their rows, loaded once per sweep."""

    def __init__(self, *, now: dt.datetime, clock: dt.datetime, people: _People):
        self.today, self.clock = local_date(now), clock
        self.directives = dict(Directive.objects.filter(status=Directive.Status.ACTIVE)
                               .values_list("id", "supervising_unit_id"))
        self.policies = {p.directive_id: p.weekly_digest for p in ReminderPolicy.objects.all()}
        self.leaders = set(people.leaders)
        self.reviewer_units: dict[int, set[int]] = defaultdict(set)
        for unit_id, user_ids in people.reviewers.items():
            for user_id in user_ids:
                self.reviewer_units[user_id].add(unit_id)
        self.stats = None
        self.links = _Links()

    def digest_ids_of(self, user_id: int) -> list[int]:
        if user_id in self.leaders:
            return [d for d in self.directives if self.policies.get(d, True)]
        return [d for d, board in self.directives.items()
                if board in self.reviewer_units[user_id] and self.policies.get(d, True)]

    def notification(self, result: SweepResult, letter: _Letter, user) -> Notification | None:
        """The unsaved notification of one letter (None: nothing to say), counted."""
        items = letter.own.total + letter.chase.total
        if not items and letter.digest_ids is None:
            return None
        if letter.digest_ids is not None and self.stats is None:
            self.stats = _digest_stats(self.today)
        with translation.override(settings.LANGUAGE_CODE):
            title, text, body, link, params = _compose(
                letter, self.stats, self.today, links=self.links,
                is_board=bool(self.reviewer_units[user.pk]))
        result.notifications += 1
        result.digests += letter.digest_ids is not None
        result.recipients[user.username] = items
        return Notification(recipient=user, kind=NOTIFICATION_KIND, title=title, text=text,
                            body=body, link=link, params=params)


SEND_BATCH = 200  # recipients a transaction


def _send_planned(result: SweepResult, post: _PostOffice) -> list[int]:
    """Record the planned rows and send them: one notification per recipient listing all
    their items (and the digest), claimed and sent in one step.

    Recipients go in batches; per batch, the letters are summed up from the plan, then in
    one transaction the notifications are written, the rows recorded as sent with them
    (insert-or-ignore) and the deliveries created. A crash before the commit leaves
    nothing (the next sweep plans the same rows again), after it nothing is owed. If an
    overlapping sweep recorded some of the rows first, the batch is rolled back, the rows
    now recorded are dropped from the plan, and the batch is written again without them.
    """
    from tracker.channels import deliveries_create

    User = get_user_model()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT rcpt FROM {PLAN_TABLE} ORDER BY rcpt")  # noqa: S608
        recipient_ids = [row[0] for row in cursor.fetchall()]
    created: list[int] = []
    for start in range(0, len(recipient_ids), SEND_BATCH):
        batch = recipient_ids[start:start + SEND_BATCH]
        span = (batch[0], batch[-1])
        users = User.objects.in_bulk(batch)
        for attempt in range(3):
            letters = _plan_letters(span, post.today, post.digest_ids_of)
            counts = (result.notifications, result.digests, dict(result.recipients))
            try:
                with transaction.atomic():
                    notes = [(user_id, letter, post.notification(result, letter, users[user_id]))
                             for user_id, letter in sorted(letters.items()) if user_id in users]
                    notes = [(u, letter, n) for u, letter, n in notes if n is not None]
                    Notification.objects.bulk_create([n for _u, _l, n in notes])
                    owed = sum(letter.own.total + letter.chase.total + letter.digests
                               for _u, letter, _n in notes)
                    with connection.cursor() as cursor:
                        cursor.execute(f"DELETE FROM {NOTE_TABLE}")  # noqa: S608
                        cursor.executemany(
                            f"INSERT INTO {NOTE_TABLE} (rcpt, nid) VALUES (%s, %s)",  # noqa: S608
                            [(user_id, n.pk) for user_id, _l, n in notes])
                    recorded = _record_planned(token=result.token, clock=post.clock,
                                               status=ReminderDispatch.Status.SENT,
                                               rcpt_range=span, with_notes=True)
                    if recorded != owed:
                        raise _LostClaim
                    deliveries_create([n for _u, _l, n in notes])
            except _LostClaim:
                result.notifications, result.digests, result.recipients = counts
                if attempt == 2:
                    raise
                log.info("reminders of users %s-%s were partly sent by another sweep", *span)
                _plan_forget_recorded(span)
                continue
            result.claimed += recorded
            created += [n.pk for _u, _l, n in notes]
            break
    return created


def _send_claimed(result: SweepResult, post: _PostOffice) -> list[int]:
    """One notification per recipient with the rows this sweep holds as claimed (taken
    over from a sweep that died, or recorded by "remind now").

    Recipients go in batches: per batch, rows no longer owed are cancelled and the
    letters summed up in three queries; then, in one transaction, each person's
    notification is created and their rows marked sent (under a savepoint each: a person
    whose rows changed hands meanwhile is left out, the others go).
    """
    from tracker.channels import deliveries_create

    User = get_user_model()
    mine = ReminderDispatch.objects.filter(claim_token=result.token,
                                           status=ReminderDispatch.Status.CLAIMED)
    recipient_ids = list(mine.order_by("recipient_id").values_list("recipient_id", flat=True)
                         .distinct())
    created: list[int] = []
    for start in range(0, len(recipient_ids), SEND_BATCH):
        batch = recipient_ids[start:start + SEND_BATCH]
        rows = mine.filter(recipient_id__in=batch)
        stale, letters = _letters(rows, post.today, post.digest_ids_of)
        for part in range(0, len(stale), 500):
            result.cancelled += rows.filter(pk__in=stale[part:part + 500]).update(
                status=ReminderDispatch.Status.CANCELLED, sent_at=None)
        users = User.objects.in_bulk(list(letters))
        with transaction.atomic():  # one commit per batch, a savepoint per person
            sent = []
            for user_id, letter in sorted(letters.items()):
                if user_id not in users:
                    continue
                try:
                    notification = _send_letter(result, letter, users[user_id], mine, post)
                except _LostClaim:
                    log.info("reminders for user %s were taken over by another sweep", user_id)
                    continue
                if notification is not None:
                    sent.append(notification)
            if sent:
                deliveries_create(sent)
        created += [notification.pk for notification in sent]
    return created


@transaction.atomic
def _send_letter(result: SweepResult, letter: _Letter, user, mine,
                 post: _PostOffice) -> Notification | None:
    """One person's notification, and their rows marked sent with it (all or nothing)."""
    counts = (result.notifications, result.digests, dict(result.recipients))
    notification = post.notification(result, letter, user)
    if notification is not None:
        notification.save()
    done = mine.filter(recipient_id=user.pk).update(
        status=ReminderDispatch.Status.SENT, sent_at=post.clock, notification=notification)
    if done != letter.own.total + letter.chase.total + letter.digests:
        result.notifications, result.digests, result.recipients = counts
        raise _LostClaim  # rows changed hands meanwhile: leave them to the owner
    return notification


def reminders_sweep(*, now: dt.datetime | None = None, deliver: bool = True) -> SweepResult:
    """Send every reminder whose moment has come, once (DESIGN §4). Safe to rerun.

    `now` is the moment the ladder is judged at (default: the clock); the rows record
    the real clock. First the rows left claimed by a sweep that died are taken over and
    sent; then the due rungs not yet recorded are planned, and recorded as sent together
    with their notifications. With `deliver`, the channels' pending deliveries are sent
    at the end (including any left over by an earlier outage).
    """
    clock = timezone.now()
    now = now or clock
    result = SweepResult(as_of=now, token=uuid.uuid4().hex)
    calendar = WorkingCalendar.load()
    people = _people()
    post = _PostOffice(now=now, clock=clock, people=people)
    _reclaim(result, clock=clock)
    if result.reclaimed:
        result.claimed += result.reclaimed
        _send_claimed(result, post)
    try:
        if _plan(result, now=now, calendar=calendar, people=people):
            _send_planned(result, post)
    finally:
        try:
            _plan_drop()
        except DatabaseError:  # an aborted transaction: the next sweep drops them first
            log.warning("could not drop the sweep's temporary tables", exc_info=True)
    if deliver:
        from tracker.channels import deliveries_send_pending

        # This sweep's own mail all goes now (a national sweep writes thousands of
        # notifications), and up to a thousand left over from earlier runs with it.
        result.deliveries = deliveries_send_pending(limit=1000 + result.notifications)
    return result


@transaction.atomic
def remind_now(*, obligation: ReportObligation, actor) -> int:
    """The board's "remind now": the same reminder log, one manual rung per day.

    Records a dispatch row per reporter of the unit under the key
    (obligation, "manual@<day>", recipient) and sends it like a sweep does; pressing the
    button again the same day sends nothing more. Returns the notifications sent.
    """
    from tracker.errors import TransitionError
    from tracker.notify import deliveries_schedule

    obligation = (ReportObligation.objects.select_for_update()
                  .select_related("assignment__item__directive", "assignment").get(
                      pk=obligation.pk))
    directive = obligation.assignment.item.directive
    access.require(access.can_review(actor, directive),
                   _("Chỉ ban theo dõi mới nhắc việc đơn vị."))
    if (obligation.state not in OPEN_STATES
            or obligation.assignment.state != Assignment.State.OPEN):
        raise TransitionError(_("Báo cáo này không còn phải nhắc (đã nộp hoặc đã rút)."),
                              field="obligation")
    clock = timezone.now()
    people = _people()
    unit_id = obligation.assignment.unit_id
    recipients = people.reporters.get(unit_id) or people.heads.get(unit_id, [])
    if not recipients:
        raise DomainError(_("Đơn vị chưa có cán bộ nhận nhắc việc."), field="obligation")
    base = base_date(obligation.state, obligation.due_on, obligation.resubmit_by)
    key = f"manual@{local_date(clock).isoformat()}"
    result = SweepResult(as_of=clock, token=uuid.uuid4().hex)
    _insert_claims([(obligation.pk, key, user_id, ReminderDispatch.Audience.UNIT, base, clock)
                    for user_id in recipients], token=result.token, clock=clock)
    if not ReminderDispatch.objects.filter(claim_token=result.token).exists():
        raise TransitionError(_("Đơn vị đã được nhắc hôm nay."), field="obligation")
    created = _send_claimed(result, _PostOffice(now=clock, clock=clock, people=people))
    deliveries_schedule(list(Notification.objects.filter(pk__in=created)))
    event_record(target=obligation, verb=EventVerb.REMINDED, actor=actor,
                 data={"step": key, "recipients": recipients})
    return len(created)
