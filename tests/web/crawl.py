"""Walk every page a role can reach in a real browser, for the crawls of tests/web
(accessibility, English).

A role's walk starts at "/" (and SEEDS) and follows every link of every page it
reaches (same origin, GET), once per kind of page: a page's kind is its route name, so
the 40th report of a unit or a filtered list is not a new kind (a report page is seen in
up to three states). Left out, each for a reason given in SKIP: the sign-out and the
language switch (they change the session), downloads (no page to look at), JSON
endpoints, Django's own admin and the API's docs (third-party pages).
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

from tests.demo import DEMO_PASSWORD

# Route names (with namespace) never visited, and why.
SKIP = {
    "web:logout": "signs out",
    "set_language": "changes the session's language",
    "web:evidence-download": "a download",
    "exports:job-download": "a download",
    "exports:report": "a download",
    "exports:list": "a download",
    "imports:job-status": "JSON for the progress page",
    "web:notification-open": "redirects to the notified page (visited through its link)",
}
SKIP_PREFIXES = {
    "/admin/": "Django's own admin (third-party markup); the operators' page is crawled",
    "/api/": "the API and its documentation (third-party markup)",
    "/static/": "files", "/media/": "files",
}
CRAWLED_UNDER_ADMIN = ("/admin/van-hanh/",)

# Every role of the product, as a demo user. The unit head has no password in the demo:
# the crawl gives it one.
ROLES = {
    "reporter": "thanhuy",
    "unit_head": "truong-thanhuy-kontum",
    "reviewer": "danvan",
    "leader": "lanhdao",
    "admin": "admin",
}

# Pages no link leads to yet (typed or bookmarked); a role without access sees the
# product's 403 page, which is checked as well.
SEEDS = ["/nhap-van-ban/", "/xuat/", "/tai-khoan/thiet-bi/", "/admin/van-hanh/"]

# Pages of one kind looked at (the same template on other objects adds little).
PER_KIND = 1
PER_KIND_OF = {"web:report-detail": 3, "web:obligation-detail": 2}
MAX_PAGES = 60


def give_passwords():
    from django.contrib.auth import get_user_model

    for user in get_user_model().objects.filter(username__in=ROLES.values()):
        if not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])


@dataclass
class Visit:
    url: str
    kind: str
    status: int
    seconds: float = 0.0


@dataclass
class Walk:
    visits: list[Visit] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)


def _kind(path: str, query: str) -> str | None:
    """The kind of page of a path, or None when it is left out (recorded in `why`)."""
    if path.startswith(CRAWLED_UNDER_ADMIN):
        pass
    else:
        for prefix in SKIP_PREFIXES:
            if path.startswith(prefix):
                return None
    try:
        match = resolve(path)
    except Resolver404:
        return f"unresolved:{path}"
    name = match.view_name
    if name in SKIP:
        return None
    # A page with other query parameters (a filter, a period) is the same template.
    return name


def walk(page, base_url: str, on_page) -> Walk:
    """Visit every kind of page reachable from "/" for the signed-in `page`; call
    on_page(page, visit) on each HTML page reached (once per kind: a link that
    redirects to a kind already seen is not looked at again)."""
    result = Walk()
    seen_urls: set[str] = set()
    per_kind: dict[str, int] = {}
    queue = deque(["/", *SEEDS])
    while queue and len(result.visits) < MAX_PAGES:
        url = queue.popleft()
        if url in seen_urls:
            continue
        seen_urls.add(url)
        parts = urlsplit(url)
        kind = _kind(parts.path, parts.query)
        if kind is None:
            result.skipped[url] = "left out"
            continue
        if per_kind.get(kind, 0) >= PER_KIND_OF.get(kind, PER_KIND):
            continue
        started = time.monotonic()
        response = page.goto(base_url + url)
        final = urlsplit(page.url)
        final_url = final.path + (f"?{final.query}" if final.query else "")
        seen_urls.add(final_url)
        kind = _kind(final.path, final.query)
        if kind is None or per_kind.get(kind, 0) >= PER_KIND_OF.get(kind, PER_KIND):
            continue
        per_kind[kind] = per_kind.get(kind, 0) + 1
        if "text/html" not in (response.headers.get("content-type", "") if response else ""):
            result.skipped[url] = "not HTML"
            continue
        visit = Visit(url=final_url, kind=kind, status=response.status)
        result.visits.append(visit)
        on_page(page, visit)
        visit.seconds = time.monotonic() - started
        hrefs = page.eval_on_selector_all(
            "a[href]", "els => els.map(e => e.getAttribute('href'))")
        for href in hrefs:
            if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
                continue
            target = urlsplit(href)
            if target.netloc and base_url.split("//", 1)[1] != target.netloc:
                continue
            if not target.path.startswith("/"):
                continue
            queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return result
