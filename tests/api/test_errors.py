"""Bad input never gives a 500: one error format, per-field messages, vi/en."""

import json

import pytest
from django.test import override_settings

from tests.conftest import client_for, travel
from tests.scene import DAY, build_scene

pytestmark = pytest.mark.django_db

V1 = "/api/v1"


@pytest.fixture
def scene(world):
    return build_scene(world)


def shape(response, status: int) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"errors", "code", "detail"}
    assert all(isinstance(v, list) and all(isinstance(m, str) for m in v)
               for v in body["errors"].values())
    return body


def test_malformed_json_is_a_400(scene):
    client = client_for(scene.world.reporter_a)
    response = client.post(f"{V1}/reports/", data='{"obligation": 1, "text": ',
                           content_type="application/json")
    body = shape(response, 400)
    assert body["code"] == "parse_error"


def test_wrong_types_unknown_enums_and_ranges_are_per_field_400s(scene):
    client = client_for(scene.world.reporter_a)
    obligation = scene.own.objects["fresh_obligation"]
    body = shape(client.post(f"{V1}/reports/", {
        "obligation": "abc", "progress_percent": 101, "completed": "maybe",
        "indicator_values": [{"indicator": 10**30, "value": "-1"}],
    }, format="json"), 400)
    assert {"obligation", "progress_percent", "completed", "indicator_values.0.indicator",
            "indicator_values.0.value"} <= set(body["errors"])
    body = shape(client.post(f"{V1}/reports/", {"obligation": 10**30, "text": "x"},
                             format="json"), 400)
    assert "obligation" in body["errors"]
    body = shape(client.post(f"{V1}/reports/", [1, 2], format="json"), 400)
    body = shape(client.get(f"{V1}/obligations/", {"status": "finished"}), 400)
    assert "status" in body["errors"]
    body = shape(client.get(f"{V1}/obligations/", {"as_of": "2021-02-30"}), 400)
    assert "as_of" in body["errors"]
    body = shape(client.get(f"{V1}/obligations/", {"unit": "99999999999999999999999"}), 400)
    body = shape(client.get(f"{V1}/obligations/", {"page_size": "x", "cursor": "zz"}), 404)
    body = shape(client.get(f"{V1}/reports/99999999999999999999999999/"), 404)
    body = shape(client.get(f"{V1}/reports/-1/"), 404)
    body = shape(client.get(f"{V1}/no-such-thing/"), 404)
    body = shape(client.post(f"{V1}/extension-requests/", {
        "assignment": obligation.assignment_id, "obligation": obligation.pk,
        "requested_due_on": "2021-01-01", "reason": "x"}, format="json"), 400)
    assert "requested_due_on" in body["errors"]
    assert body["code"] == "invalid"
    body = shape(client.get(f"{V1}/directives/{scene.own.directive.pk}/summary/",
                            {"as_of": "yesterday"}), 400)
    assert "as_of" in body["errors"]


def test_huge_payload_is_a_413(scene):
    client = client_for(scene.world.reporter_a)
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000):
        payload = json.dumps({"obligation": 1, "text": "x" * 5000})
        body = shape(client.post(f"{V1}/reports/", data=payload,
                                 content_type="application/json"), 413)
    assert body["code"] == "payload_too_large"


def test_integrity_conflict_is_a_409_or_400_never_500(scene, world):
    client = client_for(world.reviewer)
    data = {"number": "06-CT/TU", "kind": "chi_thi", "title": "trùng số",
            "issuer": scene.own.directive.issuer, "issued_on": "2021-09-07",
            "supervising_unit": world.board.pk}
    body = shape(client.post(f"{V1}/directives/", data, format="json"), 400)
    assert body["code"] == "invalid"
    created = client.post(f"{V1}/directives/", {**data, "number": "07-CT/TU"}, format="json")
    assert created.status_code == 201 and created.json()["status"] == "draft"
    foreign_board = shape(client.post(f"{V1}/directives/", {
        **data, "number": "08-CT/TU", "supervising_unit": scene.foreign.directive
        .supervising_unit_id}, format="json"), 400)
    assert "supervising_unit" in foreign_board["errors"]


def test_domain_errors_keep_their_status_and_field(scene, world):
    client = client_for(world.reporter_a)
    draft = scene.own.objects["draft_report"]
    with travel(DAY):
        body = shape(client.post(f"{V1}/reports/{draft.pk}/evidence/",
                                 {"file": _upload("virus.exe")}, format="multipart"), 400)
        assert "file" in body["errors"]
        submitted = scene.own.objects["submitted_report"]
        body = shape(client.post(f"{V1}/reports/{submitted.pk}/submit/"), 409)
        assert body["code"] == "invalid_transition" and "status" in body["errors"]
        body = shape(client.post(f"{V1}/reports/{submitted.pk}/accept/"), 403)
        assert body["code"] == "permission_denied"


def _upload(name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"MZ....", "application/octet-stream")


def test_messages_follow_accept_language(scene, world):
    client = client_for(world.reporter_a)
    submitted = scene.own.objects["submitted_report"]
    vi = shape(client.post(f"{V1}/reports/{submitted.pk}/accept/"), 403)
    en = shape(client.post(f"{V1}/reports/{submitted.pk}/accept/",
                           HTTP_ACCEPT_LANGUAGE="en"), 403)
    assert vi["detail"] == "Chỉ ban theo dõi mới thẩm định báo cáo."
    assert en["detail"] == "Only the supervising board reviews reports."
    vi = shape(client.get(f"{V1}/reports/{submitted.pk}/x/"), 404)
    en = shape(client.get(f"{V1}/reports/9999999/", HTTP_ACCEPT_LANGUAGE="en"), 404)
    assert vi["detail"] == "Không tìm thấy." and en["detail"] == "Not found."
    en = shape(client.patch(f"{V1}/reports/{submitted.pk}/", {}, format="json",
                            HTTP_ACCEPT_LANGUAGE="en"), 428)
    assert en["detail"].startswith("Send an If-Match header")
    en = shape(client_for(None).get(f"{V1}/reports/", HTTP_ACCEPT_LANGUAGE="en"), 401)
    assert en["detail"] == "Not signed in."


def test_leaders_are_read_only_with_a_clear_message(scene, world):
    client = client_for(world.leader)
    body = shape(client.post(f"{V1}/directives/{scene.own.directive.pk}/close/"), 403)
    assert "chỉ được xem" in body["detail"]
    assert client.get(f"{V1}/directives/{scene.own.directive.pk}/").status_code == 200
