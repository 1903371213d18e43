"""The Django admin shows the workflow rows and never changes or deletes them: the
services write them, with their events, counts and scope columns. Directives and items
are edited through the directive services; nothing published is deleted."""

import datetime as dt

import pytest
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from assignments import services as assignment_services
from assignments.models import (
    Assignment,
    DeadlineChange,
    ExtensionRequest,
    ReminderDispatch,
    ReminderPolicy,
    ReportingPeriod,
    ReportObligation,
)
from assignments.reminders import remind_now
from directives.models import Directive, ResponsibilityItem, Section
from reports import services as report_services
from reports.models import Evidence, Indicator, ProgressReport, Review
from tests.assignments.test_counts_admin import _form
from tests.conftest import travel
from tests.scene import DAY, build_scene
from tracker.models import Event, Notification

READ_ONLY = [Assignment, ReportingPeriod, ReportObligation, ExtensionRequest, DeadlineChange,
             ReminderDispatch, ProgressReport, Review, Evidence, Event, Notification, Section]


@pytest.fixture
def rows(world):
    """One row of every workflow model, each written by its service."""
    scene = build_scene(world)
    own = scene.own.objects
    with travel(DAY):
        report_services.report_return(report=own["submitted_report"], actor=world.reviewer,
                                      comment="Bổ sung số liệu.")
        assignment_services.extension_approve(request=own["extension"], actor=world.reviewer)
        remind_now(obligation=own["fresh_obligation"], actor=world.reviewer)
    assert DeadlineChange.objects.exists() and ReminderDispatch.objects.exists()
    assert Review.objects.exists() and Evidence.objects.exists()
    return world


def _admin(world) -> Client:
    client = Client()
    client.force_login(world.admin)
    return client


def _url(model, view, pk=None) -> str:
    base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    return base + (f"{pk}/{view}/" if pk else view)


def _values(obj) -> dict:
    obj.refresh_from_db()
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


@pytest.mark.parametrize("model", READ_ONLY, ids=lambda model: model.__name__)
def test_a_workflow_row_is_shown_and_never_changed_or_deleted(rows, model):
    client = _admin(rows)
    obj = model.objects.order_by("pk").first()
    before = _values(obj)

    page = client.get(_url(model, "change", obj.pk))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert b'name="_continue"' not in page.content
    assert b'class="deletelink"' not in page.content
    posted = {name: "" for name in model_to_dict(obj)}
    assert client.post(_url(model, "change", obj.pk), posted).status_code == 403

    assert client.get(_url(model, "delete", obj.pk)).status_code == 403
    assert client.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert client.get(_url(model, "add/")).status_code == 403

    listing = client.get(_url(model, ""))
    assert listing.status_code == 200
    assert b"delete_selected" not in listing.content
    client.post(_url(model, ""), {"action": "delete_selected", "_selected_action": [obj.pk],
                                  "post": "yes"})
    assert model.objects.filter(pk=obj.pk).exists()
    assert _values(obj) == before


def test_the_report_page_shows_its_reviews_evidence_and_values_read_only(rows):
    client = _admin(rows)
    report = Review.objects.first().report
    page = client.get(_url(ProgressReport, "change", report.pk))
    assert page.status_code == 200
    for formset in page.context["inline_admin_formsets"]:
        assert not formset.has_add_permission and not formset.has_delete_permission
        assert not formset.has_change_permission
    assert "Bổ sung số liệu." in page.content.decode()


def test_changing_a_directive_goes_through_its_service(published):
    client = _admin(published)
    directive = published.directive
    url = _url(Directive, "change", directive.pk)
    data = _form(client, url)
    data["title"] = "Về tăng cường công tác dân vận (sửa)"
    data["status"] = Directive.Status.CLOSED  # shown read-only: not the admin's to change
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    directive.refresh_from_db()
    assert directive.title == "Về tăng cường công tác dân vận (sửa)"
    assert directive.status == Directive.Status.ACTIVE
    event = Event.objects.filter(verb="updated", target_id=directive.pk,
                                 target_type__model="directive").get()
    assert event.actor == published.admin
    assert set(event.data["changed"]) == {"title"}


def test_changing_an_item_goes_through_its_service(published):
    client = _admin(published)
    item = published.fixed
    version = item.lock_version
    url = _url(ResponsibilityItem, "change", item.pk)
    data = _form(client, url)
    data["content"] = "Xây dựng đề án (bổ sung)"
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    item.refresh_from_db()
    assert (item.content, item.lock_version) == ("Xây dựng đề án (bổ sung)", version + 1)
    event = Event.objects.get(verb="updated", target_id=item.pk,
                              target_type__model="responsibilityitem")
    assert event.actor == published.admin and set(event.data["changed"]) == {"content"}


def test_an_edit_the_service_refuses_is_an_admin_message_and_changes_nothing(published):
    client = _admin(published)
    item = published.fixed
    url = _url(ResponsibilityItem, "change", item.pk)
    data = _form(client, url)
    data["due_on"] = "2020-01-01"  # before the directive was issued (07/9/2021)
    data["content"] = "Không được lưu"
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith(url)
    text = response.content.decode()
    assert "Hạn hoàn thành không được trước ngày ban hành văn bản." in text
    item.refresh_from_db()
    assert (item.due_on, item.content) == (dt.date(2021, 12, 31), "Xây dựng đề án")
    assert not Event.objects.filter(verb="updated", target_id=item.pk).exists()


def test_an_item_is_never_moved_to_another_directive_from_the_admin(published):
    client = _admin(published)
    item = published.fixed
    page = client.get(_url(ResponsibilityItem, "change", item.pk))
    assert "directive" not in page.context["adminform"].form.fields
    assert "status" not in page.context["adminform"].form.fields


@pytest.mark.parametrize("model", [Directive, ResponsibilityItem], ids=lambda m: m.__name__)
def test_a_published_directive_or_item_is_never_deleted(published, model):
    client = _admin(published)
    obj = model.objects.order_by("pk").first()
    assert client.get(_url(model, "delete", obj.pk)).status_code == 403
    assert client.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert client.get(_url(model, "add/")).status_code == 403
    assert b"delete_selected" not in client.get(_url(model, "")).content
    assert model.objects.filter(pk=obj.pk).exists()
    page = client.get(_url(model, "change", obj.pk))
    assert b'name="_save"' in page.content and b'class="deletelink"' not in page.content


def test_an_indicator_of_a_published_directive_is_never_deleted(published):
    client = _admin(published)
    indicator = Indicator.objects.create(directive=published.directive, name="Số người",
                                         code="so-nguoi")
    assert client.get(_url(Indicator, "delete", indicator.pk)).status_code == 403
    assert b"delete_selected" not in client.get(_url(Indicator, "")).content
    assert Indicator.objects.filter(pk=indicator.pk).exists()


def test_an_item_is_withdrawn_from_the_admin_through_the_withdraw_service(published):
    """Instead of a delete, the item's page links to the board's withdraw page, which calls
    `item_withdraw` with the administrator as the actor."""
    client = _admin(published)
    item = published.fixed
    page = client.get(_url(ResponsibilityItem, "change", item.pk))
    withdraw = reverse("web:item-withdraw", args=[item.pk])
    assert f'href="{withdraw}"'.encode() in page.content
    assert {type(inline.opts).__name__ for inline in page.context["inline_admin_formsets"]} \
        == {"AssignmentInline"}
    response = client.post(withdraw, {"reason": "Đã lồng ghép vào nhiệm vụ khác."})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ResponsibilityItem.Status.WITHDRAWN
    assert set(Assignment.objects.filter(item=item).values_list("state", flat=True)) \
        == {Assignment.State.WITHDRAWN}
    event = Event.objects.get(verb="withdrawn", target_id=item.pk,
                              target_type__model="responsibilityitem")
    assert event.actor == published.admin
    page = client.get(_url(ResponsibilityItem, "change", item.pk))
    assert f'href="{withdraw}"'.encode() not in page.content


def test_the_directive_page_links_to_ending_its_follow_up(published):
    client = _admin(published)
    page = client.get(_url(Directive, "change", published.directive.pk))
    close = reverse("web:directive-close", args=[published.directive.pk])
    assert f'href="{close}"'.encode() in page.content


def _policy_form(directive, before_days: str) -> dict:
    return {"directive": directive.pk, "enabled": "on", "before_days": before_days,
            "on_due_day": "on", "overdue_first_days": 1, "overdue_repeat_days": 7,
            "escalate_after_days": 3, "escalate_to_unit_head": "on",
            "escalate_to_board": "on", "weekly_digest": "on"}


def test_a_reminder_policy_is_saved_through_its_service(published):
    client = _admin(published)
    response = client.post(_url(ReminderPolicy, "add/"),
                           _policy_form(published.directive, "[10, 2]"))
    assert response.status_code == 302, response.content[:2000]
    assert ReminderPolicy.objects.get(directive=published.directive).before_days == [10, 2]
    event = Event.objects.get(verb="reminder_policy_changed")
    assert event.actor == published.admin and event.data["after"]["before_days"] == [10, 2]


def test_a_reminder_policy_the_service_refuses_is_a_message_not_a_server_error(published):
    client = _admin(published)
    response = client.post(_url(ReminderPolicy, "add/"),
                           _policy_form(published.directive, "[200]"), follow=True)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Số ngày nhắc trước hạn phải là các số nguyên từ 1 đến 90." in text
    assert "Nhắc trước hạn (ngày)" in text  # the field it is about, by its label
    assert not ReminderPolicy.objects.filter(directive=published.directive).exists()
    assert not Event.objects.filter(verb="reminder_policy_changed").exists()


def test_an_item_saved_over_a_newer_edit_is_refused_not_overwritten(published):
    from directives.services import item_update

    client = _admin(published)
    item = published.fixed
    url = _url(ResponsibilityItem, "change", item.pk)
    data = _form(client, url)  # the administrator opens the page...
    assert data["expected_version"] == item.lock_version
    item_update(item=item, actor=published.reviewer, content="Xây dựng đề án (ban sửa)")
    data["expected_output"] = "Đề án"  # ...and saves it after the board's edit
    response = client.post(url, data, follow=True)
    assert "Nhiệm vụ đã được người khác sửa; hãy tải lại." in response.content.decode()
    item.refresh_from_db()
    assert (item.content, item.expected_output) == ("Xây dựng đề án (ban sửa)", "")


def test_a_directive_saved_over_a_newer_change_is_refused_not_overwritten(published):
    from directives.services import directive_update

    client = _admin(published)
    directive = published.directive
    url = _url(Directive, "change", directive.pk)
    data = _form(client, url)  # the administrator opens the page...
    with travel("2021-09-20"):
        directive_update(directive=directive, actor=published.reviewer, signer="Nguyễn Văn B")
    data["title"] = "Tiêu đề mới"  # ...and saves it after the board's change
    response = client.post(url, data, follow=True)
    assert "Văn bản đã được người khác sửa; hãy tải lại." in response.content.decode()
    directive.refresh_from_db()
    assert directive.signer == "Nguyễn Văn B" and directive.title != "Tiêu đề mới"
    assert not Event.objects.filter(verb="updated", actor=published.admin).exists()
