"""Scoping and permissions (DESIGN §5): every endpoint × every role × own/foreign object.

Expected answers follow one rule: an object the caller may not see is 404 (or 400
when named in a request body); leaders may not write (403); a visible object the
caller may not change is 403; otherwise the write succeeds.
"""

from dataclasses import dataclass

import pytest
from django.db import transaction

from tests.conftest import client_for, travel
from tests.scene import DAY, build_scene
from tracker import tx

pytestmark = pytest.mark.django_db

V1 = "/api/v1"
ROLES = ["reporter_own_unit", "reporter_other_unit", "reviewer_board", "leader", "admin"]
SETS = ["own", "foreign"]
UNIT_WRITERS = {("reporter_own_unit", "own"), ("admin", "own"), ("admin", "foreign")}
BOARD_WRITERS = {("reviewer_board", "own"), ("admin", "own"), ("admin", "foreign")}


def visible(role: str, which: str, kind: str) -> bool:
    if role == "admin":
        return True
    if kind in ("draft_report", "evidence"):
        # A draft stays with the unit that writes it.
        return role == "reporter_own_unit" and which == "own"
    if role == "leader":
        return True
    if which == "foreign":
        return False
    return role in ("reporter_own_unit", "reviewer_board")


@pytest.fixture
def scene(world):
    return build_scene(world)


def _version(obj) -> dict:
    obj.refresh_from_db()
    return {"HTTP_IF_MATCH": f'W/"{obj.lock_version}"'}


@dataclass
class Case:
    name: str
    method: str
    path: object  # objects → path
    target: str  # the object kind the path or body names
    writers: set | None = None  # None: a read
    ok: int = 200
    body: object = None  # objects → body
    headers: object = None  # objects → extra headers
    in_body: bool = False  # the target is named in the body (foreign → 400)


def _o(name):
    return lambda o: o[name].pk


CASES = [
    # reads
    Case("directive detail", "get", lambda o: f"directives/{o['directive'].pk}/", "directive"),
    Case("directive summary", "get", lambda o: f"directives/{o['directive'].pk}/summary/",
         "directive"),
    Case("item detail", "get", lambda o: f"items/{o['item'].pk}/", "item"),
    Case("assignment detail", "get", lambda o: f"assignments/{o['assignment'].pk}/",
         "assignment"),
    Case("period detail", "get", lambda o: f"periods/{o['period'].pk}/", "period"),
    Case("obligation detail", "get", lambda o: f"obligations/{o['obligation'].pk}/",
         "obligation"),
    Case("submitted report detail", "get",
         lambda o: f"reports/{o['submitted_report'].pk}/", "submitted_report"),
    Case("draft report detail", "get", lambda o: f"reports/{o['draft_report'].pk}/",
         "draft_report"),
    Case("evidence download", "get",
         lambda o: f"reports/{o['draft_report'].pk}/evidence/{o['evidence'].pk}/", "evidence"),
    Case("evidence list", "get", lambda o: f"reports/{o['draft_report'].pk}/evidence/",
         "draft_report"),
    Case("extension detail", "get", lambda o: f"extension-requests/{o['extension'].pk}/",
         "extension"),
    # unit writes
    Case("report edit", "patch", lambda o: f"reports/{o['draft_report'].pk}/",
         "draft_report", UNIT_WRITERS, body=lambda o: {"progress_percent": 40},
         headers=lambda o: _version(o["draft_report"])),
    Case("report submit", "post", lambda o: f"reports/{o['draft_report'].pk}/submit/",
         "draft_report", UNIT_WRITERS),
    Case("evidence upload", "post", lambda o: f"reports/{o['draft_report'].pk}/evidence/",
         "draft_report", UNIT_WRITERS, ok=201, body="upload"),
    Case("evidence remove", "delete",
         lambda o: f"reports/{o['draft_report'].pk}/evidence/{o['evidence'].pk}/", "evidence",
         UNIT_WRITERS, ok=204),
    Case("report create", "post", lambda o: "reports/", "fresh_obligation", UNIT_WRITERS,
         ok=201, body=lambda o: {"obligation": o["fresh_obligation"].pk, "text": "Kết quả"},
         in_body=True),
    Case("extension create", "post", lambda o: "extension-requests/", "fresh_obligation",
         UNIT_WRITERS, ok=201, in_body=True,
         body=lambda o: {"assignment": o["fresh_obligation"].assignment_id,
                         "obligation": o["fresh_obligation"].pk,
                         "requested_due_on": "2022-01-31", "reason": "Chờ số liệu"}),
    # board writes
    Case("report accept", "post", lambda o: f"reports/{o['submitted_report'].pk}/accept/",
         "submitted_report", BOARD_WRITERS),
    Case("report return", "post", lambda o: f"reports/{o['submitted_report'].pk}/return/",
         "submitted_report", BOARD_WRITERS, body=lambda o: {"comment": "Bổ sung số liệu"}),
    Case("extension approve", "post",
         lambda o: f"extension-requests/{o['extension'].pk}/approve/", "extension",
         BOARD_WRITERS),
    Case("extension reject", "post",
         lambda o: f"extension-requests/{o['extension'].pk}/reject/", "extension",
         BOARD_WRITERS, body=lambda o: {"note": "Không đủ căn cứ"}),
    Case("deadline edit", "post", lambda o: f"obligations/{o['open_obligation'].pk}/deadline/",
         "obligation", BOARD_WRITERS,
         body=lambda o: {"new_due_on": "2022-01-15", "reason": "Điều chỉnh chung"}),
    Case("item edit", "patch", lambda o: f"items/{o['item'].pk}/", "item", BOARD_WRITERS,
         body=lambda o: {"content": "Quán triệt sâu rộng"},
         headers=lambda o: _version(o["item"])),
    Case("item withdraw", "post", lambda o: f"items/{o['item'].pk}/withdraw/", "item",
         BOARD_WRITERS, body=lambda o: {"reason": "Đã lồng ghép"}),
    Case("item create", "post", lambda o: "items/", "directive", BOARD_WRITERS, ok=201,
         in_body=True, body=lambda o: {"directive": o["directive"].pk, "content": "Mới"}),
    Case("assign", "post", lambda o: "assignments/", "item", BOARD_WRITERS, ok=201,
         in_body=True,
         body=lambda o: {"item": o["fixed_item"].pk, "units": [o["other_unit"].pk]}),
    Case("directive edit", "patch", lambda o: f"directives/{o['directive'].pk}/", "directive",
         BOARD_WRITERS, body=lambda o: {"title": "về công tác dân vận (sửa)"}),
    Case("directive close", "post", lambda o: f"directives/{o['directive'].pk}/close/",
         "directive", BOARD_WRITERS),
    Case("section add", "post", lambda o: f"directives/{o['directive'].pk}/sections/",
         "directive", BOARD_WRITERS, ok=201, body=lambda o: {"addressee": "Đảng đoàn MTTQ"}),
]


def expected(case: Case, role: str, which: str) -> int:
    if case.writers is not None and role == "leader":
        return 403
    if not visible(role, which, case.target):
        return 400 if case.in_body else 404
    if case.writers is None:
        return case.ok
    return case.ok if (role, which) in case.writers else 403


def _call(scene, case: Case, role: str, which: str):
    objects = dict((scene.own if which == "own" else scene.foreign).objects)
    objects["other_unit"] = scene.world.district_b
    client = client_for(scene.roles[role])
    kwargs = {"format": "json"}
    if case.body == "upload":
        from django.core.files.uploadedfile import SimpleUploadedFile

        kwargs = {"format": "multipart", "data": {
            "file": SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 x", "application/pdf")}}
    elif case.body is not None:
        kwargs["data"] = case.body(objects)
    if case.headers is not None:
        kwargs.update(case.headers(objects))
    return getattr(client, case.method)(f"{V1}/{case.path(objects)}", **kwargs)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_endpoint_matrix(scene, case):
    failures = []
    with travel(DAY, 10):
        for role in ROLES:
            for which in SETS:
                # Each call is rolled back; the outer services run inside (tx.batch).
                with tx.batch():
                    response = _call(scene, case, role, which)
                    transaction.set_rollback(True)
                want = expected(case, role, which)
                if response.status_code != want:
                    failures.append(f"{role}/{which}: {response.status_code} != {want} "
                                    f"{getattr(response, 'content', b'')[:200]!r}")
                elif response.status_code >= 400:
                    body = response.json()
                    assert set(body) == {"errors", "code", "detail"}, body
    assert not failures, "\n".join(failures)


def _all(client, path, params=None):
    rows, url, params = [], f"{V1}/{path}/", {"page_size": 100, **(params or {})}
    while url:
        response = client.get(url, params)
        assert response.status_code == 200, response.content
        body = response.json()
        rows.extend(body["results"])
        url, params = body.get("next"), None
    return rows


LIST_KINDS = [
    ("directives", "directive"), ("items", "item"), ("assignments", "assignment"),
    ("periods", "period"), ("obligations", "obligation"), ("reports", "submitted_report"),
    ("reports", "draft_report"), ("extension-requests", "extension"),
]


@pytest.mark.parametrize("role", ROLES)
def test_lists_never_contain_a_foreign_row(scene, role):
    client = client_for(scene.roles[role])
    with travel(DAY, 10):
        for path, kind in LIST_KINDS:
            ids = {row["id"] for row in _all(client, path)}
            for which in SETS:
                obj = (scene.own if which == "own" else scene.foreign).objects[kind]
                assert (obj.pk in ids) == visible(role, which, kind), (path, kind, which)


@pytest.mark.parametrize("role", ROLES)
def test_summary_and_dashboard_never_contain_a_foreign_row(scene, role):
    client = client_for(scene.roles[role])
    with travel(DAY, 10):
        dashboard = client.get(f"{V1}/dashboard/").json()
        shown = {d["id"] for d in dashboard["directives"]}
        for which in SETS:
            directive = (scene.own if which == "own" else scene.foreign).directive
            assert (directive.pk in shown) == visible(role, which, "directive")
        summary = client.get(f"{V1}/directives/{scene.own.directive.pk}/summary/")
        if not visible(role, "own", "directive"):
            assert summary.status_code == 404
            return
        units = {u["code"] for u in summary.json()["units"]}
        assert units <= {"huyen-a"}
        if role == "reporter_own_unit":
            assert dashboard["assignments"]["total"] == 3


@pytest.mark.parametrize("role", ROLES)
def test_notifications_are_the_callers_own(scene, role):
    from tracker.models import Notification

    # The scene's workflow told people too (publication, submission, extension request);
    # here each role has the scene's one test note of its own.
    Notification.objects.exclude(kind="test").delete()
    user = scene.roles[role]
    client = client_for(user)
    mine = Notification.objects.get(recipient=user)
    others = Notification.objects.exclude(recipient=user)
    rows = _all(client, "notifications")
    assert [r["id"] for r in rows] == [mine.pk]
    assert client.get(f"{V1}/notifications/unread-count/").json() == {"unread": 1}
    for other in others:
        assert client.get(f"{V1}/notifications/{other.pk}/").status_code == 404
        assert client.post(f"{V1}/notifications/{other.pk}/read/").status_code == 404
    read = client.post(f"{V1}/notifications/{mine.pk}/read/")
    assert read.status_code == 200 and read.json()["is_read"] is True
    assert client.get(f"{V1}/notifications/unread-count/").json() == {"unread": 0}
    assert _all(client, "notifications", {"unread": "true"}) == []


def test_anonymous_gets_401_everywhere(scene):
    client = client_for(None)
    for path in ("units/", "directives/", "obligations/", "reports/", "dashboard/",
                 f"reports/{scene.own.objects['submitted_report'].pk}/accept/"):
        method = client.post if path.endswith("accept/") else client.get
        response = method(f"{V1}/{path}")
        assert response.status_code == 401, path
        assert response.json()["code"] == "not_authenticated"


def test_matrix_covers_every_endpoint():
    """Every documented operation that names an object is in the matrix (290 checks)."""

    covered = {c.name for c in CASES}
    assert len(CASES) * len(ROLES) * len(SETS) == 290
    assert {"report submit", "report accept", "report return", "extension approve",
            "extension reject", "evidence upload", "evidence download", "evidence list",
            "evidence remove"} <= covered
