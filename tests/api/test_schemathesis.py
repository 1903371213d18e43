"""Property-based API testing with schemathesis against the WSGI app, in the suite.

Every operation of /api/schema/ is exercised as every role: each generated case as the
board's reviewer and district A's reporter, every third one also as the administrator,
the leader, district A's head, another district's reporter, another board's reviewer
and an anonymous caller (the cases are generated once and shared), with generated input
(valid and invalid) and with the ids of real objects; no answer may be a server error or break the
documented schema (401 and 403 are documented answers of every operation).

Each case signs in with a fresh token: the operations include logout, logout-all and
token revocation, which would otherwise sign the role out for the rest of the run.
"""


import pytest
import schemathesis
from django.contrib.auth import get_user_model
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
# Examples per operation: (positive, negative, with real ids). Every example is called
# as the two main roles; every LIGHT_EVERY-th one also as each of the other roles (the
# cases are generated once and shared: generating them is most of the cost).
EXAMPLES = (3, 1, 2)
LIGHT_EVERY = 3
ROLES = {  # role -> (the user in the scene, called on every example)
    "reviewer": (lambda scene: scene.world.reviewer, True),
    "reporter_a": (lambda scene: scene.world.reporter_a, True),
    "admin": (lambda scene: scene.world.admin, False),
    "leader": (lambda scene: scene.world.leader, False),
    "head_a": (lambda scene: scene.world.head_a, False),
    "reporter_b": (lambda scene: scene.world.reporter_b, False),
    "reviewer_other_board": (lambda scene: User.objects.get(username="tuyengiao"), False),
    "anonymous": (lambda scene: None, False),
}
TOTALS = figures("schemathesis")
User = get_user_model()


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


def _signed_in(user) -> dict:
    """Headers of a fresh sign-in (a new token), none for an anonymous caller."""
    return {} if user is None else {"Authorization": f"Token {issue(user)[1]}"}


def _call(case, role: str, user) -> None:
    headers = _signed_in(user)
    response = case.call(headers=headers)
    TOTALS[f"{role} {response.status_code}"] += 1
    TOTALS["cases"] += 1
    try:
        case.validate_response(response, checks=CHECKS, headers=headers)
    except BaseException as exc:
        exc.add_note(f"as {role}")
        raise


def _run(strategy, users: dict, examples: int) -> None:
    seen = []

    @given(case=strategy)
    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck),
              phases=[Phase.explicit, Phase.generate])
    def one(case):
        seen.append(case)
        for role, (user, every) in users.items():
            if every or len(seen) % LIGHT_EVERY == 1:
                _call(case, role, user)

    try:
        one()
    except Unsatisfiable:
        # Nothing invalid can be generated for this operation (e.g. no inputs at all).
        TOTALS["operations without negative cases"] += 1


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


@pytest.mark.timeout(900)  # about 4 minutes on a busy 2-core machine
def test_no_server_error_and_no_schema_violation_as_any_role(scene, keep_test_connection):
    users = {role: (find(scene), every) for role, (find, every) in ROLES.items()}
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    real = _real_ids(scene)
    positive, negative, real_ids = EXAMPLES
    operations = 0
    with travel(DAY, 10):
        for result in schema.get_all_operations():
            operation = result.ok()
            operations += 1
            _run(operation.as_strategy(generation_mode=GenerationMode.POSITIVE), users,
                 positive)
            _run(operation.as_strategy(generation_mode=GenerationMode.NEGATIVE), users,
                 negative)
            fixed = _fixed_path(operation, real)
            if fixed:
                _run(operation.as_strategy(path_parameters=fixed), users, real_ids)
    TOTALS["operations"] = operations
    assert operations >= 45
    assert TOTALS["anonymous 401"] > 0 and TOTALS["reviewer 200"] > 0
