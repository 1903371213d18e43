"""The synthetic dataset: units, users, directives and their whole history, in bulk.

Everything is written as the services would have left it, with dated facts that agree
with the stored columns: an accepted obligation has its accepted report, a Review with
`decided_at`, `first_submitted_at`/`effective_submitted_on`; an extension has its
approved request and DeadlineChange; every state change has its Event row. Obligations
exist only for lead assignments of published directives, one per reporting period up
to today (as `_sync_obligations` opens them). The namespace is `bench-` (unit codes,
usernames) and `BENCH-` (directive numbers), see cleanup.py.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
import time
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from knox.crypto import hash_token
from knox.settings import CONSTANTS

from assignments import counts
from assignments.models import (
    Assignment,
    DeadlineChange,
    ExtensionRequest,
    ReportingPeriod,
    ReportObligation,
    StatusCount,
)
from assignments.periods import one_off_period, periods_between
from directives.models import Cadence, Directive, ResponsibilityItem, Section
from reports.models import ProgressReport, Review
from tracker.accounts.models import DeviceToken
from tracker.models import Event, Membership, Unit, UnitGroup
from tracker.timeutil import LOCAL_TZ, local_date

from .scales import FIXED_PER_PROVINCE, Scale
from .writer import Writer

User = get_user_model()
UNIT_PREFIX = "bench-"
DIRECTIVE_PREFIX = "BENCH-"
USER_PREFIX = "bench-"
DISSOLVED_ON = dt.date(2025, 7, 1)

BOARDS = [("btgdv", "Ban Tuyên giáo và Dân vận Tỉnh ủy", "Ban TG-DV"),
          ("btc", "Ban Tổ chức Tỉnh ủy", "Ban Tổ chức"),
          ("ubkt", "Ủy ban Kiểm tra Tỉnh ủy", "UBKT")]
BODIES = [("dubnd", "Đảng ủy Ủy ban nhân dân tỉnh", Unit.Kind.PARTY_COMMITTEE),
          ("mttq", "Đảng ủy Mặt trận Tổ quốc và các đoàn thể tỉnh", Unit.Kind.FRONT),
          ("tinhdoan", "Ban Thường vụ Tỉnh đoàn", Unit.Kind.MASS_ORGANISATION),
          ("hlhpn", "Đảng đoàn Hội Liên hiệp Phụ nữ tỉnh", Unit.Kind.PARTY_DELEGATION)]
KINDS = [Directive.Kind.CHI_THI] * 5 + [Directive.Kind.KE_HOACH] * 3 + [
    Directive.Kind.NGHI_QUYET, Directive.Kind.KET_LUAN, Directive.Kind.THONG_TRI]
VERBS = ["Tăng cường", "Đẩy mạnh", "Nâng cao chất lượng", "Tổ chức quán triệt",
         "Kiểm tra, giám sát", "Xây dựng kế hoạch", "Sơ kết, đánh giá"]
TOPICS = ["công tác dân vận", "xây dựng Đảng", "chuyển đổi số", "phòng, chống tham nhũng",
          "phát triển đảng viên", "an sinh xã hội", "xây dựng nông thôn mới",
          "cải cách hành chính", "bảo vệ môi trường", "quốc phòng, an ninh"]


# --- the columns written, parents first ---------------------------------------------

ORDER = [
    (Unit, ["id", "code", "name", "short_name", "kind", "parent", "order", "aliases", "email",
            "is_active", "dissolved_on", "successor", "created_at", "updated_at"]),
    (UnitGroup, ["id", "code", "name", "aliases", "created_at", "updated_at"]),
    (UnitGroup.members.through, ["id", "unitgroup", "unit"]),
    (User, ["id", "password", "last_login", "is_superuser", "username", "first_name",
            "last_name", "email", "is_staff", "is_active", "date_joined"]),
    (Membership, ["id", "user", "unit", "role", "created_at", "updated_at"]),
    (DeviceToken, ["digest", "token_key", "user", "created", "expiry", "name"]),
    (Directive, ["id", "number", "kind", "title", "issuer", "issuer_unit", "issued_on", "signer",
                 "supervising_unit", "status", "full_text", "parent", "report_cadence",
                 "report_due_day", "report_due_month_offset", "reporting_starts_on",
                 "reporting_ends_on", "published_at", "closed_at", "created_at",
                 "updated_at"]),
    (Section, ["id", "directive", "order", "addressee", "source_line"]),
    (ResponsibilityItem, ["id", "directive", "section", "order", "content", "expected_output",
                          "deadline_mode", "assignment_mode", "due_on", "cadence", "status",
                          "withdrawn_at", "source_line", "lock_version", "created_at",
                          "updated_at"]),
    (Assignment, ["id", "item", "unit", "original_unit", "role", "is_joint", "via_group",
                  "assigned_on", "original_due_on", "current_due_on", "state", "completed_on",
                  "completed_at", "withdrawn_at", "created_at", "updated_at", "board"]),
    (ReportingPeriod, ["id", "directive", "cadence", "label", "starts_on", "ends_on", "due_on"]),
    (ReportObligation, ["id", "assignment", "period", "original_due_on", "due_on", "state",
                        "first_submitted_at", "effective_submitted_on", "resubmit_by",
                        "accepted_at", "withdrawn_at", "created_at", "updated_at", "unit",
                        "board"]),
    (ExtensionRequest, ["id", "assignment", "obligation", "requested_by", "current_due_on",
                        "requested_due_on", "reason", "status", "decided_by", "decided_at",
                        "decision_note", "approved_due_on", "created_at", "updated_at"]),
    (DeadlineChange, ["id", "assignment", "obligation", "old_due_on", "new_due_on", "source",
                      "changed_at", "actor", "reason"]),
    (ProgressReport, ["id", "obligation", "version", "author", "unit_name", "status", "text",
                      "leadership_text", "results_text", "shortcomings_text",
                      "next_steps_text", "proposals_text", "progress_percent", "completed",
                      "submitted_at", "decided_at", "lock_version", "created_at",
                      "updated_at", "unit", "board"]),
    (Review, ["id", "report", "reviewer", "decision", "comment", "resubmit_by", "decided_at"]),
    (Event, ["id", "target_type", "target_id", "verb", "from_status", "to_status", "actor", "at",
             "note", "data"]),
]


@dataclass
class Province:
    index: int
    id: int
    name: str
    leadership: int
    boards: list[int]
    bodies: list[int]
    communes: list[int]
    group: int
    names: dict[int, str] = field(default_factory=dict)


@dataclass
class Dataset:
    """What the measurements need to know about the generated rows."""

    scale: str
    seed: int
    today: dt.date
    counts: dict[str, int]
    seconds: dict[str, float]
    build_seconds: float
    total_seconds: float
    summary_directive: int
    summary_assignments: int
    reviewer: int
    leader: int
    reporter: int
    reporter_unit: int
    province_unit: int
    tokens: dict[int, str]  # user id → token key (the named users and every reporter)

    def as_dict(self) -> dict:
        data = dict(self.__dict__)
        data["today"] = self.today.isoformat()
        data.pop("tokens")
        return data


def local_moment(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LOCAL_TZ)


class Generator:
    def __init__(self, scale: Scale, seed: int = 1, now: dt.datetime | None = None):
        from django.utils import timezone

        self.scale = scale
        self.rng = random.Random(seed)
        self.seed = seed
        self.now = now or timezone.now()
        self.today = local_date(self.now)
        self.w = Writer(order=ORDER)
        self.ct = {m: ContentType.objects.get_for_model(m).pk
                   for m in (Assignment, ProgressReport, Directive, ExtensionRequest)}
        self.reporters: dict[int, int] = {}  # unit → reporter user
        self.reviewers: dict[int, list[int]] = {}  # board → reviewer users
        self.tokens: dict[int, str] = {}
        self.provinces: list[Province] = []
        self.unit_names: dict[int, str] = {}
        self.summary_directive = 0
        self.summary_assignments = 0

    # --- small helpers ---------------------------------------------------------------

    def _event(self, ct: int, target: int, verb: str, at: dt.datetime, actor: int | None,
               from_status: str = "", to_status: str = "", data: dict | None = None) -> None:
        self.w.add(Event, (self.w.new_id(Event), ct, target, verb, from_status, to_status,
                           actor, at, "", data or {}))

    def _moment_between(self, start: dt.datetime, end: dt.datetime) -> dt.datetime:
        if end <= start:
            return start
        return start + dt.timedelta(seconds=self.rng.uniform(0, (end - start).total_seconds()))

    # --- units and people --------------------------------------------------------------

    def build_units(self) -> None:
        s, w = self.scale, self.w
        per_province = s.units // s.provinces
        n_communes = max(per_province - FIXED_PER_PROVINCE, 2)
        created = self.now - dt.timedelta(days=1200)
        for p in range(s.provinces):
            tag = f"p{p + 1:02d}"

            def unit(code, name, kind, parent, order, short="", active=True, tag=tag):
                pk = w.new_id(Unit)
                w.add(Unit, (pk, f"{UNIT_PREFIX}{tag}-{code}" if code else f"{UNIT_PREFIX}{tag}",
                             name, short, kind, parent, order, [], "", active,
                             None if active else DISSOLVED_ON, None, created, created))
                self.unit_names[pk] = name
                return pk

            province_name = f"Tỉnh ủy Bench {p + 1}"
            province = unit("", province_name, Unit.Kind.PARTY_COMMITTEE, None, p)
            leadership = unit("tt", f"Thường trực Tỉnh ủy Bench {p + 1}", Unit.Kind.LEADERSHIP,
                              province, 1)
            boards = [unit(code, name, Unit.Kind.ADVISORY_BOARD, province, 2 + i, short)
                      for i, (code, name, short) in enumerate(BOARDS)]
            bodies = [unit(code, name, kind, province, 10 + i)
                      for i, (code, name, kind) in enumerate(BODIES)]
            for d in range(FIXED_PER_PROVINCE - 1 - 1 - len(BOARDS) - len(BODIES)):
                unit(f"huyen-{d + 1}", f"Huyện ủy Bench {d + 1} (đã giải thể)",
                     Unit.Kind.PARTY_COMMITTEE, province, 100 + d, active=False)
            communes = [unit(f"xa-{c + 1}", f"Đảng ủy xã Bench {p + 1}.{c + 1}",
                             Unit.Kind.PARTY_COMMITTEE, province, 200 + c)
                        for c in range(n_communes)]
            group = w.new_id(UnitGroup)
            w.add(UnitGroup, (group, f"{UNIT_PREFIX}{tag}-cac-xa",
                              f"Các đảng ủy xã (Bench {p + 1})", ["các đảng ủy xã"], created,
                              created))
            for commune in communes:
                w.add(UnitGroup.members.through,
                      (w.new_id(UnitGroup.members.through), group, commune))
            self.provinces.append(Province(p, province, province_name, leadership, boards,
                                           bodies, communes, group))

    def build_people(self) -> tuple[int, int, int]:
        w = self.w
        joined = self.now - dt.timedelta(days=1000)
        named: dict[str, int] = {}

        def user(username: str, unit: int, role: str, token: bool = False) -> int:
            pk = w.new_id(User)
            w.add(User, (pk, "!bench-unusable", None, False, username, "", "",
                         f"{username}@bench.invalid", False, True, joined))
            w.add(Membership, (w.new_id(Membership), pk, unit, role, joined, joined))
            if token:
                # A knox key (64 hex); stored hashed, without expiry (the bench's own).
                key = secrets.token_hex(32)
                w.add(DeviceToken, (hash_token(key), key[:CONSTANTS.TOKEN_KEY_LENGTH], pk,
                                    joined, None, "bench"))
                self.tokens[pk] = key
            return pk

        for prov in self.provinces:
            tag = f"p{prov.index + 1:02d}"
            leader = user(f"{USER_PREFIX}{tag}-lanhdao", prov.leadership, Membership.Role.LEADER,
                          token=prov.index == 0)
            named.setdefault("leader", leader)
            for b, board in enumerate(prov.boards):
                self.reviewers[board] = [
                    user(f"{USER_PREFIX}{tag}-{BOARDS[b][0]}-{i + 1}", board,
                         Membership.Role.REVIEWER, token=(prov.index == 0 and b == 0 and i == 0))
                    for i in range(2)]
            named.setdefault("reviewer", self.reviewers[prov.boards[0]][0])
            for n, unit in enumerate(prov.bodies + prov.communes):
                self.reporters[unit] = user(f"{USER_PREFIX}{tag}-u{n + 1}-bc", unit,
                                            Membership.Role.REPORTER, token=True)
                if n % 3 == 0:
                    user(f"{USER_PREFIX}{tag}-u{n + 1}-ld", unit, Membership.Role.UNIT_HEAD)
        return named["reviewer"], named["leader"], self.reporters[self.provinces[0].communes[0]]

    # --- directives --------------------------------------------------------------------

    def _issue_date(self, cadence: str) -> dt.date:
        # Spread so that a lead assignment owes about obligations/assignments reports.
        span = {Cadence.MONTHLY: 220, Cadence.QUARTERLY: 610, Cadence.SEMI_ANNUAL: 1120,
                Cadence.ANNUAL: 1400}[cadence]
        return self.today - dt.timedelta(days=self.rng.randint(20, span))

    def build_directives(self) -> None:
        s = self.scale
        per_item = s.assignments / s.items
        items_per_directive = s.items / s.directives
        seq = 0
        for prov in self.provinces:
            count = s.directives // s.provinces + (prov.index < s.directives % s.provinces)
            budget_items = round(s.items * count / s.directives)
            for d in range(count):
                seq += 1
                target = prov.index == 0 and d == 0
                left = count - d
                n_items = max(1, round(budget_items / left)) if not target else 0
                if target:
                    n_items = max(1, round(s.summary_assignments / len(prov.communes)))
                else:
                    n_items = max(1, min(n_items, round(items_per_directive * 2)))
                budget_items -= n_items
                self._directive(prov, seq, n_items, per_item, target)
                self.w.checkpoint()

    def _directive(self, prov: Province, seq: int, n_items: int, per_item: float,
                   target: bool) -> None:
        rng, w = self.rng, self.w
        cadence = rng.choices([Cadence.SEMI_ANNUAL, Cadence.QUARTERLY, Cadence.ANNUAL,
                               Cadence.MONTHLY], weights=[50, 35, 10, 5])[0]
        status = rng.choices([Directive.Status.ACTIVE, Directive.Status.CLOSED,
                              Directive.Status.DRAFT], weights=[90, 5, 5])[0]
        if target:
            cadence, status = Cadence.SEMI_ANNUAL, Directive.Status.ACTIVE
            issued = self.today - dt.timedelta(days=400)
        else:
            issued = self._issue_date(cadence)
        board = prov.boards[0] if (target or rng.random() < 0.6) else rng.choice(prov.boards)
        reviewer = self.reviewers[board][0]
        created = local_moment(issued, 8)
        published = None
        closed = None
        if status != Directive.Status.DRAFT:
            published = local_moment(issued + dt.timedelta(days=rng.randint(1, 5)), 9)
            if published >= self.now:
                published = self.now - dt.timedelta(hours=1)
        if status == Directive.Status.CLOSED:
            closed = self._moment_between(published + dt.timedelta(days=1), self.now)
        pk = w.new_id(Directive)
        topic = rng.choice(TOPICS)
        w.add(Directive, (pk, f"{DIRECTIVE_PREFIX}{seq:05d}-CT/TU", rng.choice(KINDS),
                          f"Về {topic} (bench {seq})", prov.name, prov.id, issued,
                          "Bí thư Tỉnh ủy", board, status, "", None, cadence, 15, 0, None, None,
                          published, closed, created, closed or published or created))
        if published:
            self._event(self.ct[Directive], pk, "published", published, reviewer,
                        "draft", "active")
        if closed:
            self._event(self.ct[Directive], pk, "closed", closed, reviewer, "active", "closed")
        if target:
            self.summary_directive = pk
        n_sections = min(n_items, rng.randint(2, 4))
        sections = []
        for order in range(1, n_sections + 1):
            sid = w.new_id(Section)
            w.add(Section, (sid, pk, order, f"Phần {order}: các cấp ủy, tổ chức đảng", None))
            sections.append(sid)
        ctx = _DirectiveCtx(pk, prov, issued, cadence, status, published, closed, board,
                            reviewer, {})
        for order in range(1, n_items + 1):
            self._item(ctx, order, sections[(order - 1) * n_sections // n_items], per_item,
                       target)

    def _item(self, ctx: _DirectiveCtx, order: int, section: int, per_item: float,
              target: bool) -> None:
        rng, w = self.rng, self.w
        mode = rng.choices([ResponsibilityItem.DeadlineMode.CONTINUOUS,
                            ResponsibilityItem.DeadlineMode.FIXED,
                            ResponsibilityItem.DeadlineMode.PERIODIC], weights=[55, 35, 10])[0]
        joint = mode == ResponsibilityItem.DeadlineMode.FIXED and rng.random() < 0.6
        if target:
            mode, joint = ResponsibilityItem.DeadlineMode.CONTINUOUS, False
        due = None
        cadence = ""
        if mode == ResponsibilityItem.DeadlineMode.FIXED:
            due = ctx.issued + dt.timedelta(days=rng.randint(45, 540))
            if rng.random() < 0.3:
                cadence = ctx.cadence
        pk = w.new_id(ResponsibilityItem)
        created = ctx.published or local_moment(ctx.issued, 8)
        w.add(ResponsibilityItem, (
            pk, ctx.id, section, order,
            f"{rng.choice(VERBS)} {rng.choice(TOPICS)} trên địa bàn (nhiệm vụ {order})",
            "Báo cáo kết quả" if due else "", mode,
            ResponsibilityItem.AssignmentMode.JOINT if joint
            else ResponsibilityItem.AssignmentMode.EACH,
            due, cadence, ResponsibilityItem.Status.ACTIVE, None, None, 1, created, created))
        prov = ctx.prov
        if joint:
            # Leads report (bodies, communes); boards of the province cooperate too.
            lead = rng.choice(prov.bodies + prov.communes[:5])
            pool = [u for u in prov.bodies + prov.boards[1:] if u != lead]
            chosen = [lead, *rng.sample(pool, min(len(pool), rng.randint(1, 4)))]
            roles = [(lead, Assignment.Role.LEAD, None)] + [
                (u, Assignment.Role.COOPERATING, None) for u in chosen[1:]]
        else:
            communes = prov.communes
            if target:
                k = len(communes)
            else:
                # 21% of items are joint (about 3.5 assignments), the rest "each" with
                # a provincial body added to 30% of them.
                mean = max(1.0, (per_item - 0.21 * 3.5) / 0.79 - 0.3)
                k = min(len(communes), max(1, int(rng.triangular(1, 2 * mean - 1, mean))))
            chosen = communes if k == len(communes) else rng.sample(communes, k)
            via = prov.group if k == len(communes) else None
            roles = [(u, Assignment.Role.LEAD, via) for u in chosen]
            if rng.random() < 0.3 and not target:
                roles.append((rng.choice(prov.bodies), Assignment.Role.LEAD, None))
        item = _ItemCtx(pk, mode, due, cadence or (Cadence.ONE_OFF if due else ctx.cadence))
        completion = None
        for unit, role, via in roles:
            # A joint item has one deliverable: the lead's completion completes the others.
            completion = self._assignment(ctx, item, unit, role, joint, via,
                                          completion if joint else None)
            if target:
                self.summary_assignments += 1

    # --- assignments, periods, obligations, reports -------------------------------------

    def _period(self, ctx: _DirectiveCtx, spec) -> int:
        key = (spec.cadence, spec.starts_on, spec.ends_on)
        pk = ctx.periods.get(key)
        if pk is None:
            pk = ctx.periods[key] = self.w.new_id(ReportingPeriod)
            self.w.add(ReportingPeriod, (pk, ctx.id, spec.cadence, spec.label, spec.starts_on,
                                         spec.ends_on, spec.due_on))
        return pk

    def _specs(self, ctx: _DirectiveCtx, item: _ItemCtx, created: dt.datetime) -> list:
        horizon = self.today
        if ctx.closed:
            horizon = min(horizon, local_date(ctx.closed))
        if item.cadence == Cadence.ONE_OFF:
            return [one_off_period(ctx.issued, item.due)] if item.due else []
        last = horizon
        if item.due:
            last = min(last, item.due)
        earliest = max(ctx.issued, min(local_date(created), horizon))
        return [spec for spec in periods_between(item.cadence, ctx.issued, last, due_day=15,
                                                 due_month_offset=0)
                if spec.due_on >= earliest]

    def _assignment(self, ctx: _DirectiveCtx, item: _ItemCtx, unit: int, role: str,
                    joint: bool, via: int | None, completion):
        w = self.w
        pk = w.new_id(Assignment)
        created = ctx.published or local_moment(ctx.issued + dt.timedelta(days=1), 10)
        obligations = []
        if role == Assignment.Role.LEAD and ctx.published:
            for spec in self._specs(ctx, item, created):
                obligations.append(self._obligation(ctx, item, pk, unit, spec, created))
        state, completed_on, completed_at = Assignment.State.OPEN, None, None
        if role == Assignment.Role.LEAD and item.due and obligations:
            last = obligations[-1]
            if last and last[0] == "accepted" and self.rng.random() < 0.8:
                completion = (last[1], last[2], last[3])  # effective day, accept time, report
        if item.due and completion is not None:
            state, completed_on, completed_at = (Assignment.State.COMPLETED, completion[0],
                                                 completion[1])
        w.add(Assignment, (pk, item.id, unit, unit, role, joint, via, ctx.issued, item.due,
                           item.due, state, completed_on, completed_at, None, created,
                           completed_at or created, ctx.board))
        self._event(self.ct[Assignment], pk, "assigned", created, ctx.reviewer, "", "open",
                    {"item": item.id, "unit": unit, "role": role})
        if role == Assignment.Role.LEAD and completion is not None and completion[2]:
            completion[2][13] = True  # the accepted report claimed completion
        return completion

    def _obligation(self, ctx, item, assignment: int, unit: int, spec, a_created):
        """One obligation with its reports, reviews, extension and events.

        Returns (state, effective day, accepted at, report tuple) for the last obligation
        check of a fixed item's completion, else None.
        """
        rng, w = self.rng, self.w
        period = self._period(ctx, spec)
        pk = w.new_id(ReportObligation)
        start = dt.datetime.combine(spec.starts_on, dt.time(0, 30), tzinfo=LOCAL_TZ)
        created = min(max(a_created, start), self.now - dt.timedelta(minutes=5))
        original_due = due = spec.due_on
        author = self.reporters.get(unit)
        reviewers = self.reviewers[ctx.board]
        # A few approved extensions, decided before the original due date.
        extension = None
        if (item.due is None and due <= self.today and rng.random() < 0.02
                and local_moment(due - dt.timedelta(days=3), 10) > created):
            new_due = due + dt.timedelta(days=rng.randint(15, 45))
            decided = local_moment(due - dt.timedelta(days=3), 10)
            extension = (due, new_due, decided)
            due = new_due
        # The outcome, as of now.
        passed = due < self.today
        if ctx.closed:
            weights = [80, 20, 0, 0, 0, 0]
        elif passed:
            weights = [55, 15, 4, 7, 6, 13]
        else:
            weights = [8, 0, 0, 12, 0, 80]
        outcome = rng.choices(["on_time", "late", "returned_then_accepted", "submitted",
                               "returned", "open"], weights=weights)[0]
        reports = []  # (version, status, submitted_at, decided_at, decision, resubmit_by)
        first_sub = effective = resubmit_by = accepted_at = None
        state = ReportObligation.State.NOT_SUBMITTED
        due_end = local_moment(due, 17)
        latest = self.now - dt.timedelta(hours=2)
        if outcome in ("on_time", "returned_then_accepted", "submitted", "returned"):
            lo = max(created + dt.timedelta(hours=1), due_end - dt.timedelta(days=20))
            first_sub = self._moment_between(lo, min(due_end, latest))
        elif outcome == "late":
            lo = max(created + dt.timedelta(hours=1), due_end + dt.timedelta(days=1))
            first_sub = self._moment_between(lo, min(due_end + dt.timedelta(days=40), latest))
        if first_sub is not None and first_sub > latest:
            first_sub, outcome = None, "open"
        if first_sub is not None:
            effective = local_date(first_sub)
            state = ReportObligation.State.SUBMITTED
            decided = first_sub + dt.timedelta(hours=rng.randint(2, 240))
            if outcome in ("on_time", "late") and decided < self.now:
                reports.append((1, ProgressReport.Status.ACCEPTED, first_sub, decided, "accept",
                                None))
                state, accepted_at = ReportObligation.State.ACCEPTED, decided
            elif outcome in ("returned", "returned_then_accepted") and decided < self.now:
                resubmit_by = local_date(decided) + dt.timedelta(days=7)
                reports.append((1, ProgressReport.Status.RETURNED, first_sub, decided, "return",
                                resubmit_by))
                state = ReportObligation.State.RETURNED
                again = decided + dt.timedelta(days=rng.randint(1, 5))
                accepted = again + dt.timedelta(hours=rng.randint(2, 120))
                if outcome == "returned_then_accepted" and accepted < self.now:
                    reports.append((2, ProgressReport.Status.ACCEPTED, again, accepted, "accept",
                                    None))
                    state, accepted_at = ReportObligation.State.ACCEPTED, accepted
                    if local_date(again) > resubmit_by:
                        effective = local_date(again)
            else:
                reports.append((1, ProgressReport.Status.SUBMITTED, first_sub, None, None, None))
        elif rng.random() < 0.1 and author:
            reports.append((1, ProgressReport.Status.DRAFT, None, None, None, None))
        updated = max([created] + [r[3] or r[2] or created for r in reports])
        w.add(ReportObligation, (pk, assignment, period, original_due, due, state, first_sub,
                                 effective, resubmit_by, accepted_at, None, created, updated,
                                 unit, ctx.board))
        if extension:
            old, new, decided = extension
            ext = w.new_id(ExtensionRequest)
            asked = decided - dt.timedelta(days=2)
            w.add(ExtensionRequest, (ext, assignment, pk, author, old, new,
                                     "Đề nghị gia hạn do khối lượng công việc lớn",
                                     ExtensionRequest.Status.APPROVED, reviewers[0], decided,
                                     "", new, asked, decided))
            w.add(DeadlineChange, (w.new_id(DeadlineChange), assignment, pk, old, new,
                                   DeadlineChange.Source.EXTENSION, decided, reviewers[0],
                                   "Đề nghị gia hạn do khối lượng công việc lớn"))
            self._event(self.ct[ExtensionRequest], ext, "requested", asked, author, "",
                        "pending", {"obligation": pk})
            self._event(self.ct[ExtensionRequest], ext, "approved", decided, reviewers[0],
                        "pending", "approved", {"due_on": new.isoformat()})
        elif (state == ReportObligation.State.NOT_SUBMITTED and not ctx.closed
              and rng.random() < 0.004 and author):
            ext = w.new_id(ExtensionRequest)
            asked = self._moment_between(created, latest)
            w.add(ExtensionRequest, (ext, assignment, pk, author, due,
                                     due + dt.timedelta(days=30), "Xin gia hạn 30 ngày",
                                     ExtensionRequest.Status.PENDING, None, None, "", None,
                                     asked, asked))
            self._event(self.ct[ExtensionRequest], ext, "requested", asked, author, "",
                        "pending", {"obligation": pk})
        last_report = None
        for version, status, submitted, decided, decision, by in reports:
            last_report = self._report(pk, version, status, submitted, decided, decision, by,
                                       author, unit, ctx.board,
                                       reviewers[version % len(reviewers)], created)
        if state == ReportObligation.State.ACCEPTED:
            return ("accepted", effective, accepted_at, last_report)
        return None

    def _report(self, obligation, version, status, submitted, decided, decision, resubmit_by,
                author, unit, board, reviewer, created):
        w = self.w
        pk = w.new_id(ProgressReport)
        started = max(created, (submitted or self.now) - dt.timedelta(hours=3))
        row = [pk, obligation, version, author, self.unit_names[unit], status,
               "Đơn vị đã quán triệt và triển khai thực hiện.", "", "Kết quả bước đầu tích cực.",
               "", "", "", 100 if decision == "accept" else 60, False, submitted, decided,
               1 + (submitted is not None) + (decided is not None), started,
               decided or submitted or started, unit, board]
        self._event(self.ct[ProgressReport], pk, "created", started, author, "", "draft",
                    {"obligation": obligation, "version": version})
        if submitted:
            self._event(self.ct[ProgressReport], pk, "submitted", submitted, author, "draft",
                        "submitted", {"obligation": obligation})
        if decided:
            w.add(Review, (w.new_id(Review), pk, reviewer, decision,
                           "" if decision == "accept" else "Đề nghị bổ sung số liệu.",
                           resubmit_by, decided))
            self._event(self.ct[ProgressReport], pk, "accepted" if decision == "accept"
                        else "returned", decided, reviewer, "submitted", status,
                        {"obligation": obligation})
        w.add(ProgressReport, row)
        return row

    # --- the whole run -----------------------------------------------------------------

    def run(self) -> Dataset:
        started = time.perf_counter()
        self.build_units()
        reviewer, leader, reporter = self.build_people()
        self.build_directives()
        self.w.flush()
        t = time.perf_counter()
        self.w.stats["assignments_statuscount"].rows = counts.rebuild()
        self.w.stats["assignments_statuscount"].seconds += time.perf_counter() - t
        if connection.vendor == "postgresql":
            t = time.perf_counter()
            with connection.cursor() as cursor:
                for model, _names in [*ORDER, (StatusCount, [])]:
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
            self.w.stats["(analyze)"].seconds += time.perf_counter() - t
        total = time.perf_counter() - started
        write_seconds = sum(s.seconds for s in self.w.stats.values())
        return Dataset(
            scale=self.scale.name, seed=self.seed, today=self.today,
            counts={table: s.rows for table, s in self.w.stats.items() if s.rows},
            seconds={table: round(s.seconds, 2) for table, s in self.w.stats.items()},
            build_seconds=round(total - write_seconds, 2),
            total_seconds=round(total, 2),
            summary_directive=self.summary_directive,
            summary_assignments=self.summary_assignments,
            reviewer=reviewer, leader=leader, reporter=reporter,
            reporter_unit=self.provinces[0].communes[0], province_unit=self.provinces[0].id,
            tokens=self.tokens,
        )


@dataclass
class _DirectiveCtx:
    id: int
    prov: Province
    issued: dt.date
    cadence: str
    status: str
    published: dt.datetime | None
    closed: dt.datetime | None
    board: int
    reviewer: int
    periods: dict


@dataclass
class _ItemCtx:
    id: int
    mode: str
    due: dt.date | None
    cadence: str


def generate(scale: Scale, *, seed: int = 1, log=print) -> Dataset:
    return Generator(scale, seed=seed).run()


__all__ = ["Dataset", "Generator", "generate"]
