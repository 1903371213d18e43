"""Malformed input never gives a 500, and the API always answers JSON.

A caller may send JSON nested a thousand deep, an id with a newline in it, a query value
that is no number or no date, or call too often: each gets a 4xx in the API's one error
format. The last test walks every API route with such values as each demo role.
"""

import re
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import override_settings
from rest_framework.test import APIClient

from tests.conftest import client_for
from tests.demo import DEMO_PASSWORD
from tests.routes import all_routes

pytestmark = pytest.mark.django_db

V1 = "/api/v1"
DEMO_ROLES = [None, "danvan", "lanhdao", "thanhuy", "tinhdoan"]

# 1,000 levels of nesting in 2 KB: enough to exhaust Python's recursion limit.
DEEP_LIST = "[" * 1000 + "]" * 1000
DEEP_OBJECT = '{"a":' * 1000 + "1" + "}" * 1000

MALFORMED = ["abc", "-1", "1\n", "99999999999999999999", "", "2026-13-45", "x" * 10_240,
             "1\x00", "1.5", "%", "\u00b2", "\u0661", "'\"<>"]
# (² and ١ are digits to str.isdigit(), not to int().)
MALFORMED_ONE_AT_A_TIME = ["abc", "-1", "99999999999999999999", "2026-13-45", "x" * 10_240,
                           "1\x00", "\u00b2"]


def error_shape(response, status: int) -> dict:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert set(body) == {"errors", "code", "detail"}, body
    return body


def anonymous_that_does_not_reraise() -> APIClient:
    client = APIClient()
    client.raise_request_exception = False
    return client


def user(username):
    return get_user_model().objects.get(username=username) if username else None


# --- deep JSON -----------------------------------------------------------------------------


@pytest.mark.parametrize("body", [DEEP_LIST, DEEP_OBJECT], ids=["list", "object"])
def test_deeply_nested_json_to_the_token_endpoint_is_a_400_for_anyone(db, body):
    client = anonymous_that_does_not_reraise()
    response = client.post(f"{V1}/auth/token/", data=body, content_type="application/json")
    assert error_shape(response, 400)["code"] == "parse_error"


def test_deeply_nested_json_is_a_400_under_production_settings(db):
    """DEBUG off, the exception not re-raised by the test client: what a server answers."""
    with override_settings(DEBUG=False, DEBUG_PROPAGATE_EXCEPTIONS=False):
        client = anonymous_that_does_not_reraise()
        response = client.post(f"{V1}/auth/token/", data=DEEP_LIST,
                               content_type="application/json")
        error_shape(response, 400)


def test_deeply_nested_json_is_a_400_on_every_writing_endpoint(demo):
    board, unit = client_for(user("danvan")), client_for(user("thanhuy"))
    for path, client in [("/directives/", board), ("/directives/import/", board),
                         ("/items/", board), ("/assignments/", board), ("/exports/", board),
                         ("/directives/1/sections/", board), ("/reports/", unit),
                         ("/extension-requests/", unit)]:
        client.raise_request_exception = False
        response = client.post(V1 + path, data=DEEP_OBJECT, content_type="application/json")
        assert error_shape(response, 400)["code"] == "parse_error", path


def test_ordinary_nesting_still_reads(demo):
    """A real payload (an object holding a list of objects) is far from the bound."""
    client = APIClient()
    response = client.post(f"{V1}/auth/token/", {"username": "danvan",
                                                 "password": DEMO_PASSWORD}, format="json")
    assert response.status_code == 200
    nested = '{"username": [[[[[[[[["x"]]]]]]]]], "password": "p"}'
    response = client.post(f"{V1}/auth/token/", data=nested, content_type="application/json")
    assert error_shape(response, 400)["code"] == "invalid"


def test_deep_json_inside_a_multipart_import_is_a_400(demo):
    client = client_for(user("danvan"))
    client.raise_request_exception = False
    response = client.post(f"{V1}/directives/import/?dry_run=true",
                           {"preview": DEEP_OBJECT}, format="multipart")
    body = error_shape(response, 400)
    assert "preview" in body["errors"]


def test_deep_json_inside_export_filters_is_a_400(demo):
    client = client_for(user("danvan"))
    client.raise_request_exception = False
    response = client.post(f"{V1}/exports/", {"kind": "obligations", "filters": {
        "status": "x"}}, format="json")
    assert response.status_code in (201, 202, 400)
    deep = '{"kind": "obligations", "filters": {"status": ' + "[" * 200 + "]" * 200 + "}}"
    response = client.post(f"{V1}/exports/", data=deep, content_type="application/json")
    error_shape(response, 400)


# --- ids and unknown paths ------------------------------------------------------------------


def test_an_id_holding_a_newline_is_a_json_404(demo):
    client = client_for(user("danvan"))
    # (%0A: the test client, as urllib, drops a raw newline from a URL before sending it.)
    for path in ["/obligations/1%0A/", "/reports/1%0A/submit/", "/reports/1/evidence/1%0A/",
                 "/directives/%0A/", "/no-such-thing%0A/"]:
        response = client.get(V1 + path)
        assert error_shape(response, 404)["code"] == "not_found", path


def test_a_report_period_that_is_no_ascii_number_is_a_json_404(demo):
    """"²" passes str.isdigit() but not int(): found by the walk below."""
    from directives.models import Directive

    client = client_for(user("danvan"))
    directive = Directive.objects.order_by("pk").first()
    for period in ["\u00b2", "abc", "99999999999999999999"]:
        response = client.get(f"{V1}/directives/{directive.pk}/report/", {"period": period})
        error_shape(response, 404)


def test_other_http_errors_of_the_api_are_json(demo):
    client = client_for(user("danvan"))
    error_shape(client.delete(f"{V1}/directives/"), 405)
    error_shape(client.post(f"{V1}/directives/", data="x", content_type="text/plain"), 415)
    error_shape(client.get(f"{V1}/directives/", HTTP_ACCEPT="text/html"), 406)


# --- throttling -----------------------------------------------------------------------------


def test_too_many_calls_answer_a_json_429_with_retry_after(demo, monkeypatch):
    """DRF's throttles (none is on by default: rates are a deployment's choice), on the
    token endpoint for anyone and on a list for a signed-in user."""
    from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

    from tracker.api.views import TokenView, UnitViewSet

    cache.clear()
    rates = {"anon": "2/minute", "user": "2/minute"}
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", rates)
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", rates)
    monkeypatch.setattr(TokenView, "throttle_classes", [AnonRateThrottle])
    monkeypatch.setattr(UnitViewSet, "throttle_classes", [UserRateThrottle])
    wrong = {"username": "thanhuy", "password": "wrong"}
    calls = [(APIClient(), "post", "/auth/token/", wrong, 400),
             (client_for(user("thanhuy")), "get", "/units/", {}, 200)]
    try:
        for client, method, path, data, status in calls:
            for _ in range(2):
                assert getattr(client, method)(V1 + path, data).status_code == status
            response = getattr(client, method)(V1 + path, data)
            assert error_shape(response, 429)["code"] == "throttled"
            assert 0 < int(response["Retry-After"]) <= 60
    finally:
        cache.clear()


def test_a_locked_out_token_login_answers_a_json_429_with_retry_after(demo):
    cache.clear()
    with override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=2):
        client = APIClient()
        client.raise_request_exception = False
        wrong = {"username": "thanhuy", "password": "wrong"}
        response = client.post(f"{V1}/auth/token/", wrong, format="json")
        assert error_shape(response, 400)["code"] == "invalid_credentials"
        response = client.post(f"{V1}/auth/token/", wrong, format="json")
        assert error_shape(response, 429)["code"] == "locked_out"
        # Locked out: even the right password waits.
        response = client.post(f"{V1}/auth/token/", {"username": "thanhuy",
                                                     "password": DEMO_PASSWORD}, format="json")
        body = error_shape(response, 429)
        assert body["code"] == "locked_out"
        assert "token" not in body
        assert int(response["Retry-After"]) == 15 * 60
    from axes.models import AccessAttempt

    AccessAttempt.objects.all().delete()


# --- the walk -------------------------------------------------------------------------------


def _api_routes():
    """(regex of the whole path, pattern) of every route under /api/."""
    for regex, pattern in all_routes():
        if regex.startswith("api/"):
            yield regex, pattern


def _query_names(pattern) -> set[str]:
    """The query parameters the route's view reads: its filters, paging, ordering, and
    the parameters views read by hand."""
    names = {"as_of", "period", "format", "page", "page_size", "cursor", "ordering",
             "dry_run", "q"}
    view = getattr(pattern.callback, "cls", None)
    filterset = getattr(view, "filterset_class", None)
    if filterset is not None:
        names |= set(filterset.base_filters)
    return names


def _real_ids() -> dict[str, int]:
    """One id per resource the demo holds (the first), for routes that name one."""
    from assignments.models import Assignment, ExtensionRequest, ReportObligation
    from assignments.models import ReportingPeriod as Period
    from directives.models import Directive, ResponsibilityItem
    from reports.models import Evidence, ExportJob, ProgressReport
    from tracker.models import Notification, Unit, UnitGroup

    models = {"units": Unit, "unit-groups": UnitGroup, "notifications": Notification,
              "directives": Directive, "items": ResponsibilityItem,
              "assignments": Assignment, "periods": Period, "obligations": ReportObligation,
              "extension-requests": ExtensionRequest, "reports": ProgressReport,
              "exports": ExportJob, "evidence": Evidence}
    ids = {}
    for name, model in models.items():
        first = model.objects.order_by("pk").first()
        ids[name] = first.pk if first else 1
    return ids


_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")


def _fill(regex: str, values: dict[str, str]) -> str:
    path = _GROUP.sub(lambda m: values[m.group(1)], regex)
    return "/" + path.replace("\\", "").rstrip("$").replace("^", "")


@pytest.mark.timeout(1200)
def test_every_api_route_answers_malformed_values_with_a_json_4xx(demo):
    """Every path parameter and every query parameter of every route, with each malformed
    value, as anyone and as each demo role: status < 500 and JSON."""
    ids = _real_ids()
    failures = []
    clients = {}
    for role in DEMO_ROLES:
        clients[role] = client_for(user(role))
        clients[role].raise_request_exception = False

    def check(client, role, method, path, query=None):
        response = getattr(client, method)(path, query or {})
        is_json = response["Content-Type"].startswith("application/json")
        # A file download (the consolidated report, an export) is the one non-JSON answer.
        if response.status_code >= 500 or (response.status_code >= 400 and not is_json):
            shown = {k: v[:20] for k, v in (query or {}).items()}
            failures.append(f"{role} {method.upper()} {path[:80]!r} {shown!r} → "
                            f"{response.status_code} {response['Content-Type']}")

    for regex, pattern in _api_routes():
        if "(?P<" not in regex and ".*" in regex:
            continue  # the catch-all; covered by every unknown path below
        names = _GROUP.findall(regex)
        resource = regex.split("/")[2].lstrip("^") if regex.count("/") > 2 else ""
        real = {name: str(ids.get("evidence" if name == "evidence_id" else resource, 1))
                for name in names}
        valid = _fill(regex, real)
        actions = list(getattr(pattern.callback, "actions", None) or {"get": "get"})
        for role, client in clients.items():
            # Path parameters: each one malformed in turn.
            for name in names:
                for value in MALFORMED:
                    path = _fill(regex, {**real, name: quote(value, safe="")})
                    check(client, role, actions[0], path)
            if "get" not in actions:
                continue
            query_names = sorted(_query_names(pattern))
            # Query parameters: all malformed at once, as every role.
            for value in MALFORMED:
                check(client, role, "get", valid, {n: value for n in query_names})
            # And one at a time (a 400 from one must not hide a 500 from another), as the
            # board, who sees every object the walk names.
            if role == "danvan":
                for name in query_names:
                    for value in MALFORMED_ONE_AT_A_TIME:
                        check(client, role, "get", valid, {name: value})
    assert not failures, f"{len(failures)} answers ≥ 500 or not JSON:\n" + "\n".join(
        failures[:60])
