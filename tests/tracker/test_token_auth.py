"""Token authentication reads the user's memberships in the same query as the token."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.factories import MembershipFactory, UserFactory
from tracker import policy
from tracker.accounts.tokens import issue
from tracker.api.authentication import TokenWithRolesAuthentication, parse_roles
from tracker.models import Membership

pytestmark = pytest.mark.django_db


def _token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue(user)[1]}")
    return client


def test_the_memberships_come_with_the_token(world):
    user = world.head_a
    MembershipFactory(user=user, unit=world.district_b, role=Membership.Role.REPORTER)
    MembershipFactory(user=user, unit=world.board, role=Membership.Role.REVIEWER)
    key = issue(user)[1]
    with CaptureQueriesContext(connection) as ctx:
        authenticated, _token = TokenWithRolesAuthentication().authenticate_credentials(key)
        seen = policy.unit_ids(authenticated, *policy.UNIT_ROLES)
        boards = policy.unit_ids(authenticated, Membership.Role.REVIEWER)
    assert len(ctx.captured_queries) == 1
    assert seen == {world.district_a.pk, world.district_b.pk}
    assert boards == {world.board.pk}
    assert sorted(authenticated._tracker_memberships) == sorted(
        Membership.objects.filter(user=user).values_list("unit_id", "role"))


def test_a_user_without_memberships_sees_nothing_and_reads_nothing_more():
    user = UserFactory(username="nobody")
    key = issue(user)[1]
    authenticated, _token = TokenWithRolesAuthentication().authenticate_credentials(key)
    with CaptureQueriesContext(connection) as ctx:
        assert policy.unit_ids(authenticated) == set()
        assert not policy.sees_everything(authenticated)
    assert len(ctx.captured_queries) == 0


def test_a_token_user_is_scoped_like_a_session_user(world):
    """A reporter of district A with a token sees its assignments' directive summary
    only for its own unit, and a foreign directive is a 404."""
    client = _token_client(world.reporter_a)
    assert client.get("/api/v1/directives/").status_code == 200
    assert client.get(f"/api/v1/directives/{world.directive.pk}/summary/").status_code == 404


def test_unknown_and_inactive_tokens_are_refused(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert client.get("/api/v1/directives/").status_code == 401
    inactive = UserFactory(username="gone", is_active=False)
    assert _token_client(inactive).get("/api/v1/directives/").status_code == 401


def test_roles_are_parsed_from_the_aggregate():
    assert parse_roles(None) == [] and parse_roles("") == []
    assert parse_roles("3:reviewer,12:unit_head") == [(3, "reviewer"), (12, "unit_head")]
