"""Export pages: the consolidated report download, list exports, background jobs."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assignments.services import item_assign
from directives.services import item_create
from reports.models import ExportJob
from tests.conftest import travel
from tracker.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(published):
    return published


def test_reviewer_downloads_the_consolidated_report(client, data):
    client.force_login(data.reviewer)
    url = reverse("exports:report", args=[data.directive.pk])
    response = client.get(url, {"as_of": "31/12/2021", "format": "docx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content[:2] == b"PK"
    xlsx = client.get(url, {"as_of": "2021-12-31", "format": "xlsx"})
    assert load_workbook(io.BytesIO(xlsx.content)).sheetnames[0] == "Bảng 1"
    assert client.get(url, {"as_of": "31/13/2021"}).status_code == 400
    assert client.get(url, {"format": "pdf"}).status_code == 400
    assert Event.objects.filter(verb="exported", actor=data.reviewer).count() == 2


def test_a_foreign_directive_is_404(client, data):
    other_board = data.district_b  # a unit that supervises nothing and has no duty there
    from tests.factories import DirectiveFactory

    foreign = DirectiveFactory(number="99-CT/TU", supervising_unit=other_board)
    client.force_login(data.reporter_youth)
    assert client.get(reverse("exports:report", args=[foreign.pk])).status_code == 404


def test_list_exports_are_scoped_filtered_and_formula_safe(client, data):
    with travel("2021-09-12"):
        risky = item_create(directive=data.directive, actor=data.reviewer,
                            content="=HYPERLINK(\"http://evil\")")
        item_assign(item=risky, actor=data.reviewer, units=[data.district_a])
    client.force_login(data.reporter_a)
    response = client.get(reverse("exports:list", args=["assignments"]), {"format": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content)
                                       .decode("utf-8-sig"))))
    units = {row[4] for row in rows[1:]}
    assert units == {"Huyện ủy A"}  # only the caller's unit
    contents = [row[3] for row in rows[1:]]
    assert "'=HYPERLINK(\"http://evil\")" in contents
    filtered = client.get(reverse("exports:list", args=["assignments"]),
                          {"format": "xlsx", "role": "cooperating"})
    sheet = load_workbook(io.BytesIO(filtered.content)).active
    assert sheet.max_row == 1  # district A cooperates on nothing: header only
    bad = client.get(reverse("exports:list", args=["assignments"]), {"role": "boss"})
    assert bad.status_code == 400


def test_large_exports_run_as_jobs(client, data, settings, django_capture_on_commit_callbacks):
    settings.TRACKER_EXPORT_SYNC_MAX_ROWS = 1
    client.force_login(data.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("exports:list", args=["obligations"]), {"format": "xlsx"})
    assert response.status_code == 302 and response.url == reverse("exports:jobs")
    job = ExportJob.objects.get(requested_by=data.reviewer)
    assert job.status == "done" and job.progress == 100 and job.total_rows >= 2
    page = client.get(reverse("exports:jobs"))
    assert reverse("exports:job-download", args=[job.pk]) in page.content.decode()
    download = client.get(reverse("exports:job-download", args=[job.pk]))
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"
    client.force_login(data.reporter_a)
    assert client.get(reverse("exports:job-download", args=[job.pk])).status_code == 404


def test_publishing_later_periods_shows_in_exports(client, data):
    with travel("2022-06-01"):
        extra = item_create(directive=data.directive, actor=data.reviewer, content="Thêm")
        item_assign(item=extra, actor=data.reviewer, units=[data.district_b],
                    today=dt.date(2022, 6, 1))
    client.force_login(data.leader)
    response = client.get(reverse("exports:list", args=["obligations"]), {"format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "6 tháng đầu năm 2022" in text
