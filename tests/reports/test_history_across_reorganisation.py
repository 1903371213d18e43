"""History stays true (issue 17 point 3): a figure asked as of the day before a
reorganisation shows the old tree with the old names, as of the effective day the new
tree; every obligation is counted once, under the unit that owed it, and the surfaces
(dashboard, matrix, summary, consolidated report, unit list web + API) agree.

The scenario: on 20/12/2021 district B is renamed, district A is split in two new
communes (the fixed item's lead goes to the second) and the provincial youth union is
merged into a new body. The half-year report of district A (due 15/12, accepted) and of
district B (due 15/12, overdue) stay with them; the fixed item's report (due 31/12)
goes to the second commune. The plans are recorded on 21/12, after the fact."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from assignments.models import ReportObligation
from assignments.reorganisation import Plan, Target, reorganisation_apply, reorganisation_create
from assignments.selectors import matrix_periods
from reports.consolidated import consolidated_report
from reports.documents import _appendix_tables
from reports.selectors import compliance_matrix, leader_overview
from reports.summaries import dashboard, directive_summary
from tests.assignments.helpers import accept, assignment_for, lead_of, only_obligation, submit
from tests.conftest import client_for, travel
from tracker.models import Unit
from tracker.selectors import unit_tree_on

pytestmark = pytest.mark.django_db

EFFECTIVE = dt.date(2021, 12, 20)
BEFORE = EFFECTIVE - dt.timedelta(days=1)
RECORDED = "2021-12-21"
ASKED = "2021-12-22"  # both days are in the past: replayed from the dated facts

OLD_NAMES = {"Huyện ủy A", "Huyện ủy B", "Ban Thường vụ Tỉnh đoàn"}
NEW_NAMES = {"Đảng ủy xã Một", "Đảng ủy xã Hai", "Huyện ủy B (sau đổi tên)",
             "Khối đoàn thể hợp nhất"}


def _apply(world, plan, choices=None):
    with travel(RECORDED):
        row = reorganisation_create(plan=plan, actor=world.admin)
        reorganisation_apply(reorganisation=row, actor=world.admin, choices=choices)


@pytest.fixture
def reorganised(published):
    w = published
    with travel("2021-12-10"):
        report = submit(only_obligation(assignment_for(w.continuous, w.district_a)), w.reporter_a)
    with travel("2021-12-12"):
        accept(report, w.reviewer)
    w.obligations = set(ReportObligation.objects.values_list("pk", flat=True))
    continuous_a = assignment_for(w.continuous, w.district_a)
    fixed_a = lead_of(w.fixed)
    _apply(w, Plan(kind="rename", effective_on=EFFECTIVE, sources=[w.district_b],
                   new_name="Huyện ủy B (sau đổi tên)"))
    _apply(w, Plan(kind="split", effective_on=EFFECTIVE, sources=[w.district_a],
                   targets=[Target(code="xa-1", name="Đảng ủy xã Một"),
                            Target(code="xa-2", name="Đảng ủy xã Hai")]),
           choices={continuous_a.pk: [0, 1], fixed_a.pk: [1]})
    _apply(w, Plan(kind="merge", effective_on=EFFECTIVE, sources=[w.youth],
                   targets=[Target(code="doan-the", name="Khối đoàn thể hợp nhất")]))
    w.xa_2 = Unit.objects.get(code="xa-2")
    return w


def _total(rollup: dict) -> int:
    """Every obligation of a roll-up, withdrawn ones included."""
    return sum(rollup["counts"].values())


def _surfaces(w, day: dt.date) -> dict:
    """What each surface shows for `day`: unit names and obligation ids/figures."""
    with travel(ASKED):
        summary = directive_summary(directive=w.directive, day=day, user=w.reviewer)
        overview = leader_overview(user=w.reviewer, day=day)
        board = dashboard(user=w.reviewer, day=day)
        matrices = [compliance_matrix(directive=w.directive, period=p, day=day, user=w.reviewer)
                    for p in matrix_periods(w.directive)]
        report = consolidated_report(directive=w.directive, day=day, user=w.reviewer)
        tables = dict(_appendix_tables(report))
        client = client_for(w.reviewer)
        api = client.get(f"/api/v1/units/?as_of={day.isoformat()}&limit=100").json()["results"]
        browser = Client()
        browser.force_login(w.reviewer)
        web = browser.get(reverse("web:unit-tree") + f"?as_of={day:%d/%m/%Y}")
    assert web.status_code == 200
    unit_table = next(rows for title, (_h, rows) in tables.items() if title.startswith("Bảng 3"))
    return {"summary": summary, "overview": overview, "dashboard": board,
            "matrices": matrices, "report": report, "unit_table": unit_table,
            "api": {row["name"] for row in api}, "web": web.content.decode()}


def _matrix_cells(matrices) -> dict[int, str]:
    """obligation id -> the row's unit name, over every period's matrix."""
    cells = {}
    for matrix in matrices:
        for row in matrix["rows"]:
            for cell in row["cells"]:
                if cell and "obligation" in cell:
                    assert cell["obligation"] not in cells, "an obligation in two cells"
                    cells[cell["obligation"]] = row["unit"].name
    return cells


def _check_agreement(s: dict) -> None:
    """One definition per figure: every surface counts the same obligations once."""
    summary = s["summary"]
    total = _total(summary["obligations"])
    assert sum(_total(u["obligations"]) for u in summary["units"]) == total
    assert _total(s["dashboard"]["obligations"]) == total
    assert _total(s["overview"]["obligations"]) == total
    assert len(_matrix_cells(s["matrices"])) == total
    # Per unit: the matrix, the summary and the report's unit table name the same
    # units and count the same reports under each.
    per_unit = {u["name"]: _total(u["obligations"]) for u in summary["units"]}
    matrix_per_unit: dict[str, int] = {}
    for name in _matrix_cells(s["matrices"]).values():
        matrix_per_unit[name] = matrix_per_unit.get(name, 0) + 1
    assert {k: v for k, v in per_unit.items() if v} == matrix_per_unit
    columns = len(s["unit_table"][0]) - 4  # name, due, statuses..., two rates
    assert {row[0]: sum(row[2:2 + columns]) for row in s["unit_table"]} == per_unit
    # The dashboard's per-unit bars: the same units, the same reports due.
    assert {u["unit"].name: u["due"] for u in s["overview"]["units"]} == {
        u["name"]: u["obligations"]["due"] for u in summary["units"] if _total(u["obligations"])}
    assert sum(u["due"] for u in s["overview"]["units"]) == summary["obligations"]["due"]


def test_the_day_before_shows_the_old_tree_with_the_old_names(reorganised):
    s = _surfaces(reorganised, BEFORE)
    assert OLD_NAMES <= s["api"]
    assert not NEW_NAMES & s["api"]
    for name in OLD_NAMES:
        assert name in s["web"]
    for name in NEW_NAMES:
        assert name not in s["web"]
    summary_names = {u["name"] for u in s["summary"]["units"]}
    assert summary_names == OLD_NAMES
    assert all(u["current"] for u in s["summary"]["units"])
    assert {row["unit"].name for m in s["matrices"] for row in m["rows"]} == OLD_NAMES
    assert {row[0] for row in s["unit_table"]} == OLD_NAMES
    # The fixed item's report, owed by the second commune from 20/12, was district A's
    # on 19/12: counted there, not under a unit that did not exist yet.
    cells = _matrix_cells(s["matrices"])
    assert set(cells) == reorganised.obligations
    moved = ReportObligation.objects.get(assignment__item=reorganised.fixed,
                                         unit=reorganised.xa_2)
    assert cells[moved.pk] == "Huyện ủy A"
    _check_agreement(s)


def test_the_effective_day_shows_the_new_tree_and_past_reports_stay(reorganised):
    s = _surfaces(reorganised, EFFECTIVE)
    assert NEW_NAMES <= s["api"]
    assert not OLD_NAMES & s["api"]
    for name in NEW_NAMES:
        assert name in s["web"]
    assert "Huyện ủy A" not in s["web"]
    units = {u["name"]: u for u in s["summary"]["units"]}
    # The new tree, plus district A as a former unit: its half-year report (due 15/12)
    # stays with it. District B keeps its overdue report under its new name.
    assert "Huyện ủy B (sau đổi tên)" in units
    assert "Huyện ủy B" not in units
    assert units["Huyện ủy A"]["current"] is False
    assert units["Huyện ủy A"]["obligations"]["counts"]["accepted_on_time"] == 1
    assert units["Huyện ủy B (sau đổi tên)"]["obligations"]["overdue_count"] == 1
    assert _total(units["Đảng ủy xã Hai"]["obligations"]) == 1
    cells = _matrix_cells(s["matrices"])
    assert set(cells) == reorganised.obligations
    moved = ReportObligation.objects.get(assignment__item=reorganised.fixed,
                                         unit=reorganised.xa_2)
    assert cells[moved.pk] == "Đảng ủy xã Hai"
    assert [o["unit_name"] for o in s["report"].overdue] == ["Huyện ủy B (sau đổi tên)"]
    _check_agreement(s)


def test_a_period_across_the_change_counts_each_report_once_under_its_owner(reorganised):
    """Each day from before to after: every report once, under the unit that owed it
    that day, and the summary of today (the count table) equals its replay."""
    owners = {}
    day = BEFORE - dt.timedelta(days=2)
    while day <= EFFECTIVE + dt.timedelta(days=2):
        with travel(ASKED):
            summary = directive_summary(directive=reorganised.directive, day=day,
                                        user=reorganised.reviewer)
        names = {u["name"] for u in summary["units"]}
        current = {u["name"] for u in summary["units"] if u["current"]}
        if day < EFFECTIVE:
            assert not names & NEW_NAMES and current == names
        else:  # old units only as former ones (their rows of before); B renamed
            assert not current & OLD_NAMES and "Huyện ủy B" not in names
        assert sum(_total(u["obligations"]) for u in summary["units"]) == len(
            reorganised.obligations)
        owners[day] = {u["name"]: _total(u["obligations"]) for u in summary["units"]}
        day += dt.timedelta(days=1)
    assert owners[BEFORE]["Huyện ủy A"] == 2 and owners[EFFECTIVE]["Huyện ủy A"] == 1
    with travel(ASKED):
        today = dt.date.fromisoformat(ASKED)
        counted = directive_summary(directive=reorganised.directive, day=today,
                                    user=reorganised.reviewer)
        replayed = directive_summary(directive=reorganised.directive, day=today,
                                     user=reorganised.reviewer, replay=True)
    assert counted["units"] == replayed["units"]
    assert counted["obligations"] == replayed["obligations"]


def test_the_tree_helper_names_and_parents_of_a_day(reorganised):
    w = reorganised
    before, after = unit_tree_on(BEFORE), unit_tree_on(EFFECTIVE)
    assert before.unit(w.district_b.pk).name == "Huyện ủy B"
    assert after.unit(w.district_b.pk).name == "Huyện ủy B (sau đổi tên)"
    assert w.district_a.pk in {u.id for u in before.units}
    assert w.district_a.pk not in {u.id for u in after.units}
    assert before.owner(w.xa_2.pk, w.district_a.pk) == w.district_a.pk
    assert after.owner(w.xa_2.pk, w.district_a.pk) == w.xa_2.pk
    # A former unit keeps its rows (and the name of its last day).
    assert after.owner(w.district_a.pk) == w.district_a.pk
    assert after.unit(w.district_a.pk).current is False
    merged = Unit.objects.get(code="doan-the")
    assert before.owner(merged.pk) == w.youth.pk  # no original unit: its predecessor
    depth = dict((u.id, d) for u, d in after.walk())
    assert set(depth) == {u.id for u in after.units}


def test_the_tree_rule_has_the_same_python_and_sql_forms(reorganised):
    """`units_on_q` (the unit filters' SQL) and the tree's `current` (Python) agree."""
    from tracker.selectors import units_on_q

    for day in (BEFORE - dt.timedelta(days=400), BEFORE, EFFECTIVE,
                EFFECTIVE + dt.timedelta(days=1)):
        tree = unit_tree_on(day)
        assert {u.id for u in tree.units} == set(
            Unit.objects.filter(units_on_q(day)).values_list("pk", flat=True)), day
        assert {u.id for u in tree.units} == {u.id for u in unit_tree_on(
            day, Unit.objects.values_list("pk", flat=True)).units}


def test_the_report_request_list_of_a_unit_as_of_a_day_takes_that_days_sub_units(published):
    """`/yeu-cau-bao-cao/?unit_tree=&as_of=`: before district B moved under another
    parent it was the province's; the province's list of that day holds its obligations,
    the new parent's does not, and on the effective day it is the other way round."""
    from tests.factories import UnitFactory

    w = published
    province = UnitFactory(code="tinh-uy", name="Tỉnh ủy", kind=Unit.Kind.LEADERSHIP)
    front = UnitFactory(code="khoi", name="Đảng ủy Khối", kind=Unit.Kind.LEADERSHIP)
    Unit.objects.filter(pk=w.district_b.pk).update(parent=province)
    w.district_b.refresh_from_db()
    moved_rows = set(ReportObligation.objects.filter(unit=w.district_b)
                     .values_list("pk", flat=True))
    assert moved_rows
    _apply(w, Plan(kind="move", effective_on=EFFECTIVE, sources=[w.district_b], new_parent=front))
    def listed(unit, day):
        return _listed(w.reviewer, "unit_tree", unit, day)

    assert moved_rows <= listed(province, BEFORE)
    assert not moved_rows & listed(front, BEFORE)
    assert moved_rows <= listed(front, EFFECTIVE)
    assert not moved_rows & listed(province, EFFECTIVE)


def _listed(user, key: str, unit, day) -> set[int]:
    """The ids the report-request list shows for `?<key>=<unit>&as_of=<day>`, every
    page of it (its pages hold ids)."""
    web = Client()
    web.force_login(user)
    found, number = set(), 1
    while True:
        with travel(ASKED):
            response = web.get(reverse("web:obligation-list"), {
                key: unit.pk, "as_of": f"{day:%d/%m/%Y}", "page": number})
        assert response.status_code == 200
        page = response.context["listing"].page
        found |= set(page.object_list)
        if not page.has_next():
            assert len(found) == page.paginator.count
            return found
        number += 1


def test_the_report_request_list_of_a_unit_as_of_a_day_lists_what_it_owed_then(reorganised):
    """`/yeu-cau-bao-cao/?unit=&as_of=` (the dashboard's per-unit links): the fixed item's
    report (due 31/12) went to the second commune; the day before the split it was
    district A's, from the effective day the commune's."""
    w = reorganised
    handed = ReportObligation.objects.get(unit=w.xa_2, period__due_on=dt.date(2021, 12, 31),
                                          assignment__item=w.fixed)

    def listed(unit, day):
        return _listed(w.reviewer, "unit", unit, day)

    assert handed.pk in listed(w.district_a, BEFORE)
    assert handed.pk not in listed(w.xa_2, BEFORE)
    assert handed.pk in listed(w.xa_2, EFFECTIVE)
    assert handed.pk not in listed(w.district_a, EFFECTIVE)
