"""`/api/v1/reorganisations/` and the units' `as_of` tree (issue 17)."""

import pytest

from assignments.models import Reorganisation
from tests.conftest import client_for, travel
from tests.factories import UnitFactory
from tracker.models import Unit

pytestmark = pytest.mark.django_db

URL = "/api/v1/reorganisations/"


def _merge_body(world, target):
    return {"kind": "merge", "effective_on": "2021-12-01",
            "sources": [str(world.district_a.pk)], "targets": [{"unit": target.code}],
            "note": "Sắp xếp"}


def test_dry_run_previews_and_saves_nothing(published):
    target = UnitFactory(code="dang-uy-moi", name="Đảng ủy mới")
    with travel("2021-12-02"):
        answer = client_for(published.admin).post(URL + "?dry_run=true",
                                                  _merge_body(published, target), format="json")
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert body["moves"]["assignment_count"] == 2
    assert {"reports", "past_obligations", "closed_assignments"} <= set(body["stays"])
    assert not Reorganisation.objects.exists()


def test_create_then_apply_then_not_twice(published):
    target = UnitFactory(code="dang-uy-moi", name="Đảng ủy mới")
    client = client_for(published.reviewer)
    with travel("2021-12-02"):
        created = client.post(URL, _merge_body(published, target), format="json")
        assert created.status_code == 201, created.json()
        pk = created.json()["id"]
        assert client.get(f"{URL}{pk}/preview/").status_code == 200
        applied = client.post(f"{URL}{pk}/apply/", {}, format="json")
        assert applied.status_code == 200, applied.json()
        assert applied.json()["status"] == "applied"
        again = client.post(f"{URL}{pk}/apply/", {}, format="json")
    assert again.status_code == 409
    unit = client.get(f"/api/v1/units/{published.district_a.pk}/").json()
    assert (unit["valid_to"], unit["successors"]) == ("2021-12-01", [target.pk])
    assert client.get(f"/api/v1/units/{target.pk}/").json()["predecessors"] == [
        published.district_a.pk]


@pytest.mark.parametrize(("body", "field"), [
    ({"sources": ["khong-co"]}, "sources[0]"),
    ({"targets": [{"unit": "khong-co"}]}, "targets[0]"),
    ({"effective_on": "2020-01-01", "sources": ["moi-lap"]}, "sources[0]"),
])
def test_bad_plans_are_400_naming_the_row(published, body, field):
    target = UnitFactory(code="dang-uy-moi", name="Đảng ủy mới")
    UnitFactory(code="moi-lap", name="Mới lập", valid_from="2021-01-01")
    data = {**_merge_body(published, target), **body}
    with travel("2021-12-02"):
        answer = client_for(published.admin).post(URL, data, format="json")
    assert answer.status_code == 400
    assert field in answer.json()["errors"]


def test_split_without_a_choice_is_400_and_with_choices_applies(published):
    client = client_for(published.admin)
    body = {"kind": "split", "effective_on": "2021-12-01",
            "sources": [published.district_a.code],
            "targets": [{"code": "xa-1", "name": "Đảng ủy xã Một"},
                        {"code": "xa-2", "name": "Đảng ủy xã Hai"}]}
    with travel("2021-12-02"):
        pk = client.post(URL, body, format="json").json()["id"]
        preview = client.get(f"{URL}{pk}/preview/").json()
        refused = client.post(f"{URL}{pk}/apply/", {}, format="json")
        assert refused.status_code == 400
        assert "choices" in refused.json()["errors"]
        choices = [{"assignment": row["id"], "targets": row["suggested"]}
                   for row in preview["moves"]["assignments"]]
        applied = client.post(f"{URL}{pk}/apply/", {"choices": choices}, format="json")
    assert applied.status_code == 200, applied.json()
    assert Unit.objects.filter(code__in=["xa-1", "xa-2"], is_active=True).count() == 2


@pytest.mark.parametrize(("role", "create", "see"), [
    ("admin", 201, True), ("reviewer", 201, True), ("reporter_a", 403, False),
    ("head_a", 403, False), ("leader", 403, False),
])
def test_roles(published, role, create, see):
    target = UnitFactory(code="dang-uy-moi", name="Đảng ủy mới")
    with travel("2021-12-02"):
        row = client_for(published.admin).post(URL, _merge_body(published, target),
                                               format="json").json()
        client = client_for(getattr(published, role))
        other = _merge_body(published, target)
        assert client.post(URL, other, format="json").status_code == create
        detail = client.get(f"{URL}{row['id']}/")
        assert detail.status_code == (200 if see else 404)
        applied = client.post(f"{URL}{row['id']}/apply/", {}, format="json")
        assert applied.status_code == (200 if see else (403 if role == "leader" else 404))


def test_units_as_of_shows_the_tree_of_that_day(published):
    client = client_for(published.admin)
    with travel("2021-12-02"):
        client.post(URL + "", {"kind": "rename", "effective_on": "2021-12-01",
                               "sources": [published.board.code],
                               "new_name": "Ban Tuyên giáo và Dân vận"}, format="json")
        pk = Reorganisation.objects.get().pk
        client.post(f"{URL}{pk}/apply/", {}, format="json")
        target = UnitFactory(code="dang-uy-moi", name="Đảng ủy mới", valid_from="2021-12-01")
        pk = client.post(URL, _merge_body(published, target), format="json").json()["id"]
        client.post(f"{URL}{pk}/apply/", {}, format="json")

    def names(day):
        rows = client.get(f"/api/v1/units/?as_of={day}&limit=100").json()["results"]
        return {row["name"] for row in rows}

    before, after = names("2021-11-30"), names("2021-12-01")
    assert {"Huyện ủy A", "Ban Dân vận Tỉnh ủy"} <= before
    assert "Đảng ủy mới" not in before
    assert {"Đảng ủy mới", "Ban Tuyên giáo và Dân vận"} <= after
    assert "Huyện ủy A" not in after
    assert client.get("/api/v1/units/?as_of=2021-13-45").status_code == 400


@pytest.mark.django_db(transaction=True)
def test_two_plans_on_one_unit_at_once_one_wins_the_other_is_a_409(published):
    """Real concurrency needs row locks: threads on PostgreSQL."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (select_for_update); SQLite runs the sequential test")
    target = UnitFactory(code="dang-uy-moi", name="Đảng ủy mới")
    client = client_for(published.admin)
    with travel("2021-12-02"):
        merge = client.post(URL, _merge_body(published, target), format="json").json()["id"]
        dissolve = client.post(URL, {"kind": "dissolve", "effective_on": "2021-12-01",
                                     "sources": [published.district_a.code]},
                               format="json").json()["id"]
    barrier = threading.Barrier(2)
    results: dict[int, int] = {}

    def apply(pk):
        from django.db import connections

        try:
            barrier.wait(timeout=10)
            with travel("2021-12-02"):
                answer = client_for(published.admin).post(f"{URL}{pk}/apply/", {},
                                                           format="json")
            results[pk] = answer.status_code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=apply, args=(pk,)) for pk in (merge, dissolve)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results.values()) == [200, 409], results
    assert Reorganisation.objects.filter(status="applied").count() == 1
