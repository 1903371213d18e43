"""One definition per figure: every number of the dashboard equals the row count of the
list it links to, and of that list's export (the same filters), on generated histories
(Hypothesis writes them through the services, as tests/assignments/test_status_forms_agree
does), for today (the status-count table) and for a past day (replayed)."""

import csv
import datetime as dt
import io
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.assignments.test_status_forms_agree import _write_history, step
from tests.conftest import travel
from tracker import tx

pytestmark = pytest.mark.django_db


def _rows_of(client: Client, url: str) -> int:
    """The list's count as its page shows it (for the tiles' lists, the status-count
    table's figure), checked against its rows counted one by one."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    listing = response.context["listing"]
    assert listing.filterset.qs.count() == listing.page.paginator.count, url
    if listing.sort == "due" and response.context["request"].path == reverse(
            "web:obligation-list"):  # the order the database gives, sorted here or there
        shown = list(listing.page.object_list)
        assert shown == list(listing.filterset.qs.order_by("due_on", "id")
                             .values_list("pk", flat=True)[:len(shown)]), url
    return listing.page.paginator.count


def _export_rows(client: Client, url: str) -> int | None:
    """Rows of the export of the list at `url` (its kind from the list's own button)."""
    parts = urlsplit(url)
    kind = {reverse("web:obligation-list"): "obligations"}.get(parts.path)
    if kind is None:
        return None
    params = dict(parse_qsl(parts.query))
    response = client.get(reverse("exports:list", args=[kind]), {**params, "format": "csv"})
    assert response.status_code == 200, (url, response.content[:300])
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return len(list(csv.reader(io.StringIO(body)))) - 1


def _check_every_figure(client: Client, day: dt.date | None) -> int:
    params = {"as_of": f"{day:%d/%m/%Y}"} if day else {}
    page = client.get(reverse("web:dashboard"), params)
    assert page.status_code == 200
    drill = page.context["data"]["drill"]
    assert {"directives", "due", "on_time", "overdue", "waiting", "overdue_table"} <= set(drill)
    html = page.content.decode()
    for key, (number, url) in drill.items():
        if number or ":" not in key:  # a bar's empty segment is not drawn, so not linked
            assert url in html or url.replace("&", "&amp;") in html, (key, url)
        assert _rows_of(client, url) == number, (key, url, number)
        exported = _export_rows(client, url)
        assert exported is None or exported == number, (key, url, number, exported)
    return len(drill)


# Each example renders the dashboard four times and opens every list and export behind
# it (about 100 requests): longer than the default per-test timeout on a loaded machine.
@pytest.mark.timeout(1200)
@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(step, min_size=1, max_size=10), later=st.integers(0, 200),
       back=st.integers(0, 120))
def test_each_dashboard_figure_is_the_row_count_of_its_list(published, steps, later, back):
    with tx.batch():
        last = _write_history(published, steps)
        day = last + dt.timedelta(days=later)
        with travel(day, 10):
            for user in (published.leader, published.reviewer):
                client = Client()
                client.force_login(user)
                assert _check_every_figure(client, None) > 6
                past = max(dt.date(2021, 9, 10), day - dt.timedelta(days=back))
                if past < day:
                    _check_every_figure(client, past)
        transaction.set_rollback(True)


def test_matrix_headers_open_the_list_of_their_row_and_column(client, published):
    client.force_login(published.reviewer)
    with travel("2022-01-20"):
        page = client.get(reverse("web:directive-matrix", args=[published.directive.pk]))
        matrix = page.context["matrix"]
        period = page.context["period"]
        for row in matrix["rows"]:
            url = (f"{reverse('web:obligation-list')}?directive={published.directive.pk}"
                   f"&unit={row['unit'].pk}&period={period.pk}")
            assert url.replace("&", "&amp;") in page.content.decode()
            cells = sum(1 for cell in row["cells"] if cell and cell.get("state"))
            assert _rows_of(client, url) == cells
