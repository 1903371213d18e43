"""The demo administrator opens workflow rows in the Django admin, in a real browser at
laptop width: the pages read cleanly, offer no save or delete, and log no errors.
Screenshots go to tests/artifacts/."""

import pytest

from assignments.models import ExtensionRequest
from directives.models import ResponsibilityItem
from reports.models import Review
from tests.web.conftest import LAPTOP
from tests.web.conftest import browser_session as _session
from tests.web.conftest import screenshot as _shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_admin_shows_a_review_and_an_extension_read_only(chromium, live_server, demo_today,
                                                            artifacts):
    context, page = _session(chromium, live_server, "admin", viewport=LAPTOP)
    errors = []

    def console(message):
        url = message.location.get("url", "")
        # The site serves no /favicon.ico (no page links one): not the admin's doing.
        if message.type == "error" and not url.endswith("/favicon.ico"):
            errors.append(f"{message.text} {url}")

    page.on("console", console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda r: r.status >= 400 and errors.append(f"{r.status} {r.url}"))
    review = Review.objects.order_by("pk").first()
    extension = ExtensionRequest.objects.order_by("pk").first()
    for name, path in (("admin-review", f"/admin/reports/review/{review.pk}/change/"),
                       ("admin-extension",
                        f"/admin/assignments/extensionrequest/{extension.pk}/change/")):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        assert page.locator("input[name=_save]").count() == 0
        assert page.locator("a.deletelink").count() == 0
        assert page.locator("#content-main .readonly").count() > 3
        assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
        _shot(page, artifacts, name)
    listing = page.goto(f"{live_server.url}/admin/reports/review/")
    assert listing.status == 200
    assert page.locator("select[name=action] option[value=delete_selected]").count() == 0
    _shot(page, artifacts, "admin-review-list", full_page=False)

    # An item is edited through its service; instead of "delete", a link to withdraw it.
    item = ResponsibilityItem.objects.filter(status=ResponsibilityItem.Status.ACTIVE).first()
    page.goto(f"{live_server.url}/admin/directives/responsibilityitem/{item.pk}/change/")
    assert page.locator("input[name=_save]").count() == 1
    assert page.locator("a.deletelink").count() == 0
    assert page.locator(f"a[href='/nhiem-vu/{item.pk}/rut/']").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
    _shot(page, artifacts, "admin-item")
    assert errors == []
    context.close()
