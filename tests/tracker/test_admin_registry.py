"""Every model in the admin is either reference data that administrators keep, or a row
the admin may not delete (and not bulk-delete). A model registered later has to take a
side here, so a workflow row cannot slip into the admin with Django's default
add/change/delete."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from tracker.admin import ReadOnlyAdmin, SavedByService

# Reference data: administrators add, change and delete these (DESIGN.md: units, users,
# calendars, reminder policies), plus the operations tables of the libraries (tokens to
# revoke, lockouts to clear, beat schedules).
REFERENCE_DATA = {
    "auth.User", "auth.Group", "accounts.DeviceToken",
    "axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog",
    "django_celery_beat.PeriodicTask", "django_celery_beat.ClockedSchedule",
    "django_celery_beat.CrontabSchedule", "django_celery_beat.SolarSchedule",
    "django_celery_beat.IntervalSchedule",
    "tracker.Unit", "tracker.UnitGroup", "tracker.Membership", "tracker.Holiday",
    "assignments.ReminderPolicy",
}
# Changed through their services (save_model calls one), never added or deleted here.
SAVED_BY_SERVICE = {"directives.Directive", "directives.ResponsibilityItem"}
# A directive's measures: edited here, deleted only while the directive is a draft.
DELETED_WHILE_DRAFT = {"reports.Indicator"}
# Workflow rows: if they are in the admin at all, it only shows them.
WORKFLOW = {
    "assignments.Assignment", "assignments.ReportingPeriod", "assignments.ReportObligation",
    "assignments.ExtensionRequest", "assignments.DeadlineChange",
    "assignments.ReminderDispatch", "assignments.StatusCount",
    "reports.ProgressReport", "reports.Review", "reports.Evidence", "reports.ReportEvidence",
    "reports.IndicatorValue", "reports.ExportJob", "reports.ReportComment",
    "tracker.Event", "tracker.Notification", "tracker.NotificationDelivery",
    "directives.Section",
}


@pytest.fixture
def request_as_superuser(db):
    request = RequestFactory().get("/admin/")
    request.user = get_user_model()(username="root", is_superuser=True, is_staff=True)
    return request


def _registry():
    return {model._meta.label: model_admin for model, model_admin in admin.site._registry.items()}


def test_every_registered_model_takes_a_side():
    sides = REFERENCE_DATA | SAVED_BY_SERVICE | DELETED_WHILE_DRAFT | WORKFLOW
    assert not set(_registry()) - sides, "a new admin must be reference data or refuse delete"
    assert not (REFERENCE_DATA & WORKFLOW) and not (SAVED_BY_SERVICE & WORKFLOW)


def test_no_model_outside_reference_data_can_be_deleted_from_the_admin(request_as_superuser):
    for label, model_admin in _registry().items():
        if label in REFERENCE_DATA:
            continue
        assert not model_admin.has_delete_permission(request_as_superuser), label
        assert "delete_selected" not in model_admin.get_actions(request_as_superuser), label
        if label not in DELETED_WHILE_DRAFT:
            assert not model_admin.has_delete_permission(request_as_superuser,
                                                         model_admin.model()), label
        for inline in model_admin.get_inline_instances(request_as_superuser):
            assert not inline.has_delete_permission(request_as_superuser), (label, inline)


def test_workflow_rows_are_shown_only(request_as_superuser):
    for label, model_admin in _registry().items():
        if label not in WORKFLOW:
            continue
        assert isinstance(model_admin, ReadOnlyAdmin), label
        assert not model_admin.has_add_permission(request_as_superuser), label
        assert not model_admin.has_change_permission(request_as_superuser), label
        for inline in model_admin.get_inline_instances(request_as_superuser):
            assert not inline.has_add_permission(request_as_superuser, None), (label, inline)
            assert not inline.has_change_permission(request_as_superuser), (label, inline)


def test_edits_outside_reference_data_go_through_a_service(request_as_superuser):
    for label, model_admin in _registry().items():
        if label in REFERENCE_DATA or label in DELETED_WHILE_DRAFT:
            continue
        if model_admin.has_change_permission(request_as_superuser):
            assert label in SAVED_BY_SERVICE, label
            assert isinstance(model_admin, SavedByService), label
            assert type(model_admin).save_model is not admin.ModelAdmin.save_model, label
            assert not model_admin.has_add_permission(request_as_superuser), label
            for inline in model_admin.get_inline_instances(request_as_superuser):
                assert not inline.has_change_permission(request_as_superuser), (label, inline)
