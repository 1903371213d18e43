"""Every list and summary endpoint costs the same number of queries whatever its size."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assignments import services as assignment_services
from assignments.models import ReportObligation
from directives import services as directive_services
from reports import services as report_services
from tests.conftest import client_for, travel
from tests.factories import DirectiveFactory, MembershipFactory, UnitFactory, UserFactory
from tests.figures import figures
from tracker.models import Membership, Notification, UnitGroup

pytestmark = pytest.mark.django_db

V1 = "/api/v1"
DAY = dt.date(2021, 12, 1)
MEASURED = figures("API query counts (small / large)")


def crowd_directive(world, n_units: int, *, reports: bool = False, number: str = "10-CT/TU"):
    """A published directive with one continuous and one fixed item for `n_units` units."""
    units = [UnitFactory(code=f"{number[:2]}-u{i}", name=f"Huyện ủy {i}") for i in range(n_units)]
    group = UnitGroup.objects.create(code=f"{number[:2]}-g", name=f"Nhóm {number}")
    group.members.set(units)
    directive = DirectiveFactory(number=number, supervising_unit=world.board,
                                 issued_on=dt.date(2021, 9, 7))
    reporter = UserFactory(username=f"bc-{number[:2]}")
    for unit in units:
        MembershipFactory(user=reporter, unit=unit, role=Membership.Role.REPORTER)
    with travel("2021-09-10"):
        section = directive_services.section_create(directive=directive, actor=world.reviewer,
                                                    addressee="Các huyện ủy")
        item = directive_services.item_create(directive=directive, actor=world.reviewer,
                                              section=section, content="Quán triệt")
        fixed = directive_services.item_create(directive=directive, actor=world.reviewer,
                                               section=section, content="Đề án",
                                               deadline_mode="fixed",
                                               due_on=dt.date(2021, 11, 30))
        assignment_services.item_assign(item=item, actor=world.reviewer, groups=[group])
        assignment_services.item_assign(item=fixed, actor=world.reviewer, groups=[group])
        directive_services.directive_publish(directive=directive, actor=world.reviewer,
                                             today=dt.date(2021, 9, 10))
    if reports:
        obligations = list(ReportObligation.objects.filter(assignment__item=item))
        with travel("2021-11-20"):
            for obligation in obligations:
                assignment_services.extension_request_create(
                    assignment=obligation.assignment, obligation=obligation, actor=reporter,
                    requested_due_on=dt.date(2022, 1, 15), reason="Chờ số liệu")
                report = report_services.report_create(obligation=obligation, author=reporter,
                                                       text="Kết quả", progress_percent=50)
                report_services.report_submit(report=report, actor=reporter)
        with travel("2021-11-25"):
            for report in obligations[0].reports.all()[:1]:
                report_services.report_accept(report=report, actor=world.reviewer)
    return directive


@pytest.fixture
def crowd(world):
    crowd_directive(world, 55, reports=True)
    Notification.objects.bulk_create(
        Notification(recipient=user, kind="test", title=f"Thông báo {i}")
        for i in range(60) for user in (world.reviewer, world.admin))
    return world


def count(client, path, params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"{V1}/{path}", params)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), response.json()


LISTS = ["units/", "unit-groups/", "directives/", "items/", "assignments/", "periods/",
         "obligations/", "reports/", "extension-requests/", "notifications/"]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("role", ["reviewer", "admin"])
def test_list_query_count_does_not_grow_with_page_size(crowd, path, role):
    client = client_for(getattr(crowd, role))
    with travel(DAY):
        small, body_small = count(client, path, {"page_size": 1})
        large, body_large = count(client, path, {"page_size": 50})
    assert len(body_small["results"]) == 1
    assert len(body_large["results"]) > 1 or path in ("directives/", "unit-groups/")
    MEASURED[f"{role} {path}"] = (small, large)
    assert small == large, (path, small, large)


STATUS = {"assignments/": ["in_progress_overdue", "ongoing"],
          "obligations/": ["overdue", "pending", "submitted"]}


@pytest.mark.parametrize("params", [{"as_of": "2021-11-01"}, {"status": "*"},
                                    {"status": "*", "as_of": "2021-12-31"},
                                    {"overdue": "true", "days_overdue_min": 1},
                                    {"overdue": "false", "as_of": "2021-11-20"}])
@pytest.mark.parametrize("path", ["assignments/", "obligations/"])
def test_status_filters_query_count_does_not_grow(crowd, path, params):
    client = client_for(crowd.reviewer)
    if params.get("status") == "*":
        params = {**params, "status": STATUS[path]}
    with travel(DAY):
        small, _b = count(client, path, {**params, "page_size": 1})
        large, _b = count(client, path, {**params, "page_size": 50})
    assert small == large, (path, params, small, large)


def test_directive_summary_and_dashboard_cost_the_same_at_10_and_200(world):
    small = crowd_directive(world, 5, number="11-CT/TU")    # 10 assignments
    large = crowd_directive(world, 100, number="12-CT/TU")  # 200 assignments
    assert small.items.first().assignments.count() * 2 == 10
    client = client_for(world.reviewer)
    with travel(DAY):
        n_small, s = count(client, f"directives/{small.pk}/summary/", {})
        n_large, summary = count(client, f"directives/{large.pk}/summary/", {})
        assert summary["assignments"]["total"] == 200 and s["assignments"]["total"] == 10
        MEASURED["directive summary (10 vs 200 assignments)"] = (n_small, n_large)
        assert n_small == n_large
        n_dash_1, _d = count(client, "dashboard/", {"as_of": "2021-10-01"})  # replayed
        n_dash_2, dash = count(client, "dashboard/", {})  # from the status-count table
        assert n_dash_2 <= n_dash_1
        MEASURED["dashboard"] = (n_dash_1, n_dash_2)


def test_directive_summary_today_reads_in_three_queries(world):
    """Token, user and memberships in one query; the directive with its sections in one;
    counts, units and overdue obligations in one (a directive without indicators)."""
    from rest_framework.test import APIClient

    from tracker.accounts.tokens import issue

    directive = crowd_directive(world, 5, reports=True, number="13-CT/TU")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue(world.reviewer)[1]}")
    with travel(DAY):
        n, summary = count(client, f"directives/{directive.pk}/summary/", {})
    assert summary["assignments"]["total"] == 10
    assert summary["units"] and summary["sections"]
    MEASURED["directive summary today, token"] = (n, n)
    assert n == 3, n

