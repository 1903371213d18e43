"""Letters: what one person is sent by a sweep, summed up from their rows (in SQL, per
batch of recipients), and composed with the weekly digest into a notification's texts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import Case, Count, DateField, F, IntegerField, Min, Q, Value, When
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from directives.models import Directive
from tracker.models import Unit
from tracker.notification_texts import (
    DIGEST_LINE,
    reminder_item_params,
    reminder_item_summary,
    reminder_text,
    reminder_title,
)

from ..models import Assignment, ReminderDispatch, ReportObligation
from ..statuses.orm import obligation_overdue_q
from .ladder import OPEN_STATES, base_date
from .planning import PLAN_TABLE


def _link(name: str, *args) -> str:
    try:
        return reverse(name, args=list(args))
    except NoReverseMatch:
        return "/"


class _Links:
    """Paths of the sweep's links: reverse() once per URL name, then string formatting
    (a national sweep writes a hundred thousand links; reverse() costs ~0.1 ms each)."""

    _MARK = 987654321987654321

    def __init__(self):
        self._templates: dict[str, tuple[str, str] | None] = {}

    def __call__(self, name: str, *args) -> str:
        if len(args) != 1 or not isinstance(args[0], int):
            return _link(name, *args)
        if name not in self._templates:
            head, mark, tail = _link(name, self._MARK).partition(str(self._MARK))
            self._templates[name] = (head, tail) if mark else None
        template = self._templates[name]
        return _link(name, *args) if template is None else f"{template[0]}{args[0]}{template[1]}"


@dataclass
class _Item:
    """One obligation line of a reminder, with what the line shows."""

    obligation_id: int
    unit: str  # the short name, else the name
    directive_number: str
    period: str
    content: str
    returned: bool  # returned with a resubmission deadline
    base: dt.date
    days: int  # days left (>= 0) or overdue (< 0) as of the sweep's day


@dataclass
class _Section:
    """The items of one kind for one person: how many, how many late, the first shown."""

    total: int = 0
    late: int = 0
    shown: list[_Item] = field(default_factory=list)


def _item_params(item: _Item) -> dict:
    return reminder_item_params(unit=item.unit, number=item.directive_number,
                                period=item.period, returned=item.returned, base=item.base,
                                days=item.days)


def _item_line(item: _Item, absolute, links: _Links) -> str:
    content = item.content.strip().replace("\n", " ")
    if len(content) > 120:
        content = content[:117].rstrip() + "…"
    return (f"• {reminder_item_summary(_item_params(item))}\n"
            f"  {content}\n  {absolute(links('web:obligation-detail', item.obligation_id))}")


def _digest_stats(today: dt.date) -> dict[int, dict]:
    """Per active directive: overdue, due within 7 days, awaiting review, returned.

    "Overdue" is the one definition every other surface uses
    (`statuses.orm.obligation_overdue_q`): not handed in, or handed back, past its due date.
    """
    soon = today + dt.timedelta(days=7)
    numbers = dict(Directive.objects.filter(status=Directive.Status.ACTIVE)
                   .values_list("id", "number"))
    not_submitted, returned = ReportObligation.State.NOT_SUBMITTED, ReportObligation.State.RETURNED
    rows = (ReportObligation.objects.filter(period__directive_id__in=list(numbers))
            .values("period__directive_id")
            .annotate(
                overdue=Count("id", filter=obligation_overdue_q(today)),
                due_soon=Count("id", filter=Q(state=not_submitted, due_on__gte=today,
                                              due_on__lte=soon)),
                waiting=Count("id", filter=Q(state=ReportObligation.State.SUBMITTED)),
                returned=Count("id", filter=Q(state=returned)),
            ).order_by())
    stats = {d: {"number": n, "overdue": 0, "due_soon": 0, "waiting": 0, "returned": 0,
                 "late_units": []} for d, n in numbers.items()}
    for row in rows:
        stats[row.pop("period__directive_id")].update(row)
    late = (ReportObligation.objects.filter(obligation_overdue_q(today),
                                            period__directive_id__in=list(stats))
        .values("period__directive_id", "assignment__unit__name")
        .annotate(n=Count("id"), oldest=Min("due_on"))
        .order_by("period__directive_id", "-n", "oldest"))
    for row in late:
        units = stats[row["period__directive_id"]]["late_units"]
        if len(units) < 5:
            units.append((row["assignment__unit__name"], row["n"],
                          (today - row["oldest"]).days))
    return stats


def _digest_params(s: dict) -> dict:
    return {"number": s["number"], "overdue": s["overdue"], "soon": s["due_soon"],
            "waiting": s["waiting"], "returned": s["returned"]}


def _digest_text(directive_ids: list[int], stats: dict[int, dict], absolute,
                 links: _Links) -> list[str]:
    lines = []
    for directive_id in directive_ids:
        s = stats.get(directive_id)
        if s is None:
            continue
        lines.append(str(DIGEST_LINE % _digest_params(s)))
        for name, count, days in s["late_units"]:
            lines.append("  – " + _("%(unit)s: %(n)d báo cáo quá hạn (lâu nhất %(days)d ngày)")
                         % {"unit": name, "n": count, "days": days})
        lines.append("  " + absolute(links("web:directive-detail", directive_id)))
    return lines


@dataclass
class _Letter:
    """Everything one person is sent by a sweep (their claimed rows, summed up)."""

    own: _Section
    chase: _Section
    digest_ids: list[int] | None
    digests: int  # digest rows (one, unless a dead sweep's is taken over with this week's)
    obligations: int  # distinct obligations among the items
    first_obligation: int | None
    directives: int  # distinct directives among the items
    first_directive: int | None


def _relative(path: str) -> str:
    """Link lines are stored as paths; the email makes them absolute when it is sent."""
    return path or "/"


def _compose(letter: _Letter, stats, today: dt.date, *, is_board: bool,
             links: _Links) -> tuple[str, str, str, str, dict]:
    """(title, short text for the app, the letter's body for the email, link path, and
    the parameters the app renders the title and text from in the reader's language)."""
    absolute_url = _relative
    cap = settings.REMINDERS_MAX_ITEMS_PER_SECTION
    own, chase, digest_ids = letter.own, letter.chase, letter.digest_ids
    params: dict = {"date": today.isoformat(), "own": own.total, "chase": chase.total}
    body: list[str] = []

    def section(heading: str, items: _Section) -> None:
        body.append(heading)
        body.extend(_item_line(i, absolute_url, links) for i in items.shown[:cap])
        if items.total > cap:
            body.append(_("… và %(n)d báo cáo khác.") % {"n": items.total - cap})
        body.append("")

    if own.total:
        section(_("Báo cáo của đơn vị cần nộp (%(n)d, trong đó %(late)d quá hạn):")
                % {"n": own.total, "late": own.late}, own)
    if chase.total:
        section(_("Báo cáo quá hạn cần đôn đốc (%(n)d):") % {"n": chase.total}, chase)
    if digest_ids is not None:
        year, week, _d = today.isocalendar()
        params.update(week=week, year=year)
        body.append(_("Tổng hợp tuần %(week)d/%(year)d:") % {"week": week, "year": year})
        body.extend(_digest_text(digest_ids, stats, absolute_url, links) or [
            _("Không có văn bản nào đang theo dõi.")])
    # The directives of the items and of the digest: one of them alone gets its own link.
    directives = {letter.first_directive} if letter.directives == 1 else set()
    several = letter.directives > 1
    directives |= set(digest_ids or [])
    if chase.total and is_board:
        link = links("web:review-queue")
    elif letter.obligations == 1 and digest_ids is None:
        link = links("web:obligation-detail", letter.first_obligation)
    elif not several and len(directives) == 1:
        link = links("web:directive-detail", next(iter(directives)))
    else:
        link = "/"
    # In the app: the first item (or digest line), and how many more the letter lists.
    first = next(iter(own.shown[:cap] if own.total else []), None) or next(
        iter(chase.shown[:cap] if chase.total else []), None)
    if first is not None:
        params["item"] = _item_params(first)
    else:
        figures = next((stats[d] for d in digest_ids or [] if stats and d in stats), None)
        if figures is not None:
            params["digest"] = _digest_params(figures)
    params["more"] = own.total + chase.total - 1 if own.total + chase.total else 0
    return reminder_title(params)[:255], reminder_text(params)[:500], \
        "\n".join(body).strip(), link, params


def _letters(rows, today: dt.date, digest_ids_of) -> tuple[list[int], dict[int, _Letter]]:
    """Sum up `rows` (claimed, of a batch of recipients) in one pass over them: the ids of
    the rows no longer owed (the report was submitted or withdrawn, the assignment closed,
    or the date the rung counted against has moved), and per recipient the letter of the
    rest: counts, and the first items of each section in the order they are listed
    (soonest date, unit name, obligation)."""
    state = ReportObligation.State
    current_base = Case(When(obligation__state=state.RETURNED,
                             obligation__resubmit_by__isnull=False,
                             then=F("obligation__resubmit_by")),
                        default=F("obligation__due_on"), output_field=DateField())
    owed = Case(When(obligation__isnull=True, then=Value(1)),
                When(Q(obligation__state__in=OPEN_STATES,
                       obligation__assignment__state=Assignment.State.OPEN,
                       base_on=current_base), then=Value(1)),
                default=Value(0), output_field=IntegerField())
    inner, inner_params = rows.annotate(
        row_owed=owed, row_directive=F("obligation__assignment__item__directive_id"),
        row_unit_name=F("obligation__assignment__unit__name"),
    ).order_by().values_list(
        "id", "recipient_id", "audience", "obligation_id", "base_on", "scheduled_at",
        "row_owed", "row_directive", "row_unit_name").query.sql_with_params()
    return _sum_up(inner, inner_params, today, digest_ids_of)


def _plan_letters(rcpt_range: tuple[int, int], today: dt.date,
                  digest_ids_of) -> dict[int, _Letter]:
    """The letters of a batch of recipients from their planned rows (all owed: planned
    from the obligations as they are now)."""
    unit_table = connection.ops.quote_name(Unit._meta.db_table)
    inner = (f"SELECT 0, p.rcpt, p.aud, p.ob, p.base, p.at, 1, p.directive, u.name "  # noqa: S608
             f"FROM {PLAN_TABLE} p LEFT JOIN {unit_table} u ON u.id = p.unit "
             "WHERE p.rcpt BETWEEN %s AND %s")
    return _sum_up(inner, list(rcpt_range), today, digest_ids_of)[1]


def _sum_up(inner: str, inner_params: list, today: dt.date,
            digest_ids_of) -> tuple[list[int], dict[int, _Letter]]:
    """`_letters` over the rows of `inner`: (id, recipient, audience, obligation, base_on,
    scheduled_at, owed, directive, unit name)."""
    postgres = connection.vendor == "postgresql"
    unit = ReminderDispatch.Audience.UNIT.value
    # Python orders unit names by code point: "C" on PostgreSQL, BINARY on SQLite.
    sql = f"""
        WITH r (id, rcpt, audience, ob, base_on, scheduled_at, owed, directive, unit_name)
        AS {"MATERIALIZED" if postgres else ""} ({inner})
        SELECT 0, r.id, 0, 0, 0, 0, 0, 0, 0, 0 FROM r WHERE r.owed = 0
        UNION ALL
        SELECT 1, r.rcpt,
               COUNT(*) FILTER (WHERE r.audience = %s),
               COUNT(*) FILTER (WHERE r.audience = %s AND r.base_on < %s),
               COUNT(*) FILTER (WHERE r.ob IS NOT NULL AND r.audience <> %s),
               COUNT(*) FILTER (WHERE r.ob IS NULL),
               COUNT(DISTINCT r.ob), MIN(r.ob), COUNT(DISTINCT r.directive), MIN(r.directive)
        FROM r WHERE r.owed = 1 GROUP BY r.rcpt
        UNION ALL
        SELECT 2, s.rcpt, s.chase, s.rank, s.ob, 0, 0, 0, 0, 0 FROM (
            SELECT r.rcpt, r.ob, CASE WHEN r.audience = %s THEN 0 ELSE 1 END AS chase,
                   ROW_NUMBER() OVER (
                       PARTITION BY r.rcpt, CASE WHEN r.audience = %s THEN 0 ELSE 1 END
                       ORDER BY r.base_on, r.unit_name COLLATE {'"C"' if postgres else "BINARY"},
                                r.ob, r.scheduled_at DESC, r.id) AS rank
            FROM r WHERE r.owed = 1 AND r.ob IS NOT NULL) s
        WHERE s.rank <= %s"""  # noqa: S608 (the inner query is the ORM's; values are bound)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*inner_params, unit, unit, today, unit, unit, unit,
                             settings.REMINDERS_MAX_ITEMS_PER_SECTION])
        result = cursor.fetchall()
    stale, letters, shown = [], {}, []
    for kind, key, *values in result:
        if kind == 0:
            stale.append(key)
        elif kind == 1:
            own, late, chase, digests, obligations, first_ob, directives, first_dir = values
            letters[key] = _Letter(
                own=_Section(own, late), chase=_Section(chase),
                digest_ids=digest_ids_of(key) if digests else None, digests=digests,
                obligations=obligations, first_obligation=first_ob, directives=directives,
                first_directive=first_dir)
        else:
            shown.append((key, *values[:3]))
    shown.sort()
    lines = _item_fields({ob for *_key, ob in shown}, today)
    for user_id, chase, _rank, ob in shown:
        letter = letters[user_id]
        (letter.chase if chase else letter.own).shown.append(lines[ob])
    return stale, letters


def _item_fields(obligation_ids: set[int], today: dt.date) -> dict[int, _Item]:
    """What the listed obligations' lines show, loaded once per batch."""
    items = {}
    ids = sorted(obligation_ids)
    for start in range(0, len(ids), 500):  # small enough for index lookups, never a scan
        for (ob_id, short_name, name, number, period, content, state, due_on,
             resubmit_by) in ReportObligation.objects.filter(
                pk__in=ids[start:start + 500]).order_by().values_list(
                "id", "assignment__unit__short_name", "assignment__unit__name",
                "assignment__item__directive__number", "period__label",
                "assignment__item__content", "state", "due_on", "resubmit_by"):
            base = base_date(state, due_on, resubmit_by)
            items[ob_id] = _Item(ob_id, short_name or name, number, period, content,
                                 state == ReportObligation.State.RETURNED
                                 and resubmit_by is not None, base, (base - today).days)
    return items
