"""The list pages read a constant number of queries: page 1 and page 50 the same, and the
page agrees with the API list under the same filters (one FilterSet for both)."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import tracker.lists
from tests.conftest import client_for, travel
from tests.demo import DEMO_DAY

pytestmark = pytest.mark.django_db

PAGES = {
    "web:obligation-list": ("danvan", {}),
    "web:directive-list": ("danvan", {}),
    "web:review-queue": ("danvan", {}),
    "web:extension-list": ("danvan", {}),
    "web:my-history": ("thanhuy", {}),
}


def _queries(client: Client, url: str, params: dict) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, (url, params)
    return len(captured), response


@pytest.mark.parametrize("name", PAGES)
def test_page_1_and_page_50_read_the_same_number_of_queries(demo, monkeypatch, name):
    username, params = PAGES[name]
    users = get_user_model().objects
    user = users.get(username=username)
    client = Client()
    client.force_login(user)
    url = reverse(name)
    with travel(DEMO_DAY, 10):
        client.get(url, params)  # session, caches
        first, response = _queries(client, url, params)
        total = response.context["listing"].page.paginator.count
        # 50 pages of this list: a page as long as a 50th of it (at least one row).
        monkeypatch.setattr(tracker.lists, "PAGE_SIZE", max(1, total // 50))
        small, _ = _queries(client, url, params)
        fiftieth, response = _queries(client, url, {**params, "page": 50})
    if total >= 50:
        assert response.context["listing"].page.number == 50
    assert fiftieth == small, (name, first, small, fiftieth)


def test_the_obligation_page_and_the_api_list_give_the_same_rows(demo):
    user = get_user_model().objects.get(username="danvan")
    client = Client()
    client.force_login(user)
    params = {"overdue": "true", "due_after": "2026-01-01"}
    with travel(DEMO_DAY, 10):
        page = client.get(reverse("web:obligation-list"), params)
        ids, url = [], "/api/v1/obligations/?overdue=true&due_after=2026-01-01&page_size=100"
        api = client_for(user)
        while url:
            body = api.get(url).json()
            ids += [row["id"] for row in body["results"]]
            url = body["next"]
    assert page.status_code == 200
    assert page.context["listing"].page.paginator.count == len(ids) > 0


def test_the_long_drop_downs_are_written_without_a_template_per_option(demo):
    """The unit and directive choosers list every active unit and every directive seen:
    written in one pass (tracker.lists.LongSelect), not through Django's per-option
    template, with the chosen option selected and the labels escaped."""
    from tracker.models import Unit

    user = get_user_model().objects.get(username="danvan")
    client = Client()
    client.force_login(user)
    unit = Unit.objects.filter(is_active=True).order_by("order", "name").last()
    with travel(DEMO_DAY, 10):
        response = client.get(reverse("web:obligation-list"), {"unit_tree": unit.pk})
    assert response.status_code == 200
    units = Unit.objects.filter(is_active=True).count()
    # Django's Select renders this template once per option (the short drop-downs, such
    # as the status, still do): fewer renders than the unit chooser's options alone.
    per_option = [t for t in response.templates
                  if t.name == "django/forms/widgets/select_option.html"]
    assert len(per_option) < units
    html = response.content.decode()
    assert html.count('<option value="') >= units
    assert f'<option value="{unit.pk}" selected>' in html


def test_the_extension_page_shows_the_oldest_pending_and_counts_them_all(demo, monkeypatch):
    """Each pending request carries two decision forms, so the page shows the oldest
    PENDING_SHOWN of them with the count of all (not every pending request's forms)."""
    import assignments.views
    from assignments.models import ExtensionRequest

    user = get_user_model().objects.get(username="danvan")
    client = Client()
    client.force_login(user)
    pending = ExtensionRequest.objects.visible_to(user).filter(
        status=ExtensionRequest.Status.PENDING).count()
    assert pending >= 1
    with travel(DEMO_DAY, 10):
        shown = client.get(reverse("web:extension-list"))
        monkeypatch.setattr(assignments.views, "PENDING_SHOWN", pending - 1)
        fewer = client.get(reverse("web:extension-list"))
    assert len(shown.context["pending"]) == shown.context["pending_count"] == pending
    assert len(fewer.context["pending"]) == pending - 1
    assert fewer.context["pending_count"] == pending
    assert "gửi sớm nhất trong" in fewer.content.decode()


def test_the_review_queue_counts_by_the_board_column(demo):
    """The review queue (and its count) selects by the reports' board column: no join
    through obligation, assignment and item to the directive, which read every
    obligation and assignment at national scale."""
    user = get_user_model().objects.get(username="danvan")
    client = Client()
    client.force_login(user)
    with travel(DEMO_DAY, 10):
        client.get(reverse("web:review-queue"))
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("web:review-queue"))
    assert response.status_code == 200
    counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"]
              and "reports_progressreport" in q["sql"]]
    assert counts
    assert not [sql for sql in counts if "directives_responsibilityitem" in sql]
