"""Every page × role with Django's test client: who gets 200, 302, 403 or 404."""

import datetime as dt

import pytest
from django.urls import reverse

from assignments.models import ExtensionRequest, ReportObligation
from assignments.services import extension_request_create
from reports import services as report_services
from reports.models import ProgressReport
from tests.conftest import travel
from tracker.models import Notification

pytestmark = pytest.mark.django_db

DAY = "2021-12-01"


@pytest.fixture
def objects(published):
    """The published world with one submitted report from district A."""
    w = published
    w.ob_a = ReportObligation.objects.get(assignment__unit=w.district_a,
                                          assignment__item=w.continuous)
    w.ob_b = ReportObligation.objects.get(assignment__unit=w.district_b,
                                          assignment__item=w.continuous)
    with travel("2021-11-20"):
        w.report_a = report_services.report_create(
            obligation=w.ob_a, author=w.reporter_a, results_text="Đã tổ chức 3 hội nghị.")
        report_services.report_submit(report=w.report_a, actor=w.reporter_a)
    with travel("2021-11-22"):
        w.extension_b = extension_request_create(
            assignment=w.ob_b.assignment, obligation=w.ob_b, actor=w.reporter_b,
            requested_due_on=dt.date(2022, 1, 5), reason="Cần thêm thời gian")
    return w


def pages(w):
    d = w.directive.pk
    return {
        "home": reverse("web:home"),
        "my-work": reverse("web:my-work"),
        "my-history": reverse("web:my-history"),
        "obligation-a": reverse("web:obligation-detail", args=[w.ob_a.pk]),
        "report-a": reverse("web:report-detail", args=[w.report_a.pk]),
        "directives": reverse("web:directive-list"),
        "directive": reverse("web:directive-detail", args=[d]),
        "directive-edit": reverse("web:directive-edit", args=[d]),
        "directive-new": reverse("web:directive-create"),
        "section-new": reverse("web:section-create", args=[d]),
        "item-new": reverse("web:item-create", args=[d]),
        "item-edit": reverse("web:item-edit", args=[w.continuous.pk]),
        "item-assign": reverse("web:item-assign", args=[w.continuous.pk]),
        "matrix": reverse("web:directive-matrix", args=[d]),
        "review": reverse("web:review-queue"),
        "extensions": reverse("web:extension-list"),
        "dashboard": reverse("web:dashboard"),
        "notifications": reverse("web:notifications"),
        "units": reverse("web:unit-list"),
        "unit_tree": reverse("web:unit-tree"),
        "password": reverse("web:password-change"),
    }


# Expected status per role; "home" redirects by role.
EXPECTED = {
    #                 reviewer leader reporter_a reporter_b youth admin
    "home":           (302, 302, 302, 302, 302, 302),
    "my-work":        (403, 403, 200, 200, 200, 200),
    "my-history":     (403, 403, 200, 200, 200, 200),
    "obligation-a":   (200, 200, 200, 404, 404, 200),
    "report-a":       (200, 200, 200, 404, 404, 200),
    "directives":     (200, 200, 200, 200, 200, 200),
    "directive":      (200, 200, 200, 200, 200, 200),
    "directive-edit": (200, 403, 403, 403, 403, 200),
    "directive-new":  (200, 403, 403, 403, 403, 200),
    "section-new":    (200, 403, 403, 403, 403, 200),
    "item-new":       (200, 403, 403, 403, 403, 200),
    "item-edit":      (200, 403, 403, 403, 403, 200),
    "item-assign":    (200, 403, 403, 403, 403, 200),
    "matrix":         (200, 200, 200, 200, 200, 200),
    "review":         (200, 403, 403, 403, 403, 200),
    "extensions":     (200, 403, 403, 403, 403, 200),
    "dashboard":      (200, 200, 403, 403, 403, 200),
    "notifications":  (200, 200, 200, 200, 200, 200),
    "units":          (200, 200, 200, 200, 200, 200),
    "unit_tree":      (200, 200, 200, 200, 200, 200),
    "password":       (200, 200, 200, 200, 200, 200),
}
ROLES = ["reviewer", "leader", "reporter_a", "reporter_b", "reporter_youth", "admin"]


@pytest.mark.parametrize("page", list(EXPECTED))
def test_page_status_by_role(objects, client, page):
    url = pages(objects)[page]
    with travel(DAY):
        for role, expected in zip(ROLES, EXPECTED[page], strict=True):
            client.force_login(getattr(objects, role))
            response = client.get(url)
            assert response.status_code == expected, (page, role, response.status_code)
        client.logout()
        anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("web:login"))


def test_home_sends_each_role_to_its_page(objects, client):
    for role, target in (("reporter_a", "web:my-work"), ("reviewer", "web:dashboard"),
                         ("leader", "web:dashboard")):
        client.force_login(getattr(objects, role))
        assert client.get("/")["Location"] == reverse(target)


def test_directive_not_yet_published_is_hidden_from_units(world, client):
    client.force_login(world.reporter_a)
    url = reverse("web:directive-detail", args=[world.directive.pk])
    assert client.get(url).status_code == 404
    client.force_login(world.reviewer)
    assert client.get(url).status_code == 200


def test_my_work_shows_days_left_and_late(objects, client):
    client.force_login(objects.reporter_b)
    with travel("2021-12-20"):
        page = client.get(reverse("web:my-work")).content.decode()
    assert "quá hạn 5 ngày" in page
    assert "15/12/2021" in page
    with travel("2021-12-10"):
        page = client.get(reverse("web:my-work")).content.decode()
    assert "còn 5 ngày" in page


def test_bad_as_of_is_a_400_with_a_message(objects, client):
    client.force_login(objects.leader)
    response = client.get(reverse("web:dashboard"), {"as_of": "31/02/2022"})
    assert response.status_code == 400
    assert "Nhập một ngày hợp lệ" in response.content.decode() or \
        "valid date" in response.content.decode()
    ok = client.get(reverse("web:dashboard"), {"as_of": "01/12/2021"})
    assert ok.status_code == 200
    assert "01/12/2021" in ok.content.decode()


def test_notifications_are_private_and_can_be_marked_read(objects, client):
    Notification.objects.filter(kind=Notification.Kind.DIRECTIVE_PUBLISHED).delete()
    mine = Notification.objects.create(recipient=objects.reporter_a, kind="x", title="Của tôi",
                                       link=reverse("web:obligation-detail",
                                                    args=[objects.ob_a.pk]))
    theirs = Notification.objects.create(recipient=objects.reporter_b, kind="x", title="Khác")
    client.force_login(objects.reporter_a)
    page = client.get(reverse("web:my-work")).content.decode()
    assert 'data-unread>1<' in page
    assert client.post(reverse("web:notification-read", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("web:notification-read", args=[mine.pk]), {"open": "1"})
    assert response["Location"] == mine.link
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert "data-unread" not in client.get(reverse("web:my-work")).content.decode()


def test_csrf_is_enforced(objects):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(objects.reviewer)
    response = strict.post(reverse("web:report-accept", args=[objects.report_a.pk]))
    assert response.status_code == 403
    objects.report_a.refresh_from_db()
    assert objects.report_a.status == ProgressReport.Status.SUBMITTED


def test_leader_cannot_change_anything(objects, client):
    client.force_login(objects.leader)
    assert client.post(reverse("web:report-accept", args=[objects.report_a.pk])).status_code \
        == 403
    assert client.post(reverse("web:directive-publish",
                               args=[objects.directive.pk])).status_code == 403
    assert client.post(reverse("web:extension-approve",
                               args=[objects.extension_b.pk])).status_code == 403
    response = client.post(reverse("web:obligation-detail", args=[objects.ob_a.pk]),
                           {"results_text": "x", "progress_percent": 1, "action": "save"})
    assert response.status_code == 403


def test_language_switch_to_english(objects, client):
    client.force_login(objects.reporter_a)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(reverse("web:my-work")).content.decode()
    assert "My work" in page
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert "Việc của tôi" in client.get(reverse("web:my-work")).content.decode()


def test_extension_request_and_decisions(objects, client):
    client.force_login(objects.reporter_a)
    # District A has submitted, so it cannot ask for more time on that obligation.
    response = client.post(reverse("web:extension-request", args=[objects.ob_a.pk]),
                           {"requested_due_on": "10/01/2022", "reason": "x"}, follow=True)
    assert "Chỉ gia hạn được báo cáo chưa nộp" in response.content.decode()
    client.force_login(objects.reviewer)
    page = client.get(reverse("web:extension-list")).content.decode()
    assert "Cần thêm thời gian" in page
    bad = client.post(reverse("web:extension-reject", args=[objects.extension_b.pk]),
                      {"note": ""}, follow=True)
    assert "Trường này là bắt buộc" in bad.content.decode() or "required" in \
        bad.content.decode()
    client.post(reverse("web:extension-approve", args=[objects.extension_b.pk]),
                {"approved_due_on": "03/01/2022", "note": "Đồng ý"})
    objects.extension_b.refresh_from_db()
    assert objects.extension_b.status == ExtensionRequest.Status.APPROVED
    assert objects.extension_b.approved_due_on == dt.date(2022, 1, 3)
    client.force_login(objects.reporter_b)
    page = client.get(reverse("web:obligation-detail", args=[objects.ob_b.pk])).content.decode()
    assert "Đã chấp thuận" in page and "03/01/2022" in page


def test_remind_now_is_for_the_board_only(objects, client):
    client.force_login(objects.reporter_b)
    url = reverse("web:remind-now", args=[objects.ob_b.pk])
    assert client.post(url).status_code == 403
    client.force_login(objects.reviewer)
    with travel("2021-12-20"):
        response = client.post(url, follow=True)
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert messages, "the board is told what happened"


def test_mark_all_notifications_read(objects, client):
    for n in range(3):
        Notification.objects.create(recipient=objects.reviewer, kind="x", title=f"T{n}")
    other = Notification.objects.create(recipient=objects.leader, kind="x", title="L")
    client.force_login(objects.reviewer)
    client.post(reverse("web:notification-read-all"))
    assert not Notification.objects.filter(recipient=objects.reviewer,
                                           read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None


def test_vietnamese_first_even_for_an_english_browser(objects, client):
    client.force_login(objects.reporter_a)
    page = client.get(reverse("web:my-work"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Việc của tôi" in page.content.decode()
    client.logout()
    login_page = client.get(reverse("web:login"), HTTP_ACCEPT_LANGUAGE="en")
    assert 'lang="vi"' in login_page.content.decode()


def test_directive_page_links_the_consolidated_report(objects, client):
    client.force_login(objects.leader)
    page = client.get(reverse("web:directive-detail", args=[objects.directive.pk]),
                      {"as_of": "01/12/2021"}).content.decode()
    export = reverse("exports:report", args=[objects.directive.pk])
    # A form: the figures' day carried over, the issue (signing) day to set, then a
    # button per format.
    form = page[page.index(f'action="{export}"'):]
    form = form[:form.index("</form>")]
    assert 'name="as_of" value="01/12/2021"' in form
    assert 'name="issued_on"' in form
    assert 'name="format" value="docx"' in form and 'name="format" value="xlsx"' in form
