"""A notification speaks the reader's language, and opening it marks it read.

The board approves district A's extension; the unit's reporter, who switched the app to
English, reads "Extension approved until …" in the list and through the API, while a
Vietnamese reader (or an API call in Vietnamese) reads the Vietnamese notice. Rows written
before notices kept their parameters show what was stored. Clicking a notice's title marks
it read on the way to its object; nobody opens another person's notice, and a link that
leads off the site is not followed.
"""

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from assignments.services import extension_approve, extension_request_create
from tests.assignments.helpers import lead_of, only_obligation
from tests.conftest import travel
from tracker.models import Notification
from tracker.period_labels import localized_period_label

pytestmark = pytest.mark.django_db

SITE = "https://theodoi.example.vn"


@pytest.fixture
def approved(published, settings):
    """District A asked for more time on its fixed-deadline report; the board approved
    it until 20/01/2022. Returns the obligation."""
    settings.SITE_URL = SITE
    obligation = only_obligation(lead_of(published.fixed))
    with travel("2021-12-28"):
        request = extension_request_create(
            assignment=obligation.assignment, actor=published.reporter_a,
            requested_due_on=dt.date(2022, 1, 31), reason="Chờ số liệu quý IV")
    with travel("2021-12-29"):
        extension_approve(request=request, actor=published.reviewer,
                          approved_due_on=dt.date(2022, 1, 20), note="Chỉ gia hạn 20 ngày")
    return obligation


def approval_of(world) -> Notification:
    return Notification.objects.get(kind=Notification.Kind.EXTENSION_APPROVED,
                                    recipient=world.reporter_a)


def in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def api_as(user, language: str) -> APIClient:
    api = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    api.force_authenticate(user)
    return api


def test_a_reader_in_english_sees_the_decision_in_english(published, approved, client):
    client.force_login(published.reporter_a)
    page = in_english(client).get(reverse("web:notifications")).content.decode()
    assert "Extension approved until 20/01/2022" in page
    assert "New due date: 20/01/2022" in page and "Note: Chỉ gia hạn 20 ngày" in page
    assert "Đã chấp thuận gia hạn" not in page


def test_a_reader_in_vietnamese_sees_the_decision_in_vietnamese(published, approved, client):
    client.force_login(published.reporter_a)
    page = client.get(reverse("web:notifications")).content.decode()
    assert "Đã chấp thuận gia hạn đến 20/01/2022" in page
    assert "Extension approved" not in page


def test_the_api_answers_in_the_language_asked(published, approved):
    path = reverse("web:obligation-detail", args=[approved.pk])

    (row,) = api_as(published.reporter_a, "en").get(
        "/api/v1/notifications/", {"kind": "extension_approved"}).json()["results"]
    with translation.override("en"):  # the period's label in English too
        period = localized_period_label(approved.period.label)
    assert period != approved.period.label
    assert row["title"] == f"Extension approved until 20/01/2022: {period}"
    assert row["text"].startswith("New due date: 20/01/2022.")
    assert row["url"] == SITE + path and row["link"] == path

    (row,) = api_as(published.reporter_a, "vi").get(
        "/api/v1/notifications/", {"kind": "extension_approved"}).json()["results"]
    assert row["title"] == f"Đã chấp thuận gia hạn đến 20/01/2022: {approved.period.label}"
    assert row["text"].startswith("Hạn báo cáo mới: 20/01/2022.")


def test_the_stored_title_and_text_stay_vietnamese_for_the_emails(published, approved):
    note = approval_of(published)
    assert note.title == f"Đã chấp thuận gia hạn đến 20/01/2022: {approved.period.label}"
    assert note.params["date"] == "2022-01-20"


def test_a_row_written_before_params_shows_its_stored_title(published, client):
    Notification.objects.create(
        recipient=published.reporter_a, kind=Notification.Kind.EXTENSION_APPROVED,
        title="Thông báo cũ: đã chấp thuận gia hạn", text="Nội dung cũ", link="/")
    client.force_login(published.reporter_a)
    page = in_english(client).get(reverse("web:notifications")).content.decode()
    assert "Thông báo cũ: đã chấp thuận gia hạn" in page and "Nội dung cũ" in page
    row = api_as(published.reporter_a, "en").get(
        "/api/v1/notifications/", {"kind": "extension_approved"}).json()["results"][0]
    assert row["title"] == "Thông báo cũ: đã chấp thuận gia hạn"
    assert row["text"] == "Nội dung cũ"


def test_clicking_the_title_marks_the_notice_read_and_opens_its_object(published, approved,
                                                                       client):
    note = approval_of(published)
    opener = reverse("web:notification-open", args=[note.pk])
    client.force_login(published.reporter_a)
    page = client.get(reverse("web:notifications")).content.decode()
    assert f'href="{opener}"' in page  # the title links through the opener

    response = client.get(opener)
    assert response.status_code == 302
    assert response["Location"] == reverse("web:obligation-detail", args=[approved.pk])
    note.refresh_from_db()
    assert note.read_at is not None


def test_nobody_opens_another_persons_notice(published, approved, client):
    note = approval_of(published)
    client.force_login(published.reporter_b)
    assert client.get(reverse("web:notification-open", args=[note.pk])).status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


@pytest.mark.parametrize("link", ["//evil.example/x", "http://evil.example/",
                                  "https://evil.example/", "/\\evil.example", "javascript:x"])
def test_a_link_off_the_site_is_not_followed(published, client, link):
    note = Notification.objects.create(recipient=published.reporter_a,
                                       kind=Notification.Kind.REMINDER, title="Nhắc việc",
                                       link=link)
    client.force_login(published.reporter_a)
    response = client.get(reverse("web:notification-open", args=[note.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("web:notifications")
    note.refresh_from_db()
    assert note.read_at is not None


def test_a_reminder_reads_in_the_language_asked(published):
    """24/12/2021: district A's half-year report is 9 days late, its plan due in 7 days;
    the board chases the late one and gets its weekly summary."""
    from assignments.reminders.sweep import reminders_sweep
    from tracker.notification_texts import render

    with travel("2021-12-24", 7, 30):
        reminders_sweep()
    note = Notification.objects.get(kind=Notification.Kind.REMINDER,
                                    recipient=published.reporter_a)
    row = api_as(published.reporter_a, "en").get(
        "/api/v1/notifications/", {"kind": "reminder"}).json()["results"][0]
    assert row["title"] == "Reminder of 24/12/2021: 2 reports of your unit to submit"
    assert "9 days overdue" in row["text"] and "(and 1 more report)" in row["text"]
    row = api_as(published.reporter_a, "vi").get(
        "/api/v1/notifications/", {"kind": "reminder"}).json()["results"][0]
    assert row["title"] == note.title == (
        "Nhắc việc ngày 24/12/2021: 2 báo cáo của đơn vị cần nộp")
    assert row["text"] == note.text and "quá hạn 9 ngày" in note.text

    board = api_as(published.reviewer, "en").get(
        "/api/v1/notifications/", {"kind": "reminder"}).json()["results"][0]
    assert "overdue reports to follow up" in board["title"]
    assert "weekly summary 51/2021" in board["title"]
    # The stored Vietnamese is what the templates give in Vietnamese (one owner).
    for stored in Notification.objects.filter(kind=Notification.Kind.REMINDER):
        assert render(stored.kind, stored.params, language="vi") == (stored.title,
                                                                     stored.text)
