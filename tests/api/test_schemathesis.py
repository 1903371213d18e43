"""Property-based API testing with schemathesis against the WSGI app, in the suite.

Every operation of /api/schema/ is exercised as an authenticated reviewer and as a
unit user, with generated input (valid and invalid) and with the ids of real objects;
no answer may be a server error or break the documented schema.
"""


import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import travel
from tests.figures import figures
from tests.scene import DAY, build_scene
from tracker.accounts.tokens import issue

pytestmark = pytest.mark.django_db

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, response_headers_conformance]
EXAMPLES = {GenerationMode.POSITIVE: 8, GenerationMode.NEGATIVE: 4}
REAL_ID_EXAMPLES = 4
TOTALS = figures("schemathesis")


def _real_ids(scene) -> dict[str, dict]:
    """Path parameters naming real objects, by path prefix."""
    own = scene.own.objects
    return {
        "/api/v1/units/{id}/": {"id": scene.own.unit.pk},
        "/api/v1/unit-groups/{id}/": {"id": scene.world.group.pk},
        "/api/v1/directives/{id}/": {"id": own["directive"].pk},
        "/api/v1/items/{id}/": {"id": own["item"].pk},
        "/api/v1/assignments/{id}/": {"id": own["assignment"].pk},
        "/api/v1/periods/{id}/": {"id": own["period"].pk},
        "/api/v1/obligations/{id}/": {"id": own["open_obligation"].pk},
        "/api/v1/reports/{id}/": {"id": own["submitted_report"].pk},
        "/api/v1/reports/{id}/evidence/": {"id": own["draft_report"].pk},
        "/api/v1/reports/{id}/evidence/{evidence_id}/": {"id": own["draft_report"].pk,
                                                       "evidence_id": own["evidence"].pk},
        "/api/v1/extension-requests/{id}/": {"id": own["extension"].pk},
        "/api/v1/notifications/{id}/": {},
    }


def _fixed_path(operation, real: dict) -> dict | None:
    path = operation.path
    candidates = [p for p in real if path.startswith(p.split("{id}")[0] + "{id}")
                  or path == p]
    for prefix in sorted(candidates, key=len, reverse=True):
        names = {p.name for p in operation.path_parameters}
        values = {k: v for k, v in real[prefix].items() if k in names}
        if values and set(values) == names:
            return values
    return None


def _run(operation, strategy, headers, examples, label):
    @given(case=strategy)
    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck),
              phases=[Phase.explicit, Phase.generate])
    def one(case):
        response = case.call(headers=headers)
        TOTALS[f"{label} {response.status_code}"] += 1
        TOTALS["cases"] += 1
        case.validate_response(response, checks=CHECKS, headers=headers)

    try:
        one()
    except Unsatisfiable:
        # Nothing invalid can be generated for this operation (e.g. no inputs at all).
        TOTALS[f"{label} operations without negative cases"] += 1


@pytest.fixture
def scene(world):
    return build_scene(world)


@pytest.fixture
def keep_test_connection():
    """Calling the WSGI handler directly fires request_finished, which would close the
    test's database connection (and its transaction); Django's test client does the same."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize("role", ["reviewer", "reporter_a"])
def test_no_server_error_and_no_schema_violation(scene, role, keep_test_connection):
    user = getattr(scene.world, role)
    headers = {"Authorization": f"Token {issue(user)[1]}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    real = _real_ids(scene)
    operations = 0
    with travel(DAY, 10):
        for result in schema.get_all_operations():
            operation = result.ok()
            operations += 1
            for mode, examples in EXAMPLES.items():
                _run(operation, operation.as_strategy(generation_mode=mode), headers,
                     examples, role)
            fixed = _fixed_path(operation, real)
            if fixed:
                _run(operation, operation.as_strategy(path_parameters=fixed), headers,
                     REAL_ID_EXAMPLES, role)
    TOTALS[f"{role} operations"] = operations
    assert operations >= 45

