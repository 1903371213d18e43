"""The demo: Kon Tum's 2021 units, directive 06-CT/TU and a believable report history,
then the 2025 reorganisation (story2025.py: the boards merge on 1/3/2025, the province
joins Quảng Ngãi and the communes replace the districts on 1/7/2025).

Everything is written through the same services users call, with the clock moved
to the day each thing happened, so events, timeliness and "as of" figures are
real. Loading twice changes nothing.
"""

import datetime as dt
import json
import random
import secrets
from dataclasses import dataclass
from pathlib import Path

import time_machine
from django.contrib.auth import get_user_model
from django.db import transaction

from assignments import services as assignment_services
from assignments.models import Assignment, ReportObligation
from directives import services as directive_services
from directives.models import Cadence, Directive, ResponsibilityItem
from reports import services as report_services
from reports.models import Indicator, IndicatorTarget, ProgressReport
from tracker import notify, tx
from tracker.calendar import holidays_sync
from tracker.models import Membership, Unit, UnitGroup
from tracker.timeutil import LOCAL_TZ
from tracker.timeutil import today as local_today

from . import story2025
from .units import DEMO_USERS, GROUPS, PROVINCE, UNITS

HERE = Path(__file__).resolve().parent
SEED_TEXT = HERE / "chi-thi-06-CT-TU-kon-tum.txt"
SEED_BREAKDOWN = HERE / "chi-thi-06-CT-TU-kon-tum.expected.json"
DIRECTIVE_NUMBER = "06-CT/TU"
ISSUER = "Ban Thường vụ Tỉnh ủy (Kon Tum)"

# Section 3, item 1 ("Xây dựng đề án, chương trình, kế hoạch…") is the one duty with
# a deliverable: the board set 31/12/2021 for it when it published the directive.
PLAN_ITEM = (3, 1)
PLAN_DUE = dt.date(2021, 12, 31)

SECTION_TARGETS = {
    1: {"groups": ["cap-uy-truc-thuoc"]},
    2: {"lead": "bcsd-ubnd", "units": ["ubnd-tinh"]},
    3: {"groups": ["mttq-doan-the"]},
    4: {"lead": "bdv-tu"},
}


@dataclass
class DemoResult:
    created: bool
    password: str | None
    counts: dict[str, int]


def _at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LOCAL_TZ)


def _travel(day: dt.date, hour: int = 9, minute: int = 0):
    return time_machine.travel(_at(day, hour, minute), tick=False)


def _upsert_unit(code: str, defaults: dict) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is not None and (not unit.is_active or unit.revisions.exists()):
        return unit  # reorganised (2025): its name and parent are the reorganisation's now
    return Unit.objects.update_or_create(code=code, defaults=defaults)[0]


def _upsert_units() -> dict[str, Unit]:
    code, name, short, kind, aliases = PROVINCE
    root = _upsert_unit(code, {"name": name, "short_name": short, "kind": kind,
                               "aliases": aliases, "order": 0})
    units = {code: root}
    for order, (code, name, short, kind, aliases) in enumerate(UNITS, start=1):
        units[code] = _upsert_unit(code, {"name": name, "short_name": short, "kind": kind,
                                          "aliases": aliases, "parent": root,
                                          "order": order})
    for code, name, aliases, members in GROUPS:
        group, _ = UnitGroup.objects.update_or_create(code=code,
                                                      defaults={"name": name, "aliases": aliases})
        # Added, never reset: a reorganisation adds the successors to the groups.
        group.members.add(*[units[m] for m in members])
    return units


def _upsert_users(units: dict[str, Unit], password: str | None) -> dict[str, object]:
    User = get_user_model()
    users = {}
    admin, created = User.objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True,
                                    "first_name": "Quản trị", "last_name": "hệ thống"})
    if password:
        admin.set_password(password)
        admin.save()
    users["admin"] = admin
    for username, first, last, unit_code, role in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last,
                                         "email": f"{username}@demo.local"})
        if password:
            user.set_password(password)
            user.save()
        if units[unit_code].is_active:  # a merged unit's members moved with it
            Membership.objects.get_or_create(user=user, unit=units[unit_code], role=role)
        users[username] = user
    # Every other assigned unit has a reporting officer (no password: not a login).
    for code, unit in units.items():
        if code in {u[3] for u in DEMO_USERS if u[4] == Membership.Role.REPORTER}:
            continue
        users[f"bc-{code}"] = _reporting_officer(code, unit)
    # Unit heads, told when their unit is late (escalation).
    for code in ("thanhuy-kontum", "btv-tinhdoan"):
        user, created = User.objects.get_or_create(
            username=f"truong-{code}", defaults={"first_name": "Thủ trưởng",
                                                 "last_name": units[code].short_name})
        if created:
            user.set_unusable_password()
            user.save()
        Membership.objects.get_or_create(user=user, unit=units[code],
                                         role=Membership.Role.UNIT_HEAD)
    _upsert_commune_users(users, password)
    return users


def _upsert_commune_users(users: dict[str, object], password: str | None) -> None:
    """The reporters of the new communes (2025), once the reorganisation made them: the
    demo login of phường Kon Tum and a reporting officer (no login) for each other."""
    User = get_user_model()
    units = {u.code: u for u in Unit.objects.filter(code__in=story2025.SUCCESSOR_CODES)}
    if not units:
        return
    username, first, last, unit_code, role = story2025.COMMUNE_USER
    user, _created = User.objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last,
                                     "email": f"{username}@demo.local"})
    if password:
        user.set_password(password)
        user.save()
    Membership.objects.get_or_create(user=user, unit=units[unit_code], role=role)
    users[username] = user
    for code, unit in units.items():
        if code == unit_code:
            continue
        users[f"bc-{code}"] = _reporting_officer(code, unit)


def _seed_sections() -> list[dict]:
    """Sections and items of the seed, their text read from the seed at the given lines."""
    lines = SEED_TEXT.read_text(encoding="utf-8").splitlines()
    breakdown = json.loads(SEED_BREAKDOWN.read_text(encoding="utf-8"))
    sections = []
    for s_index, section in enumerate(breakdown["sections"], start=1):
        items = []
        for item in section["items"]:
            text = lines[item["line"] - 1].strip()
            assert text.startswith(item["starts_with"]), item
            items.append({"line": item["line"], "content": text})
        sections.append({"order": s_index, "line": section["line"],
                         "addressee": section["addressee"], "mode": section["assignment_mode"],
                         "items": items})
    return sections


def _create_directive(units, users) -> Directive:
    board = users["danvan"]
    breakdown = json.loads(SEED_BREAKDOWN.read_text(encoding="utf-8"))
    lines = SEED_TEXT.read_text(encoding="utf-8").splitlines()
    meta = breakdown["directive"]
    issued = dt.date.fromisoformat(meta["issued_on"])
    with _travel(issued + dt.timedelta(days=3), 8):
        directive = directive_services.directive_create(
            actor=board, supervising_unit=units["bdv-tu"], number=meta["number"],
            kind=Directive.Kind.CHI_THI, title=meta["title"], issuer=ISSUER,
            issuer_unit=units["btv-tu"], issued_on=issued, signer="T/M Ban Thường vụ Tỉnh ủy",
            full_text="\n".join(lines[8:49]).strip(), report_cadence=Cadence.SEMI_ANNUAL,
            report_due_day=15, report_due_month_offset=0)
        groups = {g.code: g for g in UnitGroup.objects.all()}
        for section in _seed_sections():
            sec = directive_services.section_create(
                directive=directive, actor=board, addressee=section["addressee"],
                order=section["order"], source_line=section["line"])
            target = SECTION_TARGETS[section["order"]]
            for i_index, item_data in enumerate(section["items"], start=1):
                fixed = (section["order"], i_index) == PLAN_ITEM
                item = directive_services.item_create(
                    directive=directive, actor=board, section=sec,
                    content=item_data["content"],
                    deadline_mode=(ResponsibilityItem.DeadlineMode.FIXED if fixed
                                   else ResponsibilityItem.DeadlineMode.CONTINUOUS),
                    due_on=PLAN_DUE if fixed else None,
                    expected_output="Đề án/kế hoạch được ban hành" if fixed else "",
                    assignment_mode=section["mode"])
                assignment_services.item_assign(
                    item=item, actor=board,
                    groups=[groups[g] for g in target.get("groups", [])],
                    units=[units[u] for u in target.get("units", [])],
                    lead_unit=units[target["lead"]] if "lead" in target else None)
        _create_indicators(directive, units)
        return directive_services.directive_publish(directive=directive, actor=board,
                                                    today=issued + dt.timedelta(days=3))


# Gathering people into the Front and the mass organisations (REPORT-FORMAT.md):
# who could be gathered, who is, newly admitted; "trong đó" rows by area.
INDICATOR_ITEM_ORDER = 8  # section 3, item 2: "Tập trung thực hiện các giải pháp…"
BREAKDOWNS = [["dn_ngoai_nha_nuoc", "Doanh nghiệp ngoài nhà nước"],
              ["vung_dtts", "Vùng đồng bào dân tộc thiểu số"],
              ["vung_ton_giao", "Vùng có tôn giáo"]]
BREAKDOWN_SHARE = {"dn_ngoai_nha_nuoc": (0.08, 0.55), "vung_dtts": (0.52, 0.85),
                   "vung_ton_giao": (0.21, 0.8)}
# unit code: (people who could be gathered, starting rate, own target rate %)
ORGANISATIONS = {
    "dd-mttq": (352_000, 0.71, 90), "dd-ldld": (31_500, 0.83, 95),
    "btv-tinhdoan": (118_000, 0.58, 80), "dd-hlhpn": (131_000, 0.69, 80),
    "dd-hnd": (104_000, 0.74, 90), "dd-hccb": (9_800, 0.88, 95),
}


def _create_indicators(directive: Directive, units) -> None:
    item = directive.items.get(order=INDICATOR_ITEM_ORDER)
    eligible = Indicator.objects.create(
        directive=directive, item=item, code="eligible", order=1,
        name="Số người có thể tập hợp", unit_of_measure="người",
        aggregation=Indicator.Aggregation.LATEST, breakdowns=BREAKDOWNS)
    gathered = Indicator.objects.create(
        directive=directive, item=item, code="gathered", order=2,
        name="Số người đã tập hợp vào tổ chức", unit_of_measure="người",
        aggregation=Indicator.Aggregation.LATEST, breakdowns=BREAKDOWNS,
        denominator=eligible, target_rate=85)
    Indicator.objects.create(
        directive=directive, item=item, code="admitted", order=3,
        name="Kết nạp mới trong kỳ", unit_of_measure="người",
        aggregation=Indicator.Aggregation.SUM, breakdowns=BREAKDOWNS)
    for code, (_people, _rate, target) in ORGANISATIONS.items():
        IndicatorTarget.objects.create(indicator=gathered, unit=units[code], target_rate=target)


def _indicator_values(obligation: ReportObligation, rng: random.Random) -> list[dict]:
    if obligation.assignment.item.order != INDICATOR_ITEM_ORDER:
        return []
    people, rate, _target = ORGANISATIONS[obligation.assignment.unit.code]
    step = (obligation.period.starts_on.year - 2021) * 2 + (obligation.period.starts_on.month > 6)
    rate_now = min(rate + 0.012 * step + rng.uniform(-0.004, 0.004), 0.97)
    rate_before = min(rate + 0.012 * (step - 1), 0.97)
    indicators = {i.code: i for i in Indicator.objects.filter(
        directive_id=obligation.assignment.item.directive_id)}
    values = []
    for breakdown, (share, factor) in [("", (1.0, 1.0)), *BREAKDOWN_SHARE.items()]:
        eligible = round(people * share)
        gathered = round(eligible * rate_now * factor)
        admitted = max(round(eligible * (rate_now - rate_before) * factor * 1.4), 0)
        values += [
            {"indicator": indicators["eligible"], "breakdown": breakdown, "value": eligible},
            {"indicator": indicators["gathered"], "breakdown": breakdown, "value": gathered},
            {"indicator": indicators["admitted"], "breakdown": breakdown, "value": admitted},
        ]
    return values


RESULTS = [
    "Ban hành {n} văn bản lãnh đạo, chỉ đạo; tổ chức {c} hội nghị quán triệt cho {p} cán bộ, "
    "đảng viên.",
    "Tổ chức {c} đợt tuyên truyền trên các phương tiện thông tin đại chúng và mạng xã hội; "
    "{p} lượt người tham gia.",
    "Kiện toàn {n} chi hội, chi đoàn ở cơ sở; kết nạp mới {p} đoàn viên, hội viên.",
]
SHORTCOMINGS = [
    "Công tác tập hợp quần chúng ở vùng đồng bào dân tộc thiểu số còn gặp khó khăn.",
    "Việc phát triển đoàn viên, hội viên trong doanh nghiệp ngoài nhà nước còn chậm.",
    "Một số cơ sở chưa chủ động xây dựng kế hoạch cụ thể.",
]


def _report_fields(rng: random.Random, completed: bool = False) -> dict:
    return {
        "text": "Báo cáo kết quả thực hiện Chỉ thị 06-CT/TU trong kỳ.",
        "leadership_text": "Cấp ủy đã ban hành kế hoạch thực hiện và tổ chức quán triệt "
                           "Chỉ thị đến toàn thể cán bộ, đảng viên.",
        "results_text": rng.choice(RESULTS).format(n=rng.randint(2, 9), c=rng.randint(1, 12),
                                                   p=rng.randint(40, 900)),
        "shortcomings_text": rng.choice(SHORTCOMINGS),
        "next_steps_text": "Tiếp tục đẩy mạnh tuyên truyền, vận động; nâng cao chất lượng "
                           "hoạt động của tổ chức cơ sở.",
        "proposals_text": "" if rng.random() < 0.6 else "Đề nghị bố trí kinh phí hỗ trợ "
                                                          "hoạt động ở cơ sở.",
        "progress_percent": 100 if completed else rng.choice([50, 60, 70, 80, 90]),
        "completed": completed,
    }


def _reporter(users, assignment: Assignment):
    code = assignment.unit.code
    for username, *_rest, unit_code, role in [*DEMO_USERS, story2025.COMMUNE_USER]:
        if unit_code == code and role == Membership.Role.REPORTER:
            return users[username]
    if f"bc-{code}" in users:
        return users[f"bc-{code}"]
    # A merged unit's reporters moved to the unit that took it over.
    return (Membership.objects.filter(unit=assignment.unit, role=Membership.Role.REPORTER)
            .select_related("user").order_by("id").first().user)


def _play(users, obligation: ReportObligation, plan: str, rng: random.Random,
          today: dt.date, completed: bool = False) -> None:
    """Play one obligation's history: plan is a scenario name."""
    board = users["danvan"]
    author = _reporter(users, obligation.assignment)
    due = obligation.due_on
    if plan == "missing":
        return

    def submit(day: dt.date, report: ProgressReport | None = None) -> ProgressReport:
        with _travel(day, rng.randint(8, 16), rng.randint(0, 59)):
            if report is None:
                report = report_services.report_create(
                    obligation=obligation, author=author, **_report_fields(rng, completed))
                values = _indicator_values(obligation, rng)
                if values:
                    report_services.indicator_values_set(report=report, actor=author,
                                                         values=values)
            return report_services.report_submit(report=report, actor=author)

    def review(day: dt.date, report, accept: bool, resubmit_by: dt.date | None = None):
        moment = _at(day, rng.randint(8, 16), rng.randint(0, 59))
        # A review never precedes the submission it decides (same capped day).
        moment = max(moment, report.submitted_at + dt.timedelta(minutes=30))
        with time_machine.travel(moment, tick=False):
            if accept:
                return report_services.report_accept(report=report, actor=board,
                                                     comment="Đạt yêu cầu.")
            return report_services.report_return(
                report=report, actor=board, resubmit_by=resubmit_by,
                comment="Đề nghị bổ sung số liệu cụ thể về kết quả tập hợp quần chúng ở "
                        "vùng đồng bào dân tộc thiểu số.")

    def capped(day: dt.date) -> dt.date:
        return min(day, today - dt.timedelta(days=1))

    if plan in ("on_time", "late", "waiting"):
        shift = -rng.randint(0, 10) if plan != "late" else rng.randint(3, 30)
        sent = capped(due + dt.timedelta(days=shift))
        report = submit(sent)
        if plan != "waiting":
            review(capped(sent + dt.timedelta(days=rng.randint(2, 8))), report, True)
        return
    if plan in ("returned_ok", "returned_late", "returned_open"):
        sent = capped(due - dt.timedelta(days=rng.randint(0, 5)))
        report = submit(sent)
        returned_on = capped(sent + dt.timedelta(days=rng.randint(2, 6)))
        review(returned_on, report, False)
        if plan == "returned_open":
            return
        obligation.refresh_from_db()
        gap = rng.randint(1, 4) if plan == "returned_ok" else rng.randint(12, 25)
        resent = capped(returned_on + dt.timedelta(days=gap))
        with _travel(resent, 8):
            second = report_services.report_create(obligation=obligation, author=author)
        second = submit(resent, second)
        review(capped(resent + dt.timedelta(days=rng.randint(1, 5))), second, True)


def _scenario(rng: random.Random, due: dt.date, today: dt.date) -> str:
    if due >= today:
        return "on_time" if rng.random() < 0.15 else "missing"
    recent = (today - due).days < 200
    roll = rng.random()
    if recent:
        for plan, p in (("waiting", 0.2), ("returned_open", 0.08), ("missing", 0.14),
                        ("late", 0.12)):
            if roll < p:
                return plan
            roll -= p
        return "on_time"
    for plan, p in (("missing", 0.05), ("late", 0.13), ("returned_ok", 0.1),
                    ("returned_late", 0.04)):
        if roll < p:
            return plan
        roll -= p
    return "on_time"


def _open_periods(directive: Directive, today: dt.date) -> None:
    """Open each period's obligations on the day the period starts, as the daily job does."""
    day = dt.date(2022, 1, 1)
    while day <= today:
        with _travel(day, 0, 30):
            assignment_services.obligations_sync_directive(directive=directive, today=day)
        day = dt.date(day.year + (day.month == 7), 1 if day.month == 7 else 7, 1)


DEMO_REPORTER_UNITS = ("thanhuy-kontum", "btv-tinhdoan", story2025.COMMUNE_USER[3])


def _story_steps(users, password: str | None, today: dt.date) -> list:
    """The 2025 reorganisation as (effective day, step) pairs, each step run with the
    clock on its day once every obligation due before it has been played."""
    admin = users["admin"]

    def merge_boards():
        with _travel(story2025.BOARD_MERGE_ON, 8):
            story2025.boards_merge({u.code: u for u in Unit.objects.all()}, admin)

    def merge_province():
        with _travel(story2025.PROVINCE_MERGE_ON, 8):
            story2025.province_merge({u.code: u for u in Unit.objects.all()}, admin)
        _upsert_commune_users(users, password)

    steps = [(story2025.BOARD_MERGE_ON, merge_boards),
             (story2025.PROVINCE_MERGE_ON, merge_province)]
    return [(day, step) for day, step in steps if day <= today]


def _history(directive: Directive, users, today: dt.date, steps=()) -> None:
    rng = random.Random(20210907)
    board = users["danvan"]
    _open_periods(directive, today)
    obligations = list(
        ReportObligation.objects.filter(assignment__item__directive=directive)
        .select_related("assignment__unit", "assignment__item__section", "period")
        .order_by("period__starts_on", "assignment__item__order", "assignment__unit__order"))
    plan_item_obligations = [o for o in obligations
                             if o.assignment.item.deadline_mode == "fixed"]
    # The plan deliverable: most on time, one late, one never delivered.
    fixed_plans = {"dd-ldld": "late", "dd-hccb": "missing", "dd-hnd": "returned_ok"}
    for obligation in plan_item_obligations:
        plan = fixed_plans.get(obligation.assignment.unit.code, "on_time")
        _play(users, obligation, plan, rng, today, completed=True)

    # One extension approved: Ia H'Drai asked for more time for the 2nd half of 2022.
    extended = next(o for o in obligations if o.assignment.unit.code == "huyenuy-iahdrai"
                    and o.period.label == "6 tháng cuối năm 2022"
                    and o.assignment.item.order == 1)
    author = users["bc-huyenuy-iahdrai"]
    with _travel(dt.date(2022, 12, 9), 10):
        request = assignment_services.extension_request_create(
            assignment=extended.assignment, obligation=extended, actor=author,
            requested_due_on=dt.date(2022, 12, 30),
            reason="Huyện mới tổ chức xong hội nghị sơ kết ngày 26/12, cần thêm thời gian "
                   "tổng hợp số liệu.")
    with _travel(dt.date(2022, 12, 12), 14):
        assignment_services.extension_approve(request=request, actor=board,
                                              note="Đồng ý gia hạn đến 30/12/2022.")
    extended.refresh_from_db()
    _play(users, extended, "on_time", rng, today)

    played = set()

    def play(rows) -> None:
        for obligation in rows:
            played.add(obligation.pk)
            obligation.refresh_from_db()
            plan = _scenario(rng, obligation.due_on, today)
            if obligation.assignment.unit.code in DEMO_REPORTER_UNITS:
                # The demo reporters start with their current period still to write.
                if obligation.due_on >= today:
                    plan = "missing"
            _play(users, obligation, plan, rng, today)

    remaining = [o for o in obligations
                 if o.assignment.item.deadline_mode != "fixed" and o.pk != extended.pk]
    for day, step in steps:
        play([o for o in remaining if o.due_on < day])
        step()
        for user in users.values():  # memberships moved: a new "request" for everyone
            user.__dict__.pop("_tracker_memberships", None)
        # What is still owed from the day on, by whoever owes it now (the successors).
        remaining = list(
            ReportObligation.objects.filter(
                assignment__item__directive=directive, due_on__gte=day,
                state=ReportObligation.State.NOT_SUBMITTED,
                assignment__state=Assignment.State.OPEN)
            .exclude(pk__in=played).exclude(assignment__item__deadline_mode="fixed")
            .select_related("assignment__unit", "assignment__item__section", "period")
            .order_by("period__starts_on", "assignment__item__order",
                      "assignment__unit__order", "assignment__unit__code"))
    play(remaining)

    # One extension pending: Tỉnh đoàn asks for the current period.
    current = next((o for o in obligations if o.assignment.unit.code == "btv-tinhdoan"
                    and o.due_on >= today and o.assignment.item.order == 12), None)
    if current is not None:
        with _travel(min(today, current.due_on), 9):
            assignment_services.extension_request_create(
                assignment=current.assignment, obligation=current,
                actor=users["tinhdoan"],
                requested_due_on=current.due_on + dt.timedelta(days=16),
                reason="Tỉnh đoàn tổ chức Đại hội điểm cấp cơ sở trong tháng 12, đề nghị lùi "
                       "hạn báo cáo.")


def load_demo_units(*, password: str | None = None) -> dict[str, object]:
    """Only the units, groups and users of the demo (no directive): for imports and tests."""
    with transaction.atomic():
        units = _upsert_units()
        return _upsert_users(units, password)


def load_demo(*, password: str | None = None, today: dt.date | None = None,
              story: bool = True) -> DemoResult:
    """Load (or refresh) the demo. Returns whether the history was created now.

    story=False stops in the 2021 tree (no 2025 reorganisation): the journeys that need
    the Thành ủy and the huyện ủy still at work load that."""
    today = today or local_today()
    generated = None
    User = get_user_model()
    if password is None and not User.objects.filter(username="admin").exists():
        password = generated = secrets.token_urlsafe(9)
    with notify.muted(), tx.batch():
        holidays_sync(years=list(range(2021, today.year + 2)))
        units = _upsert_units()
        users = _upsert_users(units, password)
        directive = Directive.objects.filter(number=DIRECTIVE_NUMBER, issuer=ISSUER).first()
        created = directive is None
        if created:
            directive = _create_directive(units, users)
            _history(directive, users, today,
                     steps=_story_steps(users, password, today) if story else ())
        with _travel(today, 7):
            assignment_services.obligations_sync_directive(directive=directive, today=today)
    counts = {
        "units": Unit.objects.count(),
        "items": ResponsibilityItem.objects.filter(directive=directive).count(),
        "assignments": Assignment.objects.filter(item__directive=directive).count(),
        "obligations": ReportObligation.objects.filter(
            assignment__item__directive=directive).count(),
        "reports": ProgressReport.objects.filter(
            obligation__assignment__item__directive=directive).count(),
    }
    return DemoResult(created=created, password=generated or (password if created else None),
                      counts=counts)


def _reporting_officer(code: str, unit: Unit):
    """The reporting officer of a unit without a demo login (no password), a reporter
    of the unit while it is active (a merged unit's members moved with it)."""
    user, created = get_user_model().objects.get_or_create(
        username=f"bc-{code}", defaults={"first_name": "Cán bộ báo cáo",
                                         "last_name": unit.short_name or unit.name})
    if created:
        user.set_unusable_password()
        user.save()
    if unit.is_active:
        Membership.objects.get_or_create(user=user, unit=unit, role=Membership.Role.REPORTER)
    return user
