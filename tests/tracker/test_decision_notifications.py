"""The board's decisions reach the people they concern, in the app and by one email a run.

A unit asks for more time → the board's reviewers are told. The board approves (with
the date) or rejects (with the reason), or moves a due date → the unit's reporters and
head are told. A directive is published → every assigned unit's people are told. In the
app a notice is a title, a short text and a link to the object; the emails go with the
next delivery run, one per person combining everything they have pending.
"""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from assignments.models import ExtensionRequest
from assignments.reminders.sweep import reminders_sweep
from assignments.services import (
    deadline_edit,
    extension_approve,
    extension_reject,
    extension_request_create,
)
from tests.assignments.helpers import assignment_for, lead_of, only_obligation, submit
from tests.conftest import at, travel
from tracker import channels
from tracker.models import Notification, NotificationDelivery

pytestmark = pytest.mark.django_db

SITE = "https://theodoi.example.vn"


@pytest.fixture
def people(world, settings, request):
    """The world, everyone with an email address, the site at SITE; then its directive
    published (which tells the units)."""
    settings.SITE_URL = SITE
    for user in (world.reviewer, world.leader, world.reporter_a, world.reporter_b,
                 world.reporter_youth, world.head_a):
        user.email = f"{user.username}@example.org"
        user.save()
    published = request.getfixturevalue("published")
    mail.outbox = []
    return published


@pytest.fixture
def fixed_a(people):
    """District A's report on the fixed-deadline item (due 31/12/2021)."""
    return only_obligation(lead_of(people.fixed))


def told(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind)
               .values_list("recipient__username", flat=True))


def ask(people, obligation, due=dt.date(2022, 1, 31), reason="Chờ số liệu quý IV"):
    with travel("2021-12-28"):
        return extension_request_create(assignment=obligation.assignment,
                                        actor=people.reporter_a, requested_due_on=due,
                                        reason=reason)


def test_an_extension_request_reaches_the_board_reviewers_and_nobody_else(people, fixed_a):
    ask(people, fixed_a)
    assert told("extension_requested") == {"danvan"}
    note = Notification.objects.get(kind="extension_requested")
    assert note.title == "Đề nghị gia hạn chờ quyết định: Huyện ủy A — " + fixed_a.period.label
    assert "31/12/2021" in note.text and "31/01/2022" in note.text
    assert "Chờ số liệu quý IV" in note.text
    assert note.link == reverse("web:extension-list")


def test_an_approval_tells_the_unit_the_approved_date(people, fixed_a):
    request = ask(people, fixed_a)
    with travel("2021-12-29"):
        extension_approve(request=request, actor=people.reviewer,
                          approved_due_on=dt.date(2022, 1, 20), note="Chỉ gia hạn 20 ngày")
    assert told("extension_approved") == {"huyen-a", "truong-a"}
    note = Notification.objects.filter(kind="extension_approved").first()
    assert "20/01/2022" in note.title and "20/01/2022" in note.text
    assert "Chỉ gia hạn 20 ngày" in note.text
    assert note.link == reverse("web:obligation-detail", args=[fixed_a.pk])
    assert "http" not in note.link and "http" not in note.text


def test_a_rejection_tells_the_unit_the_reason(people, fixed_a):
    request = ask(people, fixed_a)
    with travel("2021-12-29"):
        extension_reject(request=request, actor=people.reviewer,
                         note="Đã gia hạn một lần, không gia hạn thêm")
    assert told("extension_rejected") == {"huyen-a", "truong-a"}
    note = Notification.objects.filter(kind="extension_rejected").first()
    assert "Đã gia hạn một lần, không gia hạn thêm" in note.text
    assert "31/12/2021" in note.text  # the date that still holds
    assert note.link == reverse("web:obligation-detail", args=[fixed_a.pk])


def test_a_due_date_change_tells_the_unit_only(people):
    obligation = only_obligation(assignment_for(people.continuous, people.district_b))
    with travel("2021-11-01"):
        deadline_edit(obligation=obligation, actor=people.reviewer,
                      new_due_on=obligation.due_on + dt.timedelta(days=10),
                      reason="Theo kết luận hội nghị")
    assert told("due_date_changed") == {"huyen-b"}
    note = Notification.objects.get(kind="due_date_changed")
    new = obligation.due_on + dt.timedelta(days=10)
    assert f"{new:%d/%m/%Y}" in note.title and "Theo kết luận hội nghị" in note.text
    assert note.link == reverse("web:obligation-detail", args=[obligation.pk])


def test_a_publication_tells_every_assigned_unit_once_per_person(people):
    # The `published` world published its directive: both items, three units.
    assert told("directive_published") == {"huyen-a", "truong-a", "huyen-b", "tinhdoan"}
    assert Notification.objects.filter(kind="directive_published").count() == 4
    note = Notification.objects.get(kind="directive_published", recipient=people.reporter_a)
    assert note.title == "Văn bản mới cần thực hiện: 06-CT/TU"
    assert "2 nhiệm vụ giao cho Huyện ủy A" in note.text
    assert note.link == reverse("web:directive-detail", args=[people.directive.pk])


def test_notices_are_written_with_the_decision_not_after_commit(
        people, fixed_a, django_capture_on_commit_callbacks):
    """An outbox: the rows and their pending emails exist even if no callback runs."""
    with django_capture_on_commit_callbacks(execute=False):
        request = ask(people, fixed_a)
        extension_reject(request=request, actor=people.reviewer, note="Không đủ căn cứ")
        submit(only_obligation(assignment_for(people.continuous, people.district_b)),
               people.reporter_b)
    for kind, who in [("extension_requested", {"danvan"}),
                      ("extension_rejected", {"huyen-a", "truong-a"}),
                      ("report_submitted", {"danvan"})]:
        assert told(kind) == who
        pending = NotificationDelivery.objects.filter(notification__kind=kind, channel="email")
        assert pending.count() == len(who) and set(pending.values_list("status", flat=True)) \
            == {"pending"}
    assert ExtensionRequest.objects.get().status == ExtensionRequest.Status.REJECTED


def test_a_run_sends_one_email_per_person_combining_their_notices(
        people, fixed_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = ask(people, fixed_a)
        with travel("2021-12-29"):
            extension_approve(request=request, actor=people.reviewer,
                              approved_due_on=dt.date(2022, 1, 20))
            other = only_obligation(assignment_for(people.continuous, people.district_a))
            deadline_edit(obligation=other, actor=people.reviewer,
                          new_due_on=other.due_on + dt.timedelta(days=7),
                          reason="Trùng kỳ họp")
    assert mail.outbox == []  # no email per decision
    with travel("2021-12-29", 10):
        result = reminders_sweep(now=at("2021-12-29", 10))
    by_person: dict[str, list] = {}
    for message in mail.outbox:
        by_person.setdefault(message.to[0], []).append(message)
    assert all(len(messages) == 1 for messages in by_person.values()), by_person
    assert {"huyen-a@example.org", "truong-a@example.org", "danvan@example.org",
            "huyen-b@example.org", "tinhdoan@example.org"} <= set(by_person)
    (letter,) = by_person["huyen-a@example.org"]
    # Published, approved with its date, due date moved: one email, absolute links.
    assert "Văn bản mới cần thực hiện: 06-CT/TU" in letter.body
    assert "Đã chấp thuận gia hạn đến 20/01/2022" in letter.body
    assert "Trùng kỳ họp" in letter.body
    assert f"{SITE}/yeu-cau/{fixed_a.pk}/" in letter.body
    assert f"{SITE}/yeu-cau/{other.pk}/" in letter.body
    assert not re.search(r"(?m)^\s+/", letter.body)  # no relative link left
    assert "thông báo khác" in letter.subject
    assert result.deliveries["messages"] == len(mail.outbox)
    # Nothing is owed any more: a rerun sends nothing.
    sent = len(mail.outbox)
    with travel("2021-12-29", 10, 5):
        reminders_sweep(now=at("2021-12-29", 10, 5))
    channels.deliveries_send_pending()
    assert len(mail.outbox) == sent
    assert not NotificationDelivery.objects.filter(status="pending").exists()


def test_the_notification_page_shows_title_text_and_a_working_link(people, fixed_a, client):
    request = ask(people, fixed_a)
    with travel("2021-12-29"):
        extension_approve(request=request, actor=people.reviewer,
                          approved_due_on=dt.date(2022, 1, 20))
    client.force_login(people.reporter_a)
    page = client.get(reverse("web:notifications")).content.decode()
    note = Notification.objects.get(kind="extension_approved", recipient=people.reporter_a)
    path = reverse("web:obligation-detail", args=[fixed_a.pk])
    opener = reverse("web:notification-open", args=[note.pk])  # marks read, then goes
    assert f'<a href="{opener}">{note.title}</a>' in page
    assert note.text in page
    assert "http://127.0.0.1" not in page and "Kính gửi" not in page
    assert client.get(path).status_code == 200
    # "Open" marks it read and goes to the object.
    response = client.post(reverse("web:notification-read", args=[note.pk]), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == path
    note.refresh_from_db()
    assert note.read_at is not None


def test_the_api_gives_title_text_and_an_absolute_url(people, fixed_a):
    ask(people, fixed_a)
    api = APIClient()
    api.force_authenticate(people.reviewer)
    (row,) = api.get("/api/v1/notifications/", {"kind": "extension_requested"}).json()[
        "results"]
    assert row["title"].startswith("Đề nghị gia hạn chờ quyết định")
    assert "31/01/2022" in row["text"]
    assert row["url"] == SITE + reverse("web:extension-list")
    assert row["link"] == reverse("web:extension-list")
