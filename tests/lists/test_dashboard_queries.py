"""The leaders' dashboard for today reads the stored columns and the status-count table:
no replay of the dated facts, a number of queries that does not grow with the rows, and
an overdue table of the longest overdue rows whose pill counts them all."""

import datetime as dt

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


def test_the_unit_chart_is_paged_and_every_unit_is_on_one_page(demo, monkeypatch):
    """The per-unit chart draws UNITS_SHOWN bars a page: the pages together hold every
    unit of the figures once, in the organisation's order; drawn bars carry their links
    (and the drill-down holds them), the others are not built; the queries do not grow
    with the page."""
    monkeypatch.setattr(reports.selectors, "UNITS_SHOWN", 4)
    client = Client()
    client.force_login(get_user_model().objects.get(username="lanhdao"))
    with travel(DEMO_DAY, 10):
        for params in ({}, {"as_of": "01/06/2026"}):
            first, first_sql = _dashboard(client, params)
            data = first.context["data"]
            units = [u["unit"].pk for u in data["units"]]
            bars = data["unit_bars"]
            assert len(units) > 8 and bars.paginator.num_pages == -(-len(units) // 4)
            seen, sql_counts = [], set()
            for number in bars.paginator.page_range:
                response, sql = _dashboard(client, {**params, "units_page": number})
                page = response.context["data"]["unit_bars"]
                drawn = [u["unit"].pk for u in page]
                assert len(drawn) <= 4 and all("links" in u for u in page)
                assert {k for k in response.context["data"]["drill"] if k.startswith("u")} == {
                    f"u{pk}:{key}" for pk in drawn for key in ("due", "on_time", "late",
                                                               "overdue")}
                html = response.content.decode()
                for pk in drawn:
                    assert f'href="/don-vi/{pk}/"' in html
                assert 'rel="next"' in html if page.has_next() else 'rel="next"' not in html
                seen += drawn
                sql_counts.add(len(sql))
            assert seen == units, params
            assert len(sql_counts) == 1, sql_counts


def test_the_unit_chart_orders_by_lowest_rate_when_asked(demo, monkeypatch):
    """`?units_order=rate`: lowest on-time rate first, the most overdue first among
    equals, units with nothing due last; the same units as the organisation's order."""
    monkeypatch.setattr(reports.selectors, "UNITS_SHOWN", 1000)
    client = Client()
    client.force_login(get_user_model().objects.get(username="lanhdao"))
    with travel(DEMO_DAY, 10):
        plain, _sql = _dashboard(client)
        ranked, _sql = _dashboard(client, {"units_order": "rate"})
    by_org = plain.context["data"]["unit_bars"].object_list
    by_rate = ranked.context["data"]["unit_bars"].object_list
    assert sorted(u["unit"].pk for u in by_rate) == sorted(u["unit"].pk for u in by_org)
    keys = [(u["on_time_rate"] is None, u["on_time_rate"] or 0, -u["overdue"]) for u in by_rate]
    assert keys == sorted(keys) and keys != [
        (u["on_time_rate"] is None, u["on_time_rate"] or 0, -u["overdue"]) for u in by_org]
    assert "tỷ lệ thấp trước" in ranked.content.decode()
    assert ranked.context["data"]["units_order"] == "rate"
    unknown, _sql = _dashboard(client, {"units_order": "nonsense", "units_page": "x"})
    assert unknown.context["data"]["units_order"] == "org"


def test_the_directive_chart_is_paged_and_each_bar_keeps_its_links(demo, monkeypatch):
    """The per-directive chart draws DIRECTIVES_SHOWN bars a page (a national leader's
    dashboard lists 100): the pages together hold every listed directive once, newest
    first; drawn bars carry their drill-down links (and only those are built); the
    tiles still count every directive."""
    from directives.models import Directive
    from tests.factories import DirectiveFactory

    board = Directive.objects.get(status=Directive.Status.ACTIVE).supervising_unit
    for day in (1, 2, 3):
        DirectiveFactory(status=Directive.Status.ACTIVE, supervising_unit=board,
                         issued_on=dt.date(2022, 1, day))
    monkeypatch.setattr(reports.selectors, "DIRECTIVES_SHOWN", 2)
    client = Client()
    client.force_login(get_user_model().objects.get(username="lanhdao"))
    with travel(DEMO_DAY, 10):
        first, _sql = _dashboard(client)
        data = first.context["data"]
        listed = [d["id"] for d in data["directives"]]
        assert len(listed) >= 4 and data["active_directives"] == len(listed)
        bars = data["directive_bars"]
        assert bars.paginator.num_pages == -(-len(listed) // 2)
        seen, sql_counts = [], set()
        for number in bars.paginator.page_range:
            response, sql = _dashboard(client, {"directives_page": number})
            page = response.context["data"]["directive_bars"]
            drawn = [d["id"] for d in page]
            assert len(drawn) <= 2 and all("links" in d for d in page)
            drill = response.context["data"]["drill"]
            assert {k.split(":")[0] for k in drill if k.startswith("d") and ":" in k} == {
                f"d{pk}" for pk in drawn}
            html = response.content.decode()
            for d in page:
                assert d["links"]["due"].replace("&", "&amp;") in html
            assert (f"directives_page={number + 1}#van-ban" in html) == page.has_next()
            seen += drawn
            sql_counts.add(len(sql))
        assert seen == listed
        assert len(sql_counts) == 1, sql_counts
