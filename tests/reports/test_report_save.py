"""The report page saves through one service (`reports.services.report_save`), in one
transaction: a failure midway leaves nothing written, while a submission refused by a rule
after the save leaves the draft saved, and the page says so beside the rule's message."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assignments.models import ReportObligation
from reports import services
from reports.models import ProgressReport
from tests.conftest import travel
from tracker.errors import TransitionError
from tracker.models import Event

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


def test_a_failure_midway_leaves_nothing_half_written(published, monkeypatch):
    """The draft is created, then attaching its file crashes (not a rule: the disk, the
    database): the draft and its event are rolled back with it."""
    obligation = ReportObligation.objects.get(assignment__unit=published.district_a,
                                              assignment__item=published.continuous)
    events = Event.objects.count()

    def crash(**_kwargs):
        assert ProgressReport.objects.filter(obligation=obligation).exists()  # midway
        raise OSError("No space left on device")

    monkeypatch.setattr(services, "evidence_add", crash)
    with travel("2021-12-10"), pytest.raises(OSError):
        services.report_save(
            obligation=obligation, draft=None, actor=published.reporter_a,
            fields={"results_text": "Kết quả tốt."},
            upload=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4", "application/pdf"))
    assert not ProgressReport.objects.filter(obligation=obligation).exists()
    assert Event.objects.count() == events


def test_a_refused_file_keeps_the_draft_and_only_the_file_step_is_undone(published):
    obligation = ReportObligation.objects.get(assignment__unit=published.district_a,
                                              assignment__item=published.continuous)
    with travel("2021-12-10"), pytest.raises(services.DraftSavedButRefused) as refused:
        services.report_save(
            obligation=obligation, draft=None, actor=published.reporter_a,
            fields={"results_text": "Kết quả tốt."}, submit=True,
            upload=SimpleUploadedFile("virus.exe", b"MZ", "application/octet-stream"))
    assert refused.value.step == "evidence"
    draft = ProgressReport.objects.get(obligation=obligation)
    assert draft.status == ProgressReport.Status.DRAFT and not draft.evidence.exists()
