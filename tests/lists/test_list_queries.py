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
