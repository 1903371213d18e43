"""The list pages: filters (the API's FilterSets), sort and pages in the URL, the export
button with the same filters, bad filters as 400 with the form's message."""

import csv
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
