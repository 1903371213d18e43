"""Two crawls of every page of every role, in one browser behind one live server, on the
demo (tests/web/crawl.py walks the links):

- accessibility: axe-core (axe-playwright-python, pinned in requirements-dev.txt; it
  ships axe-core 4.12.1, MPL-2.0) finds no serious or critical violation on any page,
  and every page has one <h1>, a skip link to <main>, and no duplicate id;
- English: with English chosen, no page shows Vietnamese UI text. Vietnamese is told
  by its letters (ă â đ ê ô ơ ư and the tone marks). What is data is taken away first:
  every text value stored in the database (units, directives, items, reports, names…),
  except the stored Vietnamese renderings of notifications, and except any value that
  is itself a UI string of the catalogue (so a label can never hide behind data).
"""

from __future__ import annotations

import bisect
import os
import re
import time
import unicodedata

import pytest

from tests.web.conftest import LAPTOP
from tests.web.conftest import browser_session as _session
from tests.web.crawl import ROLES, give_passwords, walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every kind of page each role must have reached (a walk that lost its links fails).
MUST_REACH = {
    "reporter": {"web:my-work", "web:my-history", "web:obligation-detail",
                 "web:report-detail", "web:directive-list", "web:directive-detail",
                 "web:notifications", "web:unit-list", "web:unit-detail"},
    "unit_head": {"web:my-work", "web:directive-list", "web:notifications"},
    "reviewer": {"web:dashboard", "web:review-queue", "web:report-detail",
                 "web:directive-detail", "web:directive-matrix", "web:extension-list",
                 "web:directive-edit", "web:item-assign", "importer:start", "exports:jobs",
                 "web:unit-list", "web:unit-detail"},
    "leader": {"web:dashboard", "web:directive-detail", "web:directive-matrix",
               "web:unit-list", "web:unit-detail"},
    "admin": {"web:dashboard", "web:directive-list"},
}

SERIOUS = {"serious", "critical"}
AXE_OPTIONS = {"resultTypes": ["violations"],
               "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a",
                                                     "wcag21aa", "wcag22aa"]}}

# The page's markup without its text: the set of kinds of element it has (tag, class,
# role, type, labelled, link, parent's tag). A page whose set axe has seen (the same
# template, filled for another role or with more rows) is not checked again.
SKELETON = """() => Array.from(new Set(Array.from(document.body.querySelectorAll('*'), e =>
  e.tagName + '.' + e.className + '#' + (e.getAttribute('role') || '') +
  (e.getAttribute('type') || '') + (e.hasAttribute('aria-label') ? 'L' : '') +
  (e.hasAttribute('href') ? 'H' : '') + (e.parentElement ? e.parentElement.tagName : ''))))
  .sort().join('|')"""

PAGE_CHECKS = """() => {
  const ids = {};
  for (const el of document.querySelectorAll('[id]')) ids[el.id] = (ids[el.id] || 0) + 1;
  // A skip link: the first link of the page leads to an element before the <h1>
  // or holding it (Django's admin has its own, to #content-start).
  const first = document.querySelector('body a[href]');
  const href = first ? first.getAttribute('href') : '';
  const target = href.startsWith('#') && href.length > 1
    ? document.getElementById(href.slice(1)) : null;
  const h1 = document.querySelector('h1');
  const leads = !!(target && h1 && (target.contains(h1) ||
    (target.compareDocumentPosition(h1) & Node.DOCUMENT_POSITION_FOLLOWING)));
  return {
    h1: document.querySelectorAll('h1').length,
    duplicateIds: Object.keys(ids).filter(k => ids[k] > 1),
    skipLink: leads,
  };
}"""


def _roles():
    only = os.environ.get("CRAWL_ROLES")
    return {r: u for r, u in ROLES.items() if not only or r in only.split(",")}


def _kinds(walk_result):
    return {v.kind.split("?")[0] for v in walk_result.visits}


@pytest.mark.timeout(600)  # about 100 s on the shared 2-core machine; room for a busy one
def test_accessibility_of_every_page_of_every_role(chromium, live_server, demo_today):
    from axe_playwright_python.sync_playwright import Axe

    give_passwords()
    axe = Axe()
    # The harness sees what it must: an unlabelled field and grey on grey fail.
    probe_context = chromium.new_context()
    probe = probe_context.new_page()
    probe.set_content('<html lang="en"><head><title>t</title></head><body><main><h1>T</h1>'
                      '<p class="x">faint</p><input type="text"></main></body></html>')
    probe.add_style_tag(content=".x { color: #aaa; background: #bbb; }")
    found = {v["id"] for v in axe.run(probe, options=AXE_OPTIONS).response["violations"]}
    assert {"label", "color-contrast"} <= found, found
    probe_context.close()
    problems: list[str] = []
    skeletons: set[int] = set()
    pages = checked = 0
    started = time.monotonic()
    for role, username in _roles().items():
        context, page = _session(chromium, live_server, username, viewport=LAPTOP)

        def check(page, visit, role=role):
            nonlocal checked
            own = page.evaluate(PAGE_CHECKS)
            if own["h1"] != 1:
                problems.append(f"[{role}] {visit.url}: {own['h1']} <h1>")
            if own["duplicateIds"]:
                problems.append(f"[{role}] {visit.url}: duplicate ids {own['duplicateIds']}")
            if not own["skipLink"]:
                problems.append(f"[{role}] {visit.url}: no skip link to the content")
            skeleton = hash(page.evaluate(SKELETON))
            if skeleton in skeletons:
                return
            skeletons.add(skeleton)
            checked += 1
            result = axe.run(page, options=AXE_OPTIONS)
            for v in result.response["violations"]:
                if v["impact"] in SERIOUS:
                    targets = "; ".join(str(n["target"]) for n in v["nodes"][:4])
                    problems.append(f"[{role}] {visit.url}: {v['id']} ({v['impact']}, "
                                    f"{len(v['nodes'])}×) {targets}")

        result = walk(page, live_server.url, check)
        for v in result.visits:
            print(f"{role:10} {v.seconds:5.2f}s {v.status} {v.kind:40} {v.url}")
        pages += len(result.visits)
        missing = MUST_REACH[role] - _kinds(result)
        assert not missing, f"{role} did not reach {missing}"
        context.close()
    elapsed = time.monotonic() - started
    print(f"axe crawl: {pages} pages, {checked} skeletons checked by axe, {elapsed:.0f} s")
    assert not problems, f"{len(problems)} accessibility problems:\n" + "\n".join(problems)


# Vietnamese letters that English never uses (lower and upper case, any tone).
_VI_BASE = set("ăâđêôơưĂÂĐÊÔƠƯ")
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def is_vietnamese(text: str) -> bool:
    for ch in unicodedata.normalize("NFD", text):
        if ch in _TONES:
            return True
    return any(ch in _VI_BASE for ch in text)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def _strings(value):
    """The strings in a stored value (JSON values walked)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def data_strings() -> list[str]:
    """Every text stored in the database that pages show as data, longest first; lines of
    longer texts too. Not the stored renderings of UI text (see not_data), nor any value
    that is a UI string of the catalogue; people's names always count as data."""
    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.db import models
    from django.utils.translation import trans_real

    catalogue = set(trans_real.translation("en")._catalog.keys())
    catalogue = {_norm(k if isinstance(k, str) else k[0]) for k in catalogue}
    # Stored renderings of UI text: the notifications' Vietnamese texts, the period
    # labels that assignments/periods.py writes ("Quý IV/2026"), the log's data.
    not_data = {("tracker", "notification"), ("tracker", "notificationdelivery"),
                ("assignments", "reportingperiod"), ("tracker", "event")}
    found: set[str] = set()
    for model in apps.get_models():
        label = (model._meta.app_label, model._meta.model_name)
        if model._meta.app_label in {"sessions", "admin", "contenttypes", "auth",
                                     "django_celery_results"} or label in not_data:
            continue
        text_fields = [f.name for f in model._meta.concrete_fields
                       if isinstance(f, models.CharField | models.TextField | models.JSONField)
                       and not f.choices]
        if not text_fields:
            continue
        for row in model._default_manager.values_list(*text_fields):
            for value in _strings(list(row)):
                if value and is_vietnamese(value):
                    found.add(_norm(value))
                    found.update(_norm(line) for line in value.splitlines())
    found = {s for s in found if s and s not in catalogue}
    for first, last in get_user_model().objects.values_list("first_name", "last_name"):
        found.update({_norm(first), _norm(last), _norm(f"{first} {last}")})
    return sorted((s for s in found if s), key=len, reverse=True)


TEXTS = """() => {
  const ui = [], vi = [];
  const put = (el, t) => (el && el.closest('[lang="vi"]') ? vi : ui).push(t);
  const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const tag = n.parentElement && n.parentElement.tagName;
    if (['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT'].includes(tag)) continue;
    const t = n.textContent.trim();
    if (t) put(n.parentElement, t);
  }
  for (const el of document.querySelectorAll('[title],[aria-label],[placeholder],[alt]')) {
    for (const a of ['title', 'aria-label', 'placeholder', 'alt']) {
      const v = el.getAttribute(a);
      if (v && v.trim()) put(el, v.trim());
    }
  }
  for (const el of document.querySelectorAll('input[type=submit],input[type=button]')) {
    if (el.value) put(el, el.value);
  }
  return {ui: ui, vi: vi};
}"""


# The language switch names Vietnamese in Vietnamese (marked lang="vi").
OWN_NAMES = {"Tiếng Việt", "VI"}


def _cut_data(text: str, starts: list[str]) -> str:
    """The text less a stored value cut short at its end: the longest tail, from a word
    on, that starts a stored value (10 characters or more before a "…", 25 without)."""
    shortest = 10 if text.endswith("…") else 25
    words = [m.start() for m in re.finditer(r"\S+", text)]
    for pos in words:
        tail = text[pos:].rstrip("…").strip()
        if len(tail) < shortest:
            break
        i = bisect.bisect_left(starts, tail)
        if i < len(starts) and starts[i].startswith(tail):
            return text[:pos] + " "
    return text


def ui_leftovers(texts: list[str], data: list[str], exact: set[str],
                 starts: list[str] | None = None) -> list[str]:
    """The texts, less the data they contain, that still read Vietnamese."""
    starts = sorted(data) if starts is None else starts
    left = []
    for raw in texts:
        text = _norm(raw)
        if not is_vietnamese(text) or text in exact:
            continue
        # A stored value cut short ends a text or one of its parts ("… · site name").
        text = " · ".join(_cut_data(part, starts) for part in text.split(" · "))
        for value in data:
            if not is_vietnamese(text):
                break
            if len(value) >= 3 and value in text:
                text = text.replace(value, " ")
        if is_vietnamese(text):
            left.append(_norm(raw))
    return left


@pytest.mark.timeout(600)
def test_english_is_complete_on_every_page_of_every_role(chromium, live_server, demo_today):
    give_passwords()
    data = data_strings()
    exact, starts = set(data), sorted(data)
    found: dict[str, set[str]] = {}
    pages = 0
    started = time.monotonic()
    for role, username in _roles().items():
        context, page = _session(chromium, live_server, username, viewport=LAPTOP,
                                 locale="en-GB")
        page.click("form.lang button[name=language][value=en]")
        page.wait_for_load_state("load")
        assert page.locator("html").get_attribute("lang") == "en"

        def check(page, visit, role=role):
            texts = page.evaluate(TEXTS)
            for text in ui_leftovers(texts["ui"], data, exact, starts):
                found.setdefault(text, set()).add(f"{role} {visit.kind}")
            # Text marked Vietnamese (lang="vi") may only be the language's own name.
            for text in set(texts["vi"]) - OWN_NAMES:
                found.setdefault(text, set()).add(f"{role} {visit.kind}")

        result = walk(page, live_server.url, check)
        for v in result.visits:
            print(f"{role:10} {v.seconds:5.2f}s {v.status} {v.kind:40} {v.url}")
        pages += len(result.visits)
        missing = MUST_REACH[role] - _kinds(result)
        assert not missing, f"{role} did not reach {missing}"
        context.close()
    elapsed = time.monotonic() - started
    print(f"English crawl: {pages} pages in {elapsed:.0f} s")
    lines = [f"{text!r}  ({', '.join(sorted(where)[:3])})" for text, where in found.items()]
    assert not found, f"{len(found)} Vietnamese UI texts in English:\n" + "\n".join(lines)


def test_vietnamese_is_told_from_english():
    assert is_vietnamese("Báo cáo") and is_vietnamese("Đạt") and is_vietnamese("Hội nghị")
    assert not is_vietnamese("Report accepted") and not is_vietnamese("Directive 12-CT/TU")
    data = ["Thành ủy Kon Tum", "Tổ chức 6 hội nghị"]
    assert ui_leftovers(["Thành ủy Kon Tum"], data, set(data)) == []
    assert ui_leftovers(["Report of Thành ủy Kon Tum"], data, set(data)) == []
    assert ui_leftovers(["Báo cáo của Thành ủy Kon Tum"], data, set(data)) == [
        "Báo cáo của Thành ủy Kon Tum"]
    assert ui_leftovers(["Tổ chức 6 hội…"], data, set(data)) == []
    long = ["Đảng đoàn Ủy ban Mặt trận Tổ quốc Việt Nam, các đoàn thể chính trị - xã hội"]
    assert ui_leftovers(["3. Đảng đoàn Ủy ban Mặt trận Tổ quốc Việt"], long, set(long)) == []
    assert ui_leftovers(["Rút nhiệm vụ: Đảng đoàn Ủy ban Mặt trận Tổ quốc Việt"], long,
                        set(long)) == ["Rút nhiệm vụ: Đảng đoàn Ủy ban Mặt trận Tổ quốc Việt"]
