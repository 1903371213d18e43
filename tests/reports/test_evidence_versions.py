"""Evidence follows a report from version to version by reference: the unit resubmits after
a return without uploading its files again, the board sees them on the version it reviews,
the accepted version keeps them, and taking a file off a new version never takes it from an
earlier one (no bytes are copied or deleted)."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from assignments.models import ReportObligation
from reports import services
from reports.models import Evidence, ProgressReport
from tests.conftest import client_for, travel
from tracker.errors import TransitionError
from tracker.events import events_for

pytestmark = pytest.mark.django_db
V1 = "/api/v1"
PDF = b"%PDF-1.4\n% minutes of the briefing\n"


@pytest.fixture
def returned(published):
    """District A's first version with the minutes attached, submitted, then returned."""
    w = published
    obligation = ReportObligation.objects.filter(
        assignment__unit=w.district_a, assignment__item=w.continuous).order_by("due_on").first()
    with travel("2021-12-10"):
        first = services.report_create(obligation=obligation, author=w.reporter_a,
                                       results_text="Tổ chức 6 hội nghị.")
        services.evidence_add(report=first, actor=w.reporter_a,
                              upload=SimpleUploadedFile("bien-ban.pdf", PDF))
        services.report_submit(report=first, actor=w.reporter_a)
    with travel("2021-12-13"):
        services.report_return(report=first, actor=w.reviewer,
                               comment="Bổ sung số liệu vùng đồng bào DTTS.")
    first.refresh_from_db()
    return w, obligation, first


def _names(body) -> list[str]:
    return [e["original_name"] for e in body]


def test_the_board_reviews_and_accepts_the_resubmission_with_its_evidence(returned):
    w, obligation, first = returned
    unit, board = client_for(w.reporter_a), client_for(w.reviewer)
    minutes = first.evidence.get()
    with travel("2021-12-14"):
        created = unit.post(f"{V1}/reports/", {"obligation": obligation.pk,
                                              "results_text": "Thêm 4 hội nghị vùng DTTS."},
                            format="json")
        assert created.status_code == 201, created.content
        second = created.json()
        # The new version shows the same file, not a copy of it.
        assert [e["id"] for e in second["evidence"]] == [minutes.pk]
        assert Evidence.objects.count() == 1
        assert unit.post(f"{V1}/reports/{second['id']}/submit/").status_code == 200

        seen = board.get(f"{V1}/reports/{second['id']}/").json()
        assert _names(seen["evidence"]) == ["bien-ban.pdf"]
        assert _names(board.get(f"{V1}/reports/{second['id']}/evidence/").json()) == \
            ["bien-ban.pdf"]
        listed = board.get(f"{V1}/reports/", {"status": "submitted"}).json()["results"]
        assert _names(next(r for r in listed if r["id"] == second["id"])["evidence"]) == \
            ["bien-ban.pdf"]
        # The reviewer's page lists it too, with a link that downloads it.
        page = _page_as(w.reviewer, reverse("web:report-detail", args=[second["id"]]))
        assert "bien-ban.pdf" in page and "Không có tệp đính kèm" not in page

        accepted = board.post(f"{V1}/reports/{second['id']}/accept/", {}, format="json")
        assert accepted.status_code == 200, accepted.content
    assert _names(accepted.json()["evidence"]) == ["bien-ban.pdf"]
    download = board.get(f"{V1}/reports/{second['id']}/evidence/{minutes.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    final = ProgressReport.objects.get(pk=second["id"])
    assert final.status == ProgressReport.Status.ACCEPTED
    assert [e.original_name for e in final.evidence.all()] == ["bien-ban.pdf"]


def test_removing_a_file_from_the_new_version_keeps_it_on_the_earlier_one(returned):
    w, obligation, first = returned
    unit = client_for(w.reporter_a)
    minutes = first.evidence.get()
    with travel("2021-12-14"):
        second = unit.post(f"{V1}/reports/", {"obligation": obligation.pk}, format="json").json()
        added = unit.post(f"{V1}/reports/{second['id']}/evidence/",
                          {"file": SimpleUploadedFile("anh-hoi-nghi.png", b"\x89PNG\r\n\x1a\n")},
                          format="multipart")
        assert added.status_code == 201, added.content
        removed = unit.delete(f"{V1}/reports/{second['id']}/evidence/{minutes.pk}/")
        assert removed.status_code == 204, removed.content

        assert _names(unit.get(f"{V1}/reports/{second['id']}/evidence/").json()) == \
            ["anh-hoi-nghi.png"]
        assert _names(unit.get(f"{V1}/reports/{first.pk}/evidence/").json()) == \
            ["bien-ban.pdf"]
        # Not in the new version any more: its URL under that version is 404.
        assert unit.get(f"{V1}/reports/{second['id']}/evidence/{minutes.pk}/").status_code \
            == 404
    # The bytes are still there, under the earlier version.
    minutes.refresh_from_db()
    assert default_storage.exists(minutes.file.name)
    old = unit.get(f"{V1}/reports/{first.pk}/evidence/{minutes.pk}/")
    assert old.status_code == 200 and b"".join(old.streaming_content) == PDF
    second_report = ProgressReport.objects.get(pk=second["id"])
    assert events_for(second_report).filter(verb="evidence_removed").count() == 1


def test_evidence_is_only_taken_off_a_draft_by_its_unit(returned):
    w, _obligation, first = returned
    minutes = first.evidence.get()
    with pytest.raises(TransitionError):
        services.evidence_remove(report=first, actor=w.reporter_a, evidence=minutes)
    answer = client_for(w.reporter_a).delete(f"{V1}/reports/{first.pk}/evidence/{minutes.pk}/")
    assert answer.status_code == 409 and "file" in answer.json()["errors"]
    assert first.evidence.count() == 1
    # Another unit does not see the report at all.
    foreign = client_for(w.reporter_b).delete(
        f"{V1}/reports/{first.pk}/evidence/{minutes.pk}/")
    assert foreign.status_code == 404


def test_the_obligation_page_lists_the_new_versions_files_and_removes_one(returned):
    w, obligation, first = returned
    minutes = first.evidence.get()
    with travel("2021-12-14"):
        second = services.report_create(obligation=obligation, author=w.reporter_a)
        page = _page_as(w.reporter_a, reverse("web:obligation-detail", args=[obligation.pk]))
        assert "bien-ban.pdf" in page
        remove = reverse("web:evidence-remove", args=[second.pk, minutes.pk])
        assert remove in page
        client = Client()
        client.force_login(w.reporter_a)
        assert client.post(remove).status_code == 302
    assert list(second.evidence.all()) == [] and list(first.evidence.all()) == [minutes]


def _page_as(user, url) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()
