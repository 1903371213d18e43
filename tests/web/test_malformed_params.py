"""Malformed ids and query values on the pages answer 400 or 404, never 500.

A user may follow a link with `?period=abc`, an id too large for the database or a NUL
byte in it: the page answers the product's 404 (or a 400), never a server error. The last
test walks every page with such values as each demo role.
"""

import re
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.routes import all_routes

DEMO_ROLES = [None, "danvan", "lanhdao", "thanhuy", "tinhdoan"]
MALFORMED = ["abc", "-1", "1\n", "99999999999999999999", "", "2026-13-45", "x" * 10_240,
             "1\x00", "1.5", "%", "\u00b2", "\u0661"]
# (² and ١ are digits to str.isdigit(), not to int().)
MALFORMED_ONE_AT_A_TIME = ["abc", "-1", "99999999999999999999", "2026-13-45", "x" * 10_240,
                           "1\x00", "\u00b2"]
# What the pages read from the query string (the apps' views, reports/web.py), and the
# list filters the export page passes on to the API's FilterSets.
PAGE_QUERY_NAMES = ["as_of", "period", "format", "page", "status", "section", "group",
                    "unread", "next"]


def query_names() -> list[str]:
    from assignments.filters import AssignmentFilter, ObligationFilter
    from reports.filters import ReportFilter

    names = set(PAGE_QUERY_NAMES)
    for filterset in (AssignmentFilter, ObligationFilter, ReportFilter):
        names |= set(filterset.base_filters)
    return sorted(names)
# Pages that change something (POST); a GET of them is fine to try too, the walk sends GET.
SKIP_PREFIXES = ("admin/", "api/", "i18n/", "dang-xuat/",
                 # operators' probes and metrics: no parameters (tests/tracker/test_health.py)
                 "healthz", "readyz", "metrics")


def client_as(username) -> Client:
    client = Client(raise_request_exception=False)
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


def test_report_export_with_a_period_that_is_no_number_is_a_404(demo_today):
    from directives.models import Directive

    directive = Directive.objects.order_by("pk").first()
    client = client_as("danvan")
    for period in ["abc", "1\x00", "99999999999999999999", "-1", "\u00b2"]:
        response = client.get(f"/xuat/bao-cao/{directive.pk}/", {"period": period})
        assert response.status_code == 404, (period, response.status_code)
        assert b"<html" in response.content  # the product's page, not a bare text
    real = directive.periods.order_by("pk").first()
    response = client.get(f"/xuat/bao-cao/{directive.pk}/", {"period": real.pk})
    assert response.status_code == 200


def test_a_matrix_period_that_is_no_ascii_number_is_a_400_page(demo_today):
    """"²" passes str.isdigit() but not int(): found by the walk below."""
    from directives.models import Directive

    directive = Directive.objects.order_by("pk").first()
    client = client_as("danvan")
    for period in ["\u00b2", "abc", "99999999999999999999"]:
        response = client.get(f"/van-ban/{directive.pk}/ma-tran/", {"period": period})
        assert response.status_code == 400, (period, response.status_code)
        assert b"<html" in response.content
    real = directive.periods.order_by("pk").first()
    response = client.get(f"/van-ban/{directive.pk}/ma-tran/", {"period": real.pk})
    assert response.status_code == 200


def test_an_id_too_large_for_the_database_is_a_404_page(demo_today):
    client = client_as("danvan")
    for path in ["/van-ban/99999999999999999999/", "/yeu-cau/99999999999999999999/",
                 "/bao-cao/99999999999999999999/", "/xuat/99999999999999999999/tai-ve/",
                 "/van-ban/1%0A/"]:
        response = client.get(path)
        assert response.status_code == 404, (path, response.status_code)
        assert "text/html" in response["Content-Type"]


def test_an_api_path_that_no_route_knows_is_json_even_from_django(demo_today):
    """A path Django's URL resolver gives up on, under /api/, answers the API's JSON 404."""
    client = client_as("danvan")
    response = client.get("/api/v1/obligations/1%0A/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def _web_routes():
    for regex, pattern in all_routes():
        if not regex.startswith(SKIP_PREFIXES):
            yield regex, pattern


_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")


def _fill(regex: str, values: dict[str, str]) -> str:
    path = _GROUP.sub(lambda m: values[m.group(1)], regex)
    return "/" + path.replace("\\Z", "").replace("\\", "").rstrip("$")


def _real_ids(regex: str) -> dict[str, str]:
    """An id the demo holds for the route's first path segment."""
    from assignments.models import ExtensionRequest, ReportObligation
    from directives.models import Directive, ResponsibilityItem
    from reports.models import Evidence, ExportJob, ProgressReport
    from tracker.models import Notification

    models = {"van-ban": Directive, "nhiem-vu": ResponsibilityItem, "yeu-cau": ReportObligation,
              "bao-cao": ProgressReport, "gia-han": ExtensionRequest, "thong-bao": Notification,
              "minh-chung": Evidence, "xuat/bao-cao": Directive, "xuat": ExportJob}
    values = {}
    for name in _GROUP.findall(regex):
        if name == "kind":
            values[name] = "obligations"
            continue
        model = next((m for prefix, m in models.items() if regex.startswith(prefix + "/")),
                     None)
        first = model.objects.order_by("pk").first() if model else None
        values[name] = str(first.pk if first else 1)
    return values


@pytest.mark.timeout(1200)
def test_every_page_answers_malformed_values_without_a_500(demo_today):
    """Every path parameter and every query parameter of every page, with each malformed
    value, as anyone and as each demo role: status < 500."""
    from reports.models import ExportJob

    ExportJob.objects.create(kind="obligations", format="csv",
                             requested_by=get_user_model().objects.get(username="danvan"))
    failures = []

    def check(client, role, path, query=None):
        response = client.get(path, query or {})
        if response.status_code >= 500:
            shown = {k: v[:20] for k, v in (query or {}).items()}
            failures.append(f"{role} GET {path[:80]!r} {shown!r} → {response.status_code}")

    clients = {role: client_as(role) for role in DEMO_ROLES}
    names = query_names()
    for regex, _pattern in _web_routes():
        real = _real_ids(regex)
        valid = _fill(regex, real)
        for role, client in clients.items():
            for name in real:
                for value in MALFORMED:
                    check(client, role, _fill(regex, {**real, name: quote(value, safe="")}))
            for value in MALFORMED:
                check(client, role, valid, dict.fromkeys(names, value))
            # One at a time (a 400 from one must not hide a 500 from another), as the board:
            # what the pages read, and the list filters on the export page.
            if role == "danvan":
                one_by_one = names if regex.startswith("xuat/danh-sach/") else PAGE_QUERY_NAMES
                for name in one_by_one:
                    for value in MALFORMED_ONE_AT_A_TIME:
                        check(client, role, valid, {name: value})
    assert not failures, f"{len(failures)} answers ≥ 500:\n" + "\n".join(failures[:60])


def test_a_malformed_link_shows_the_product_pages_in_the_browser(chromium, live_server, demo_today,
                                                                  artifacts):
    """The board follows links with a period that is no number: the export answers the
    product's 404 page, the matrix its own page with a 400 (and the default period)."""
    from directives.models import Directive
    from tests.web.test_browser import LAPTOP, _session, _shot

    directive = Directive.objects.order_by("pk").first()
    context, page = _session(chromium, live_server, "danvan", viewport=LAPTOP)
    response = page.goto(f"{live_server.url}/xuat/bao-cao/{directive.pk}/?period=abc")
    assert response.status == 404
    _shot(page, artifacts, "malformed-period-export-404")
    response = page.goto(f"{live_server.url}/van-ban/{directive.pk}/ma-tran/?period=%C2%B2")
    assert response.status == 400
    assert page.locator("table").count() >= 1
    _shot(page, artifacts, "malformed-period-matrix-400")
    context.close()
