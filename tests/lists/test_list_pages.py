"""The list pages: filters (the API's FilterSets), sort and pages in the URL, the export
button with the same filters, bad filters as 400 with the form's message."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from tests.conftest import travel

pytestmark = pytest.mark.django_db

DAY = "2022-01-20"  # after the first semi-annual due date and the fixed item's deadline


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_obligation_list_filters_sorts_and_exports_the_same_rows(client, published):
    client.force_login(published.reviewer)
    url = reverse("web:obligation-list")
    with travel(DAY):
        everything = client.get(url)
        assert everything.status_code == 200
        total = everything.context["listing"].page.paginator.count
        assert total > 0
        overdue = client.get(url, {"overdue": "true", "sort": "-due"})
        assert overdue.status_code == 200
        rows = overdue.context["rows"]
        assert rows and all(r["state"].days_overdue > 0 for r in rows)
        assert b'aria-sort="descending"' in overdue.content
        export = client.get(reverse("exports:list", args=["obligations"]),
                            {"overdue": "true", "format": "csv"})
        assert export.status_code == 200
        assert len(_csv(export)) - 1 == overdue.context["listing"].page.paginator.count
        unit = client.get(url, {"unit_tree": published.district_a.pk})
        assert {r["assignment__unit_id"] for r in unit.context["rows"]} == {
            published.district_a.pk}


def test_bad_filters_answer_400_with_the_message(client, published, api):
    client.force_login(published.reviewer)
    with travel(DAY):
        page = client.get(reverse("web:obligation-list"),
                          {"due_after": "31/02/2022", "status": "nonsense"})
        assert page.status_code == 400
        assert page.context["listing"].filterset.form.errors.keys() >= {"due_after", "status"}
        assert b'role="alert"' in page.content
        answer = api(published.reviewer).get("/api/v1/obligations/",
                                              {"due_after": "31/02/2022"})
        assert answer.status_code == 400
        assert "due_after" in answer.json() or "due_after" in str(answer.json())


def test_directive_list_filters_in_the_url(client, published):
    client.force_login(published.leader)
    with travel(DAY):
        response = client.get(reverse("web:directive-list"), {"q": "06-CT", "tracked": "true"})
        assert response.status_code == 200
        assert [d.pk for d in response.context["directives"]] == [published.directive.pk]
        none = client.get(reverse("web:directive-list"), {"q": "khong-co-van-ban-nay"})
        assert list(none.context["directives"]) == []


def _submit(world, day: str):
    from assignments.models import ReportObligation
    from reports.services import report_create, report_submit

    with travel(day):
        obligation = ReportObligation.objects.filter(
            assignment__unit=world.district_a).order_by("due_on", "id").first()
        report = report_create(obligation=obligation, author=world.reporter_a, text="Đã làm.")
        return report_submit(report=report, actor=world.reporter_a)


def test_review_queue_page_api_and_export_give_the_queue(client, published, api):
    from reports.selectors import review_queue

    report = _submit(published, "2021-12-20")
    client.force_login(published.reviewer)
    with travel(DAY):
        page = client.get(reverse("web:review-queue"), {"waited_days_min": "30"})
        assert page.status_code == 200
        shown = [r.pk for r in page.context["reports"]]
        assert shown == [r.pk for r in review_queue(published.reviewer)] == [report.pk]
        assert b"to_review=true" in page.content  # the export button carries the queue
        body = api(published.reviewer).get("/api/v1/reports/", {"to_review": "true"}).json()
        assert [row["id"] for row in body["results"]] == shown
        export = client.get(reverse("exports:list", args=["reports"]),
                            {"to_review": "true", "waited_days_min": "30", "format": "csv"})
        assert [row[0] for row in _csv(export)[1:]] == [str(report.pk)]
        later = client.get(reverse("web:review-queue"), {"waited_days_min": "40"})
        assert list(later.context["reports"]) == []
        # The unit's own history: its report, not in another unit's.
        client.force_login(published.reporter_a)
        mine = client.get(reverse("web:my-history"), {"q": "Đã làm"})
        assert [r.pk for r in mine.context["reports"]] == [report.pk]
        client.force_login(published.reporter_b)
        assert list(client.get(reverse("web:my-history")).context["reports"]) == []


def test_extension_requests_filter_by_status_and_unit(client, published):
    from assignments.models import ReportObligation
    from assignments.services import extension_reject, extension_request_create

    with travel("2021-12-01"):
        obligation = ReportObligation.objects.filter(
            assignment__unit=published.district_a).order_by("due_on", "id").first()
        asked = extension_request_create(
            assignment=obligation.assignment, obligation=obligation,
            actor=published.reporter_a, reason="Xin thêm thời gian.",
            requested_due_on=obligation.due_on + dt.timedelta(days=10))
        extension_reject(request=asked, actor=published.reviewer, note="Không.")
    client.force_login(published.reviewer)
    with travel(DAY):
        url = reverse("web:extension-list")
        decided = client.get(url, {"unit_tree": published.district_a.pk})
        assert [e.pk for e in decided.context["decided"]] == [asked.pk]
        other = client.get(url, {"unit_tree": published.district_b.pk})
        assert list(other.context["decided"]) == []
        bad = client.get(url, {"requested_after": "99/99/2021"})
        assert bad.status_code == 400
