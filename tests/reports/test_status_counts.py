"""The status-count table answers today's summary and dashboard exactly as the replay.

On the demo (1,095 obligations with every kind of history), for several days from
today on and for each kind of user, the figures read from assignments_statuscount
must equal the ones replayed from the dated facts (assignments.statuses).
"""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from assignments import counts
from directives.models import Directive
from reports.summaries import dashboard, directive_summary
from tests.conftest import travel
from tests.demo import DEMO_DAY

pytestmark = pytest.mark.django_db

DAYS = [DEMO_DAY, DEMO_DAY + dt.timedelta(days=40), DEMO_DAY + dt.timedelta(days=400)]
USERS = ["danvan", "lanhdao", "thanhuy", "tinhdoan", "admin"]


def _same_order(summary: dict) -> dict:
    summary = dict(summary)
    summary["overdue"] = sorted(summary["overdue"], key=lambda r: (-r["days_overdue"],
                                                                    r["obligation"]))
    return summary


def test_the_demo_counts_are_in_step(demo):
    assert counts.differences() == []
    assert counts.stored()  # not trivially empty


@pytest.mark.parametrize("username", USERS)
def test_summary_from_counts_equals_the_replay(demo, username):
    user = get_user_model().objects.get(username=username)
    directives = list(Directive.objects.all())
    assert directives
    with travel(DEMO_DAY, 10):
        for day in DAYS:
            for directive in directives:
                counted = directive_summary(directive=directive, day=day, user=user)
                replayed = directive_summary(directive=directive, day=day, user=user,
                                             replay=True)
                assert _same_order(counted) == _same_order(replayed), (username, day)


@pytest.mark.parametrize("username", USERS)
def test_dashboard_from_counts_equals_the_replay(demo, username):
    user = get_user_model().objects.get(username=username)
    with travel(DEMO_DAY, 10):
        for day in DAYS:
            counted = dashboard(user=user, day=day)
            assert counted == dashboard(user=user, day=day, replay=True), (username, day)
            assert counted["obligations"]["total"] or username == "tinhdoan"


def test_rebuild_restores_a_damaged_table(demo):
    from assignments.models import StatusCount

    row = StatusCount.objects.exclude(n=0).first()
    StatusCount.objects.filter(pk=row.pk).update(n=row.n + 5)
    assert counts.differences() != []
    counts.rebuild()
    assert counts.differences() == []


@pytest.mark.parametrize("username", USERS)
def test_summary_endpoint_answers_what_the_selector_answers(demo, username):
    """The endpoint reads the directive, its sections and whether it has indicators in
    one query (directive_summary_of): the answer is still the selector's, and a
    directive the user may not see is a 404."""
    import json

    from rest_framework.test import APIClient

    from tracker.accounts.tokens import issue


    user = get_user_model().objects.get(username=username)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue(user)[1]}")
    visible = set(Directive.objects.visible_to(user).values_list(
        "pk", flat=True))
    with travel(DEMO_DAY, 10):
        for directive in Directive.objects.all():
            response = client.get(f"/api/v1/directives/{directive.pk}/summary/")
            if directive.pk not in visible:
                assert response.status_code == 404, (username, directive.pk)
                continue
            assert response.status_code == 200, response.content
            expected = directive_summary(directive=directive, day=DEMO_DAY, user=user)
            assert response.json() == json.loads(json.dumps(expected)), (username, directive)
    assert visible or username == "tinhdoan"
