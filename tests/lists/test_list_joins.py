"""The list pages' counts and page cuts join only what their filter and sort need: an
obligation reaches its directive through its period (not through every assignment and
item in scope), a board's extension requests are read by the assignment's board column,
and a page is cut over the ids before its rows are read with their labels. At national
scale each of those joins read a million assignments (the bench's list pages)."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assignments.models import ReportObligation
from tests.conftest import travel
from tests.demo import DEMO_DAY

pytestmark = pytest.mark.django_db


def _captured(username: str, url: str, params: dict) -> tuple[list[str], object]:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    with travel(DEMO_DAY, 10):
        client.get(url, params)  # session, caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, params)
    assert response.status_code == 200, (url, params)
    return [q["sql"] for q in captured.captured_queries], response


def _counts_on(sqls: list[str], table: str) -> list[str]:
    return [sql for sql in sqls if sql.startswith("SELECT COUNT(") and f'FROM "{table}"' in sql]


def _joined_cuts(sqls: list[str], table: str, joined: str) -> list[str]:
    """The page cuts (LIMIT) reading `table` first that join `joined`; at least one cut."""
    cuts = [sql for sql in sqls if " LIMIT " in sql and sql.startswith(f'SELECT "{table}".')]
    assert cuts
    return [sql for sql in cuts if f'JOIN "{joined}"' in sql]


@pytest.mark.parametrize("params", [
    {"tracked": "all", "due": "true"},
    {"tracked": "listed", "overdue": "true"},
    {"directive": "DIRECTIVE", "due": "true"},
])
def test_the_drill_down_lists_reach_the_directive_through_the_period(demo, params):
    directive = ReportObligation.objects.values_list("period__directive_id", flat=True)[0]
    params = {k: (str(directive) if v == "DIRECTIVE" else v) for k, v in params.items()}
    sqls, response = _captured("danvan", reverse("web:obligation-list"), params)
    counts = _counts_on(sqls, "assignments_reportobligation")
    if "tracked" in params:
        # A tile's list takes its count from the status-count table, as the tile does
        # (assignments.selectors.figures): it never counts the obligations themselves.
        assert not counts
        assert [sql for sql in sqls if 'FROM "assignments_statuscount"' in sql]
    else:
        assert counts
    for sql in counts:
        assert "assignments_reportingperiod" in sql
        assert '"assignments_assignment"' not in sql
        assert '"directives_responsibilityitem"' not in sql
    # The page is cut over the ids alone: no query reads a page of obligations joined
    # to their assignments. A tile's list of few rows (its count known) reads their ids
    # and due dates unordered and sorts them itself (tracker.lists._sorted_in_python).
    if "tracked" in params:
        reads = [sql for sql in sqls if sql.startswith(
            'SELECT "assignments_reportobligation"."due_on" AS "due_on", '
            '"assignments_reportobligation"."id" AS "id" FROM')]
        assert reads and not [sql for sql in reads if " ORDER BY " in sql]
        assert not [sql for sql in reads if 'JOIN "assignments_assignment"' in sql]
    else:
        assert not _joined_cuts(sqls, "assignments_reportobligation",
                                "assignments_assignment")


def test_the_extension_page_counts_by_the_assignments_board_column(demo):
    sqls, response = _captured("danvan", reverse("web:extension-list"), {})
    counts = _counts_on(sqls, "assignments_extensionrequest")
    assert counts
    assert not [sql for sql in counts if '"directives_responsibilityitem"' in sql]
    # The requests' pages are cut over ids, without the obligation's join.
    assert not _joined_cuts(sqls, "assignments_extensionrequest",
                            "assignments_reportobligation")


def test_the_history_reads_the_reports_unit_column(demo):
    sqls, response = _captured("thanhuy", reverse("web:my-history"), {})
    counts = _counts_on(sqls, "reports_progressreport")
    assert counts
    assert response.context["listing"].page.paginator.count > 0
    # `mine` reads the report's unit column, not the assignment's unit through a join.
    assert not [sql for sql in counts if '"assignments_assignment"."unit_id" IN' in sql]


@pytest.mark.parametrize("sort", ["due", "-due"])
def test_a_tiles_short_list_sorted_here_is_in_the_databases_order(demo, sort):
    """The overdue table's list (few rows, its count from the status-count table) is read
    unordered and sorted in Python: the same rows in the same order as ORDER BY gives."""
    params = {"tracked": "listed", "overdue": "true", "sort": sort}
    _sqls, response = _captured("danvan", reverse("web:obligation-list"), params)
    listing = response.context["listing"]
    assert listing.page.paginator.count > 1
    order = ("due_on", "id") if sort == "due" else ("-due_on", "-id")
    expected = list(listing.filterset.qs.order_by(*order).values_list("pk", flat=True))
    assert list(listing.page.object_list) == expected[:len(listing.page.object_list)]


TILE_LISTS = [{"tracked": "all", "due": "true"}, {"tracked": "listed", "overdue": "true"},
              {"tracked": "all", "status": "submitted"},
              {"tracked": "listed", "status": "accepted_on_time"}]


def test_a_tiles_list_counts_what_it_lists_for_every_user(demo):
    """The count a tile's list takes from the status-count table is its rows' number for
    every demo user who may open the list: leaders, boards, unit reporters and heads, and
    users with several roles (their directives split between a board's own and the rest,
    assignments.selectors.figures.count_rows)."""
    client = Client()
    checked = 0
    with travel(DEMO_DAY, 10):
        for user in get_user_model().objects.filter(is_active=True).order_by("pk"):
            client.force_login(user)
            for params in TILE_LISTS:
                response = client.get(reverse("web:obligation-list"), params)
                if response.status_code == 403:
                    continue
                assert response.status_code == 200, (user.username, params)
                listing = response.context["listing"]
                assert listing.page.paginator.count == listing.filterset.qs.count(), (
                    user.username, params)
                checked += 1
    assert checked >= 4 * 5


def test_a_count_that_fell_behind_its_rows_hides_no_row(demo):
    """A tile's short list (sorted in Python) counts the rows it read, not the summary's
    figure: a commit between the two reads (or a summary row off by two, as here) leaves
    every row on some page."""
    from assignments.models import StatusCount
    from assignments.statuses.keys import ObligationBucket

    row = (StatusCount.objects.filter(unit_key=0, kind="o", n__gte=2,
                                      bucket=ObligationBucket.NOT_SUBMITTED)
           .order_by("due_on").first())
    StatusCount.objects.filter(pk=row.pk).update(n=row.n - 2)
    try:
        _sqls, response = _captured("lanhdao", reverse("web:obligation-list"),
                                    {"tracked": "all", "due": "true"})
        listing = response.context["listing"]
        assert listing.page.paginator.count == listing.filterset.qs.count()
    finally:  # the suite checks the summary against the rows after each test
        StatusCount.objects.filter(pk=row.pk).update(n=row.n)
