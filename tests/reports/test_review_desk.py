"""The review desk: a reviewer takes a report so that nobody else decides it, accepts
several at once, compares a resubmission with the version before, previews PDF and photo
evidence inline, and keeps a thread with the unit after a return."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports import claims, reviewing
from reports.diffs import text_changes
from reports.models import Evidence, ProgressReport, ReportComment
from reports.services import evidence_add, report_submit
from tests.assignments.helpers import (
    accept,
    assignment_for,
    draft,
    only_obligation,
    send_back,
    submit,
)
from tests.conftest import travel
from tests.factories import MembershipFactory, UserFactory
from tracker.appendonly import LogRewriteError
from tracker.errors import ConflictError, DomainError, NotAllowed
from tracker.events import events_for
from tracker.models import Membership, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def obligation(published):
    return only_obligation(assignment_for(published.continuous, published.district_a))


@pytest.fixture
def second_reviewer(world):
    user = UserFactory(username="danvan2")
    MembershipFactory(user=user, unit=world.board, role=Membership.Role.REVIEWER)
    return user


def _png_bytes(width=40, height=30) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def _pdf_bytes(pages=2) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    for n in range(pages):
        pdf.add_page()
        pdf.set_font("helvetica", size=14)
        pdf.cell(text=f"Page {n + 1}")
    return bytes(pdf.output())


# --- taking a report ------------------------------------------------------------------

def test_a_taken_report_is_decided_only_by_its_holder(published, obligation, second_reviewer):
    with travel("2021-12-10", 9, 00):
        report = submit(obligation, published.reporter_a)
        reviewing.report_claim(report=report, actor=published.reviewer)
        with pytest.raises(ConflictError, match="đang thẩm định"):
            accept(report, second_reviewer)
        with pytest.raises(ConflictError):
            reviewing.report_claim(report=report, actor=second_reviewer)
        accept(report, published.reviewer)
    report.refresh_from_db()
    assert report.status == ProgressReport.Status.ACCEPTED
    assert report.claimed_by is None  # a decision frees it
    verbs = [e.verb for e in events_for(report)]
    assert "claimed" in verbs


def test_a_claim_lapses_and_can_be_released(published, obligation, second_reviewer, settings):
    settings.TRACKER_REVIEW_CLAIM_HOURS = 4
    with travel("2021-12-10", 9, 00):
        report = submit(obligation, published.reporter_a)
        reviewing.report_claim(report=report, actor=published.reviewer)
    with travel("2021-12-10", 13, 30):  # lapsed
        assert claims.claim_holder(ProgressReport.objects.get(pk=report.pk)) is None
        reviewing.report_claim(report=report, actor=second_reviewer)
        reviewing.report_release(report=report, actor=second_reviewer)
    report.refresh_from_db()
    assert report.claimed_by is None
    assert [e.verb for e in events_for(report)][:2] == ["released", "claimed"]


def test_only_the_board_takes_a_submitted_report(published, obligation):
    with travel("2021-12-10"):
        report = draft(obligation, published.reporter_a)
        with pytest.raises(NotAllowed):
            reviewing.report_claim(report=report, actor=published.reporter_a)
        with pytest.raises(DomainError):
            reviewing.report_claim(report=report, actor=published.reviewer)


# --- bulk acceptance --------------------------------------------------------------------

def test_bulk_accept_accepts_each_and_says_why_not_for_the_rest(published, second_reviewer):
    youth = only_obligation(assignment_for(published.continuous, published.district_b))
    district = only_obligation(assignment_for(published.continuous, published.district_a))
    with travel("2021-12-10", 9, 00):
        a = submit(district, published.reporter_a)
        b = submit(youth, published.reporter_b)
        reviewing.report_claim(report=b, actor=second_reviewer)
        result = reviewing.reports_accept(reports=[a, b], missing=[999_999],
                                          actor=published.reviewer, comment="Tốt")
    assert result.accepted == [a.pk]
    assert {r["id"] for r in result.refused} == {b.pk, 999_999}
    assert ProgressReport.objects.get(pk=b.pk).status == ProgressReport.Status.SUBMITTED


def test_bulk_accept_in_the_api_and_the_page(published, api, client):
    district = only_obligation(assignment_for(published.continuous, published.district_a))
    youth = only_obligation(assignment_for(published.continuous, published.district_b))
    with travel("2021-12-10", 9, 00):
        a = submit(district, published.reporter_a)
        b = submit(youth, published.reporter_b)
        refused = api(published.reporter_a).post("/api/v1/reports/bulk-accept/",
                                                  {"ids": [a.pk]}, format="json")
        assert refused.status_code == 403
        bad = api(published.reviewer).post("/api/v1/reports/bulk-accept/",
                                           {"ids": ["x"]}, format="json")
        assert bad.status_code == 400 and any(k.startswith("ids") for k in bad.json()["errors"])
        answer = api(published.reviewer).post("/api/v1/reports/bulk-accept/",
                                              {"ids": [a.pk]}, format="json")
        assert answer.status_code == 200, answer.content
        assert answer.json() == {"accepted": [a.pk], "refused": []}
        client.force_login(published.reviewer)
        page = client.get(reverse("web:review-queue"))
        assert f'value="{b.pk}" form="bulk"' in page.content.decode()
        done = client.post(reverse("web:reports-bulk-accept"), {"reports": [str(b.pk)]})
        assert done.status_code == 302
    assert ProgressReport.objects.get(pk=b.pk).status == ProgressReport.Status.ACCEPTED


def test_the_queue_shows_the_wait_and_the_holder(published, obligation, client, settings):
    settings.TRACKER_REVIEW_WAIT_WORKING_DAYS = 5
    with travel("2021-12-01", 9, 00):  # Wednesday
        report = submit(obligation, published.reporter_a)
        reviewing.report_claim(report=report, actor=published.reviewer)
    client.force_login(published.reviewer)
    with travel("2021-12-03", 10, 00):  # Friday: 2 working days
        html = client.get(reverse("web:review-queue")).content.decode()
        assert "chờ 2 ngày" in html and "quá hạn thẩm định" not in html
    with travel("2021-12-09", 10, 00):  # next Thursday: 8 days, 6 working days
        html = client.get(reverse("web:review-queue")).content.decode()
        assert "chờ 8 ngày" in html and "quá hạn thẩm định" in html


# --- comparing versions ------------------------------------------------------------------

def test_text_changes_keep_every_word_once():
    segments = text_changes("Đã quán triệt tới 80% chi bộ.", "Đã quán triệt tới 100% chi bộ.")
    assert [(s.op, s.text) for s in segments] == [
        ("same", "Đã quán triệt tới "), ("removed", "80% "), ("added", "100% "),
        ("same", "chi bộ.")]
    old = "".join(s.text for s in segments if s.op != "added")
    new = "".join(s.text for s in segments if s.op != "removed")
    assert (old, new) == ("Đã quán triệt tới 80% chi bộ.", "Đã quán triệt tới 100% chi bộ.")


def test_a_resubmission_shows_what_changed(published, obligation, api, client):
    with travel("2021-12-10", 9, 00):
        first = submit(obligation, published.reporter_a, results_text="Tổ chức 3 hội nghị.")
        send_back(first, published.reviewer)
        second = submit(obligation, published.reporter_a,
                        results_text="Tổ chức 5 hội nghị, 1.200 người dự.")
    answer = api(published.reviewer).get(f"/api/v1/reports/{second.pk}/changes/").json()
    assert answer["previous"] == first.pk
    results = next(p for p in answer["parts"] if p["part"] == "results_text")
    assert results["changed"] is True
    removed = "".join(s["text"] for s in results["segments"] if s["op"] == "removed")
    added = "".join(s["text"] for s in results["segments"] if s["op"] == "added")
    assert "3" in removed and "1.200 người dự" in added
    first_answer = api(published.reviewer).get(f"/api/v1/reports/{first.pk}/changes/").json()
    assert first_answer["previous"] is None
    client.force_login(published.reviewer)
    html = client.get(reverse("web:report-detail", args=[second.pk])).content.decode()
    assert "Thay đổi so với lần 1" in html and "<del>3 </del>" in html


# --- evidence previews -------------------------------------------------------------------

@pytest.mark.parametrize("name,content_type,content,pages", [
    ("anh.png", "image/png", _png_bytes, 1),
    ("bien-ban.pdf", "application/pdf", _pdf_bytes, 2),
])
def test_pdf_and_photo_evidence_preview_as_png(published, obligation, client, api, name,
                                              content_type, content, pages):
    with travel("2021-12-10", 9, 00):
        report = draft(obligation, published.reporter_a)
        evidence = evidence_add(report=report, actor=published.reporter_a,
                                upload=SimpleUploadedFile(name, content(), content_type))
        report = report_submit(report=report, actor=published.reporter_a)
    client.force_login(published.reviewer)
    response = client.get(reverse("web:evidence-preview-page", args=[evidence.pk, pages]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")
    assert response["X-Pages"] == str(pages)
    beyond = client.get(reverse("web:evidence-preview-page", args=[evidence.pk, pages + 1]))
    assert beyond.status_code == 404
    html = client.get(reverse("web:report-detail", args=[report.pk])).content.decode()
    assert f"Xem trước ({pages} trang)" in html
    via_api = api(published.reviewer).get(
        f"/api/v1/reports/{report.pk}/evidence/{evidence.pk}/preview/?page=1")
    assert via_api.status_code == 200 and via_api.content.startswith(b"\x89PNG")
    # a unit that doesn't see the report doesn't see the file
    client.force_login(published.reporter_b)
    assert client.get(reverse("web:evidence-preview", args=[evidence.pk])).status_code == 404


def test_a_broken_pdf_has_no_preview(published, obligation, client):
    with travel("2021-12-10", 9, 00):
        report = draft(obligation, published.reporter_a)
        evidence = evidence_add(report=report, actor=published.reporter_a,
                                upload=SimpleUploadedFile("hong.pdf", b"%PDF-1.4 broken",
                                                          "application/pdf"))
    client.force_login(published.reporter_a)
    assert client.get(reverse("web:evidence-preview", args=[evidence.pk])).status_code == 404
    page = client.get(reverse("web:report-detail", args=[report.pk]))
    assert page.status_code == 200 and "Xem trước" not in page.content.decode()


def test_the_report_page_reads_the_page_count_stored_at_upload(published, obligation, client):
    """The page count is counted once, when the file is stored: the report page shows
    the preview pages from the row, even with the bytes out of reach (it opens no file)."""
    with travel("2021-12-10", 9, 00):
        report = draft(obligation, published.reporter_a)
        evidence = evidence_add(report=report, actor=published.reporter_a,
                                upload=SimpleUploadedFile("bien-ban.pdf", _pdf_bytes(3),
                                                          "application/pdf"))
    assert evidence.page_count == 3
    evidence.file.storage.delete(evidence.file.name)
    client.force_login(published.reporter_a)
    html = client.get(reverse("web:report-detail", args=[report.pk])).content.decode()
    assert "Xem trước (3 trang)" in html


def test_a_pdf_stored_before_the_count_is_counted_once_on_first_view(published, obligation,
                                                                    client):
    """Rows from before the column (NULL) are counted lazily: the first view stores the
    count, and later views read it."""
    with travel("2021-12-10", 9, 00):
        report = draft(obligation, published.reporter_a)
        evidence = evidence_add(report=report, actor=published.reporter_a,
                                upload=SimpleUploadedFile("bien-ban.pdf", _pdf_bytes(2),
                                                          "application/pdf"))
    Evidence.objects.filter(pk=evidence.pk).update(page_count=None)
    client.force_login(published.reporter_a)
    html = client.get(reverse("web:report-detail", args=[report.pk])).content.decode()
    assert "Xem trước (2 trang)" in html
    evidence.refresh_from_db()
    assert evidence.page_count == 2


# --- the thread --------------------------------------------------------------------------

def test_after_a_return_the_unit_replies_and_the_board_follows_up(published, obligation, api,
                                                                 client):
    with travel("2021-12-10", 9, 00):
        report = submit(obligation, published.reporter_a)
        send_back(report, published.reviewer, comment="Bổ sung số liệu hội nghị.")
        reply = api(published.reporter_a).post(f"/api/v1/reports/{report.pk}/comments/",
                                                {"body": "Số liệu gửi kèm bản sau."},
                                                format="json")
        assert reply.status_code == 201, reply.content
        assert reply.json()["side"] == "unit"
        client.force_login(published.reviewer)
        follow = client.post(reverse("web:report-comment", args=[report.pk]),
                             {"thread-body": "Ban đã nhận, chờ bản nộp lại."})
        assert follow.status_code == 302
    thread = api(published.reviewer).get(f"/api/v1/reports/{report.pk}/comments/").json()
    assert [(c["side"], c["body"]) for c in thread] == [
        ("unit", "Số liệu gửi kèm bản sau."), ("board", "Ban đã nhận, chờ bản nộp lại.")]
    told_board = Notification.objects.filter(recipient=published.reviewer,
                                             kind="report_commented")
    told_unit = Notification.objects.filter(recipient=published.reporter_a,
                                            kind="report_commented")
    assert told_board.count() == 1 and told_unit.count() == 1
    html = client.get(reverse("web:report-detail", args=[report.pk])).content.decode()
    assert "Số liệu gửi kèm bản sau." in html and 'id="thread"' in html
    comment = ReportComment.objects.first()
    with pytest.raises(LogRewriteError):
        comment.delete()


def test_the_thread_refuses_outsiders_and_empty_messages(published, obligation, api):
    with travel("2021-12-10", 9, 00):
        report = submit(obligation, published.reporter_a)
    outsider = api(published.reporter_b).post(f"/api/v1/reports/{report.pk}/comments/",
                                              {"body": "?"}, format="json")
    assert outsider.status_code == 404
    leader = api(published.leader).post(f"/api/v1/reports/{report.pk}/comments/",
                                        {"body": "Xem"}, format="json")
    assert leader.status_code in (403, 404)
    empty = api(published.reporter_a).post(f"/api/v1/reports/{report.pk}/comments/",
                                           {"body": "   "}, format="json")
    assert empty.status_code == 400 and "body" in empty.json()["errors"]
    assert not ReportComment.objects.exists()
