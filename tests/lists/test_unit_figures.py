"""The unit page says the dashboard's numbers: on generated histories (Hypothesis writes
them through the services, as tests/lists/test_drill_down.py does), each unit's figures
on its page equal its bar on the dashboard, the row count of the list each figure links
to, and the API's unit summary; its per-period rates add up, over the units, to the
dashboard's trend. For today and for a past day."""

import datetime as dt
from collections import defaultdict

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.assignments.test_status_forms_agree import _write_history, step
from tests.conftest import client_for, travel
from tests.lists.test_drill_down import _export_rows, _rows_of
from tracker import tx

pytestmark = pytest.mark.django_db

FIGURES = ("due", "on_time", "late", "overdue", "on_time_rate")


def _check_units(world, user, day: dt.date | None) -> int:
    client = Client()
    client.force_login(user)
    params = {"as_of": f"{day:%d/%m/%Y}"} if day else {}
    board = client.get(reverse("web:dashboard"), params)
    assert board.status_code == 200
    bars = {u["unit"].pk: u for u in board.context["data"]["units"]}
    trend_sum: dict[str, dict] = defaultdict(lambda: dict.fromkeys(("due", "on_time"), 0))
    checked = 0
    for unit in (world.district_a, world.district_b, world.youth):
        page = client.get(reverse("web:unit-detail", args=[unit.pk]), params)
        assert page.status_code == 200, unit
        figures = page.context["figures"]
        bar = bars.get(unit.pk)
        if bar is None:  # no obligation of the listed directives: nothing counted
            assert figures["due"] == 0 and figures["on_time_rate"] is None
        else:
            assert {k: figures[k] for k in FIGURES} == {k: bar[k] for k in FIGURES}, unit
            assert figures["links"] == bar["links"]
        html = page.content.decode()
        for key, url in figures["links"].items():
            assert url.replace("&", "&amp;") in html, (key, url)
            number = figures[key]
            assert _rows_of(client, url) == number, (unit, key, url, number)
            exported = _export_rows(client, url)
            assert exported == number, (unit, key, url, number, exported)
        for period in figures["trend"]:
            trend_sum[period["label"]]["due"] += period["due"]
            trend_sum[period["label"]]["on_time"] += period["on_time"]
        query = {"as_of": day.isoformat()} if day else {}
        summary = client_for(user).get(f"/api/v1/units/{unit.pk}/summary/", query)
        assert summary.status_code == 200, summary.content[:300]
        assert {k: summary.json()[k] for k in FIGURES} == {k: figures[k] for k in FIGURES}
        assert [p["due"] for p in summary.json()["trend"]] == [p["due"]
                                                                for p in figures["trend"]]
        checked += 1
    dashboard_trend: dict[str, dict] = defaultdict(lambda: {"due": 0, "on_time": 0})
    for p in board.context["data"]["trend"]:
        dashboard_trend[p["label"]]["due"] += p["due"]
        dashboard_trend[p["label"]]["on_time"] += p["on_time"]
    assert ({k: v for k, v in trend_sum.items() if v["due"]}
            == {k: v for k, v in dashboard_trend.items() if v["due"]})
    return checked


@pytest.mark.timeout(1200)
@settings(max_examples=5, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(step, min_size=1, max_size=10), later=st.integers(0, 200),
       back=st.integers(0, 120))
def test_unit_page_figures_are_the_dashboards_and_their_lists(published, steps, later, back):
    with tx.batch():
        last = _write_history(published, steps)
        day = last + dt.timedelta(days=later)
        with travel(day, 10):
            for user in (published.leader, published.reviewer):
                assert _check_units(published, user, None) == 3
                past = max(dt.date(2021, 9, 10), day - dt.timedelta(days=back))
                if past < day:
                    _check_units(published, user, past)
        transaction.set_rollback(True)
