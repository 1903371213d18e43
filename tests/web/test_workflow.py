"""The pages do the whole job: write, submit, return, resubmit, accept; build and publish
a directive; safety (escaping, downloads, throttled sign-in)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from assignments.models import Assignment, ReportObligation
from directives.models import Directive, ResponsibilityItem
from reports.models import ProgressReport
from tests.conftest import travel
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _report_post(**extra):
    data = {"text": "", "leadership_text": "Đã quán triệt.", "results_text": "Kết quả tốt.",
            "shortcomings_text": "", "next_steps_text": "", "proposals_text": "",
            "progress_percent": "50", "action": "save"}
    data.update(extra)
    return data


@pytest.fixture
def ob_a(published):
    return ReportObligation.objects.get(assignment__unit=published.district_a,
                                        assignment__item=published.continuous)


def test_report_round_trip_through_the_pages(published, ob_a, client):
    w = published
    url = reverse("web:obligation-detail", args=[ob_a.pk])
    client.force_login(w.reporter_a)
    with travel("2021-12-10"):
        page = client.get(url)
        assert page.status_code == 200 and "Viết báo cáo" in page.content.decode()
        response = client.post(url, _report_post(
            evidence=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 demo",
                                        content_type="application/pdf")))
        assert response.status_code == 302
        draft = ProgressReport.objects.get(obligation=ob_a)
        assert draft.status == ProgressReport.Status.DRAFT
        assert draft.evidence.get().original_name == "bien-ban.pdf"
        response = client.post(url, _report_post(action="submit",
                                                 lock_version=draft.lock_version))
        assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == ProgressReport.Status.SUBMITTED

    # The board returns it with a comment; the default deadline is 5 working days.
    client.force_login(w.reviewer)
    with travel("2021-12-13"):
        queue = client.get(reverse("web:review-queue")).content.decode()
        assert reverse("web:report-detail", args=[draft.pk]) in queue
        empty = client.post(reverse("web:report-return", args=[draft.pk]), {"comment": ""})
        assert empty.status_code == 400
        client.post(reverse("web:report-return", args=[draft.pk]),
                    {"comment": "Bổ sung số liệu."})
    draft.refresh_from_db()
    assert draft.status == ProgressReport.Status.RETURNED

    # The unit sees the comment, the form starts from the last version; resubmits.
    client.force_login(w.reporter_a)
    with travel("2021-12-15"):
        page = client.get(url).content.decode()
        assert "Bổ sung số liệu." in page and "Lập báo cáo nộp lại" in page
        assert "Kết quả tốt." in page
        client.post(url, _report_post(action="submit", results_text="Kết quả tốt, có số liệu."))
    second = ProgressReport.objects.get(obligation=ob_a, version=2)
    assert second.status == ProgressReport.Status.SUBMITTED

    client.force_login(w.reviewer)
    with travel("2021-12-16"):
        client.post(reverse("web:report-accept", args=[second.pk]), {"comment": "Đạt."})
    ob_a.refresh_from_db()
    assert ob_a.state == ReportObligation.State.ACCEPTED
    client.force_login(w.reporter_a)
    history = client.get(reverse("web:my-history")).content.decode()
    assert "Bổ sung số liệu." in history and "Đạt" in history


def test_empty_report_cannot_be_submitted(published, ob_a, client):
    client.force_login(published.reporter_a)
    url = reverse("web:obligation-detail", args=[ob_a.pk])
    response = client.post(url, _report_post(action="submit", leadership_text="",
                                             results_text=""))
    assert response.status_code == 400
    assert "Báo cáo chưa có nội dung." in response.content.decode()


def test_bad_input_is_a_400_with_field_messages(published, ob_a, client):
    client.force_login(published.reporter_a)
    url = reverse("web:obligation-detail", args=[ob_a.pk])
    response = client.post(url, _report_post(progress_percent="150"))
    assert response.status_code == 400
    assert 'class="field has-error"' in response.content.decode()
    exe = client.post(url, _report_post(
        evidence=SimpleUploadedFile("virus.exe", b"MZ", content_type="application/x-msdownload")))
    assert exe.status_code == 400
    assert "Loại tệp không được phép" in exe.content.decode()


def test_report_text_is_escaped(published, ob_a, client):
    client.force_login(published.reporter_a)
    url = reverse("web:obligation-detail", args=[ob_a.pk])
    client.post(url, _report_post(action="submit", results_text=XSS, text=XSS))
    report = ProgressReport.objects.get(obligation=ob_a)
    for user in (published.reviewer, published.reporter_a):
        client.force_login(user)
        for page_url in (reverse("web:report-detail", args=[report.pk]), url):
            page = client.get(page_url).content.decode()
            assert "<script>alert" not in page
            assert "<img src=x" not in page
        detail = client.get(reverse("web:report-detail", args=[report.pk]))
        assert "&lt;script&gt;alert" in detail.content.decode()


def test_evidence_is_downloaded_as_an_attachment(published, ob_a, client):
    client.force_login(published.reporter_a)
    url = reverse("web:obligation-detail", args=[ob_a.pk])
    client.post(url, _report_post(evidence=SimpleUploadedFile(
        "anh.png", b"\x89PNG\r\n\x1a\n<html><script>", content_type="image/png")))
    evidence = ProgressReport.objects.get(obligation=ob_a).evidence.get()
    download = reverse("web:evidence-download", args=[evidence.pk])
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "image/png"
    # A draft stays with its unit: the board, other units and the leader do not see it.
    for user in (published.reviewer, published.reporter_b, published.leader):
        client.force_login(user)
        assert client.get(download).status_code == 404


def test_board_builds_and_publishes_a_directive(world, client):
    client.force_login(world.reviewer)
    response = client.post(reverse("web:directive-create"), {
        "number": "07-CT/TU", "kind": "chi_thi", "title": "Về công tác dân vận",
        "issuer": "Ban Thường vụ Tỉnh ủy", "issued_on": "01/03/2022", "signer": "",
        "supervising_unit": world.board.pk, "report_cadence": "semi_annual",
        "report_due_day": "15", "report_due_month_offset": "0", "full_text": "Nội dung"})
    assert response.status_code == 302
    directive = Directive.objects.get(number="07-CT/TU")
    assert directive.status == Directive.Status.DRAFT
    client.post(reverse("web:section-create", args=[directive.pk]),
                {"addressee": "Các huyện ủy", "order": ""})
    section = directive.sections.get()
    # A fixed deadline without a date: a field message, not a 500.
    bad = client.post(reverse("web:item-create", args=[directive.pk]), {
        "section": section.pk, "content": "Xây dựng kế hoạch", "deadline_mode": "fixed",
        "assignment_mode": "joint", "due_on": "", "cadence": ""})
    assert bad.status_code == 400
    assert "phải có hạn hoàn thành" in bad.content.decode()
    client.post(reverse("web:item-create", args=[directive.pk]), {
        "section": section.pk, "content": "Xây dựng kế hoạch", "deadline_mode": "fixed",
        "assignment_mode": "joint", "due_on": "30/06/2022", "cadence": ""})
    joint = directive.items.get()
    no_lead = client.post(reverse("web:item-assign", args=[joint.pk]),
                          {"units": [world.youth.pk]})
    assert no_lead.status_code == 400
    client.post(reverse("web:item-assign", args=[joint.pk]),
                {"lead_unit": world.district_a.pk, "units": [world.youth.pk]})
    client.post(reverse("web:item-create", args=[directive.pk]), {
        "section": section.pk, "content": "Tuyên truyền thường xuyên",
        "deadline_mode": "continuous", "assignment_mode": "each", "cadence": ""})
    each = directive.items.get(content="Tuyên truyền thường xuyên")
    client.post(reverse("web:item-assign", args=[each.pk]), {"groups": [world.group.pk]})
    roles = dict(Assignment.objects.filter(item=joint).values_list("unit__code", "role"))
    assert roles == {"huyen-a": "lead", "tinhdoan": "cooperating"}
    assert each.assignments.count() == 2
    with travel("2022-03-05"):
        client.post(reverse("web:directive-publish", args=[directive.pk]), {"previewed": "none"})
    directive.refresh_from_db()
    assert directive.status == Directive.Status.ACTIVE
    assert ReportObligation.objects.filter(assignment__item__directive=directive).exists()
    page = client.get(reverse("web:directive-detail", args=[directive.pk])).content.decode()
    assert "Xây dựng kế hoạch" in page and "Chủ trì" in page
    edit = client.post(reverse("web:item-edit", args=[each.pk]), {
        "section": section.pk, "content": "Tuyên truyền thường xuyên, sâu rộng",
        "deadline_mode": "continuous", "assignment_mode": "each", "cadence": "",
        "lock_version": each.lock_version})
    assert edit.status_code == 302
    each.refresh_from_db()
    assert each.content.endswith("sâu rộng")
    assert each.status == ResponsibilityItem.Status.ACTIVE


def test_matrix_cells_carry_status_and_days_overdue(published, client):
    client.force_login(published.reviewer)
    url = reverse("web:directive-matrix", args=[published.directive.pk])
    with travel("2021-12-20"):
        page = client.get(url, {"as_of": "20/12/2021"}).content.decode()
    # Both districts are 5 days late on the continuous item's first period.
    assert page.count('class="cell tone-overdue st-overdue"') == 2
    # The status as a shape and a number, and as words (the cell's name).
    assert '<span aria-hidden="true">!5</span></a>' in page
    assert page.count("Chưa nộp, quá hạn; hạn 15/12/2021; quá hạn 5 ngày") == 4  # title, aria
    assert client.get(url, {"period": "999999"}).status_code == 400


def test_login_is_throttled_by_axes(client):
    UserFactory(username="canbo", password="secret-pass-123")
    with override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3):
        for _ in range(3):
            response = client.post(reverse("web:login"),
                                   {"username": "canbo", "password": "wrong"})
        locked = client.post(reverse("web:login"),
                             {"username": "canbo", "password": "secret-pass-123"})
        assert locked.status_code == 429
        assert "Tạm khóa đăng nhập" in locked.content.decode()
    assert response.status_code in (200, 429)


def test_login_logout_and_password_change(client):
    user = UserFactory(username="canbo2", password="secret-pass-123")
    page = client.get(reverse("web:login"))
    assert page.status_code == 200 and "Đăng nhập" in page.content.decode()
    response = client.post(reverse("web:login"),
                           {"username": "canbo2", "password": "secret-pass-123"})
    assert response.status_code == 302
    change = client.post(reverse("web:password-change"), {
        "old_password": "secret-pass-123", "new_password1": "Mat-khau-moi-2026",
        "new_password2": "Mat-khau-moi-2026"})
    assert change["Location"] == reverse("web:password-change-done")
    user.refresh_from_db()
    assert user.check_password("Mat-khau-moi-2026")
    assert client.post(reverse("web:logout"))["Location"] == reverse("web:login")
    assert client.get(reverse("web:my-work")).status_code == 302


def test_dashboard_figures_follow_the_day(published, ob_a, client):
    client.force_login(published.leader)
    with travel("2021-12-20"):
        page = client.get(reverse("web:dashboard")).content.decode()
    assert "Chưa nộp, quá hạn" in page
    assert page.count("Huyện ủy A") >= 2   # in the unit chart and in the overdue list
    with travel("2021-12-20"):
        before = client.get(reverse("web:dashboard"), {"as_of": "01/12/2021"})
    assert "Không có báo cáo quá hạn." in before.content.decode()
    assert dt.date(2021, 12, 1).strftime("%d/%m/%Y") in before.content.decode()


def test_indicator_values_are_entered_with_the_report(published, ob_a, client):
    from reports.models import Indicator

    recruited = Indicator.objects.create(
        directive=published.directive, code="doan-vien-moi", name="Đoàn viên mới",
        unit_of_measure="người", breakdowns=["Vùng DTTS"])
    client.force_login(published.reporter_a)
    url = reverse("web:obligation-detail", args=[ob_a.pk])
    page = client.get(url).content.decode()
    assert "Đoàn viên mới (người)" in page and "— Vùng DTTS (người)" in page
    key_total, key_dtts = f"ind_{recruited.pk}_0", f"ind_{recruited.pk}_1"
    negative = client.post(url, _report_post(**{key_total: "-3"}))
    assert negative.status_code == 400
    client.post(url, _report_post(**{key_total: "120", key_dtts: "45"}))
    report = ProgressReport.objects.get(obligation=ob_a)
    values = {v.breakdown: v.reported_value for v in report.indicator_values.all()}
    assert values == {"": 120, "Vùng DTTS": 45}
    # The values come back into the form, and show on the submitted report.
    assert 'value="120' in client.get(url).content.decode()
    client.post(url, _report_post(action="submit", **{key_total: "120", key_dtts: "45"}))
    client.force_login(published.reviewer)
    detail = client.get(reverse("web:report-detail", args=[report.pk])).content.decode()
    assert "Đoàn viên mới — trong đó: Vùng DTTS" in detail and "45 người" in detail


def test_the_board_withdraws_an_item_and_closes_the_directive_from_the_pages(published,
                                                                             client):
    w = published
    detail = reverse("web:directive-detail", args=[w.directive.pk])
    withdraw = reverse("web:item-withdraw", args=[w.fixed.pk])
    close = reverse("web:directive-close", args=[w.directive.pk])

    # A unit sees neither action and may not use them.
    client.force_login(w.reporter_a)
    assert withdraw not in client.get(detail).content.decode()
    assert client.post(withdraw, {"reason": "x"}).status_code == 403
    assert client.post(close, {"note": ""}).status_code == 403

    client.force_login(w.reviewer)
    page = client.get(detail).content.decode()
    assert withdraw in page and close in page
    with travel("2021-10-01"):
        missing = client.post(withdraw, {"reason": "  "})
        assert missing.status_code == 400  # a reason is required; nothing changes
        assert ResponsibilityItem.objects.get(pk=w.fixed.pk).status == "active"
        assert client.post(withdraw, {"reason": "Đã lồng ghép vào nhiệm vụ khác"}
                           ).status_code == 302
    item = ResponsibilityItem.objects.get(pk=w.fixed.pk)
    assert item.status == ResponsibilityItem.Status.WITHDRAWN
    assert set(Assignment.objects.filter(item=item).values_list("state", flat=True)) == {
        Assignment.State.WITHDRAWN}

    with travel("2022-06-30"):
        assert client.get(close).status_code == 200
        assert client.post(close, {"note": "Hoàn thành sơ kết"}).status_code == 302
    w.directive.refresh_from_db()
    assert w.directive.status == Directive.Status.CLOSED
    assert close not in client.get(detail).content.decode()
    # Closing twice is refused as a form error, not a 500.
    again = client.post(close, {"note": ""})
    assert again.status_code == 400


def test_the_board_moves_a_due_date_from_the_obligation_page(published, ob_a, client):
    from assignments.models import DeadlineChange

    w = published
    url = reverse("web:deadline-edit", args=[ob_a.pk])
    client.force_login(w.reporter_a)
    assert url not in client.get(reverse("web:obligation-detail", args=[ob_a.pk])
                                 ).content.decode()
    assert client.post(url, {"new_due_on": "15/01/2022", "reason": "x"}).status_code == 403

    client.force_login(w.reviewer)
    assert url in client.get(reverse("web:obligation-detail", args=[ob_a.pk])).content.decode()
    old = ob_a.due_on
    with travel("2021-12-01"):
        form = client.get(url)
        assert form.status_code == 200 and old.strftime("%d/%m/%Y") in form.content.decode()
        bad = client.post(url, {"new_due_on": "31/02/2022", "reason": "Lùi theo đề nghị"})
        assert bad.status_code == 400
        no_reason = client.post(url, {"new_due_on": "15/01/2022", "reason": " "})
        assert no_reason.status_code == 400
        assert client.post(url, {"new_due_on": "15/01/2022", "reason": "Lùi theo đề nghị"}
                           ).status_code == 302
    ob_a.refresh_from_db()
    assert ob_a.due_on == dt.date(2022, 1, 15)
    change = DeadlineChange.objects.get(obligation=ob_a)
    assert (change.old_due_on, change.new_due_on, change.reason) == (
        old, dt.date(2022, 1, 15), "Lùi theo đề nghị")
