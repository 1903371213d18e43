"""Fixtures for the web pages: logged-in clients, Chromium, browser sessions on the demo
(tests/demo.py's `demo_today` behind a live server)."""

import os
import shutil
from pathlib import Path

import pytest

from tests.demo import DEMO_PASSWORD

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# beside it are synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


@pytest.fixture
def login(client):
    """Log the test client in as a user."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright; skipped (visibly) when it is missing,
    except under CI=true where a missing browser is a failure."""
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        reason = f"Chromium not found at {CHROMIUM}: browser tests not run"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                     headless=True)
        yield CSPWatchedBrowser(browser)
        browser.close()


# Content-Security-Policy violations seen by any page of any browser test. Chromium logs
# each refusal to the console ("Refused to … because it violates the following Content
# Security Policy directive …"); the init script also reports `securitypolicyviolation`
# events (init scripts are Playwright's, not the page's, so the policy does not stop them).
CSP_VIOLATIONS: list[str] = []
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("Content Security Policy violation: " + e.violatedDirective + " blocked "
                + (e.blockedURI || "inline") + " at " + e.documentURI + ":" + e.lineNumber);
});
"""


class CSPWatchedBrowser:
    """The Playwright browser, whose every new context reports CSP violations."""

    def __init__(self, browser):
        self._browser = browser

    def __getattr__(self, name):
        return getattr(self._browser, name)

    def new_context(self, *args, **kwargs):
        context = self._browser.new_context(*args, **kwargs)
        context.add_init_script(CSP_LISTENER)

        def _console(message):
            if "Content Security Policy" in message.text:
                CSP_VIOLATIONS.append(f"{message.page.url if message.page else '?'}: "
                                      f"{message.text}")

        context.on("console", _console)
        return context


@pytest.fixture(autouse=True)
def no_csp_violations():
    """Fail a browser test whose pages broke the Content-Security-Policy."""
    CSP_VIOLATIONS.clear()
    yield CSP_VIOLATIONS
    found, CSP_VIOLATIONS[:] = list(CSP_VIOLATIONS), []
    assert not found, "Content-Security-Policy violations:\n" + "\n".join(found)


PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}


def browser_session(chromium, live_server, username, viewport=None, locale="vi-VN"):
    """A signed-in browser context and page for a demo user (Vietnamese by default)."""
    context = chromium.new_context(viewport=viewport or LAPTOP, locale=locale,
                                   timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "/dang-nhap/" not in page.url, f"{username} could not sign in"
    return context, page


def screenshot(page, artifacts, name, full_page=True):
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=full_page)


def click_for_new_page(page, selector: str) -> None:
    """Click a submit button and wait for the page it leads to. A form with a file is
    sent by XHR (static/js/report-form.js: the upload's progress bar) and its answer
    written over the document, with no navigation for Playwright to wait for: the old
    document is marked, and the wait ends when the marked one is gone."""
    page.evaluate("document.documentElement.dataset.oldPage = '1'")
    page.click(selector)
    # A selector, not a JS predicate: the page's CSP forbids the eval a predicate needs.
    page.locator("html:not([data-old-page])").wait_for(state="attached")

