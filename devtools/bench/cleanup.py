"""Remove the bench namespace (unit codes `bench-…`, directives `BENCH-…`, users `bench-…`).

When the database holds nothing but the bench (no other directive, unit or user: a
database made for the benchmark), PostgreSQL truncates the tables — instant, where
deleting the ~17 M rows of the national dataset row by row takes many minutes.

Otherwise plain DELETE statements with subqueries, children first: the ORM's collector
would load millions of rows to cascade. Rows that real users created are never matched:
every statement is keyed on a bench directive, unit or user.

Events, reviews, deadline changes and extension requests are append-only
(tracker.appendonly): the deletes run inside `log_purge()`, the one bypass of the log's
guard (`SET LOCAL tracker.allow_purge = 'on'`, read by the PostgreSQL triggers).
"""

# SQL below is assembled from table names and constant fragments; every value is a
# query parameter.
# ruff: noqa: S608

from __future__ import annotations

import time

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from assignments.models import (
    Assignment,
    DeadlineChange,
    ExtensionRequest,
    ReminderDispatch,
    ReminderPolicy,
    ReportingPeriod,
    ReportObligation,
    StatusCount,
)
from directives.models import Directive, ResponsibilityItem, Section
from reports.models import Evidence, IndicatorValue, ProgressReport, ReportEvidence, Review
from tracker.appendonly import log_purge
from tracker.models import (
    Event,
    Membership,
    Notification,
    NotificationDelivery,
    Unit,
    UnitGroup,
)

from .generator import DIRECTIVE_PREFIX, UNIT_PREFIX, USER_PREFIX


def _t(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def bench_exists() -> bool:
    return (Directive.objects.filter(number__startswith=DIRECTIVE_PREFIX).exists()
            or Unit.objects.filter(code__startswith=UNIT_PREFIX).exists()
            or get_user_model().objects.filter(username__startswith=USER_PREFIX).exists())


def only_bench() -> bool:
    """True when every directive, unit and user in the database belongs to the bench."""
    return not (Directive.objects.exclude(number__startswith=DIRECTIVE_PREFIX).exists()
                or Unit.objects.exclude(code__startswith=UNIT_PREFIX).exists()
                or get_user_model().objects.exclude(username__startswith=USER_PREFIX).exists())


def _truncate(log=None) -> dict[str, int]:
    """Empty the tables the bench fills. Only called when `only_bench()`: then every row
    of these tables, and of any table whose rows point at them (CASCADE), is bench data
    (or the remains of reports and reminders about it)."""
    from tracker.accounts.models import DeviceToken as Token

    models = [Event, ReminderDispatch, NotificationDelivery, Notification, IndicatorValue,
              ReportEvidence, Evidence, Review, ProgressReport, DeadlineChange, ExtensionRequest,
              ReportObligation, ReportingPeriod, Assignment, ResponsibilityItem, Section,
              ReminderPolicy, StatusCount, Directive, UnitGroup.members.through, UnitGroup,
              Membership, Token, get_user_model(), Unit]
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(_t(m) for m in models)} CASCADE")
    if log:
        log(f"  truncated {len(models)} tables holding only bench data "
            f"({time.perf_counter() - started:.1f} s)")
    return {m._meta.db_table: -1 for m in models}


def delete_bench(log=None) -> dict[str, int]:
    """Delete every bench row; returns rows deleted per table (-1: truncated)."""
    from tracker.accounts.models import DeviceToken as Token

    if connection.vendor == "postgresql" and only_bench():
        return _truncate(log)

    User = get_user_model()
    directives = f"SELECT id FROM {_t(Directive)} WHERE number LIKE %s"
    items = f"SELECT id FROM {_t(ResponsibilityItem)} WHERE directive_id IN ({directives})"
    assignments = f"SELECT id FROM {_t(Assignment)} WHERE item_id IN ({items})"
    obligations = (f"SELECT id FROM {_t(ReportObligation)} "
                   f"WHERE assignment_id IN ({assignments})")
    reports = f"SELECT id FROM {_t(ProgressReport)} WHERE obligation_id IN ({obligations})"
    extensions = (f"SELECT id FROM {_t(ExtensionRequest)} "
                  f"WHERE assignment_id IN ({assignments})")
    units = f"SELECT id FROM {_t(Unit)} WHERE code LIKE %s"
    users = f"SELECT id FROM {User._meta.db_table} WHERE username LIKE %s"
    groups = f"SELECT id FROM {_t(UnitGroup)} WHERE code LIKE %s"
    d, u, p = DIRECTIVE_PREFIX + "%", UNIT_PREFIX + "%", USER_PREFIX + "%"

    def ct(model) -> int:
        return ContentType.objects.get_for_model(model).pk

    # One statement per target type: each is a semi-join (an OR of IN-subqueries would
    # be planned as subplans, hopeless at national scale once they outgrow work_mem).
    steps = [
        (f"events of {label}", f"DELETE FROM {_t(Event)} WHERE target_type_id = %s "
         f"AND target_id IN ({subquery})", [ct(model), d])
        for label, model, subquery in [
            ("reports", ProgressReport, reports), ("assignments", Assignment, assignments),
            ("obligations", ReportObligation, obligations),
            ("extension requests", ExtensionRequest, extensions),
            ("directives", Directive, directives)]
    ] + [
        ("events by bench users", f"DELETE FROM {_t(Event)} WHERE actor_id IN ({users})", [p]),
        ("reminder dispatches", f"DELETE FROM {_t(ReminderDispatch)} WHERE "
         f"obligation_id IN ({obligations})", [d]),
        ("digest dispatches", f"DELETE FROM {_t(ReminderDispatch)} WHERE "
         f"recipient_id IN ({users})", [p]),
        ("notification deliveries", f"DELETE FROM {_t(NotificationDelivery)} WHERE "
         f"notification_id IN (SELECT id FROM {_t(Notification)} "
         f"WHERE recipient_id IN ({users}))", [p]),
        ("notifications", f"DELETE FROM {_t(Notification)} WHERE recipient_id IN ({users})",
         [p]),
        ("indicator values", f"DELETE FROM {_t(IndicatorValue)} "
         f"WHERE report_id IN ({reports})", [d]),
        ("evidence links", f"DELETE FROM {_t(ReportEvidence)} "
         f"WHERE report_id IN ({reports})", [d]),
        ("evidence", f"DELETE FROM {_t(Evidence)} WHERE report_id IN ({reports})", [d]),
        ("reviews", f"DELETE FROM {_t(Review)} WHERE report_id IN ({reports})", [d]),
        ("reports", f"DELETE FROM {_t(ProgressReport)} WHERE id IN ({reports})", [d]),
        ("deadline changes", f"DELETE FROM {_t(DeadlineChange)} "
         f"WHERE assignment_id IN ({assignments})", [d]),
        ("extension requests", f"DELETE FROM {_t(ExtensionRequest)} "
         f"WHERE id IN ({extensions})", [d]),
        ("obligations", f"DELETE FROM {_t(ReportObligation)} WHERE id IN ({obligations})",
         [d]),
        ("periods", f"DELETE FROM {_t(ReportingPeriod)} WHERE directive_id IN ({directives})",
         [d]),
        ("assignments", f"DELETE FROM {_t(Assignment)} WHERE id IN ({assignments})", [d]),
        ("items", f"DELETE FROM {_t(ResponsibilityItem)} WHERE id IN ({items})", [d]),
        ("sections", f"DELETE FROM {_t(Section)} WHERE directive_id IN ({directives})", [d]),
        ("reminder policies", f"DELETE FROM {_t(ReminderPolicy)} "
         f"WHERE directive_id IN ({directives})", [d]),
        ("status counts", f"DELETE FROM {_t(StatusCount)} WHERE directive_id IN ({directives})",
         [d]),
        ("directives", f"DELETE FROM {_t(Directive)} WHERE number LIKE %s", [d]),
        ("group members", f"DELETE FROM {_t(UnitGroup.members.through)} "
         f"WHERE unitgroup_id IN ({groups})", [u]),
        ("unit groups", f"DELETE FROM {_t(UnitGroup)} WHERE code LIKE %s", [u]),
        ("memberships", f"DELETE FROM {_t(Membership)} WHERE user_id IN ({users}) "
         f"OR unit_id IN ({units})", [p, u]),
        ("tokens", f"DELETE FROM {_t(Token)} WHERE user_id IN ({users})", [p]),
        ("users", f"DELETE FROM {User._meta.db_table} WHERE username LIKE %s", [p]),
        ("units", f"DELETE FROM {_t(Unit)} WHERE code LIKE %s", [u]),
    ]
    deleted: dict[str, int] = {}
    with log_purge(), connection.cursor() as cursor:
        for label, sql, params in steps:
            started = time.perf_counter()
            cursor.execute(sql, params)
            deleted[label] = cursor.rowcount
            if log:
                log(f"  deleted {cursor.rowcount:>9} {label} "
                    f"({time.perf_counter() - started:.1f} s)")
    return deleted
