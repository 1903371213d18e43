"""Every CheckConstraint and UniqueConstraint binds the database itself: a raw write that
bypasses the services is refused by the database, whatever the code above it does."""

import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from assignments.models import (
    Assignment,
    DeadlineChange,
    ExtensionRequest,
    ReportingPeriod,
    ReportObligation,
)
from directives.models import Directive, ResponsibilityItem, Section
from reports.models import Indicator, IndicatorValue, ProgressReport, Review
from tests.assignments.helpers import assignment_for, lead_of, only_obligation
from tracker.models import Holiday, Membership, Notification, NotificationDelivery, Unit

pytestmark = [pytest.mark.django_db, pytest.mark.writes_around_services]

D = dt.date
APPS = ("tracker", "directives", "assignments", "reports")


def _obligation(w) -> ReportObligation:
    return only_obligation(assignment_for(w.continuous, w.district_a))


def _report(w, **fields) -> ProgressReport:
    fields.setdefault("obligation", _obligation(w))
    return ProgressReport.objects.create(author=w.reporter_a, unit_name="Huyện ủy A", **fields)


def _submitted_report(w) -> ProgressReport:
    return _report(w, status="submitted", submitted_at=timezone.now())


def _extension(w, **fields) -> ExtensionRequest:
    obligation = _obligation(w)
    values = {"assignment": obligation.assignment, "obligation": obligation,
              "requested_by": w.reporter_a, "current_due_on": obligation.due_on,
              "requested_due_on": obligation.due_on + dt.timedelta(days=10),
              "reason": "Lý do"}
    values.update(fields)
    return ExtensionRequest.objects.create(**values)


def _indicator(w, **fields) -> Indicator:
    values = {"directive": w.directive, "code": "dang-vien-moi", "name": "Đảng viên mới",
              "unit_of_measure": "người"}
    values.update(fields)
    return Indicator.objects.create(**values)


def _notification(w) -> Notification:
    return Notification.objects.create(recipient=w.reporter_a, kind="k", title="t")


def _only(model, obj):
    return model.objects.filter(pk=obj.pk)


def _period(w) -> ReportingPeriod:
    return _obligation(w).period


def _directive(w, **fields):
    values = {"number": "99-CT/TU", "kind": "chi_thi", "title": "x", "issuer": w.directive.issuer,
              "issued_on": D(2022, 1, 1), "supervising_unit": w.board}
    values.update(fields)
    return Directive.objects.create(**values)


def _twice(make):
    make()
    make()


NOW = timezone.now

CASES = {
    # tracker
    "unit_kind_valid": lambda w: _only(Unit, w.youth).update(kind="ministry"),
    "unit_successor_not_self": lambda w: _only(Unit, w.youth).update(successor=w.youth),
    "unit_parent_not_self": lambda w: _only(Unit, w.youth).update(parent=w.youth),
    "unit_inactive_has_date": lambda w: _only(Unit, w.youth).update(is_active=False),
    "unit_valid_range": lambda w: _only(Unit, w.youth).update(valid_from=D(2025, 7, 1),
                                                              valid_to=D(2025, 1, 1)),
    "membership_unique": lambda w: Membership.objects.create(
        user=w.reporter_a, unit=w.district_a, role="reporter"),
    "membership_role_valid": lambda w: Membership.objects.filter(user=w.reporter_a).update(
        role="admin"),
    "holiday_kind_valid": lambda w: Holiday.objects.create(date=D(2022, 1, 2), name="x",
                                                           kind="weekend"),
    "delivery_unique": lambda w: (lambda n: _twice(
        lambda: NotificationDelivery.objects.create(notification=n, channel="email")))(
        _notification(w)),
    "delivery_status_valid": lambda w: NotificationDelivery.objects.create(
        notification=_notification(w), channel="email", status="lost"),
    # directives
    "directive_number_unique": lambda w: _directive(w, number="06-CT/TU"),
    "directive_kind_valid": lambda w: _only(Directive, w.directive).update(kind="luat"),
    "directive_status_valid": lambda w: _only(Directive, w.directive).update(status="archived"),
    "directive_cadence_valid": lambda w: _only(Directive, w.directive).update(
        report_cadence="weekly"),
    "directive_due_day_range": lambda w: _only(Directive, w.directive).update(report_due_day=0),
    "directive_reporting_range": lambda w: _only(Directive, w.directive).update(
        reporting_starts_on=D(2022, 1, 1), reporting_ends_on=D(2021, 12, 31)),
    "section_order_unique": lambda w: _twice(
        lambda: Section.objects.create(directive=w.directive, order=1, addressee="x")),
    "item_order_unique": lambda w: ResponsibilityItem.objects.create(
        directive=w.directive, order=w.continuous.order, content="x"),
    "item_deadline_mode_valid": lambda w: _only(ResponsibilityItem, w.continuous).update(
        deadline_mode="weekly"),
    "item_assignment_mode_valid": lambda w: _only(ResponsibilityItem, w.continuous).update(
        assignment_mode="solo"),
    "item_status_valid": lambda w: _only(ResponsibilityItem, w.continuous).update(
        status="deleted"),
    "item_fixed_has_due_date": lambda w: _only(ResponsibilityItem, w.fixed).update(due_on=None),
    "item_cadence_valid": lambda w: _only(ResponsibilityItem, w.continuous).update(
        cadence="weekly"),
    "item_withdrawn_has_time": lambda w: _only(ResponsibilityItem, w.continuous).update(
        status="withdrawn"),
    # assignments
    "assignment_item_unit_unique": lambda w: Assignment.objects.create(
        item=w.continuous, unit=w.district_a, original_unit=w.district_a,
        assigned_on=w.directive.issued_on),
    "assignment_one_lead_per_joint_item": lambda w: Assignment.objects.create(
        item=w.fixed, unit=w.district_b, original_unit=w.district_b, role="lead",
        is_joint=True, assigned_on=w.directive.issued_on),
    "assignment_role_valid": lambda w: _only(Assignment, lead_of(w.fixed)).update(
        role="observer"),
    "assignment_state_valid": lambda w: _only(Assignment, lead_of(w.fixed)).update(
        state="paused"),
    "assignment_due_not_before_directive": lambda w: _only(Assignment, lead_of(w.fixed)).update(
        original_due_on=D(2021, 9, 6)),
    "assignment_current_due_not_before_directive": lambda w: _only(
        Assignment, lead_of(w.fixed)).update(current_due_on=D(2021, 9, 6)),
    "assignment_due_dates_together": lambda w: _only(
        Assignment, assignment_for(w.continuous, w.district_a)).update(
        original_due_on=D(2022, 1, 1)),
    "assignment_completed_has_dates": lambda w: _only(Assignment, lead_of(w.fixed)).update(
        state="completed"),
    "assignment_withdrawn_has_time": lambda w: _only(Assignment, lead_of(w.fixed)).update(
        state="withdrawn"),
    "period_unique": lambda w: (lambda p: ReportingPeriod.objects.create(
        directive=p.directive, cadence=p.cadence, label="x", starts_on=p.starts_on,
        ends_on=p.ends_on, due_on=p.due_on))(_period(w)),
    "period_range_valid": lambda w: _only(ReportingPeriod, _period(w)).update(
        ends_on=D(2021, 6, 30)),
    "period_due_after_start": lambda w: _only(ReportingPeriod, _period(w)).update(
        due_on=D(2021, 6, 30)),
    "period_cadence_valid": lambda w: _only(ReportingPeriod, _period(w)).update(cadence="weekly"),
    "obligation_unique": lambda w: (lambda o: ReportObligation.objects.create(
        assignment=o.assignment, period=o.period, original_due_on=o.due_on, due_on=o.due_on))(
        _obligation(w)),
    "obligation_state_valid": lambda w: _only(ReportObligation, _obligation(w)).update(
        state="lost"),
    "obligation_submitted_has_dates": lambda w: _only(ReportObligation, _obligation(w)).update(
        state="submitted"),
    "obligation_accepted_has_time": lambda w: _only(ReportObligation, _obligation(w)).update(
        state="accepted", first_submitted_at=NOW(), effective_submitted_on=D(2021, 12, 1)),
    "obligation_returned_has_deadline": lambda w: _only(ReportObligation, _obligation(w)).update(
        state="returned", first_submitted_at=NOW(), effective_submitted_on=D(2021, 12, 1)),
    "deadline_change_source_valid": lambda w: DeadlineChange.objects.create(
        assignment=lead_of(w.fixed), old_due_on=D(2021, 12, 31), new_due_on=D(2022, 1, 31),
        source="whim", changed_at=NOW(), actor=w.reviewer),
    "extension_status_valid": lambda w: _extension(w, status="maybe", decided_at=NOW(),
                                                   decided_by=w.reviewer),
    "extension_later_date": lambda w: _extension(w, requested_due_on=D(2021, 12, 15)),
    "extension_one_pending_per_obligation": lambda w: _twice(lambda: _extension(w)),
    "extension_decided_has_time": lambda w: _extension(w, status="rejected"),
    "extension_approved_has_date": lambda w: _extension(
        w, status="approved", decided_at=NOW(), decided_by=w.reviewer),
    # reports
    "report_version_unique": lambda w: (_report(w), _report(
        w, status="returned", submitted_at=NOW(), decided_at=NOW())),
    "report_one_live_per_obligation": lambda w: (_report(w), _report(w, version=2)),
    "report_status_valid": lambda w: _report(w, status="lost"),
    "report_progress_range": lambda w: _only(ProgressReport, _report(w)).update(
        progress_percent=101),
    "report_version_positive": lambda w: _report(w, version=0),
    "report_submitted_has_time": lambda w: _only(ProgressReport, _report(w)).update(
        status="submitted"),
    "report_decided_has_time": lambda w: _only(ProgressReport, _submitted_report(w)).update(
        status="accepted"),
    "review_one_per_report": lambda w: (lambda r: _twice(lambda: Review.objects.create(
        report=r, reviewer=w.reviewer, decision="accept", decided_at=NOW())))(
        _submitted_report(w)),
    "review_decision_valid": lambda w: Review.objects.create(
        report=_submitted_report(w), reviewer=w.reviewer, decision="maybe", decided_at=NOW()),
    "review_return_has_deadline": lambda w: Review.objects.create(
        report=_submitted_report(w), reviewer=w.reviewer, decision="return", decided_at=NOW()),
    "indicator_code_unique": lambda w: _twice(lambda: _indicator(w)),
    "indicator_aggregation_valid": lambda w: _indicator(w, aggregation="max"),
    "indicator_target_non_negative": lambda w: _indicator(w, target=Decimal("-1")),
    "indicator_value_unique": lambda w: (lambda r, i: _twice(
        lambda: IndicatorValue.objects.create(report=r, indicator=i, reported_value=1)))(
        _report(w), _indicator(w)),
    "indicator_target_rate_range": lambda w: _indicator(w, target_rate=Decimal("100.5")),
    "indicator_value_non_negative": lambda w: IndicatorValue.objects.create(
        report=_report(w), indicator=_indicator(w), reported_value=Decimal("-0.5")),
    "indicator_verified_non_negative": lambda w: IndicatorValue.objects.create(
        report=_report(w), indicator=_indicator(w), reported_value=1,
        verified_value=Decimal("-1")),
}

# The foundation's models: a constraint added to one of them needs a case above.
FOUNDATION_MODELS = (Unit, Membership, Holiday, NotificationDelivery, Directive, Section,
                     ResponsibilityItem, Assignment, ReportingPeriod, ReportObligation,
                     DeadlineChange, ExtensionRequest, ProgressReport, Review, Indicator,
                     IndicatorValue)


def _declared() -> dict[str, tuple[type[models.Model], models.BaseConstraint]]:
    found = {}
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            for constraint in model._meta.constraints:
                found[constraint.name] = (model, constraint)
    return found


def _unique_columns(message: str) -> set[str] | None:
    """SQLite names the columns of the unique index that failed (PostgreSQL its name)."""
    if "unique constraint failed:" not in message:
        return None
    columns = message.split("failed:", 1)[1].split(",")
    return {column.strip().rsplit(".", 1)[-1] for column in columns}


def test_every_foundation_constraint_has_a_case():
    foundation = {c.name for model in FOUNDATION_MODELS for c in model._meta.constraints}
    assert foundation - set(CASES) == set()
    assert set(CASES) - set(_declared()) == set()  # no case for a constraint that is gone


@pytest.mark.parametrize("name", sorted(CASES))
def test_database_refuses_a_raw_write_breaking(published, name):
    model, constraint = _declared()[name]
    with pytest.raises(IntegrityError) as err, transaction.atomic():
        CASES[name](published)
    message = str(err.value).lower()
    # This very constraint fired, not another one.
    if isinstance(constraint, models.CheckConstraint) or _unique_columns(message) is None:
        assert name in message
    else:
        expected = {model._meta.get_field(f).column for f in constraint.fields}
        assert _unique_columns(message) == expected


@pytest.mark.parametrize("name", ["report_progress_range", "extension_later_date",
                                  "assignment_due_not_before_directive"])
def test_the_boundary_value_is_accepted(published, name):
    """The constraints refuse just past the limit, not at it."""
    with transaction.atomic():
        if name == "report_progress_range":
            _only(ProgressReport, _report(published)).update(progress_percent=100)
        elif name == "extension_later_date":
            _extension(published, requested_due_on=D(2021, 12, 16))
        else:
            _only(Assignment, lead_of(published.fixed)).update(
                original_due_on=published.directive.issued_on,
                current_due_on=published.directive.issued_on)
