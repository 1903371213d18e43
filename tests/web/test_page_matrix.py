"""Every page and every POST × role, on two boards' objects (tests/scene.py).

A page of an object the role cannot see answers 404 (as a missing one does), a page
it sees but may not change answers 403, and a refused POST changes nothing. The roles
include a reviewer of another board, for whom the first board's objects do not exist.
"""

import datetime as dt

import pytest
from django.urls import reverse

from tests.conftest import travel
from tests.scene import DAY, build_scene
from tracker.models import Event

pytestmark = pytest.mark.django_db

ROLES = ["reporter_own", "reporter_other", "reviewer", "reviewer_other", "leader", "admin"]
OK = "ok"  # 200 for a page, a redirect (302) after a POST


@pytest.fixture
def scene(world):
    s = build_scene(world)
    s.by_role = {
        "reporter_own": world.reporter_a, "reporter_other": world.reporter_b,
        "reviewer": world.reviewer, "reviewer_other": s.foreign.objects["directive"]
        .supervising_unit.memberships.get().user,
        "leader": world.leader, "admin": world.admin,
    }
    return s


def _url(name, *objects):
    return reverse(f"web:{name}", args=[o.pk for o in objects])


# name → (the URL from the object set, expected per role in ROLES order)
PAGES = {
    "obligation-detail": (lambda o: _url("obligation-detail", o["obligation"]),
                          (OK, 404, OK, 404, OK, OK)),
    "report-detail": (lambda o: _url("report-detail", o["submitted_report"]),
                      (OK, 404, OK, 404, OK, OK)),
    "draft-report": (lambda o: _url("report-detail", o["draft_report"]),
                     (OK, 404, 404, 404, 404, OK)),
    "directive-detail": (lambda o: _url("directive-detail", o["directive"]),
                         (OK, 404, OK, 404, OK, OK)),
    "directive-matrix": (lambda o: _url("directive-matrix", o["directive"]),
                         (OK, 404, OK, 404, OK, OK)),
    "directive-edit": (lambda o: _url("directive-edit", o["directive"]),
                       (403, 404, OK, 404, 403, OK)),
    "item-edit": (lambda o: _url("item-edit", o["item"]), (403, 404, OK, 404, 403, OK)),
    "item-assign": (lambda o: _url("item-assign", o["item"]), (403, 404, OK, 404, 403, OK)),
    "section-create": (lambda o: _url("section-create", o["directive"]),
                       (403, 404, OK, 404, 403, OK)),
    "evidence-download": (lambda o: _url("evidence-download", o["evidence"]),
                          (OK, 404, 404, 404, 404, OK)),
}


def _status(response) -> object:
    return OK if response.status_code in (200, 302) else response.status_code


@pytest.mark.parametrize("page", list(PAGES))
def test_pages_by_role_on_own_and_foreign_objects(scene, client, page):
    url_of, expected = PAGES[page]
    want = dict(zip(ROLES, expected, strict=True))
    # On the other board's objects the two reviewers swap places, and neither reporter
    # has anything there.
    mirror = {**want, "reviewer": want["reviewer_other"], "reviewer_other": want["reviewer"],
              "reporter_own": 404, "reporter_other": 404}
    with travel(DAY):
        for role in ROLES:
            client.force_login(scene.by_role[role])
            got = _status(client.get(url_of(scene.own.objects)))
            assert got == want[role], (page, role, got)
            foreign = _status(client.get(url_of(scene.foreign.objects)))
            assert foreign == mirror[role], (page, "foreign", role, foreign)


def _posts(o):
    return {
        "report-accept": (_url("report-accept", o["submitted_report"]), {"comment": "Đạt"}),
        "report-return": (_url("report-return", o["submitted_report"]),
                          {"comment": "Bổ sung số liệu", "resubmit_by": "15/10/2021"}),
        "extension-approve": (_url("extension-approve", o["extension"]), {}),
        "extension-reject": (_url("extension-reject", o["extension"]), {"note": "Không"}),
        "item-withdraw": (_url("item-withdraw", o["fixed_item"]), {"reason": "Trùng"}),
        "directive-close": (_url("directive-close", o["directive"]), {"note": "Xong"}),
        "deadline-edit": (_url("deadline-edit", o["open_obligation"]),
                          {"new_due_on": "31/01/2022", "reason": "Điều chỉnh"}),
        "remind-now": (_url("remind-now", o["open_obligation"]), {}),
        "extension-request": (_url("extension-request", o["fresh_obligation"]),
                              {"requested_due_on": "28/02/2022", "reason": "Chờ số liệu"}),
        "evidence-remove": (reverse("web:evidence-remove", args=[
            o["draft_report"].pk, o["evidence"].pk]), {}),
    }


# Who may do it on the first board's objects; everyone else is refused.
ALLOWED = {
    "report-accept": "reviewer", "report-return": "reviewer",
    "extension-approve": "reviewer", "extension-reject": "reviewer",
    "item-withdraw": "reviewer", "directive-close": "reviewer", "deadline-edit": "reviewer",
    "remind-now": "reviewer", "extension-request": "reporter_own",
    "evidence-remove": "reporter_own",
}
# The refused roles that see the object get 403, the others 404.
SEES = {
    "report-accept": {"reporter_own", "leader"}, "report-return": {"reporter_own", "leader"},
    "extension-approve": {"reporter_own", "leader"},
    "extension-reject": {"reporter_own", "leader"},
    "item-withdraw": {"reporter_own", "leader"}, "directive-close": {"reporter_own", "leader"},
    "deadline-edit": {"reporter_own", "leader"}, "remind-now": {"reporter_own", "leader"},
    "extension-request": {"reviewer", "leader"}, "evidence-remove": set(),
}


def _footprint(scene):
    return Event.objects.count(), [
        type(o).objects.filter(pk=o.pk).values().get() for o in scene.own.objects.values()]


@pytest.mark.parametrize("action", list(ALLOWED))
def test_posts_by_role_refuse_without_a_trace(scene, client, action):
    url, data = _posts(scene.own.objects)[action]
    foreign_url, _data = _posts(scene.foreign.objects)[action]
    with travel(DAY):
        before = _footprint(scene)
        for role in ROLES:
            if role in (ALLOWED[action], "admin"):
                continue
            client.force_login(scene.by_role[role])
            response = client.post(url, data)
            want = 403 if role in SEES[action] else 404
            assert response.status_code == want, (action, role, response.status_code)
            if role not in ("leader", "reviewer_other"):
                assert client.post(foreign_url, data).status_code == 404, (action, role)
        assert _footprint(scene) == before, action
        client.force_login(scene.by_role[ALLOWED[action]])
        response = client.post(url, data)
        assert response.status_code == 302, (action, response.status_code)
        assert Event.objects.count() > before[0] or action == "remind-now", action


def test_scene_day_is_before_the_deadlines():
    assert DAY < dt.date(2021, 12, 31)
