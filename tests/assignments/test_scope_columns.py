"""Scope columns (assignments.scope): the unit and board stored on assignments,
obligations and reports follow their sources, and the lists read them.

(The autouse check in tests/conftest.py compares every row with its sources after each
test; these tests move the sources and look at what the users then see.)
"""

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from assignments import scope
from assignments.models import Assignment, ReportObligation
from directives.services import directive_update
from reports.models import ProgressReport
from tests.assignments.helpers import lead_of, only_obligation, submit
from tests.conftest import travel
from tests.factories import MembershipFactory, UnitFactory, UserFactory
from tracker.models import Membership, Unit

pytestmark = pytest.mark.django_db


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content[:500]
    return {row["id"] for row in response.json()["results"]}


def _submitted(world) -> ProgressReport:
    with travel("2021-12-20"):
        return submit(only_obligation(lead_of(world.fixed)), world.reporter_a)


def test_new_rows_carry_their_unit_and_board(published):
    report = _submitted(published)
    lead = lead_of(published.fixed)
    obligation = only_obligation(lead)
    assert lead.board_id == published.board.pk
    assert (obligation.unit_id, obligation.board_id) == (published.district_a.pk,
                                                         published.board.pk)
    report.refresh_from_db()
    assert (report.unit_id, report.board_id) == (published.district_a.pk, published.board.pk)
    assert ReportObligation.objects.exclude(board=published.board).count() == 0


def test_changing_the_supervising_board_moves_every_row_and_what_each_board_sees(
        published, api):
    report = _submitted(published)
    other = UnitFactory(code="bdv-2", name="Ban Dân vận khác", kind=Unit.Kind.ADVISORY_BOARD)
    other_reviewer = UserFactory(username="danvan-2")
    MembershipFactory(user=other_reviewer, unit=other, role=Membership.Role.REVIEWER)
    # The acting reviewer must belong to both boards to hand the directive over.
    MembershipFactory(user=published.reviewer, unit=other, role=Membership.Role.REVIEWER)
    old_only = UserFactory(username="danvan-cu")
    MembershipFactory(user=old_only, unit=published.board, role=Membership.Role.REVIEWER)
    obligations = set(ReportObligation.objects.values_list("pk", flat=True))
    assert _ids(api(old_only).get("/api/v1/obligations/?page_size=100")) == obligations
    assert _ids(api(other_reviewer).get("/api/v1/obligations/?page_size=100")) == set()

    actor = type(published.reviewer).objects.get(pk=published.reviewer.pk)  # fresh roles
    directive_update(directive=published.directive, actor=actor, supervising_unit=other)

    assert set(Assignment.objects.values_list("board_id", flat=True)) == {other.pk}
    assert set(ReportObligation.objects.values_list("board_id", flat=True)) == {other.pk}
    assert ProgressReport.objects.get(pk=report.pk).board_id == other.pk
    assert _ids(api(other_reviewer).get("/api/v1/obligations/?page_size=100")) == obligations
    assert _ids(api(other_reviewer).get("/api/v1/reports/")) == {report.pk}
    assert _ids(api(old_only).get("/api/v1/obligations/?page_size=100")) == set()
    assert _ids(api(old_only).get("/api/v1/reports/")) == set()
    assert _ids(api(old_only).get("/api/v1/assignments/?page_size=100")) == set()


def test_unit_filters_read_the_stored_unit_after_a_merge(published, api):
    from assignments.services import unit_merge

    report = _submitted(published)
    with travel("2022-01-05"):
        unit_merge(unit=published.district_a, successor=published.district_b,
                   actor=published.admin)
    moved = only_obligation(lead_of(published.fixed))
    assert moved.unit_id == published.district_b.pk
    b = published.district_b.pk
    assert moved.pk in _ids(api(published.reviewer).get(
        f"/api/v1/obligations/?unit={b}&page_size=100"))
    assert report.pk in _ids(api(published.reviewer).get(f"/api/v1/reports/?unit_tree={b}"))
    assert _ids(api(published.reviewer).get(
        f"/api/v1/reports/?unit={published.district_a.pk}")) == set()


def test_an_admin_edit_of_the_board_is_re_derived(published):
    report = _submitted(published)
    other = UnitFactory(code="bdv-3", name="Ban khác", kind=Unit.Kind.ADVISORY_BOARD)
    client = Client()
    client.force_login(published.admin)
    url = f"/admin/directives/directive/{published.directive.pk}/change/"
    from tests.assignments.test_counts_admin import _form

    data = _form(client, url)
    data["supervising_unit"] = other.pk
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    assert ProgressReport.objects.get(pk=report.pk).board_id == other.pk
    assert scope.differences() == []


def test_the_rebuild_command_finds_and_mends_stale_scope_columns(published):
    report = _submitted(published)
    stray = UnitFactory(code="lac", name="Đơn vị lạc")
    ProgressReport.objects.filter(pk=report.pk).update(unit=stray)
    ReportObligation.objects.filter(pk=report.obligation_id).update(board=stray)
    assert set(scope.differences()) == {("obligation", report.obligation_id),
                                        ("report", report.pk)}
    with pytest.raises(CommandError, match="2 rows have stale scope columns"):
        call_command("rebuild_status_counts", "--check")
    call_command("rebuild_status_counts")
    assert scope.differences() == []
    report.refresh_from_db()
    assert (report.unit_id, report.board_id) == (published.district_a.pk, published.board.pk)


def test_each_app_keeps_its_own_scope_columns_parents_first():
    """The registry in tracker runs the tables in the floors' order: an obligation copies
    its assignment's board only after the assignment has it, a report after both."""
    from tracker import derived

    assert derived.registered() == ["assignment", "obligation", "report"]


def test_a_row_saved_by_hand_without_its_columns_gets_them(published):
    """A single save (admin, shell, factories) that leaves the columns empty is filled
    from the sources before the row is written."""
    report = _submitted(published)
    assignment = lead_of(published.fixed)
    assignment.board_id = None
    assignment.save()
    obligation = only_obligation(assignment)
    obligation.unit_id = obligation.board_id = None
    obligation.save()
    report.unit_id = report.board_id = None
    report.save()
    for row in (assignment, obligation, report):
        row.refresh_from_db()
    assert assignment.board_id == published.board.pk
    assert (obligation.unit_id, obligation.board_id) == (published.district_a.pk,
                                                         published.board.pk)
    assert (report.unit_id, report.board_id) == (published.district_a.pk, published.board.pk)
