"""The report page saves through one service (`reports.services.report_save`): each step
commits on its own, so a submission refused after the save leaves the draft saved, and the
page says so beside the rule's message."""

import pytest
from django.urls import reverse

from assignments.models import ReportObligation
from reports import services
from reports.models import ProgressReport
from tests.conftest import travel
from tracker.errors import TransitionError

pytestmark = pytest.mark.django_db


def _post(action: str) -> dict:
    return {"text": "", "leadership_text": "Đã quán triệt.", "results_text": "Kết quả tốt.",
            "shortcomings_text": "", "next_steps_text": "", "proposals_text": "",
            "progress_percent": "50", "action": action}


@pytest.fixture
def page(published, client):
    obligation = ReportObligation.objects.get(assignment__unit=published.district_a,
                                              assignment__item=published.continuous)
    client.force_login(published.reporter_a)
    return obligation, reverse("web:obligation-detail", args=[obligation.pk])


def test_a_refused_submission_keeps_the_saved_draft(page, client, monkeypatch):
    obligation, url = page

    def refuse(**_kwargs):
        raise TransitionError("Kỳ này không nhận báo cáo.")

    monkeypatch.setattr(services, "report_submit", refuse)
    with travel("2021-12-10"):
        response = client.post(url, _post("submit"))
    assert response.status_code == 400
    text = response.content.decode()
    assert "Kỳ này không nhận báo cáo." in text
    assert "Bản nháp đã được lưu nhưng chưa nộp." in text
    draft = ProgressReport.objects.get(obligation=obligation)
    assert draft.status == ProgressReport.Status.DRAFT
    assert draft.results_text == "Kết quả tốt."


def test_save_then_submit(page, client):
    obligation, url = page
    with travel("2021-12-10"):
        assert client.post(url, _post("save")).status_code == 302
        assert client.post(url, _post("submit")).status_code == 302
    report = ProgressReport.objects.get(obligation=obligation)
    assert report.status == ProgressReport.Status.SUBMITTED
