"""In a real browser, as a board member: paste a plan naming a body the registry lacks and
a whole level of government; the preview offers the new unit, flags the "5 rõ" gaps per
item with a count, the unit chooser searches and adds a chip, dates are dd/mm/yyyy text;
after "Áp dụng" the flags and the "not matched" box follow; confirming creates the unit.
Laptop, phone and English; screenshots in tests/artifacts/ (import-preview-*.png)."""

import pytest

from directives.models import Directive
from tests.directives.importer.test_preview_new_units import TEXT
from tests.web.conftest import LAPTOP, PHONE, browser_session, screenshot
from tracker.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _paste(page, live_server):
    page.goto(f"{live_server.url}/nhap-van-ban/")
    page.fill("textarea[name=text]", TEXT)
    page.click("button.btn-primary[type=submit]")
    page.wait_for_url("**/xem-truoc/")


@pytest.mark.timeout(600)
def test_preview_new_unit_flags_chooser_and_confirm(chromium, live_server, demo_today,
                                                    artifacts):
    context, page = browser_session(chromium, live_server, "danvan", viewport=LAPTOP)
    _paste(page, live_server)
    summary = page.locator("#clarity-summary")
    assert "1/3 nhiệm vụ đủ “5 rõ”" in summary.inner_text()
    flags = page.locator("li.import-item [data-clarity]")
    assert "chưa rõ người" in flags.nth(2).inner_text()        # UBND xã, phường, thị trấn
    assert "Đủ “5 rõ”" in flags.nth(0).inner_text()
    assert "Sở Xây dựng" in page.locator("#new-units").inner_text()
    assert page.locator("#new-units").get_by_text("sẽ tạo (giao 1 nhiệm vụ)").is_visible()
    assert "UBND xã, phường, thị trấn" in page.locator("#unmatched").inner_text()
    # Dates are dd/mm/yyyy text boxes, like every other form.
    deadline = page.locator("#s0_i0_deadline")
    assert deadline.get_attribute("type") is None and deadline.input_value() == "30/06/2026"
    assert page.locator("#d_issued_on").input_value() == "15/03/2026"
    assert page.locator("select[multiple]").count() == 0
    screenshot(page, artifacts, "import-preview-01-laptop")
    # The chooser: type, pick from the list, the unit becomes a ticked chip at once.
    box = page.locator("#s2_i0_lead_add")
    box.fill("Ủy ban nhân dân tỉnh Kon Tum [ubnd-tinh]")
    box.dispatch_event("change")
    chip = page.locator("li.import-item").nth(2).locator(
        "input[name=s2_i0_lead][value=ubnd-tinh]")
    assert chip.is_checked() and box.input_value() == ""
    page.select_option("#s2_i0_deadline_mode", "periodic")
    page.select_option("#s2_i0_cadence", "quarterly")
    page.fill("#s2_i0_expected_output", "báo cáo kết quả")
    page.click("button[name=action][value=apply]")
    page.wait_for_load_state("networkidle")
    assert "2/3 nhiệm vụ đủ “5 rõ”" in page.locator("#clarity-summary").inner_text()
    assert "Đủ “5 rõ”" in page.locator("li.import-item [data-clarity]").nth(2).inner_text()
    assert "Không còn tên nào chưa khớp." in page.locator("#unmatched").inner_text()
    screenshot(page, artifacts, "import-preview-02-after-apply-laptop")
    page.click("button[name=action][value=create]")
    page.wait_for_url("**/van-ban/**")
    directive = Directive.objects.get(number="31-KH/TU")
    unit = Unit.objects.get(name="Sở Xây dựng")
    assert directive.items.filter(assignments__unit=unit).count() == 1
    context.close()


@pytest.mark.timeout(600)
@pytest.mark.parametrize(("viewport", "locale", "name"), [
    (PHONE, "vi", "phone"), (LAPTOP, "en", "laptop-english"), (PHONE, "en", "phone-english")])
def test_preview_on_a_phone_and_in_english(chromium, live_server, demo_today, artifacts,
                                           viewport, locale, name):
    context, page = browser_session(chromium, live_server, "danvan", viewport=viewport)
    context.add_cookies([{"name": "django_language", "value": locale,
                          "url": live_server.url}])
    _paste(page, live_server)
    summary = page.locator("#clarity-summary").inner_text()
    if locale == "en":
        assert "1/3 items meet the “5 clear” rule" in summary, summary
        assert "no lead unit" in page.locator("li.import-item [data-clarity]").nth(2)\
            .inner_text()
        assert "New units (not in the registry)" in page.content()
    # Nothing sticks out sideways on a phone.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], width
    screenshot(page, artifacts, f"import-preview-03-{name}")
    context.close()
