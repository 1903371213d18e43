"""Every surface gives the same figures for the same day and the same data (the demo).

The dashboard (API and page, its tile, per-unit bars and overdue table), the directive
page, the summary API, the lists' status filters (API `?status=` and `?overdue=true`,
the unit's "my work" groups) and the consolidated report count every status, and the
figure "overdue" (statuses.rule.obligation_is_overdue), the same way. Leaders once saw
three "overdue" numbers at once (the tile added overdue assignments, the lists counted
returned reports past their due date, the summary did not).
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from assignments.models import AssignmentStatus, ObligationStatus
from directives.models import Directive
from reports.consolidated import consolidated_report
from reports.selectors import OVERDUE_SHOWN
from tests.conftest import client_for, travel
from tests.demo import DEMO_DAY
from tracker import policy

pytestmark = pytest.mark.django_db

LEADERS = ["lanhdao", "danvan", "admin"]


def _user(username):
    return get_user_model().objects.get(username=username)


def _count(api, path: str) -> int:
    """Rows of a cursor-paged API list, every page walked."""
    total, url = 0, path + ("&" if "?" in path else "?") + "page_size=100"
    while url:
        response = api.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        total += len(body["results"])
        url = body["next"]
    return total


def _page_context(user, url: str):
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context


@pytest.fixture
def directive(demo):
    (only,) = Directive.objects.filter(status=Directive.Status.ACTIVE)
    return only


@pytest.mark.parametrize("username", LEADERS)
def test_every_surface_counts_every_status_alike(demo, directive, username):
    user = _user(username)
    api = client_for(user)
    with travel(DEMO_DAY, 10):
        summary_api = api.get(f"/api/v1/directives/{directive.pk}/summary/").json()
        dashboard_api = api.get("/api/v1/dashboard/").json()
        (per_directive,) = [d for d in dashboard_api["directives"] if d["id"] == directive.pk]
        page = _page_context(user, f"/van-ban/{directive.pk}/")["summary"]
        board = _page_context(user, "/tong-quan/")["data"]
        report = consolidated_report(directive=directive, day=DEMO_DAY, user=user)
        figures = {
            "summary API": summary_api["obligations"],
            "dashboard API": dashboard_api["obligations"],
            "dashboard API, directive": per_directive["obligations"],
            "directive page": page["obligations"],
            "dashboard page": board["obligations"],
            "consolidated report": report.summary["obligations"],
        }
        expected = summary_api["obligations"]
        for where, got in figures.items():
            assert got["counts"] == expected["counts"], where
            assert got["overdue_count"] == expected["overdue_count"], where
            assert got["due"] == expected["due"], where
        for status in ObligationStatus:
            listed = _count(api, f"/api/v1/obligations/?directive={directive.pk}"
                                 f"&status={status.value}")
            assert listed == expected["counts"][status.value], status
        for status in AssignmentStatus:
            listed = _count(api, f"/api/v1/assignments/?directive={directive.pk}"
                                 f"&status={status.value}")
            assert listed == summary_api["assignments"]["counts"][status.value], status

        # One figure, "overdue": the tile, the lists, the tables and the report agree.
        overdue = expected["overdue_count"]
        assert overdue > expected["counts"][ObligationStatus.OVERDUE]  # returned ones too
        assert _count(api, f"/api/v1/obligations/?directive={directive.pk}&overdue=true") \
            == overdue
        assert len(summary_api["overdue"]) == overdue
        assert len(report.overdue) == overdue
        assert board["overdue_count"] == overdue  # the table shows the longest overdue
        assert len(board["overdue"]) == min(overdue, OVERDUE_SHOWN)
        assert sum(u["overdue"] for u in board["units"]) == overdue
        assert sum(u["due"] for u in board["units"]) == expected["due"]
        assert max(row["days_overdue"] for row in summary_api["overdue"]) \
            == expected["max_days_overdue"]


def test_the_dashboard_tile_and_the_directive_tile_show_the_same_overdue(demo, directive):
    """The rendered pages: the "Quá hạn" tile of the dashboard and of the directive page
    show one number, the count of the dashboard's overdue table (which lists the
    OVERDUE_SHOWN longest overdue of them)."""
    user = _user("lanhdao")
    client = Client()
    client.force_login(user)
    with travel(DEMO_DAY, 10):
        dashboard = client.get("/tong-quan/")
        detail = client.get(f"/van-ban/{directive.pk}/")
    overdue = dashboard.context["data"]["obligations"]["overdue_count"]
    assert overdue == dashboard.context["data"]["overdue_count"]
    assert len(dashboard.context["data"]["overdue"]) == min(overdue, OVERDUE_SHOWN)
    tile = f'<span class="tile-num">{overdue}</span><span class="tile-label">Quá hạn</span>'
    assert tile in dashboard.content.decode()
    assert tile in detail.content.decode()


@pytest.mark.parametrize("username", ["thanhuy", "tinhdoan"])
def test_a_units_work_list_counts_overdue_as_the_summary_does(demo, username):
    """A unit's "my work" overdue group, its `?overdue=true` list and its share of the
    summaries count the same rows."""
    user = _user(username)
    api = client_for(user)
    with travel(DEMO_DAY, 10):
        work = _page_context(user, "/viec-cua-toi/")["work"]
        own = policy.unit_ids(user, *policy.UNIT_ROLES)
        listed = sum(_count(api, f"/api/v1/obligations/?unit={unit}&overdue=true")
                     for unit in own)
        summaries = [api.get(f"/api/v1/directives/{d.pk}/summary/").json()
                     for d in Directive.objects.filter(status=Directive.Status.ACTIVE)]
        in_summary = sum(u["obligations"]["overdue_count"] for s in summaries
                         for u in s.get("units", []) if u["id"] in own)
    assert work.totals["overdue"] == listed == in_summary
