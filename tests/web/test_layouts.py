"""The main pages on paper (A4), on a phone (390 px) and in English, in a real browser on
the demo; screenshots go to tests/artifacts/ (layout-*.png, layout-*.pdf) to look at.

- A4: with the print stylesheet, nothing is wider than the printable width of A4
  (186 mm at 96 dpi), the trend chart shows every period (the newest included) and the
  bars are drawn;
- phone: nothing is wider than the screen, no table cell is squeezed to one word per
  line, and the pages are of a reasonable height (the dashboard was 12,000 px).
"""

from __future__ import annotations

import pytest

from assignments.models import ReportObligation
from reports.models import ProgressReport
from tests.web.conftest import LAPTOP, PHONE
from tests.web.conftest import browser_session as _session
from tests.web.conftest import screenshot as _shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

A4_WIDTH = round((210 - 24) / 25.4 * 96)  # the printable width, 12 mm margins: 703 px
# The tallest a page may be on a phone (px); a list grows with its rows (its pages are
# the lists' business), so there the tallest card (one row) is measured instead.
PHONE_HEIGHT = {"dashboard": 4000, "review": 6000, "unit-work": 6000, "my-work": 6000,
                "matrix": 6000, "directive": 9000}
LISTS = {"queue", "history", "extensions", "unit", "own-unit"}
CARD_HEIGHT = 400

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll('main *')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > width + 1 && getComputedStyle(el).visibility !== 'hidden'
        && !el.closest('.sr-only') && !el.closest('thead')) {
      wide.push(el.tagName + '.' + el.className + ' right=' + Math.round(r.right));
    }
  }
  return {width: width, scroll: document.documentElement.scrollWidth, wide: wide.slice(0, 5)};
}"""

SQUEEZED = """() => {
  const out = [];
  for (const cell of document.querySelectorAll('main td, main th')) {
    const text = cell.innerText.trim();
    const words = text.split(/\\s+/).filter(Boolean).length;
    if (words < 3 || cell.clientWidth <= 2 || cell.closest('thead')?.clientWidth <= 2) continue;
    const line = parseFloat(getComputedStyle(cell).lineHeight) || 20;
    const lines = Math.round((cell.clientHeight - 8) / line);
    if (lines >= words) out.push(text.slice(0, 60) + ' (' + lines + ' lines)');
  }
  return out.slice(0, 5);
}"""

TREND = """() => {
  const box = document.querySelector('.columns');
  const cols = box ? box.querySelectorAll('.col') : [];
  const last = cols.length ? cols[cols.length - 1].getBoundingClientRect() : null;
  const r = box ? box.getBoundingClientRect() : null;
  return {cols: cols.length, clipped: !!box && box.scrollWidth > box.clientWidth + 1,
          lastInside: !last || (last.right <= r.right + 1 && last.width > 0),
          stackbars: document.querySelectorAll('.stackbar').length,
          drawn: Array.from(document.querySelectorAll('.stackbar .seg'))
                   .filter(s => s.getBoundingClientRect().width > 0).length,
          thin: Array.from(document.querySelectorAll('.stackbar'))
                  .filter(s => s.getBoundingClientRect().width < 40).length};
}"""


def _pages(live_server):
    report = (ProgressReport.objects.filter(status=ProgressReport.Status.SUBMITTED)
              .order_by("-pk").first())
    obligation = (ReportObligation.objects.filter(assignment__unit__code="thanhuy-kontum")
                  .order_by("-due_on").first())
    directive = obligation.assignment.item.directive
    return {
        "danvan": {"dashboard": "/tong-quan/", "review": f"/bao-cao/{report.pk}/",
                   "directive": f"/van-ban/{directive.pk}/",
                   "matrix": f"/van-ban/{directive.pk}/ma-tran/", "queue": "/tham-dinh/",
                   "extensions": "/gia-han/",
                   "unit": f"/don-vi/{obligation.assignment.unit_id}/"},
        "thanhuy": {"my-work": "/viec-cua-toi/", "unit-work": f"/yeu-cau/{obligation.pk}/",
                    "history": "/lich-su/",
                    "own-unit": f"/don-vi/{obligation.assignment.unit_id}/"},
    }


def _print_ready(page):
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")


def test_pages_on_a4_on_a_phone_and_in_english(chromium, live_server, demo_today, artifacts):
    problems: list[str] = []
    heights: dict[str, int] = {}
    for username, pages in _pages(live_server).items():
        context, page = _session(chromium, live_server, username, viewport=LAPTOP)
        for name, url in pages.items():
            page.set_viewport_size(LAPTOP)
            page.emulate_media(media="screen")
            page.goto(live_server.url + url)
            if name in ("dashboard", "review", "unit-work", "unit", "own-unit", "matrix"):
                _shot(page, artifacts, f"layout-{name}-1366")
            # A4: the printable width, print media.
            page.set_viewport_size({"width": A4_WIDTH, "height": 1000})
            _print_ready(page)
            box = page.evaluate(OVERFLOW)
            if box["scroll"] > box["width"] + 1 or box["wide"]:
                problems.append(f"A4 {name}: wider than the page {box}")
            trend = page.evaluate(TREND)
            if trend["clipped"] or not trend["lastInside"]:
                problems.append(f"A4 {name}: the trend chart is cut {trend}")
            if trend["stackbars"] and (not trend["drawn"] or trend["thin"]):
                problems.append(f"A4 {name}: bars not drawn or squeezed {trend}")
            if name == "dashboard" and not (trend["cols"] and trend["stackbars"]):
                problems.append(f"A4 dashboard: no trend or no bars {trend}")
            if name == "unit" and not trend["cols"]:
                problems.append(f"A4 unit page: no per-period chart {trend}")
            if name in ("dashboard", "review", "unit-work", "directive", "matrix", "unit"):
                _shot(page, artifacts, f"layout-{name}-a4")
                page.pdf(path=str(artifacts / f"layout-{name}.pdf"), format="A4",
                         print_background=True,
                         margin={"top": "14mm", "bottom": "14mm", "left": "12mm",
                                 "right": "12mm"})
            # Phone.
            page.emulate_media(media="screen")
            page.set_viewport_size(PHONE)
            page.goto(live_server.url + url)
            box = page.evaluate(OVERFLOW)
            if box["scroll"] > box["width"] + 1:
                problems.append(f"390 px {name}: wider than the screen {box}")
            squeezed = page.evaluate(SQUEEZED)
            if squeezed:
                problems.append(f"390 px {name}: cells squeezed to a word a line {squeezed}")
            heights[name] = page.evaluate("document.documentElement.scrollHeight")
            if name in LISTS:
                card = page.evaluate("""() => Math.max(0, ...Array.from(
                    document.querySelectorAll('main tbody tr'), r => r.offsetHeight))""")
                if card > CARD_HEIGHT:
                    problems.append(f"390 px {name}: a row {card} px tall")
            elif heights[name] > PHONE_HEIGHT[name]:
                problems.append(f"390 px {name}: {heights[name]} px tall "
                                f"(limit {PHONE_HEIGHT[name]})")
            if name in ("dashboard", "review", "unit-work", "queue", "history", "unit",
                        "own-unit", "matrix"):
                _shot(page, artifacts, f"layout-{name}-390")
        context.close()
    print("heights at 390 px:", heights)
    assert not problems, "\n".join(problems)


def test_english_screenshots(chromium, live_server, demo_today, artifacts):
    for username, pages in _pages(live_server).items():
        context, page = _session(chromium, live_server, username, viewport=LAPTOP,
                                 locale="en-GB")
        page.click("form.lang button[name=language][value=en]")
        page.wait_for_load_state("load")
        for name in ("dashboard", "review", "unit-work", "unit", "matrix", "own-unit"):
            if name in pages:
                page.goto(live_server.url + pages[name])
                assert page.locator("html").get_attribute("lang") == "en"
                _shot(page, artifacts, f"layout-{name}-en")
        context.close()
