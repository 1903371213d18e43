"""Reports through the API: indicator values, evidence rules, filters over reports."""

import pytest

from reports.models import Indicator
from tests.conftest import client_for, travel
from tests.scene import DAY, build_scene

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


@pytest.fixture
def scene(world):
    return build_scene(world)


def test_indicator_values_are_written_through_the_service_and_scoped(scene, world):
    own = Indicator.objects.create(directive=scene.own.directive, code="dv-moi",
                                   name="Đoàn viên kết nạp mới", unit_of_measure="người",
                                   breakdowns=["dtts"])
    foreign = Indicator.objects.create(directive=scene.foreign.directive, code="x",
                                       name="Khác", unit_of_measure="người")
    client = client_for(world.reporter_a)
    obligation = scene.own.objects["fresh_obligation"]
    with travel(DAY):
        created = client.post(f"{V1}/reports/", {
            "obligation": obligation.pk, "text": "Kết quả",
            "indicator_values": [{"indicator": own.pk, "value": "120"},
                                 {"indicator": own.pk, "breakdown": "dtts", "value": "45.5"}],
        }, format="json")
        assert created.status_code == 201, created.content
        values = {(v["breakdown"], v["reported_value"])
                  for v in created.json()["indicator_values"]}
        assert values == {("", "120.00"), ("dtts", "45.50")}
        report = created.json()
        wrong = client.patch(f"{V1}/reports/{report['id']}/", {
            "indicator_values": [{"indicator": foreign.pk, "value": "1"}]}, format="json",
            HTTP_IF_MATCH=created["ETag"])
        assert wrong.status_code == 400 and "indicator_values.0.indicator" in \
            wrong.json()["errors"]
        bad_line = client.patch(f"{V1}/reports/{report['id']}/", {
            "indicator_values": [{"indicator": own.pk, "breakdown": "khac", "value": "1"}]},
            format="json", HTTP_IF_MATCH=created["ETag"])
        assert bad_line.status_code == 400 and "indicator_values" in bad_line.json()["errors"]


def test_report_filters(scene, world):
    client = client_for(world.reviewer)
    with travel(DAY):
        submitted = client.get(f"{V1}/reports/", {"status": "submitted"}).json()["results"]
        assert [r["id"] for r in submitted] == [scene.own.objects["submitted_report"].pk]
        assert client.get(f"{V1}/reports/", {"q": "quán triệt"}).json()["results"]
        assert client.get(f"{V1}/reports/", {"q": "không có chữ này"}).json()["results"] == []
        tree = client.get(f"{V1}/reports/", {"unit_tree": world.district_a.pk}).json()
        assert len(tree["results"]) == 1
        bad = client.get(f"{V1}/reports/", {"status": "archived"})
        assert bad.status_code == 400 and "status" in bad.json()["errors"]
        by_unit = client.get(f"{V1}/obligations/", {"unit": world.district_a.pk,
                                                    "role": "lead", "page_size": 100})
        assert {o["unit"]["id"] for o in by_unit.json()["results"]} == {world.district_a.pk}
        due = client.get(f"{V1}/obligations/", {"due_before": "2021-11-30"}).json()["results"]
        assert due == []


def test_unit_tree_includes_sub_units(scene, world):
    from tests.factories import UnitFactory

    commune = UnitFactory(code="xa-a1", name="Đảng ủy xã A1", parent=world.district_a)
    hamlet = UnitFactory(code="thon-a1", name="Chi bộ thôn A1", parent=commune)
    client = client_for(world.reviewer)
    tree = client.get(f"{V1}/units/", {"unit_tree": world.district_a.pk, "page_size": 100})
    assert {u["id"] for u in tree.json()["results"]} == {world.district_a.pk, commune.pk,
                                                          hamlet.pk}
    direct = client.get(f"{V1}/units/", {"parent": world.district_a.pk}).json()["results"]
    assert [u["id"] for u in direct] == [commune.pk]
