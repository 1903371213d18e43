"""An administrator reorganises in a real browser on the demo (issue 17): a merge of
the Ban Dân vận into a new Ban Tuyên giáo và Dân vận (1/3/2025), then a split of the
Huyện ủy Đắk Hà into three communes (1/7/2025), with the split choices preselected.
The commune names here are illustrative of the page, not the demo's mapping.
Screenshots (1366 px, 390 px phone, Vietnamese and English) go to tests/artifacts/."""

import pytest

from assignments.models import Assignment, Reorganisation
from tests.web.conftest import LAPTOP, PHONE
from tests.web.conftest import browser_session as _session
from tests.web.conftest import screenshot as _shot
from tracker.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _plan(page, url, kind, day, source_label, new_units, shot=None):
    page.goto(f"{url}/sap-xep-to-chuc/")
    page.click("a[href='/sap-xep-to-chuc/moi/']")
    page.select_option("select[name=kind]", kind)
    page.fill("input[name=effective_on]", day)
    # The searchable chooser: type, pick the unit from the list, it becomes a ticked chip.
    option = page.locator(f"#id_sources-options option[value^='{source_label} [']")
    page.fill("input[name=sources_add]", option.first.get_attribute("value"))
    page.press("input[name=sources_add]", "Enter")
    chip = page.locator("[data-unit-chooser] .chip", has_text=source_label)
    assert chip.locator("input").is_checked()
    assert page.input_value("input[name=sources_add]") == ""
    page.fill("textarea[name=new_units]", new_units)
    if shot:
        _shot(page, *shot)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_an_administrator_merges_and_splits(chromium, live_server, demo_today, artifacts):
    url = live_server.url
    ctx, page = _session(chromium, live_server, "admin", viewport=LAPTOP)
    _plan(page, url, "merge", "01/03/2025", "Ban Dân vận Tỉnh ủy",
          "btgdv-tu | Ban Tuyên giáo và Dân vận Tỉnh ủy",
          shot=(artifacts, "reorg-00-plan-form-1366"))
    assert "Ở lại với đơn vị cũ" in page.inner_text("main")
    _shot(page, artifacts, "reorg-01-merge-preview-1366")
    page.click("text=Xác nhận thực hiện")
    page.wait_for_load_state("networkidle")
    assert "Đã thực hiện sắp xếp tổ chức." in page.inner_text("main")
    merged = Unit.objects.get(code="btgdv-tu")
    assert not Unit.objects.get(code="bdv-tu").is_active
    assert merged.memberships.filter(role="reviewer").exists()

    _plan(page, url, "split", "01/07/2025", "Huyện ủy Đắk Hà",
          "xa-dakha | Đảng ủy xã Đắk Hà\nxa-dakmar | Đảng ủy xã Đắk Mar\n"
          "xa-dakpxi | Đảng ủy xã Đắk Pxi")
    row = Reorganisation.objects.get(kind="split")
    open_work = Assignment.objects.filter(unit__code="huyenuy-dakha", state="open").count()
    assert open_work > 0
    assert page.locator("input[name^=choice-]:checked").count() >= open_work
    _shot(page, artifacts, "reorg-02-split-preview-1366")
    phone_ctx, phone = _session(chromium, live_server, "admin", viewport=PHONE)
    phone.goto(f"{url}/sap-xep-to-chuc/{row.pk}/")
    _shot(phone, artifacts, "reorg-03-split-preview-390")
    phone.click("form.lang button")
    phone.wait_for_load_state("networkidle")
    assert "Stays with the old unit" in phone.inner_text("main")
    _shot(phone, artifacts, "reorg-04-split-preview-390-en")
    phone_ctx.close()

    page.click("text=Xác nhận thực hiện")
    page.wait_for_load_state("networkidle")
    row.refresh_from_db()
    assert row.status == "applied"
    assert not Assignment.objects.filter(unit__code="huyenuy-dakha", state="open").exists()
    assert Assignment.objects.filter(unit__code="xa-dakha", state="open").exists()
    page.click("form.lang button")
    page.wait_for_load_state("networkidle")
    assert "Result" in page.inner_text("main")
    _shot(page, artifacts, "reorg-05-split-applied-1366-en")
    page.goto(f"{url}/sap-xep-to-chuc/")
    _shot(page, artifacts, "reorg-06-list-1366-en")
    ctx.close()
