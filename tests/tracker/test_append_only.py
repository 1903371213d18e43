"""The log can't be rewritten: events, reviews, deadline changes and decided extension
requests refuse every way of changing or deleting them (tracker.appendonly).

Each way is tried on each table: an ORM save of a loaded row, a queryset update(),
bulk_update(), a model delete(), a queryset delete(); on PostgreSQL also raw SQL UPDATE
and DELETE (the trigger of reports migration 0006). The legitimate writes still work:
an extension request is decided once, the bench cleanup purges its own rows.
"""

import datetime as dt

import pytest
from django.contrib import admin
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from assignments.models import DeadlineChange, ExtensionRequest, ReportObligation
from assignments.services import extension_approve, extension_request_create
from reports.models import ReportComment, Review
from reports.reviewing import report_comment_add
from tests.assignments.helpers import accept, lead_of, submit
from tests.conftest import travel
from tracker.appendonly import LogRewriteError, log_purge
from tracker.models import Event

pytestmark = pytest.mark.django_db

# Figures for the README (issue 18): every way tried below, per table.
ORM_WAYS = ["save", "queryset update", "bulk_update", "delete", "queryset delete"]


@pytest.fixture
def decided(published):
    """One of each: events, an accepted report's review, an approved extension (with
    its deadline change) and a pending request."""
    lead = lead_of(published.fixed)
    with travel("2021-12-20"):
        request = extension_request_create(assignment=lead, actor=published.reporter_a,
                                           requested_due_on=dt.date(2022, 1, 31),
                                           reason="Chờ số liệu")
    with travel("2021-12-22"):
        extension_approve(request=request, actor=published.reviewer)
    half = ReportObligation.objects.get(assignment__unit=published.district_a,
                                       assignment__item=published.continuous,
                                       period__label="6 tháng cuối năm 2021")
    with travel("2022-01-05"):
        report = submit(half, published.reporter_a)
        report_comment_add(report=report, actor=published.reporter_a, body="Đã gửi đủ.")
        accept(report, published.reviewer)
    with travel("2022-01-06"):
        pending = extension_request_create(assignment=lead, actor=published.reporter_a,
                                           requested_due_on=dt.date(2022, 2, 28),
                                           reason="Chờ thêm số liệu")
    published.pending = pending
    return published


def _rows():
    return {
        "event": Event.objects.order_by("id").first(),
        "review": Review.objects.get(),
        "deadline change": DeadlineChange.objects.order_by("id").first(),
        "decided extension": ExtensionRequest.objects.exclude(status="pending").get(),
        "report comment": ReportComment.objects.get(),
    }


def _field(row):
    return {"event": "note", "review": "comment", "deadline change": "reason",
            "decided extension": "decision_note", "report comment": "body"}[row]


@pytest.mark.parametrize("way", ORM_WAYS)
@pytest.mark.parametrize("row", ["event", "review", "deadline change", "decided extension",
                                 "report comment"])
def test_the_orm_refuses_to_rewrite_the_log(decided, row, way):
    obj = _rows()[row]
    model, field = type(obj), _field(row)
    before = model.objects.filter(pk=obj.pk).values().get()
    count = model.objects.count()
    with pytest.raises(LogRewriteError, match="append-only"):
        if way == "save":
            setattr(obj, field, "rewritten")
            obj.save()
        elif way == "queryset update":
            model.objects.filter(pk=obj.pk).update(**{field: "rewritten"})
        elif way == "bulk_update":
            setattr(obj, field, "rewritten")
            model.objects.bulk_update([obj], [field])
        elif way == "delete":
            obj.delete()
        else:
            model.objects.filter(pk=obj.pk).delete()
    assert model.objects.filter(pk=obj.pk).values().get() == before
    assert model.objects.count() == count


def test_an_unsaved_copy_cannot_overwrite_a_row(decided):
    event = Event.objects.order_by("id").first()
    copy = Event(pk=event.pk, target_type=event.target_type, target_id=event.target_id,
                 verb=event.verb, at=event.at, note="rewritten")
    with pytest.raises(Exception), transaction.atomic():  # noqa: B017 (IntegrityError)
        copy.save()
    event.refresh_from_db()
    assert event.note != "rewritten"


def test_related_managers_are_guarded_too(decided):
    report = Review.objects.get().report
    with pytest.raises(LogRewriteError):
        report.reviews.all().delete()
    with pytest.raises(LogRewriteError):
        report.reviews.update(comment="x")


def test_a_pending_request_is_decided_once_then_frozen(decided):
    pending = decided.pending
    with travel("2022-01-07"):
        decided_request = extension_approve(request=pending, actor=decided.reviewer)
    assert decided_request.status == "approved"
    with pytest.raises(LogRewriteError):
        decided_request.decision_note = "changed later"
        decided_request.save()
    with pytest.raises(LogRewriteError):
        ExtensionRequest.objects.filter(pk=pending.pk).update(status="rejected")
    with pytest.raises(LogRewriteError):
        ExtensionRequest.objects.filter(pk=pending.pk).delete()


def test_a_pending_request_cannot_be_deleted(decided):
    with pytest.raises(LogRewriteError):
        decided.pending.delete()
    assert ExtensionRequest.objects.filter(pk=decided.pending.pk).exists()


@pytest.mark.parametrize("model", [Event, Review, DeadlineChange, ExtensionRequest,
                                   ReportComment])
def test_the_admin_neither_changes_nor_deletes_log_rows(admin_user, model):
    request = RequestFactory().get("/")
    request.user = admin_user
    model_admin = admin.site._registry[model]
    assert not model_admin.has_delete_permission(request)
    assert not model_admin.has_change_permission(request)
    assert "delete_selected" not in model_admin.get_actions(request)


def test_log_purge_is_the_one_bypass(decided):
    with log_purge():
        Event.objects.filter(pk=Event.objects.order_by("id").first().pk).delete()
    with pytest.raises(LogRewriteError):  # and only inside its block
        Event.objects.order_by("id").first().delete()


# --- PostgreSQL: the trigger refuses raw SQL too --------------------------------------

RAW = {
    "event": ("tracker_event", "note = 'rewritten'"),
    "review": ("reports_review", "comment = 'rewritten'"),
    "deadline change": ("assignments_deadlinechange", "reason = 'rewritten'"),
    "decided extension": ("assignments_extensionrequest", "decision_note = 'rewritten'"),
    "report comment": ("reports_reportcomment", "body = 'rewritten'"),
}


def _postgres():
    if connection.vendor != "postgresql":
        pytest.skip("the log's triggers are PostgreSQL's")


@pytest.mark.postgres_only
@pytest.mark.parametrize("statement", ["UPDATE", "DELETE"])
@pytest.mark.parametrize("row", list(RAW))
def test_postgresql_refuses_raw_sql_rewrites(decided, row, statement):
    _postgres()
    obj = _rows()[row]
    table, assignment = RAW[row]
    sql = (f"UPDATE {table} SET {assignment} WHERE id = %s" if statement == "UPDATE"  # noqa: S608
           else f"DELETE FROM {table} WHERE id = %s")  # noqa: S608
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute(sql, [obj.pk])
    obj.refresh_from_db()
    assert getattr(obj, _field(row)) != "rewritten"


@pytest.mark.postgres_only
def test_postgresql_lets_a_pending_request_be_decided_but_not_deleted(decided):
    _postgres()
    pk = decided.pending.pk
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute("DELETE FROM assignments_extensionrequest WHERE id = %s", [pk])
    with connection.cursor() as cursor:
        cursor.execute("UPDATE assignments_extensionrequest SET decision_note = 'ok' "
                       "WHERE id = %s", [pk])
        assert cursor.rowcount == 1


@pytest.mark.postgres_only
def test_postgresql_purge_only_inside_log_purge(decided):
    _postgres()
    pk = Event.objects.order_by("id").first().pk
    with log_purge(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM tracker_event WHERE id = %s", [pk])
        assert cursor.rowcount == 1
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute("DELETE FROM tracker_event")
