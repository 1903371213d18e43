"""In a real browser, on the demo: the reporting unit's drafting tools (copy the last
period's report, autosave, evidence taken off a draft, an oversized file refused before
anything is sent, a refused extension request keeping its reason) and the board's publish
preview of a back-dated plan. Screenshots at 1366 and 390 px, Vietnamese and English, go
to tests/artifacts/."""

import datetime as dt

import pytest

from assignments.models import ReportObligation
from assignments.services import item_assign
from directives.models import Directive
from directives.services import directive_create, item_create
from reports.models import ProgressReport
from reports.services import previous_period_report
from tests.web.conftest import LAPTOP, PHONE
from tests.web.conftest import browser_session as _session
from tests.web.conftest import screenshot as _shot
from tracker.models import Unit
from tracker.timeutil import today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _new_period_obligation(unit_code: str) -> ReportObligation:
    """An open obligation of the unit with no report yet, whose earlier period was sent."""
    for obligation in (ReportObligation.objects
                       .filter(assignment__unit__code=unit_code,
                               state=ReportObligation.State.NOT_SUBMITTED,
                               reports__isnull=True)
                       .select_related("period").order_by("-due_on")):
        if previous_period_report(obligation) is not None:
            return obligation
    raise AssertionError(f"no new-period obligation with an earlier report for {unit_code}")


def _english(context, live_server):
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])


def _big_file(folder, name: str):
    """A 21 MB file on disk (sparse): over the 20 MB limit."""
    path = folder / name
    with open(path, "wb") as handle:
        handle.write(b"%PDF-1.4\n")
        handle.seek(21 * 1024 * 1024)
        handle.write(b"\n")
    return path


def test_unit_reporter_drafting_tools(chromium, live_server, demo_today, artifacts, tmp_path):
    obligation = _new_period_obligation("thanhuy-kontum")
    previous = previous_period_report(obligation)
    url = f"{live_server.url}/yeu-cau/{obligation.pk}/"
    context, page = _session(chromium, live_server, "thanhuy")
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)

    # Copy the last period's report: text and figures come, files do not.
    page.goto(url)
    assert page.locator("[data-testid=copy-previous]").is_visible()
    _shot(page, artifacts, "unit-tools-01-copy-previous-offered")
    page.click("[data-testid=copy-previous]")
    page.wait_for_load_state("networkidle")
    draft = ProgressReport.objects.get(obligation=obligation)
    assert draft.results_text == previous.results_text
    assert page.input_value("textarea[name=results_text]") == previous.results_text
    assert not draft.evidence.exists()

    # Autosave: type, wait for "Đã lưu lúc hh:mm", reload: the text is there.
    with page.expect_response(lambda r: r.url.endswith("/tu-luu/")) as saved:
        page.fill("textarea[name=next_steps_text]",
                  "Kỳ này: tổ chức sơ kết 6 tháng ở 10 phường.")
    assert saved.value.ok
    message = saved.value.json()["message"]
    assert message.startswith("Đã lưu lúc ")
    page.locator("#autosave-status", has_text=message).wait_for()
    _shot(page, artifacts, "unit-tools-02-autosaved")
    draft.refresh_from_db()
    assert draft.next_steps_text == "Kỳ này: tổ chức sơ kết 6 tháng ở 10 phường."
    page.reload()
    assert page.input_value("textarea[name=next_steps_text]") == draft.next_steps_text

    # An oversized file is refused before anything is sent.
    before = len(posts)
    big_posts = []
    page.on("request", lambda r: big_posts.append(r) if r.method == "POST"
            and len(r.post_data_buffer or b"") > 1024 * 1024 else None)
    page.set_input_files("input[name=evidence]", _big_file(tmp_path, "video-hoi-nghi.pdf"),
                         timeout=120_000)
    refusal = page.locator("#evidence-too-large")
    refusal.wait_for(state="visible")
    assert "video-hoi-nghi.pdf" in refusal.inner_text() and "20 MB" in refusal.inner_text()
    assert page.eval_on_selector("input[name=evidence]", "e => e.files.length") == 0
    _shot(page, artifacts, "unit-tools-03-oversized-refused")
    page.click("button[value=save]")
    page.wait_for_load_state("networkidle")
    assert not big_posts  # the 21 MB never left the browser
    assert len(posts) > before
    assert not draft.evidence.exists()

    # A small file goes up with the progress bar, then comes off the draft.
    page.set_input_files("input[name=evidence]", files=[{
        "name": "bien-ban-so-ket.txt", "mimeType": "text/plain",
        "buffer": "Biên bản sơ kết.".encode()}])
    page.click("button[value=save]")
    page.locator(".files a", has_text="bien-ban-so-ket.txt").wait_for()
    page.get_by_text("Đã lưu bản nháp.").wait_for()  # the page was opened, not written
    assert draft.evidence.filter(original_name="bien-ban-so-ket.txt").exists()
    _shot(page, artifacts, "unit-tools-04-evidence-attached")
    page.click("button[form^=remove-evidence-]")
    page.wait_for_load_state("networkidle")
    assert not draft.evidence.exists()
    assert "bien-ban-so-ket.txt" not in page.locator(".evidence-box").inner_text()

    # A refused extension request keeps the typed reason.
    reason = "Chờ số liệu của các phường, xã; đề nghị lùi hạn hai tuần."
    page.click("#extension-form summary")
    page.fill("#extension-form input[name=requested_due_on]", "01/01/2020")
    page.fill("#extension-form textarea[name=reason]", reason)
    page.click("#extension-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.input_value("#extension-form textarea[name=reason]") == reason
    assert page.locator("#extension-form .error").count() >= 1
    _shot(page, artifacts, "unit-tools-05-extension-reason-kept")
    context.close()

    # The same page on a phone, and in English.
    context, page = _session(chromium, live_server, "thanhuy", viewport=PHONE)
    page.goto(url)
    _shot(page, artifacts, "unit-tools-06-report-form-phone")
    context.close()
    context, page = _session(chromium, live_server, "thanhuy")
    _english(context, live_server)
    page.goto(url)
    with page.expect_response(lambda r: r.url.endswith("/tu-luu/")) as saved:
        page.fill("textarea[name=proposals_text]", "Proposal typed in English UI.")
    assert saved.value.json()["message"].startswith("Saved at ")
    page.set_input_files("input[name=evidence]", _big_file(tmp_path, "big.pdf"),
                         timeout=120_000)
    assert "too large" in page.locator("#evidence-too-large").inner_text()
    _shot(page, artifacts, "unit-tools-07-report-form-en")
    context.close()


def _back_dated_draft(number: str = "15-KH/TU") -> Directive:
    board = Unit.objects.get(code="bdv-tu")
    from django.contrib.auth import get_user_model

    reviewer = get_user_model().objects.get(username="danvan")
    directive = directive_create(
        actor=reviewer, supervising_unit=board, number=number, kind=Directive.Kind.KE_HOACH,
        title="Kế hoạch thực hiện công tác dân vận năm 2024", issuer="Ban Thường vụ Tỉnh ủy",
        issued_on=dt.date(2024, 3, 15), report_cadence="quarterly")
    item = item_create(directive=directive, actor=reviewer,
                       content="Báo cáo kết quả thực hiện kế hoạch hằng quý")
    item_assign(item=item, actor=reviewer,
                units=list(Unit.objects.filter(code__in=["thanhuy-kontum", "btv-tinhdoan"])))
    return directive


def test_board_publish_preview_of_a_back_dated_plan(chromium, live_server, demo_today,
                                                    artifacts):
    directive = _back_dated_draft()
    context, page = _session(chromium, live_server, "danvan")
    page.goto(f"{live_server.url}/van-ban/{directive.pk}/")
    page.click("a[href$='/ban-hanh/']")
    page.wait_for_load_state("networkidle")
    # The plan as it is: every quarter since 03/2024 overdue; the suggestion filled in.
    assert page.locator("[data-testid=preview-as-is]").is_visible()
    assert page.input_value("input[name=track_from]") == today().strftime("%d/%m/%Y")
    _shot(page, artifacts, "unit-tools-10-publish-preview-suggested")
    # Preview the plan from its start: the warning lists what would happen.
    page.fill("input[name=track_from]", "")
    page.click("[data-testid=preview-button]")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=preview-warning]").is_visible()
    overdue = int(page.locator("[data-testid=preview-overdue]").inner_text())
    assert overdue >= 2 * 10
    _shot(page, artifacts, "unit-tools-11-publish-preview-back-dated-warning")
    # Track from today, preview, confirm.
    page.fill("input[name=track_from]", today().strftime("%d/%m/%Y"))
    page.click("[data-testid=preview-button]")
    page.wait_for_load_state("networkidle")
    created = int(page.locator("[data-testid=preview-obligations]").inner_text())
    page.click("button[name=previewed]")
    page.wait_for_load_state("networkidle")
    directive.refresh_from_db()
    assert directive.status == Directive.Status.ACTIVE and directive.track_from == today()
    assert ReportObligation.objects.filter(assignment__item__directive=directive).count() \
        == created
    assert "Theo dõi từ ngày" in page.content()
    _shot(page, artifacts, "unit-tools-12-published-tracked-from")
    context.close()

    # On a phone and in English (a second draft, same plan).
    second = _back_dated_draft("16-KH/TU")
    context, page = _session(chromium, live_server, "danvan", viewport=PHONE)
    page.goto(f"{live_server.url}/van-ban/{second.pk}/ban-hanh/")
    _shot(page, artifacts, "unit-tools-13-publish-preview-phone")
    context.close()
    context, page = _session(chromium, live_server, "danvan")
    _english(context, live_server)
    page.goto(f"{live_server.url}/van-ban/{second.pk}/ban-hanh/")
    assert "Track from" in page.content()
    _shot(page, artifacts, "unit-tools-14-publish-preview-en")
    context.close()
    assert LAPTOP
