"""The bench dataset at a tiny scale: valid rows the domain code reads consistently."""

import datetime as dt

import pytest
from django.db.models import Count

from assignments.models import Assignment, ReportObligation
from assignments.selectors import assignment_states, obligation_states
from assignments.statuses import assignment_status_case, obligation_status_case
from devtools.bench.cleanup import bench_exists, delete_bench
from devtools.bench.generator import generate
from devtools.bench.scales import SCALES
from directives.models import Directive
from reports.models import ProgressReport, Review
from reports.summaries import dashboard, directive_summary
from tracker.models import Event, Membership, Unit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def dataset():
    data = generate(SCALES["tiny"], seed=7, log=lambda *a: None)
    yield data
    delete_bench()


def test_tiny_dataset_is_consistent_with_the_domain(dataset):
    bench_obligations = ReportObligation.objects.filter(
        assignment__item__directive__number__startswith="BENCH-")
    bench_assignments = Assignment.objects.filter(
        item__directive__number__startswith="BENCH-")
    assert bench_assignments.count() == dataset.counts["assignments_assignment"]
    assert bench_obligations.count() == dataset.counts["assignments_reportobligation"] > 100

    # Obligations only for lead assignments of published directives.
    assert not bench_obligations.exclude(assignment__role=Assignment.Role.LEAD).exists()
    assert not bench_obligations.filter(
        assignment__item__directive__status=Directive.Status.DRAFT).exists()

    # The dated facts replay to the stored state: status "as of today" agrees with the SQL
    # computed from the stored columns, for every obligation and every assignment.
    day = dataset.today
    replayed = {pk: s.status for pk, s in obligation_states(bench_obligations, day).items()}
    stored = dict(bench_obligations.annotate(s=obligation_status_case(day))
                  .values_list("id", "s"))
    assert replayed == stored
    statuses = set(stored.values())
    assert {"pending", "overdue", "submitted", "accepted_on_time"} <= statuses
    a_replayed = {pk: s.status for pk, s in assignment_states(bench_assignments, day).items()}
    a_stored = dict(bench_assignments.annotate(s=assignment_status_case(day))
                    .values_list("id", "s"))
    assert a_replayed == a_stored
    assert "ongoing" in set(a_stored.values())

    # An accepted obligation has its accepted report and a dated review.
    accepted = bench_obligations.filter(state=ReportObligation.State.ACCEPTED)
    assert accepted.exists()
    for obligation in accepted[:50]:
        report = obligation.reports.get(status=ProgressReport.Status.ACCEPTED)
        review = Review.objects.get(report=report)
        assert review.decided_at == obligation.accepted_at
        assert obligation.first_submitted_at and obligation.effective_submitted_on
    # Every report has its "created" event; submitted ones a "submitted" event.
    reports = ProgressReport.objects.filter(obligation__in=bench_obligations)
    events = Event.objects.filter(target_id__in=reports.values("pk"))
    assert events.filter(verb="created").count() == reports.count()
    assert events.filter(verb="submitted").count() == reports.exclude(status="draft").count()


def test_summary_and_dashboard_read_the_dataset(dataset):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    directive = Directive.objects.get(pk=dataset.summary_directive)
    reviewer = User.objects.get(pk=dataset.reviewer)
    summary = directive_summary(directive=directive, day=dataset.today, user=reviewer)
    assert summary["assignments"]["total"] == dataset.summary_assignments
    assert summary["obligations"]["total"] > 0
    past = directive_summary(directive=directive, day=dataset.today - dt.timedelta(days=180),
                             user=reviewer)
    assert 0 < past["obligations"]["total"] < summary["obligations"]["total"]
    leader = User.objects.get(pk=dataset.leader)
    board = dashboard(user=leader, day=dataset.today)
    assert board["active_directives"] >= 1
    assert board["obligations"]["total"] >= summary["obligations"]["total"]

    # The named users hold the roles that scope their requests.
    assert Membership.objects.filter(user_id=dataset.reporter, unit_id=dataset.reporter_unit,
                                     role=Membership.Role.REPORTER).exists()
    assert Membership.objects.filter(user_id=dataset.reviewer,
                                     role=Membership.Role.REVIEWER).exists()


def test_cleanup_removes_only_the_bench_namespace(dataset):
    from devtools.bench.cleanup import only_bench

    other = Unit.objects.create(code="real-unit", name="Đơn vị thật")
    assert bench_exists() and not only_bench()
    deleted = delete_bench()
    assert -1 not in deleted.values()  # row by row: one real row is enough
    assert not bench_exists()
    assert not Unit.objects.filter(code__startswith="bench-").exists()
    assert Unit.objects.filter(pk=other.pk).exists()
    assert not ReportObligation.objects.exists()
    assert Event.objects.aggregate(n=Count("id"))["n"] == 0


def test_a_database_of_nothing_but_the_bench_is_emptied_whole(dataset):
    """On PostgreSQL such a database is truncated; elsewhere deleted row by row: either
    way nothing of the bench is left."""
    from django.db import connection

    from devtools.bench.cleanup import only_bench

    assert only_bench()
    deleted = delete_bench()
    assert (-1 in deleted.values()) == (connection.vendor == "postgresql")
    assert not bench_exists()
    assert not (ReportObligation.objects.exists() or Event.objects.exists()
                or Unit.objects.exists())


@pytest.mark.parametrize("days_back", [0, 180])
def test_sql_floors_give_the_summary_answer(dataset, days_back):
    """The floors are the same answer: counts agree with directive_summary (PostgreSQL)."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from devtools.bench import floors

    if connection.vendor != "postgresql":
        pytest.skip("the SQL floors are written for PostgreSQL")
    day = dataset.today - dt.timedelta(days=days_back)
    directive = Directive.objects.get(pk=dataset.summary_directive)
    reviewer = get_user_model().objects.get(pk=dataset.reviewer)
    boards = list(Membership.objects.filter(user=reviewer).values_list("unit_id", flat=True))
    summary = directive_summary(directive=directive, day=day, user=reviewer)
    expected = {
        "o": {k: v for k, v in summary["obligations"]["counts"].items() if v},
        "a": {k: v for k, v in summary["assignments"]["counts"].items() if v},
    }
    variants = [False, True] if days_back == 0 else [False]
    for stored in variants:
        sql, params = floors.summary_sql(directive.pk, day, boards, stored=stored)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        got = {"o": {}, "a": {}}
        late = []
        for kind, section, unit, status, n, _max_days, obligation in rows:
            if kind == "late":
                late.append(obligation)
            elif section is None and unit is None:
                got[kind][status] = n
        assert got == expected, (stored, got, expected)
        assert sorted(late) == sorted(r["obligation"] for r in summary["overdue"])


def test_submission_candidates_are_pending_work_of_the_token_holders_units(dataset):
    from knox.crypto import hash_token

    from devtools.bench.measure import submission_candidates
    from tracker.accounts.models import DeviceToken

    candidates = submission_candidates(dataset.today, dataset.tokens, limit=50)
    assert candidates
    user_of = {key: user for user, key in dataset.tokens.items()}
    for obligation_id, token in candidates:
        obligation = ReportObligation.objects.select_related("assignment").get(pk=obligation_id)
        assert obligation.state == ReportObligation.State.NOT_SUBMITTED
        assert obligation.due_on >= dataset.today
        assert not ProgressReport.objects.filter(obligation=obligation,
                                                 status__in=["draft", "submitted"]).exists()
        assert DeviceToken.objects.get(digest=hash_token(token)).user_id == user_of[token]
        assert Membership.objects.filter(user_id=user_of[token], role="reporter",
                                         unit_id=obligation.assignment.unit_id).exists()


def test_list_floors_give_the_first_pages_the_api_gives(dataset):
    """Each list's floor is the same answer as the API's first page (PostgreSQL)."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from rest_framework.test import APIClient
    from time_machine import travel

    from devtools.bench import floors
    from tracker.selectors import unit_tree_ids

    if connection.vendor != "postgresql":
        pytest.skip("the SQL floors are written for PostgreSQL")
    reviewer = get_user_model().objects.get(pk=dataset.reviewer)
    boards = list(Membership.objects.filter(user=reviewer, role=Membership.Role.REVIEWER)
                  .values_list("unit_id", flat=True))
    tree = sorted(unit_tree_ids(dataset.province_unit))
    day = dataset.today
    client = APIClient()
    client.force_authenticate(reviewer)
    cases = [
        ("/api/v1/assignments/?unit_tree={p}", floors.assignment_page_sql(
            day=day, boards=boards, units=[], tree=tree, limit=25)),
        ("/api/v1/obligations/?status=overdue", floors.obligation_page_sql(
            day=day, boards=boards, units=[], status="overdue", limit=25)),
        ("/api/v1/obligations/?unit_tree={p}", floors.obligation_page_sql(
            day=day, boards=boards, units=[], tree=tree, limit=25)),
        ("/api/v1/reports/?status=submitted", floors.report_page_sql(
            boards=boards, units=[], status="submitted", limit=25)),
        ("/api/v1/reports/?unit_tree={p}", floors.report_page_sql(
            boards=boards, units=[], tree=tree, limit=25)),
    ]
    with travel(dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC), tick=False):
        for url, (sql, params) in cases:
            response = client.get(url.format(p=dataset.province_unit) + "&page_size=25")
            assert response.status_code == 200, url
            api_ids = [row["id"] for row in response.json()["results"]]
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                floor_ids = [row[0] for row in cursor.fetchall()][:25]
            assert api_ids and api_ids == floor_ids, url
