"""The newer pages as their users meet them (issue 16's tour): the compliance matrix
filtered by a unit group, the unit list and a unit page on a phone, the dashboard and the
lists on A4, the reorganisation pages; on the demo, in a real browser where the defect
was one of layout, with the test client where it was one of content.

Each test was seen failing on the defect it names:
- the matrix's column headers opened the item's list of every unit, not the group's
  (and the list did not say it was one group's);
- on a phone, a column name on two lines ("Số ngày quá hạn") ran over the next value's
  name or out of the card, and one in a date's cell ("Hết hiệu lực từ") ran into the date;
- on paper, a card holding a long table was kept whole, leaving the first page blank
  under the title; the dashboard's tiles cut their numbers ("1.26" / "3") and the trend's
  period names ran over the next row's figures; the printed matrix did not say which
  period it showed; the reorganisation list printed its "new plan" button and the
  extension requests their decision forms;
- on a phone in English, the review queue's cards were wider than the screen;
- at any width, a drill-down tile ran its number into its label ("1.263Báo cáo đến hạn");
- a reorganisation's old units were written one after the other with nothing between;
- in English, "and 1 tasks not completed" on the dashboard, and the lists of report
  obligations headed "Report obligation".
"""

from __future__ import annotations

import datetime as dt
import html
import re
from urllib.parse import parse_qs, urlsplit

import pypdfium2
import pytest
from django.contrib.auth import get_user_model

from assignments.models import ReportObligation
from assignments.reorganisation import Plan, reorganisation_create
from devtools.demo import story2025
from directives.models import Directive
from tests.web.conftest import LAPTOP, PHONE
from tests.web.conftest import browser_session as _session
from tests.web.conftest import screenshot as _shot
from tracker.models import Unit, UnitGroup
from tracker.timeutil import today

pytestmark = [pytest.mark.django_db(transaction=True)]

A4_WIDTH = round((210 - 24) / 25.4 * 96)  # the printable width, 12 mm margins: 703 px
GROUP = "cap-uy-truc-thuoc"  # the huyện ủy, thành ủy and đảng ủy trực thuộc


def _user(username):
    return get_user_model().objects.get(username=username)


def _column_links(page_html: str) -> list[str]:
    head = page_html.split("<thead>", 1)[1].split("</thead>", 1)[0]
    return [html.unescape(h) for h in re.findall(r'href="(/yeu-cau-bao-cao/\?[^"]+)"', head)]


# --- the matrix's column headers and the unit group -------------------------------------

def test_matrix_column_headers_open_the_list_of_the_groups_units(client, demo_today):
    client.force_login(_user("danvan"))
    directive = Directive.objects.get(number="06-CT/TU")
    group = UnitGroup.objects.get(code=GROUP)
    matrix = f"/van-ban/{directive.pk}/ma-tran/"

    everyone = _column_links(client.get(matrix).content.decode())
    assert everyone and not any("unit_group" in link for link in everyone)

    response = client.get(f"{matrix}?group={group.pk}")
    assert response.status_code == 200
    links = _column_links(response.content.decode())
    assert len(links) == directive.items.count()
    members = set(group.members.values_list("pk", flat=True))
    narrower = 0
    for link in links:
        query = parse_qs(urlsplit(link).query)
        assert query.get("unit_group") == [str(group.pk)], link
        response = client.get(link)
        # The group is not in the list's form: the page says it in words.
        assert f"Chỉ các đơn vị thuộc nhóm: {group.name}" in response.content.decode()
        listing = response.context["listing"]
        listed = list(listing.page.paginator.object_list)  # the list pages ids
        assert all(unit_id in members for unit_id in ReportObligation.objects.filter(
            pk__in=listed).values_list("assignment__unit_id", flat=True)), link
        expected = ReportObligation.objects.filter(
            assignment__item_id=int(query["item"][0]), period_id=int(query["period"][0]),
            assignment__unit_id__in=members)
        assert len(listed) == expected.count(), link
        every_unit = client.get(link.replace(f"&unit_group={group.pk}", ""))
        narrower += every_unit.context["listing"].page.paginator.count > len(listed)
    # The group leaves out units of some items (the Front's, the boards'): those lists
    # are shorter than the item's whole list.
    assert narrower


def test_the_obligation_api_filters_by_unit_group(client, demo_today):
    """The list and the API share the FilterSet: `?unit_group=` gives the same rows."""
    client.force_login(_user("danvan"))
    group = UnitGroup.objects.get(code=GROUP)
    members = set(group.members.values_list("pk", flat=True))
    answer = client.get(f"/api/v1/obligations/?unit_group={group.pk}&page_size=100").json()
    ids = [row["id"] for row in answer["results"]]
    assert ids
    assert not (ReportObligation.objects.filter(pk__in=ids)
                .exclude(assignment__unit_id__in=members).exists())
    assert client.get("/api/v1/obligations/?unit_group=abc").status_code == 400


def test_printed_matrix_says_its_period_and_day(client, demo_today):
    client.force_login(_user("danvan"))
    directive = Directive.objects.get(number="06-CT/TU")
    page = client.get(f"/van-ban/{directive.pk}/ma-tran/").content.decode()
    line = re.search(r'<p class="print-only">(.*?)</p>', page, re.S)
    assert line, "no print-only line naming the period"
    assert "Kỳ báo cáo:" in line.group(1) and f"{today():%d/%m/%Y}" in line.group(1)


# --- a reorganisation's units -------------------------------------------------------------

def test_reorganisation_page_separates_the_old_units(client, demo_today):
    danvan = _user("danvan")
    sources = [Unit.objects.get(code=code) for code in story2025.MASS_ORGS[:2]]
    row = reorganisation_create(plan=Plan(
        kind="move", effective_on=today() + dt.timedelta(days=30), sources=sources,
        new_parent=Unit.objects.get(code=story2025.FRONT)), actor=danvan)
    client.force_login(danvan)
    page = client.get(f"/sap-xep-to-chuc/{row.pk}/").content.decode()
    old = re.search(r"Đơn vị cũ:</strong>\s*(.*?)</p>", page, re.S).group(1)
    assert html.unescape(old).strip() == f"{sources[0].name}; {sources[1].name}"


# --- English ---------------------------------------------------------------------------

def test_english_plurals_on_the_dashboard_and_the_obligation_lists(client, demo_today):
    client.cookies["django_language"] = "en"
    client.force_login(_user("lanhdao"))
    page = html.unescape(client.get("/tong-quan/").content.decode())
    # The overdue tile: "and 1 duty", "and 2 duties" (it said "and 1 tasks").
    found = re.search(r"and ([\d.]+) (duty|duties) not completed, overdue", page)
    assert found, "the overdue tile's duties sentence"
    assert (found.group(1) == "1") == (found.group(2) == "duty")
    found = re.search(r"and ([\d.]+) (duty|duties) with a deadline now due", page)
    assert found and (found.group(1) == "1") == (found.group(2) == "duty")
    # A list of report obligations is headed in the plural (the filter's label stays
    # singular: "Report obligation").
    unit = Unit.objects.get(code="thanhuy-kontum")
    assert "<h1>Report obligations</h1>" in client.get("/yeu-cau-bao-cao/").content.decode()
    unit_page = client.get(f"/don-vi/{unit.pk}/").content.decode()
    assert re.search(r'<h2 id="h-obligations">Report obligations <span', unit_page)


# --- in the browser: a phone, A4, 1366 px ---------------------------------------------

LABELS_CONTAINED = """() => {
  const out = [];
  const pen = document.createElement('canvas').getContext('2d');
  for (const cell of document.querySelectorAll('main table.cards-on-phone td[data-label]')) {
    if (!cell.offsetParent) continue;
    const label = getComputedStyle(cell, '::before');
    const need = parseFloat(label.height) + (parseFloat(label.marginTop) || 0)
                 + (parseFloat(label.top) || 0);
    if (need > cell.clientHeight + 1) {
      out.push(cell.dataset.label + ' (' + Math.round(need) + ' px in ' + cell.clientHeight + ')');
    }
    // A name kept on one line wider than its column runs into the value.
    pen.font = label.font;
    const text = label.textTransform === 'uppercase' ? cell.dataset.label.toUpperCase()
                                                     : cell.dataset.label;
    if (label.whiteSpace.startsWith('nowrap') || label.whiteSpace === 'pre') {
      const wide = pen.measureText(text).width;
      if (wide > parseFloat(label.width) + 1) {
        out.push(cell.dataset.label + ' (one line ' + Math.round(wide) + ' px in '
                 + Math.round(parseFloat(label.width)) + ')');
      }
    }
  }
  return out.slice(0, 5);
}"""

TILES = """() => Array.from(document.querySelectorAll('.tile a.tile-link'), a => {
  const num = a.querySelector('.tile-num'), label = a.querySelector('.tile-label');
  const n = num.getBoundingClientRect(), l = label.getBoundingClientRect();
  const line = parseFloat(getComputedStyle(num).lineHeight);
  return {text: num.innerText, below: l.top >= n.bottom - 1, oneLine: n.height < line * 1.5};
})"""

TREND_ROWS = """() => {
  const cols = Array.from(document.querySelectorAll('.charts .columns .col'));
  const tops = new Set(cols.map(c => Math.round(c.getBoundingClientRect().top)));
  const overlaps = [];
  cols.forEach((c, i) => {
    const label = c.querySelector('.col-label');
    if (label.scrollHeight > label.clientHeight + 1) overlaps.push(label.innerText);
  });
  return {cols: cols.length, rows: tops.size, cut: overlaps};
}"""


def _print(page):
    page.set_viewport_size({"width": A4_WIDTH, "height": 1000})
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")


def _pdf_page_text(page, path, number=0) -> str:
    page.pdf(path=str(path), format="A4", print_background=True,
             margin={"top": "14mm", "bottom": "14mm", "left": "12mm", "right": "12mm"})
    document = pypdfium2.PdfDocument(str(path))
    try:
        return document[number].get_textpage().get_text_range()
    finally:
        document.close()


@pytest.mark.browser
def test_cards_on_a_phone_hold_their_column_names(chromium, live_server, demo_today,
                                                   artifacts):
    unit = Unit.objects.get(code="thanhuy-kontum")
    context, page = _session(chromium, live_server, "danvan", viewport=PHONE)
    problems = []
    for name, url in (("units", "/don-vi/"), ("unit", f"/don-vi/{unit.pk}/"),
                      ("tree", "/don-vi/theo-ngay/?as_of=01/01/2025"),
                      ("obligations", "/yeu-cau-bao-cao/?overdue=true")):
        page.goto(live_server.url + url)
        assert page.evaluate("document.querySelectorAll('table.cards-on-phone').length")
        spilled = page.evaluate(LABELS_CONTAINED)
        if spilled:
            problems.append(f"390 px {name}: column names out of their cells {spilled}")
        _shot(page, artifacts, f"tour-{name}-390")
    # The review queue in English: its cards' badges ("waiting 185 days · review
    # overdue", the progress) side by side made each card wider than the phone.
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/tham-dinh/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("li.work.pickable").count()
    width = page.evaluate("[document.documentElement.scrollWidth, "
                          "document.documentElement.clientWidth]")
    if width[0] > width[1]:
        problems.append(f"390 px review queue (en): {width[0]} px wide in {width[1]}")
    _shot(page, artifacts, "tour-queue-390-en")
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_pages_on_a4_and_the_dashboard_tiles(chromium, live_server, demo_today, artifacts,
                                              tmp_path):
    directive = Directive.objects.get(number="06-CT/TU")
    context, page = _session(chromium, live_server, "danvan", viewport=LAPTOP)
    problems = []

    # The dashboard at 1366 px: each tile's number above its label.
    page.goto(f"{live_server.url}/tong-quan/")
    tiles = page.evaluate(TILES)
    assert tiles
    problems += [f"1366 tile {t['text']}: number and label on one line"
                 for t in tiles if not t["below"]]
    _shot(page, artifacts, "tour-dashboard-1366")
    # On A4: numbers whole, the trend on one row with its period names inside it.
    _print(page)
    problems += [f"A4 tile {t['text']!r}: the number is cut" for t in page.evaluate(TILES)
                 if not t["oneLine"]]
    trend = page.evaluate(TREND_ROWS)
    if trend["cols"] and (trend["rows"] != 1 or trend["cut"]):
        problems.append(f"A4 trend: {trend}")
    _shot(page, artifacts, "tour-dashboard-a4")

    # The unit list on A4: its first page holds the table's first rows.
    page.emulate_media(media="screen")
    page.set_viewport_size(LAPTOP)
    page.goto(f"{live_server.url}/don-vi/")
    first_code = page.locator("main table tbody tr").first.locator("td").nth(1).inner_text()
    _print(page)
    if first_code.strip() not in _pdf_page_text(page, tmp_path / "units.pdf"):
        problems.append(f"A4 units: the first page does not hold the first row ({first_code})")

    # The matrix on A4 names its period; the screen does not repeat it.
    page.emulate_media(media="screen")
    page.goto(f"{live_server.url}/van-ban/{directive.pk}/ma-tran/")
    if page.locator("p.print-only").is_visible():
        problems.append("1366 matrix: the print-only line shows on screen")
    _print(page)
    if not page.locator("p.print-only").is_visible():
        problems.append("A4 matrix: the period is not printed")
    _shot(page, artifacts, "tour-matrix-a4")

    # Buttons and forms stay off paper.
    page.emulate_media(media="screen")
    page.goto(f"{live_server.url}/sap-xep-to-chuc/")
    _print(page)
    if page.locator("main a.btn[href$='/moi/']").is_visible():
        problems.append("A4 reorganisations: the 'new plan' button is printed")
    page.emulate_media(media="screen")
    page.goto(f"{live_server.url}/gia-han/")
    assert page.locator(".ext-actions form").count(), "no pending extension request"
    _print(page)
    if page.locator(".ext-actions form").first.is_visible():
        problems.append("A4 extension requests: the decision forms are printed")
    context.close()
    assert not problems, "\n".join(problems)
