"""The done-when story of the API, against the demo data.

Thành ủy Kon Tum writes and submits a report; Ban Dân vận returns it with a comment;
Thành ủy resubmits a new version; the board accepts; the summary changes; Thành ủy asks
for an extension, the board approves it; and Tỉnh đoàn can neither see nor touch any of
Thành ủy's objects.
"""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from tests.conftest import travel
from tests.demo import DEMO_DAY, DEMO_PASSWORD

pytestmark = pytest.mark.django_db

V1 = "/api/v1"


def login(username: str) -> APIClient:
    client = APIClient()
    response = client.post(f"{V1}/auth/token/", {"username": username,
                                                  "password": DEMO_PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return client


def unit_counts(summary: dict, unit_code: str) -> dict:
    row = next(u for u in summary["units"] if u["code"] == unit_code)
    return row["obligations"]["counts"]


def test_wrong_password_is_a_400_in_the_error_format(demo):
    response = APIClient().post(f"{V1}/auth/token/", {"username": "thanhuy",
                                                      "password": "nope"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_credentials" and body["errors"]["non_field_errors"]


def test_the_journey(demo):
    with travel(DEMO_DAY, 10):
        thanhuy, danvan, tinhdoan = login("thanhuy"), login("danvan"), login("tinhdoan")

        # Thành ủy lists what is due and still open.
        listing = thanhuy.get(f"{V1}/obligations/", {"status": "pending", "page_size": 100})
        assert listing.status_code == 200, listing.content
        pending = listing.json()["results"]
        assert pending and {o["unit"]["code"] for o in pending} == {"thanhuy-kontum"}
        obligation = pending[0]
        directive_id = obligation["directive"]
        before = danvan.get(f"{V1}/directives/{directive_id}/summary/").json()

        # Writes a draft, edits it under If-Match, attaches evidence, submits.
        created = thanhuy.post(f"{V1}/reports/", {
            "obligation": obligation["id"], "text": "Báo cáo kết quả 6 tháng cuối năm.",
            "results_text": "Tổ chức 3 hội nghị quán triệt.", "progress_percent": 60,
        }, format="json")
        assert created.status_code == 201, created.content
        report = created.json()
        assert report["status"] == "draft" and report["version"] == 1
        detail = thanhuy.get(f"{V1}/reports/{report['id']}/")
        etag = detail["ETag"]
        assert etag == f'W/"{report["lock_version"]}"'
        assert thanhuy.patch(f"{V1}/reports/{report['id']}/", {"progress_percent": 70},
                             format="json").status_code == 428
        edited = thanhuy.patch(f"{V1}/reports/{report['id']}/", {"progress_percent": 70},
                               format="json", HTTP_IF_MATCH=etag)
        assert edited.status_code == 200 and edited.json()["progress_percent"] == 70
        stale = thanhuy.patch(f"{V1}/reports/{report['id']}/", {"progress_percent": 80},
                              format="json", HTTP_IF_MATCH=etag)
        assert stale.status_code == 412 and stale.json()["code"] == "precondition_failed"
        upload = thanhuy.post(f"{V1}/reports/{report['id']}/evidence/",
                              {"file": SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 demo",
                                                          content_type="application/pdf")},
                              format="multipart")
        assert upload.status_code == 201, upload.content
        download = thanhuy.get(f"{V1}/reports/{report['id']}/evidence/{upload.json()['id']}/")
        assert download.status_code == 200
        assert download["X-Content-Type-Options"] == "nosniff"
        assert download["Content-Disposition"].startswith("attachment")
        assert b"".join(download.streaming_content) == b"%PDF-1.4 demo"
        submitted = thanhuy.post(f"{V1}/reports/{report['id']}/submit/")
        assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"

        # Tỉnh đoàn sees none of it and can touch none of it.
        assert tinhdoan.get(f"{V1}/reports/{report['id']}/").status_code == 404
        assert tinhdoan.get(f"{V1}/obligations/{obligation['id']}/").status_code == 404
        assert tinhdoan.post(f"{V1}/reports/{report['id']}/accept/").status_code == 404
        foreign = tinhdoan.post(f"{V1}/reports/", {"obligation": obligation["id"],
                                                   "text": "x"}, format="json")
        assert foreign.status_code == 400 and "obligation" in foreign.json()["errors"]
        seen = tinhdoan.get(f"{V1}/reports/", {"page_size": 100}).json()["results"]
        assert all(r["unit"]["code"] == "btv-tinhdoan" for r in seen)

    with travel(DEMO_DAY + dt.timedelta(days=1), 9):
        # A new day: yesterday's tokens expired after 8 idle hours; sign in again.
        thanhuy, danvan = login("thanhuy"), login("danvan")
        # Ban Dân vận returns it with a comment.
        no_comment = danvan.post(f"{V1}/reports/{report['id']}/return/", {}, format="json")
        assert no_comment.status_code == 400 and "comment" in no_comment.json()["errors"]
        returned = danvan.post(f"{V1}/reports/{report['id']}/return/",
                               {"comment": "Đề nghị bổ sung số liệu."}, format="json")
        assert returned.status_code == 200, returned.content
        assert returned.json()["status"] == "returned"
        assert returned.json()["reviews"][0]["comment"] == "Đề nghị bổ sung số liệu."

    with travel(DEMO_DAY + dt.timedelta(days=2), 9):
        thanhuy, danvan = login("thanhuy"), login("danvan")
        # Thành ủy resubmits: a new version copied from the last one.
        second = thanhuy.post(f"{V1}/reports/", {"obligation": obligation["id"]}, format="json")
        assert second.status_code == 201, second.content
        second = second.json()
        assert second["version"] == 2 and second["progress_percent"] == 70
        assert second["results_text"] == "Tổ chức 3 hội nghị quán triệt."
        assert thanhuy.post(f"{V1}/reports/{second['id']}/submit/").status_code == 200

    with travel(DEMO_DAY + dt.timedelta(days=3), 9):
        thanhuy, danvan, tinhdoan = login("thanhuy"), login("danvan"), login("tinhdoan")
        accepted = danvan.post(f"{V1}/reports/{second['id']}/accept/",
                               {"comment": "Đạt."}, format="json")
        assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
        again = danvan.post(f"{V1}/reports/{second['id']}/accept/", {}, format="json")
        assert again.status_code == 409 and again.json()["code"] == "invalid_transition"
        after = danvan.get(f"{V1}/directives/{directive_id}/summary/",
                           {"as_of": (DEMO_DAY + dt.timedelta(days=3)).isoformat()}).json()
        b, a = unit_counts(before, "thanhuy-kontum"), unit_counts(after, "thanhuy-kontum")
        assert a["accepted_on_time"] == b["accepted_on_time"] + 1
        assert a["pending"] == b["pending"] - 1
        state = thanhuy.get(f"{V1}/obligations/{obligation['id']}/").json()
        assert state["status"] == "accepted_on_time"

        # Thành ủy asks for more time on another open obligation; the board approves.
        others = thanhuy.get(f"{V1}/obligations/",
                             {"status": ["pending", "overdue"], "page_size": 100}).json()
        other = next(o for o in others["results"] if o["id"] != obligation["id"])
        wanted = (dt.date.fromisoformat(other["due_on"]) + dt.timedelta(days=20)).isoformat()
        asked = thanhuy.post(f"{V1}/extension-requests/", {
            "assignment": other["assignment"], "obligation": other["id"],
            "requested_due_on": wanted, "reason": "Đang tổ chức sơ kết."}, format="json")
        assert asked.status_code == 201, asked.content
        ext = asked.json()
        assert tinhdoan.get(f"{V1}/extension-requests/{ext['id']}/").status_code == 404
        assert tinhdoan.post(f"{V1}/extension-requests/{ext['id']}/approve/").status_code == 404
        assert thanhuy.post(f"{V1}/extension-requests/{ext['id']}/approve/",
                            {}, format="json").status_code == 403
        approved = danvan.post(f"{V1}/extension-requests/{ext['id']}/approve/",
                               {"note": "Đồng ý."}, format="json")
        assert approved.status_code == 200 and approved.json()["status"] == "approved"
        moved = thanhuy.get(f"{V1}/obligations/{other['id']}/").json()
        assert moved["due_on"] == wanted and moved["original_due_on"] == other["original_due_on"]

        # Tỉnh đoàn's lists never show Thành ủy's rows.
        for path in ("obligations", "assignments", "reports", "extension-requests"):
            rows = tinhdoan.get(f"{V1}/{path}/", {"page_size": 100}).json()["results"]
            assert rows and all(r["unit"]["code"] == "btv-tinhdoan" for r in rows), path
        dash = tinhdoan.get(f"{V1}/dashboard/").json()
        assert dash["assignments"]["total"] == tinhdoan.get(
            f"{V1}/assignments/", {"page_size": 100}).json()["results"].__len__()


# --- statuses: SQL for today and the replayed history agree on the demo ---------------

def _all(client, path, params):
    rows, url, params = [], f"{V1}/{path}", {"page_size": 100, **params}
    while url:
        body = client.get(url, params).json()
        rows.extend(body["results"])
        url, params = body.get("next"), None
    return rows


@pytest.mark.parametrize("path,kind", [("obligations/", "obligations"),
                                       ("assignments/", "assignments")])
def test_sql_statuses_agree_with_the_statuses_module_on_the_demo(demo, path, kind):
    from django.contrib.auth import get_user_model

    from assignments.models import Assignment, ReportObligation
    from assignments.selectors import assignment_states, obligation_states

    admin = get_user_model().objects.get(username="admin")
    client = APIClient()
    client.force_authenticate(admin)
    with travel(DEMO_DAY, 12):
        rows = _all(client, path, {})
        if kind == "obligations":
            states = obligation_states(ReportObligation.objects.all(), DEMO_DAY)
        else:
            states = assignment_states(Assignment.objects.all(), DEMO_DAY)
        assert len(rows) == len(states) > 100
        api = {r["id"]: (r["status"], r["days_overdue"]) for r in rows}
        replayed = {pk: (s.status, s.days_overdue) for pk, s in states.items()}
        assert api == replayed
        assert len({status for status, _d in api.values()}) >= 4


@pytest.mark.parametrize("day", [DEMO_DAY, dt.date(2023, 12, 31), dt.date(2022, 7, 1)])
def test_status_filters_agree_with_the_summary(demo, day):
    """`?status=` (SQL today, replayed for a past day) counts what the summary counts."""
    from assignments.models import AssignmentStatus, ObligationStatus
    from directives.models import Directive

    client = login("danvan")
    directive = Directive.objects.get(number="06-CT/TU")
    with travel(DEMO_DAY, 12):
        params = {} if day == DEMO_DAY else {"as_of": day.isoformat()}
        summary = client.get(f"{V1}/directives/{directive.pk}/summary/",
                             {"as_of": day.isoformat()}).json()
        for path, statuses, key in (("obligations/", ObligationStatus, "obligations"),
                                    ("assignments/", AssignmentStatus, "assignments")):
            for status in statuses:
                rows = _all(client, path, {**params, "status": status.value})
                assert all(r["status"] == status.value for r in rows)
                assert len(rows) == summary[key]["counts"][status.value], (path, status)
        overdue = _all(client, "obligations/", {**params, "overdue": "true"})
        assert len(overdue) == len(summary["overdue"])
        late = _all(client, "obligations/", {**params, "days_overdue_min": 30})
        assert len(late) == sum(1 for o in summary["overdue"] if o["days_overdue"] >= 30)


def test_sql_and_replayed_filters_agree_on_the_same_day(demo):
    """The two filter paths select the same rows for the same day."""
    from django.contrib.auth import get_user_model

    from assignments.filters import AssignmentFilter, ObligationFilter
    from assignments.models import AssignmentStatus, ObligationStatus
    from assignments.selectors import assignment_list, obligation_list

    admin = get_user_model().objects.get(username="admin")
    with travel(DEMO_DAY, 12):
        for filterset, selector, statuses in (
                (ObligationFilter, obligation_list, ObligationStatus),
                (AssignmentFilter, assignment_list, AssignmentStatus)):
            qs = selector(user=admin, day=DEMO_DAY)
            fs = filterset(data={}, queryset=qs)
            cases = [([s.value], None, None) for s in statuses]
            cases += [([], True, None), ([], False, None), ([], None, 7), ([], None, 400)]
            for wanted, overdue, min_days in cases:
                sql = set(fs._filter_sql(qs, DEMO_DAY, wanted, overdue, min_days)
                          .values_list("pk", flat=True))
                replay = set(fs._filter_replayed(qs, DEMO_DAY, wanted, overdue, min_days)
                             .values_list("pk", flat=True))
                assert sql == replay, (filterset.__name__, wanted, overdue, min_days)
