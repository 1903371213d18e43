"""The leaders' dashboard for today reads the stored columns and the status-count table:
no replay of the dated facts, a number of queries that does not grow with the rows, and
an overdue table of the longest overdue rows whose pill counts them all."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import reports.selectors
from tests.conftest import travel
from tests.demo import DEMO_DAY

pytestmark = pytest.mark.django_db


def _dashboard(client: Client, params: dict | None = None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("web:dashboard"), params or {})
    assert response.status_code == 200
    return response, [q["sql"] for q in captured.captured_queries]


def test_todays_dashboard_reads_no_dated_facts(demo):
    """Today's figures come from the stored columns: the deadline-change log (what the
    replay of a past day reads, for every obligation) is not read; a past day still is."""
    client = Client()
    client.force_login(get_user_model().objects.get(username="lanhdao"))
    with travel(DEMO_DAY, 10):
        client.get(reverse("web:dashboard"))  # session, caches
        _response, today = _dashboard(client)
        _response, past = _dashboard(client, {"as_of": "01/06/2026"})
    assert not [sql for sql in today if "assignments_deadlinechange" in sql]
    assert [sql for sql in past if "assignments_deadlinechange" in sql]


def test_the_overdue_table_shows_the_longest_overdue_and_counts_them_all(demo, monkeypatch):
    """A short table (OVERDUE_SHOWN rows, longest overdue first) whose count is the
    overdue list's row count, today and on a past day."""
    monkeypatch.setattr(reports.selectors, "OVERDUE_SHOWN", 3)
    client = Client()
    client.force_login(get_user_model().objects.get(username="lanhdao"))
    with travel(DEMO_DAY, 10):
        for params in ({}, {"as_of": "01/06/2026"}):
            response, _sql = _dashboard(client, params)
            data = response.context["data"]
            number, url = data["drill"]["overdue_table"]
            listed = client.get(url).context["listing"].page.paginator.count
            assert number == data["overdue_count"] == listed > 3, params
            days = [row.view_state.days_overdue for row in data["overdue"]]
            assert len(days) == 3 and days == sorted(days, reverse=True), params


def test_the_dashboard_reads_as_many_queries_with_more_overdue_rows(demo, monkeypatch):
    """The number of queries does not follow the number of rows shown."""
    client = Client()
    client.force_login(get_user_model().objects.get(username="lanhdao"))
    with travel(DEMO_DAY, 10):
        client.get(reverse("web:dashboard"))
        monkeypatch.setattr(reports.selectors, "OVERDUE_SHOWN", 1)
        _response, few = _dashboard(client)
        monkeypatch.setattr(reports.selectors, "OVERDUE_SHOWN", 50)
        _response, many = _dashboard(client)
    assert len(few) == len(many)
