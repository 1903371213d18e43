"""Content-Security-Policy (django-csp, config/settings/base.py): every page sends it,
with no 'unsafe-inline' or 'unsafe-eval', and no template holds an inline style, script,
event handler or javascript: URL that the policy would refuse.

The browser tests (tests/web/conftest.py) fail on any CSP violation Chromium reports."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.conftest import travel
from tests.web.test_page_matrix import PAGES as MATRIX_PAGES
from tests.web.test_page_matrix import scene  # noqa: F401 (fixture)
from tests.web.test_pages import DAY, objects, pages  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def _directives(response) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    assert "unsafe-inline" not in header and "unsafe-eval" not in header, header
    return {name: value.strip() for name, _, value in
            (part.strip().partition(" ") for part in header.split(";") if part.strip())}


def _assert_policy(response, **extra):
    assert _directives(response) == {**POLICY, **extra}, response.request["PATH_INFO"]


def test_every_page_of_the_page_list_sends_the_policy(objects, client):  # noqa: F811
    with travel(DAY):
        client.force_login(objects.admin)
        for name, url in pages(objects).items():
            response = client.get(url)
            assert response.status_code in (200, 302), (name, response.status_code)
            _assert_policy(response)
        # Refusals and errors too: a reporter on the dashboard (403), a missing page (404).
        client.force_login(objects.reporter_a)
        forbidden = client.get(reverse("web:dashboard"))
        assert forbidden.status_code == 403
        _assert_policy(forbidden)
        missing = client.get("/khong-co-trang-nay/")
        assert missing.status_code == 404
        _assert_policy(missing)
        client.logout()
        _assert_policy(client.get(reverse("web:login")))


def test_every_page_of_the_page_matrix_sends_the_policy(scene, client):  # noqa: F811
    with travel(DAY):
        client.force_login(scene.by_role["admin"])
        for name, (url_of, _expected) in MATRIX_PAGES.items():
            response = client.get(url_of(scene.own.objects))
            assert response.status_code in (200, 302), (name, response.status_code)
            if name == "evidence-download":
                # A download keeps its own stricter policy (the middleware adds none).
                assert _directives(response) == {"default-src": "'none'", "sandbox": ""}
            else:
                _assert_policy(response)


def test_admin_and_api_pages_send_the_policy(admin_client):
    _assert_policy(admin_client.get("/admin/"))
    _assert_policy(admin_client.get(reverse("api-schema")))
    # Swagger UI: its init script is a URL of its own (no inline script); its CSS draws
    # icons from data: URIs, allowed for images on this page only.
    docs = admin_client.get(reverse("api-docs"))
    assert docs.status_code == 200
    _assert_policy(docs, **{"img-src": "'self' data:"})
    page = docs.content.decode()
    assert "<style" not in page
    assert re.findall(r"<script(?![^>]*\bsrc=)", page) == []
    script = admin_client.get(reverse("api-docs"), {"script": ""})
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")


# What a template may not hold under the policy.
INLINE = {
    "style attribute": re.compile(r"<[a-zA-Z][^>]*\sstyle\s*=", re.S),
    "style element": re.compile(r"<style\b", re.I),
    "inline script": re.compile(
        r"<script\b(?![^>]*\bsrc\s*=)(?![^>]*type=[\"']application/(ld\+)?json)[^>]*>", re.I),
    "event handler attribute": re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.S | re.I),
    "javascript: URL": re.compile(r"javascript\s*:", re.I),
}


def _templates() -> list[Path]:
    dirs = [ROOT / "templates", *ROOT.glob("*/templates")]
    return sorted(p for d in dirs for p in d.rglob("*") if p.suffix in (".html", ".txt"))


def test_templates_hold_no_inline_style_or_script():
    found = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for what, pattern in INLINE.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    assert len(_templates()) > 30
    assert found == []


@pytest.mark.parametrize("snippet", [
    '<span class="seg" style="width: 5%"></span>', "<style>p{}</style>",
    "<script>alert(1)</script>", '<button onclick="go()">', '<a href="javascript:go()">',
])
def test_the_scan_catches_each_kind(snippet):
    assert any(p.search(snippet) for p in INLINE.values())


@pytest.mark.parametrize("snippet", [
    '<script src="/static/js/app.js" defer></script>', '<meta name="viewport" content="x">',
    '<p data-poll-label aria-live="polite">', '<span class="seg tone-ok w-38">',
])
def test_the_scan_lets_the_allowed_through(snippet):
    assert not any(p.search(snippet) for p in INLINE.values())


def test_bar_widths_are_whole_percent_classes_that_fill_the_bar():
    from tracker.templatetags.web import bar_widths, hcls, wcls

    assert bar_widths(3, 1, 1, 1) == ["w-34", "w-33", "w-33"]  # a full bar stays full
    assert bar_widths(8, 1, 2, 0) == ["w-13", "w-25", "w-0"]  # 37.5 % → 38 % in all
    assert bar_widths(0, 0, 0) == ["w-0", "w-0"]
    assert bar_widths(4, 9) == ["w-100"]
    assert bar_widths(None, 1) == ["w-0"]
    assert (wcls(37.6), wcls(None), wcls(150), wcls("x")) == ("w-38", "w-0", "w-100", "w-0")
    assert hcls(76.8) == "h-77"


@pytest.mark.browser
def test_the_browser_watch_reports_a_violation(chromium, no_csp_violations):
    """The check every browser test runs (tests/web/conftest.py) does see a refusal."""
    context = chromium.new_context()
    page = context.new_page()
    page.route("http://csp.invalid/", lambda route: route.fulfill(
        status=200, content_type="text/html",
        headers={"Content-Security-Policy": "default-src 'self'; style-src 'self'"},
        body='<!doctype html><p style="color: red">x</p><script>void 0</script>'))
    page.goto("http://csp.invalid/")
    page.wait_for_timeout(300)
    context.close()
    seen, no_csp_violations[:] = list(no_csp_violations), []
    assert any("style-src" in line for line in seen), seen
    assert any("script-src" in line for line in seen), seen


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_import_review_and_api_docs_work_under_the_policy(chromium, live_server, demo_today,
                                                          artifacts):
    """Pages the journeys do not reach: the import preview (its layout rules now in
    app.css) and Swagger UI (split view, no inline script or style). The watch in
    tests/web/conftest.py fails the test on any violation."""
    from tests.web.conftest import LAPTOP, browser_session, screenshot

    seed = (ROOT / "devtools" / "demo" / "chi-thi-06-CT-TU-kon-tum.txt").read_bytes()
    context, page = browser_session(chromium, live_server, "danvan", viewport=LAPTOP)
    page.goto(f"{live_server.url}/nhap-van-ban/")
    page.set_input_files("input[name=file]", files=[{
        "name": "chi-thi-06.txt", "mimeType": "text/plain", "buffer": seed}])
    page.click("button.btn-primary[type=submit]")
    page.wait_for_url("**/xem-truoc/")
    columns = page.eval_on_selector(
        ".import-layout", "e => getComputedStyle(e).gridTemplateColumns.split(' ').length")
    assert columns == 2
    screenshot(page, artifacts, "csp-import-review")
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".swagger-ui .info .title")
    assert page.eval_on_selector("body", "e => getComputedStyle(e).margin") == "0px"
    screenshot(page, artifacts, "csp-api-docs", full_page=False)
    context.close()
