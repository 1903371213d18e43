"""Reminders and escalation (DESIGN §4): the ladder, the policy service and the sweep.

The ladder is computed, never stored: for an open obligation, the steps are keyed by
their offset from the date they are counted against (the current due date, or the
resubmission deadline of a returned report), e.g. "due-7@2026-12-15". A step's moment
is 07:30 Asia/Ho_Chi_Minh on the first working day on or after its nominal date.

The sweep (every 15 minutes) takes, for each open obligation, the latest step whose
moment has come. Each (obligation, step, recipient) is recorded in ReminderDispatch
under a unique constraint *before* anything is sent, with the claim token of the sweep;
then every recipient gets one notification listing all their items (one email, never
one per item). A rerun finds the rows and sends nothing; an overlapping sweep loses the
insert race and sends nothing; a sweep killed after claiming leaves rows in "claimed",
which the next sweep takes over once the lease has passed. Moving a due date changes
the keys (a new ladder); submitting takes the obligation out of the selection.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Count, F, Min, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from directives.models import Directive, ResponsibilityItem
from tracker import policy as access
from tracker.calendar import WorkingCalendar
from tracker.errors import DomainError
from tracker.events import event_record
from tracker.models import Membership, Notification
from tracker.timeutil import LOCAL_TZ, local_date

from .models import Assignment, ReminderDispatch, ReminderPolicy, ReportObligation

log = logging.getLogger(__name__)

OPEN_STATES = (ReportObligation.State.NOT_SUBMITTED, ReportObligation.State.RETURNED)
NOTIFICATION_KIND = "reminder"


# --- the ladder (pure) ---------------------------------------------------------------

@dataclass(frozen=True)
class Ladder:
    """A directive's reminder policy, resolved (the defaults when it has none)."""

    enabled: bool = True
    before_days: tuple[int, ...] = (7, 3, 1)
    on_due_day: bool = True
    overdue_first_days: int | None = 1
    overdue_repeat_days: int = 7
    escalate_after_days: int | None = 3
    escalate_to_unit_head: bool = True
    escalate_to_board: bool = True
    weekly_digest: bool = True

    @classmethod
    def of(cls, policy: ReminderPolicy | None) -> Ladder:
        if policy is None:
            return cls()
        return cls(
            enabled=policy.enabled,
            before_days=tuple(sorted({int(n) for n in policy.before_days or []}, reverse=True)),
            on_due_day=policy.on_due_day,
            overdue_first_days=policy.overdue_first_days,
            overdue_repeat_days=policy.overdue_repeat_days,
            escalate_after_days=policy.escalate_after_days,
            escalate_to_unit_head=policy.escalate_to_unit_head,
            escalate_to_board=policy.escalate_to_board,
            weekly_digest=policy.weekly_digest,
        )

    @property
    def lead_days(self) -> int:
        return max(self.before_days, default=0)

    def offsets_upto(self, last: int) -> list[int]:
        """The ladder's offsets (days from the base date) up to `last`, latest first."""
        offsets = {-n for n in self.before_days}
        if self.on_due_day:
            offsets.add(0)
        first = self.overdue_first_days
        if first:
            offsets.add(first)
            repeat = self.overdue_repeat_days
            if repeat and last >= first:
                k = (last - first) // repeat
                # A step pushed by a long holiday can land after the next one: look back a few.
                offsets.update(first + j * repeat for j in range(max(k - 4, 0), k + 1))
        if self.escalate_after_days:
            offsets.add(self.escalate_after_days)
        return sorted((o for o in offsets if o <= last), reverse=True)

    def escalates(self, offset: int) -> bool:
        return self.escalate_after_days is not None and offset >= self.escalate_after_days


@dataclass(frozen=True)
class Step:
    key: str
    offset: int
    base: dt.date
    nominal: dt.date
    send_at: dt.datetime
    escalate: bool


def step_name(offset: int) -> str:
    if offset < 0:
        return f"due-{-offset}"
    return "due0" if offset == 0 else f"over+{offset}"


def step_key(offset: int, base: dt.date, *, returned: bool = False) -> str:
    """The dispatch key of a rung: "due-7@2026-12-15", "resubmit-over+3@2026-12-20"."""
    return f"{'resubmit-' if returned else ''}{step_name(offset)}@{base.isoformat()}"


def send_time() -> dt.time:
    hour, minute = (int(x) for x in settings.REMINDERS_SEND_TIME.split(":"))
    return dt.time(hour, minute)


def send_moment(day: dt.date, calendar: WorkingCalendar) -> dt.datetime:
    """07:30 local on the first working day on or after `day`."""
    return dt.datetime.combine(calendar.next_working_day(day), send_time(), tzinfo=LOCAL_TZ)


def current_step(ladder: Ladder, base: dt.date, *, now: dt.datetime,
                 calendar: WorkingCalendar, returned: bool = False) -> Step | None:
    """The latest rung whose moment has come (earlier unsent rungs are superseded)."""
    if not ladder.enabled:
        return None
    today = local_date(now)
    for offset in ladder.offsets_upto((today - base).days):
        nominal = base + dt.timedelta(days=offset)
        moment = send_moment(nominal, calendar)
        if moment <= now:
            return Step(step_key(offset, base, returned=returned), offset, base, nominal,
                        moment, ladder.escalates(offset))
    return None


def ladder_schedule(ladder: Ladder, base: dt.date, *, calendar: WorkingCalendar,
                    until: dt.date, returned: bool = False) -> list[Step]:
    """Every rung up to `until` with the moment it goes out (for tests and the UI)."""
    steps = []
    for offset in sorted(ladder.offsets_upto((until - base).days)):
        nominal = base + dt.timedelta(days=offset)
        steps.append(Step(step_key(offset, base, returned=returned), offset, base, nominal,
                          send_moment(nominal, calendar), ladder.escalates(offset)))
    return steps


def base_date(state: str, due_on: dt.date, resubmit_by: dt.date | None) -> dt.date:
    """What a reminder counts against: the resubmission deadline of a returned report."""
    if state == ReportObligation.State.RETURNED and resubmit_by is not None:
        return resubmit_by
    return due_on


# --- policy: selector and service ------------------------------------------------------

def ladder_for(directive: Directive) -> Ladder:
    return Ladder.of(ReminderPolicy.objects.filter(directive=directive).first())


POLICY_FIELDS = ("enabled", "before_days", "on_due_day", "overdue_first_days",
                 "overdue_repeat_days", "escalate_after_days", "escalate_to_unit_head",
                 "escalate_to_board", "weekly_digest")


@transaction.atomic
def reminder_policy_set(*, directive: Directive, actor, **changes) -> ReminderPolicy:
    """The supervising board (or an administrator) edits a directive's reminder ladder."""
    access.require(access.can_review(actor, directive),
                   _("Chỉ ban theo dõi văn bản này mới được sửa chính sách nhắc việc."))
    unknown = set(changes) - set(POLICY_FIELDS)
    if unknown:
        raise DomainError(_("Trường không hợp lệ: %(names)s.") % {"names": ", ".join(
            sorted(unknown))}, field=sorted(unknown)[0])
    if "before_days" in changes:
        days = changes["before_days"]
        if not isinstance(days, list | tuple) or not all(
                isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= 90 for n in days):
            raise DomainError(_("Số ngày nhắc trước hạn phải là các số nguyên từ 1 đến 90."),
                              field="before_days")
        changes["before_days"] = sorted(set(days), reverse=True)
    for name, low, high in (("overdue_first_days", 1, 90), ("escalate_after_days", 1, 366),
                            ("overdue_repeat_days", 0, 366)):
        value = changes.get(name)
        if value is not None and (not isinstance(value, int) or not low <= value <= high):
            raise DomainError(_("Giá trị phải từ %(low)d đến %(high)d.")
                              % {"low": low, "high": high}, field=name)
    policy_row, _created = ReminderPolicy.objects.select_for_update().get_or_create(
        directive=directive)
    before = {name: getattr(policy_row, name) for name in POLICY_FIELDS}
    for name, value in changes.items():
        setattr(policy_row, name, value)
    policy_row.save()
    after = {name: getattr(policy_row, name) for name in POLICY_FIELDS}
    event_record(target=directive, verb="reminder_policy_changed", actor=actor,
                 data={"before": before, "after": after})
    return policy_row


# --- the sweep ---------------------------------------------------------------------------

@dataclass
class SweepResult:
    as_of: dt.datetime
    token: str
    obligations_seen: int = 0
    steps_due: int = 0
    claimed: int = 0
    reclaimed: int = 0
    cancelled: int = 0
    digests: int = 0
    notifications: int = 0
    recipients: dict[str, int] = field(default_factory=dict)
    deliveries: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {k: (v.isoformat() if isinstance(v, dt.datetime) else v)
                for k, v in self.__dict__.items()}


@dataclass
class _People:
    reporters: dict[int, list[int]]
    heads: dict[int, list[int]]
    reviewers: dict[int, list[int]]
    leaders: list[int]


def _people() -> _People:
    people = _People(defaultdict(list), defaultdict(list), defaultdict(list), [])
    rows = (Membership.objects.filter(user__is_active=True)
            .values_list("unit_id", "role", "user_id").order_by("user_id"))
    for unit_id, role, user_id in rows:
        if role == Membership.Role.REPORTER:
            people.reporters[unit_id].append(user_id)
        elif role == Membership.Role.UNIT_HEAD:
            people.heads[unit_id].append(user_id)
        elif role == Membership.Role.REVIEWER:
            people.reviewers[unit_id].append(user_id)
        elif role == Membership.Role.LEADER and user_id not in people.leaders:
            people.leaders.append(user_id)
    return people


def _candidates(*, today: dt.date, lead_days: int, after_id: int, limit: int):
    horizon = today + dt.timedelta(days=lead_days)
    return list(
        ReportObligation.objects.filter(
            id__gt=after_id, state__in=OPEN_STATES,
            assignment__state=Assignment.State.OPEN,
            assignment__item__status=ResponsibilityItem.Status.ACTIVE,
            assignment__item__directive__status=Directive.Status.ACTIVE,
        ).filter(
            Q(state=ReportObligation.State.NOT_SUBMITTED, due_on__lte=horizon)
            | Q(state=ReportObligation.State.RETURNED, resubmit_by__lte=horizon)
            | Q(state=ReportObligation.State.RETURNED, resubmit_by__isnull=True,
                due_on__lte=horizon)
        ).order_by("id").values_list("id", "state", "due_on", "resubmit_by",
                                     "assignment__unit_id", "assignment__item__directive_id")
        [:limit]
    )


def _recipients(step: Step, ladder: Ladder, unit_id: int, board_unit_id: int | None,
                people: _People) -> list[tuple[int, str]]:
    out: dict[int, str] = {}
    for user_id in people.reporters.get(unit_id) or people.heads.get(unit_id, []):
        out.setdefault(user_id, ReminderDispatch.Audience.UNIT)
    if step.escalate:
        if ladder.escalate_to_unit_head:
            for user_id in people.heads.get(unit_id, []):
                out.setdefault(user_id, ReminderDispatch.Audience.UNIT_HEAD)
        if ladder.escalate_to_board and board_unit_id is not None:
            for user_id in people.reviewers.get(board_unit_id, []):
                out.setdefault(user_id, ReminderDispatch.Audience.BOARD)
    return list(out.items())


def digest_step(now: dt.datetime, calendar: WorkingCalendar) -> tuple[str, dt.datetime]:
    """This week's digest key ("digest@2026-W50") and the moment it is due."""
    today = local_date(now)
    monday = today - dt.timedelta(days=today.weekday())
    target = monday + dt.timedelta(days=settings.REMINDERS_DIGEST_WEEKDAY % 7)
    year, week, _day = monday.isocalendar()
    return f"digest@{year}-W{week:02d}", send_moment(target, calendar)


def _claim_new(result: SweepResult, *, now: dt.datetime, clock: dt.datetime,
               calendar: WorkingCalendar, people: _People) -> None:
    """Plan the due rungs and record them (insert-or-ignore) under this sweep's token."""
    today = local_date(now)
    directives = dict(Directive.objects.filter(status=Directive.Status.ACTIVE)
                      .values_list("id", "supervising_unit_id"))
    policies = {p.directive_id: Ladder.of(p)
                for p in ReminderPolicy.objects.filter(directive_id__in=list(directives))}
    default = Ladder()
    lead_days = max([default.lead_days, *(p.lead_days for p in policies.values())])
    chunk = settings.REMINDERS_SWEEP_CHUNK
    after_id = 0
    while True:
        rows = _candidates(today=today, lead_days=lead_days, after_id=after_id, limit=chunk)
        if not rows:
            break
        after_id = rows[-1][0]
        result.obligations_seen += len(rows)
        planned: list[tuple] = []
        for ob_id, state, due_on, resubmit_by, unit_id, directive_id in rows:
            ladder = policies.get(directive_id, default)
            returned = state == ReportObligation.State.RETURNED and resubmit_by is not None
            base = base_date(state, due_on, resubmit_by)
            step = current_step(ladder, base, now=now, calendar=calendar, returned=returned)
            if step is None:
                continue
            result.steps_due += 1
            for user_id, audience in _recipients(step, ladder, unit_id,
                                                 directives.get(directive_id), people):
                planned.append((ob_id, step.key, user_id, audience, base, step.send_at))
        if not planned:
            continue
        existing = set(ReminderDispatch.objects.filter(
            obligation_id__in={p[0] for p in planned}, step__in={p[1] for p in planned},
        ).values_list("obligation_id", "step", "recipient_id"))
        _insert_claims([p for p in planned if p[:3] not in existing], token=result.token,
                       clock=clock)
    # The weekly digest for reviewers (of boards supervising an active directive) and leaders.
    key, moment = digest_step(now, calendar)
    if moment > now:
        return
    digest_directives = [d for d in directives if policies.get(d, default).weekly_digest]
    if not digest_directives:
        return
    wanted: list[int] = []
    for directive_id in digest_directives:
        wanted += people.reviewers.get(directives[directive_id], [])
    wanted += people.leaders
    wanted = list(dict.fromkeys(wanted))
    have = set(ReminderDispatch.objects.filter(obligation__isnull=True, step=key)
               .values_list("recipient_id", flat=True))
    _insert_claims([(None, key, user_id, ReminderDispatch.Audience.DIGEST, None, moment)
                    for user_id in wanted if user_id not in have],
                   token=result.token, clock=clock)


_CLAIM_COLUMNS = ("obligation_id", "step", "recipient_id", "audience", "base_on",
                  "scheduled_at", "claim_token", "claimed_at", "attempts", "status")


def _insert_claims(rows: list[tuple], *, token: str, clock: dt.datetime) -> None:
    """Insert-or-ignore dispatch rows (obligation_id, step, recipient_id, audience, base_on,
    scheduled_at) claimed by `token`: the unique constraints decide who owns a reminder."""
    if not rows:
        return
    if connection.vendor not in ("postgresql", "sqlite"):
        ReminderDispatch.objects.bulk_create(
            [ReminderDispatch(**dict(zip(_CLAIM_COLUMNS, (*r, token, clock, 1, "claimed"),
                                         strict=True))) for r in rows],
            batch_size=500, ignore_conflicts=True)
        return
    ops = connection.ops
    status = ReminderDispatch.Status.CLAIMED.value
    table = ops.quote_name(ReminderDispatch._meta.db_table)
    columns = ", ".join(ops.quote_name(c) for c in _CLAIM_COLUMNS)
    # Identifiers come from the model's _meta; every value is a bound parameter.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Six arrays unnested, 5,000 rows a statement: binding 10 values per row costs
            # more than PostgreSQL's insert itself.
            sql = (f"INSERT INTO {table} ({columns}) "  # noqa: S608
                   "SELECT u.ob, u.step, u.rcpt, u.aud, u.base, u.at, %s, %s, 1, %s "
                   "FROM unnest(%s::bigint[], %s::varchar[], %s::bigint[], %s::varchar[], "
                   "%s::date[], %s::timestamptz[]) AS u(ob, step, rcpt, aud, base, at) "
                   "ON CONFLICT DO NOTHING")
            for start in range(0, len(rows), 5000):
                part = rows[start:start + 5000]
                cursor.execute(sql, [token, clock, status,
                                     *map(list, zip(*part, strict=True))])
            return
        claimed_at = ops.adapt_datetimefield_value(clock)
        row_marks = "(" + ", ".join(["%s"] * len(_CLAIM_COLUMNS)) + ")"
        for start in range(0, len(rows), 90):  # SQLite: at most 999 parameters a statement
            part = rows[start:start + 90]
            params: list = []
            for ob, step, user, audience, base, moment in part:
                params += [ob, step, user, audience, ops.adapt_datefield_value(base),
                           ops.adapt_datetimefield_value(moment), token, claimed_at, 1, status]
            values = ", ".join([row_marks] * len(part))
            cursor.execute(
                f"INSERT OR IGNORE INTO {table} ({columns}) VALUES {values}",  # noqa: S608
                params)


def _reclaim(result: SweepResult, *, clock: dt.datetime) -> None:
    """Take over rows claimed by a sweep that died before sending them (lease passed)."""
    cutoff = clock - dt.timedelta(seconds=settings.REMINDERS_CLAIM_LEASE_SECONDS)
    result.reclaimed = ReminderDispatch.objects.filter(
        status=ReminderDispatch.Status.CLAIMED, claimed_at__lt=cutoff,
    ).exclude(claim_token=result.token).update(
        claim_token=result.token, claimed_at=clock, attempts=F("attempts") + 1)


def _link(name: str, *args) -> str:
    try:
        return reverse(name, args=list(args))
    except NoReverseMatch:
        return "/"


@dataclass
class _Item:
    dispatch_id: int
    audience: str
    obligation_id: int
    directive_id: int
    unit_name: str
    returned: bool
    base: dt.date
    days: int  # days left (>= 0) or overdue (< 0) as of the sweep's day
    obligation: ReportObligation | None = None  # loaded only for the lines shown


def _item_line(item: _Item, absolute) -> str:
    ob = item.obligation
    assignment = ob.assignment
    directive = assignment.item.directive
    unit = assignment.unit.short_name or assignment.unit.name
    if item.returned and ob.resubmit_by is not None:
        when = _("bị trả lại, hạn nộp lại %(date)s") % {"date": f"{item.base:%d/%m/%Y}"}
    else:
        when = _("hạn %(date)s") % {"date": f"{item.base:%d/%m/%Y}"}
    if item.days > 0:
        state = ngettext("còn %(n)d ngày", "còn %(n)d ngày", item.days) % {"n": item.days}
    elif item.days == 0:
        state = _("đến hạn hôm nay")
    else:
        state = ngettext("quá hạn %(n)d ngày", "quá hạn %(n)d ngày", -item.days) % {
            "n": -item.days}
    content = assignment.item.content.strip().replace("\n", " ")
    if len(content) > 120:
        content = content[:117].rstrip() + "…"
    return (f"• {unit} — {directive.number} — {ob.period.label} — {when} ({state})\n"
            f"  {content}\n  {absolute(_link('web:obligation-detail', ob.pk))}")


def _digest_stats(today: dt.date) -> dict[int, dict]:
    """Per active directive: overdue, due within 7 days, awaiting review, returned."""
    soon = today + dt.timedelta(days=7)
    numbers = dict(Directive.objects.filter(status=Directive.Status.ACTIVE)
                   .values_list("id", "number"))
    not_submitted, returned = ReportObligation.State.NOT_SUBMITTED, ReportObligation.State.RETURNED
    rows = (ReportObligation.objects.filter(period__directive_id__in=list(numbers))
            .values("period__directive_id")
            .annotate(
                overdue=Count("id", filter=Q(state=not_submitted, due_on__lt=today)
                              | Q(state=returned, resubmit_by__lt=today)),
                due_soon=Count("id", filter=Q(state=not_submitted, due_on__gte=today,
                                              due_on__lte=soon)),
                waiting=Count("id", filter=Q(state=ReportObligation.State.SUBMITTED)),
                returned=Count("id", filter=Q(state=returned)),
            ).order_by())
    stats = {d: {"number": n, "overdue": 0, "due_soon": 0, "waiting": 0, "returned": 0,
                 "late_units": []} for d, n in numbers.items()}
    for row in rows:
        stats[row.pop("period__directive_id")].update(row)
    late = (ReportObligation.objects.filter(
        period__directive_id__in=list(stats), state=not_submitted, due_on__lt=today,
        assignment__state=Assignment.State.OPEN)
        .values("period__directive_id", "assignment__unit__name")
        .annotate(n=Count("id"), oldest=Min("due_on"))
        .order_by("period__directive_id", "-n", "oldest"))
    for row in late:
        units = stats[row["period__directive_id"]]["late_units"]
        if len(units) < 5:
            units.append((row["assignment__unit__name"], row["n"],
                          (today - row["oldest"]).days))
    return stats


def _digest_text(directive_ids: list[int], stats: dict[int, dict], absolute) -> list[str]:
    lines = []
    for directive_id in directive_ids:
        s = stats.get(directive_id)
        if s is None:
            continue
        lines.append(_("• %(number)s: %(overdue)d báo cáo quá hạn, %(soon)d báo cáo đến hạn "
                       "trong 7 ngày tới, %(waiting)d báo cáo chờ thẩm định, %(returned)d "
                       "báo cáo bị trả lại chưa nộp lại.")
                     % {"number": s["number"], "overdue": s["overdue"], "soon": s["due_soon"],
                        "waiting": s["waiting"], "returned": s["returned"]})
        for name, count, days in s["late_units"]:
            lines.append("  – " + _("%(unit)s: %(n)d báo cáo quá hạn (lâu nhất %(days)d ngày)")
                         % {"unit": name, "n": count, "days": days})
        lines.append("  " + absolute(_link("web:directive-detail", directive_id)))
    return lines


def _compose(user, items: list[_Item], digest_ids: list[int] | None, stats, today: dt.date,
             is_board: bool) -> tuple[str, str, str]:
    from tracker.channels import absolute_url

    cap = settings.REMINDERS_MAX_ITEMS_PER_SECTION
    own = [i for i in items if i.audience == ReminderDispatch.Audience.UNIT]
    chase = [i for i in items if i.audience != ReminderDispatch.Audience.UNIT]
    parts, body = [], []

    def section(heading: str, section_items: list[_Item]) -> None:
        section_items.sort(key=lambda i: (i.days, i.unit_name, i.obligation_id))
        shown = section_items[:cap]
        loaded = (ReportObligation.objects.select_related(
            "period", "assignment__unit", "assignment__item__directive")
            .in_bulk([i.obligation_id for i in shown]))
        for i in shown:
            i.obligation = loaded[i.obligation_id]
        body.append(heading)
        body.extend(_item_line(i, absolute_url) for i in section_items[:cap])
        if len(section_items) > cap:
            body.append(_("… và %(n)d báo cáo khác.") % {"n": len(section_items) - cap})
        body.append("")

    if own:
        overdue = sum(1 for i in own if i.days < 0)
        parts.append(ngettext("%(n)d báo cáo của đơn vị cần nộp",
                              "%(n)d báo cáo của đơn vị cần nộp", len(own)) % {"n": len(own)})
        section(_("Báo cáo của đơn vị cần nộp (%(n)d, trong đó %(late)d quá hạn):")
                % {"n": len(own), "late": overdue}, own)
    if chase:
        parts.append(ngettext("%(n)d báo cáo quá hạn cần đôn đốc",
                              "%(n)d báo cáo quá hạn cần đôn đốc", len(chase)) % {
            "n": len(chase)})
        section(_("Báo cáo quá hạn cần đôn đốc (%(n)d):") % {"n": len(chase)}, chase)
    if digest_ids is not None:
        year, week, _d = today.isocalendar()
        parts.append(_("tổng hợp tuần %(week)d/%(year)d") % {"week": week, "year": year})
        body.append(_("Tổng hợp tuần %(week)d/%(year)d:") % {"week": week, "year": year})
        body.extend(_digest_text(digest_ids, stats, absolute_url) or [
            _("Không có văn bản nào đang theo dõi.")])
    title = _("Nhắc việc ngày %(date)s: %(parts)s") % {"date": f"{today:%d/%m/%Y}",
                                                       "parts": "; ".join(parts)}
    obligations = {i.obligation_id for i in items}
    directives = {i.directive_id for i in items} | set(
        digest_ids or [])
    if chase and is_board:
        link = _link("web:review-queue")
    elif len(obligations) == 1 and digest_ids is None:
        link = _link("web:obligation-detail", next(iter(obligations)))
    elif len(directives) == 1:
        link = _link("web:directive-detail", next(iter(directives)))
    else:
        link = "/"
    return title[:255], "\n".join(body).strip(), link


class _LostClaim(Exception):
    pass


def _send_claimed(result: SweepResult, *, now: dt.datetime, clock: dt.datetime,
                  people: _People) -> list[int]:
    """One notification per recipient with everything claimed for them by this sweep."""
    from tracker.channels import deliveries_create

    today = local_date(now)
    User = get_user_model()
    mine = ReminderDispatch.objects.filter(claim_token=result.token,
                                           status=ReminderDispatch.Status.CLAIMED)
    recipient_ids = sorted(set(mine.values_list("recipient_id", flat=True)))
    if not recipient_ids:
        return []
    users = User.objects.in_bulk(recipient_ids)
    directives = dict(Directive.objects.filter(status=Directive.Status.ACTIVE)
                      .values_list("id", "supervising_unit_id"))
    policies = {p.directive_id: p.weekly_digest for p in ReminderPolicy.objects.all()}
    stats = None
    reviewer_units = defaultdict(set)
    for unit_id, user_ids in people.reviewers.items():
        for user_id in user_ids:
            reviewer_units[user_id].add(unit_id)
    created: list[int] = []
    for user_id in recipient_ids:
        user = users.get(user_id)
        rows = list(mine.filter(recipient_id=user_id).values_list(
            "id", "obligation_id", "audience", "base_on", "obligation__state",
            "obligation__due_on", "obligation__resubmit_by", "obligation__assignment__state",
            "obligation__assignment__unit__name", "obligation__assignment__item__directive_id"))
        if not rows or user is None:
            continue
        items, cancel, digest_ids, digest_row_ids = [], [], None, []
        for (row_id, ob_id, audience, base_on, state, due_on, resubmit_by, a_state, unit_name,
             directive_id) in rows:
            if ob_id is None:
                digest_row_ids.append(row_id)
                if user_id in people.leaders:
                    digest_ids = [d for d in directives if policies.get(d, True)]
                else:
                    digest_ids = [d for d, board in directives.items()
                                  if board in reviewer_units[user_id] and policies.get(d, True)]
                continue
            base = base_date(state, due_on, resubmit_by)
            if state not in OPEN_STATES or a_state != Assignment.State.OPEN or base != base_on:
                cancel.append(row_id)  # submitted or re-based since it was claimed
                continue
            items.append(_Item(row_id, audience, ob_id, directive_id, unit_name,
                               state == ReportObligation.State.RETURNED, base,
                               (base - today).days))
        if digest_ids is not None and stats is None:
            stats = _digest_stats(today)
        try:
            with transaction.atomic():
                notification = None
                if items or digest_ids is not None:
                    with translation.override(settings.LANGUAGE_CODE):
                        title, body, link = _compose(
                            user, items, digest_ids, stats, today,
                            is_board=bool(reviewer_units[user_id]))
                    notification = Notification.objects.create(
                        recipient=user, kind=NOTIFICATION_KIND, title=title, body=body,
                        link=link)
                for start in range(0, len(cancel), 500):
                    ReminderDispatch.objects.filter(
                        pk__in=cancel[start:start + 500], claim_token=result.token,
                        status=ReminderDispatch.Status.CLAIMED,
                    ).update(status=ReminderDispatch.Status.CANCELLED, sent_at=None)
                expected = len(items) + len(digest_row_ids)
                done = mine.filter(recipient_id=user_id).update(
                    status=ReminderDispatch.Status.SENT, sent_at=clock,
                    notification=notification)
                if done != expected:
                    raise _LostClaim  # rows changed hands meanwhile: leave them to the owner
                result.cancelled += len(cancel)
                if notification is not None:
                    deliveries_create([notification])
                    created.append(notification.pk)
                    result.notifications += 1
                    result.digests += digest_ids is not None
                    result.recipients[user.username] = len(items)
        except _LostClaim:
            log.info("reminders for user %s were taken over by another sweep", user_id)
    return created


def reminders_sweep(*, now: dt.datetime | None = None, deliver: bool = True) -> SweepResult:
    """Send every reminder whose moment has come, once (DESIGN §4). Safe to rerun.

    `now` is the moment the ladder is judged at (default: the clock); the rows record
    the real clock. With `deliver`, the channels' pending deliveries are sent at the end
    (including any left over by an earlier outage).
    """
    clock = timezone.now()
    now = now or clock
    result = SweepResult(as_of=now, token=uuid.uuid4().hex)
    calendar = WorkingCalendar.load()
    people = _people()
    _claim_new(result, now=now, clock=clock, calendar=calendar, people=people)
    _reclaim(result, clock=clock)
    result.claimed = ReminderDispatch.objects.filter(claim_token=result.token).count()
    _send_claimed(result, now=now, clock=clock, people=people)
    if deliver:
        from tracker.channels import deliveries_send_pending

        result.deliveries = deliveries_send_pending()
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
    created = _send_claimed(result, now=clock, clock=clock, people=people)
    deliveries_schedule(list(Notification.objects.filter(pk__in=created)))
    event_record(target=obligation, verb="reminded", actor=actor,
                 data={"step": key, "recipients": recipients})
    return len(created)
