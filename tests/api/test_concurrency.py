"""Versions and races: ETag/If-Match on edits, one winner when two reviewers decide."""

import threading

import pytest
from django.db import connection

from reports.models import ProgressReport, Review
from tests.conftest import client_for, travel
from tests.factories import MembershipFactory, UserFactory
from tests.scene import DAY, build_scene
from tracker.models import Membership

V1 = "/api/v1"


def _second_reviewer(world):
    user = UserFactory(username="danvan-2")
    MembershipFactory(user=user, unit=world.board, role=Membership.Role.REVIEWER)
    return user


@pytest.mark.django_db
def test_item_edits_need_the_current_version(world):
    scene = build_scene(world)
    item = scene.own.objects["item"]
    client = client_for(world.reviewer)
    etag = client.get(f"{V1}/items/{item.pk}/")["ETag"]
    assert etag == f'W/"{item.lock_version}"'
    assert client.patch(f"{V1}/items/{item.pk}/", {"content": "A"}).status_code == 428
    first = client.patch(f"{V1}/items/{item.pk}/", {"content": "A"}, HTTP_IF_MATCH=etag)
    assert first.status_code == 200 and first["ETag"] != etag
    second = client.patch(f"{V1}/items/{item.pk}/", {"content": "B"}, HTTP_IF_MATCH=etag)
    assert second.status_code == 412
    item.refresh_from_db()
    assert item.content == "A"
    put = client.put(f"{V1}/items/{item.pk}/", {"content": "C"}, HTTP_IF_MATCH=first["ETag"])
    assert put.status_code == 200 and put.json()["content"] == "C"


@pytest.mark.django_db
def test_a_stale_if_match_on_a_decision_is_a_412(world):
    scene = build_scene(world)
    report = scene.own.objects["submitted_report"]
    client = client_for(world.reviewer)
    with travel(DAY):
        stale = client.post(f"{V1}/reports/{report.pk}/accept/", {},
                            HTTP_IF_MATCH=f'W/"{report.lock_version - 1}"')
        assert stale.status_code == 412
        fresh = client.post(f"{V1}/reports/{report.pk}/accept/", {},
                            HTTP_IF_MATCH=f'W/"{report.lock_version}"')
        assert fresh.status_code == 200


@pytest.mark.django_db
def test_sequential_decisions_one_wins_the_other_is_a_409(world):
    scene = build_scene(world)
    report = scene.own.objects["submitted_report"]
    other = _second_reviewer(world)
    with travel(DAY):
        won = client_for(world.reviewer).post(f"{V1}/reports/{report.pk}/accept/", {})
        lost = client_for(other).post(f"{V1}/reports/{report.pk}/return/",
                                      {"comment": "Bổ sung"})
    assert (won.status_code, lost.status_code) == (200, 409)
    assert lost.json()["code"] == "invalid_transition"
    assert Review.objects.filter(report=report).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_at_once_exactly_one_wins(world):
    """Real concurrency needs row locks: threads on PostgreSQL."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (select_for_update); SQLite runs the sequential test")
    scene = build_scene(world)
    report = scene.own.objects["submitted_report"]
    other = _second_reviewer(world)
    barrier = threading.Barrier(2)
    results: dict[str, int] = {}

    def decide(name, user, action, body):
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            response = client_for(user).post(f"{V1}/reports/{report.pk}/{action}/", body)
            results[name] = response.status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=("accept", world.reviewer, "accept", {})),
               threading.Thread(target=decide, args=("return", other, "return",
                                                     {"comment": "Bổ sung"}))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results.values()) == [200, 409], results
    report.refresh_from_db()
    assert report.status in (ProgressReport.Status.ACCEPTED, ProgressReport.Status.RETURNED)
    assert Review.objects.filter(report=report).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_unit_sending_the_same_report_twice_at_once_sends_it_once(world):
    """Two members of a unit press "submit" (or "new report") at the same moment."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (select_for_update); SQLite runs the sequential tests")
    from tracker.events import events_for

    scene = build_scene(world)
    draft = scene.own.objects["draft_report"]
    fresh = scene.own.objects["fresh_obligation"]

    def at_once(path, body):
        barrier = threading.Barrier(2)
        statuses: list[int] = []

        def send(user):
            from django.db import connections

            try:
                barrier.wait(timeout=10)
                statuses.append(client_for(user).post(path, body, format="json").status_code)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=send, args=(user,))
                   for user in (world.reporter_a, world.head_a)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        return sorted(statuses)

    assert at_once(f"{V1}/reports/{draft.pk}/submit/", {}) == [200, 409]
    assert list(events_for(draft).filter(verb="submitted").values_list("verb", flat=True)) \
        == ["submitted"]
    assert at_once(f"{V1}/reports/", {"obligation": fresh.pk, "text": "Kết quả"}) == [201, 409]
    assert ProgressReport.objects.filter(obligation=fresh).count() == 1
