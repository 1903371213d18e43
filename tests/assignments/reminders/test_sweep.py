"""The sweep: each reminder exactly once, one digest per person per run, never lost."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, connection, connections, transaction

from assignments.models import ReminderDispatch, ReportObligation
from assignments.reminders.dispatch import _claim_new
from assignments.reminders.planning import SweepResult as _Result
from assignments.reminders.policy import reminder_policy_set
from assignments.reminders.recipients import _people
from assignments.reminders.sweep import reminders_sweep
from assignments.services import deadline_edit
from tests.assignments.helpers import send_back, submit
from tests.conftest import at, travel
from tracker.calendar import WorkingCalendar
from tracker.models import Membership, Notification, NotificationDelivery

pytestmark = pytest.mark.django_db


def sweep_at(day: str, hour: int = 7, minute: int = 30):
    with travel(day, hour, minute):
        return reminders_sweep()


def keys_for(obligation, user) -> list[str]:
    return list(ReminderDispatch.objects.filter(obligation=obligation, recipient=user)
                .order_by("scheduled_at", "id").values_list("step", flat=True))


def test_a_whole_ladder_every_15_minutes_sends_each_rung_once(ladder_world):
    w = ladder_world
    day = dt.date(2021, 12, 1)
    while day <= dt.date(2022, 1, 7):
        for hour, minute in ((0, 15), (7, 15), (7, 30), (7, 45), (16, 0)):
            sweep_at(day.isoformat(), hour, minute)
        day += dt.timedelta(days=1)
    assert keys_for(w.half, w.reporter_a) == [
        "due-7@2021-12-15", "due-3@2021-12-15", "due-1@2021-12-15", "due0@2021-12-15",
        "over+1@2021-12-15", "over+3@2021-12-15", "over+8@2021-12-15", "over+15@2021-12-15",
        "over+22@2021-12-15"]
    # Escalation from 3 days overdue to the unit head and the supervising board.
    escalated = ["over+3@2021-12-15", "over+8@2021-12-15", "over+15@2021-12-15",
                 "over+22@2021-12-15"]
    assert keys_for(w.half, w.head_a) == escalated
    assert keys_for(w.half, w.reviewer) == escalated
    assert ReminderDispatch.objects.filter(recipient=w.reporter_youth,
                                           obligation=w.half).count() == 0
    # Everything went out at 07:30 on a working day, and all of it was sent.
    calendar = WorkingCalendar.load()
    for row in ReminderDispatch.objects.all():
        local = row.scheduled_at.astimezone(at("2021-12-01").tzinfo)
        assert (local.hour, local.minute) == (7, 30) and calendar.is_working_day(local.date())
        assert row.status == ReminderDispatch.Status.SENT and row.notification_id
    # One notification per person per run: never more than one a day for anyone.
    per_day = {}
    for n in Notification.objects.filter(kind="reminder"):
        key = (n.recipient_id, n.created_at.astimezone(at("2021-12-01").tzinfo).date())
        per_day[key] = per_day.get(key, 0) + 1
    assert max(per_day.values()) == 1
    # The weekly digest went to the board and the leaders once a week (Mondays).
    digests = ReminderDispatch.objects.filter(obligation__isnull=True, recipient=w.leader)
    assert sorted(digests.values_list("step", flat=True)) == [
        "digest@2021-W48", "digest@2021-W49", "digest@2021-W50", "digest@2021-W51",
        "digest@2021-W52", "digest@2022-W01"]


def test_a_rerun_sends_nothing_new(ladder_world):
    first = sweep_at("2021-12-08")
    # huyen-b has no email address: in-app only.
    assert first.notifications == 4 and len(mail.outbox) == first.deliveries["sent"] == 3
    outbox = len(mail.outbox)
    notifications = Notification.objects.count()
    rerun = sweep_at("2021-12-08", 7, 45)
    assert (rerun.claimed, rerun.notifications) == (0, 0)
    assert (len(mail.outbox), Notification.objects.count()) == (outbox, notifications)


def test_one_notification_and_one_email_per_person_listing_all_items(ladder_world):
    w = ladder_world
    # 24/12: the half-year report is 9 days late (weekly rung of 23/12, escalated), the
    # joint deliverable is 7 days from due.
    sweep_at("2021-12-24")
    (note,) = Notification.objects.filter(recipient=w.reporter_a, kind="reminder")
    assert "2 báo cáo của đơn vị cần nộp" in note.title
    assert "quá hạn 9 ngày" in note.body and "còn 7 ngày" in note.body
    # Links are stored relative and made absolute (SITE_URL) in the email.
    assert note.body.count("\n  /") == 2 and "06-CT/TU" in note.body and "http" not in note.body
    assert "quá hạn 9 ngày" in note.text and "(và 1 báo cáo khác)" in note.text
    mails = [m for m in mail.outbox if m.to == ["a@example.org"]]
    assert len(mails) == 1 and "Xây dựng đề án" in mails[0].body
    assert mails[0].body.count("http://") == 3  # two items and the link of the letter
    assert set(note.deliveries.values_list("channel", "status")) == {
        ("in_app", "sent"), ("email", "sent")}
    (board_note,) = Notification.objects.filter(recipient=w.reviewer, kind="reminder")
    assert "cần đôn đốc" in board_note.title and "tổng hợp tuần" in board_note.title
    assert "Huyện ủy A" in board_note.body


def test_submitting_stops_the_ladder_and_returning_restarts_it_on_resubmit_by(ladder_world):
    w = ladder_world
    sweep_at("2021-12-08")
    with travel("2021-12-10"):
        report = submit(w.half, w.reporter_a)
    sweep_at("2021-12-13")
    sweep_at("2021-12-20")
    assert keys_for(w.half, w.reporter_a) == ["due-7@2021-12-15"]
    with travel("2021-12-20", 10):
        send_back(report, w.reviewer, resubmit_by=dt.date(2021, 12, 27))
    sweep_at("2021-12-21")  # the 7-day rung of the new deadline (6 days left)
    sweep_at("2021-12-22")  # nothing new
    sweep_at("2021-12-28")  # 1 day after resubmit_by
    assert keys_for(w.half, w.reporter_a) == [
        "due-7@2021-12-15", "resubmit-due-7@2021-12-27", "resubmit-over+1@2021-12-27"]
    (note,) = Notification.objects.filter(recipient=w.reporter_a,
                                          reminder_dispatches__step__startswith="resubmit-due")
    assert "bị trả lại, hạn nộp lại 27/12/2021 (còn 6 ngày)" in note.body


def test_changing_the_due_date_rebases_the_ladder(ladder_world):
    w = ladder_world
    sweep_at("2021-12-08")
    with travel("2021-12-09", 15):
        deadline_edit(obligation=w.half, actor=w.reviewer, new_due_on=dt.date(2022, 1, 14),
                      reason="Lùi hạn theo kết luận của Thường trực.")
    for day in ("2021-12-13", "2021-12-14", "2021-12-15", "2021-12-16", "2022-01-07",
                "2022-01-11", "2022-01-13"):
        sweep_at(day)
    assert keys_for(w.half, w.reporter_a) == [
        "due-7@2021-12-15", "due-7@2022-01-14", "due-3@2022-01-14", "due-1@2022-01-14"]


def escalation_rows(obligation) -> list[tuple[str, str]]:
    return sorted(ReminderDispatch.objects.filter(obligation=obligation,
                                                  step="over+3@2021-12-15")
                  .values_list("recipient__username", "audience"))


def test_someone_in_two_roles_is_told_once_under_the_first_that_reaches_them(ladder_world):
    w = ladder_world
    # The board's reviewer is also district A's head; A's head also reviews for the board.
    Membership.objects.create(user=w.reviewer, unit=w.district_a,
                              role=Membership.Role.UNIT_HEAD)
    Membership.objects.create(user=w.head_a, unit=w.board, role=Membership.Role.REVIEWER)
    sweep_at("2021-12-20")  # the half-year report is 5 days late: escalated
    assert escalation_rows(w.half) == [
        ("danvan", "unit_head"), ("huyen-a", "unit"), ("truong-a", "unit_head")]
    # Each got one notification, and a rerun adds nothing.
    assert Notification.objects.filter(recipient=w.reviewer).count() == 1
    assert sweep_at("2021-12-20", 8).claimed == 0


def test_when_heads_are_not_told_a_head_who_reviews_is_told_as_the_board(ladder_world):
    w = ladder_world
    reminder_policy_set(directive=w.directive, actor=w.reviewer, escalate_to_unit_head=False)
    Membership.objects.create(user=w.reviewer, unit=w.district_a,
                              role=Membership.Role.UNIT_HEAD)
    Membership.objects.create(user=w.reporter_a, unit=w.board, role=Membership.Role.REVIEWER)
    sweep_at("2021-12-20")
    assert escalation_rows(w.half) == [("danvan", "board"), ("huyen-a", "unit")]


def test_a_sweep_killed_after_claiming_is_taken_over_after_the_lease(ladder_world, settings):
    settings.REMINDERS_CLAIM_LEASE_SECONDS = 600
    with travel("2021-12-08", 7, 30):
        # A sweep records its claims, then its worker dies before sending anything.
        dead = _Result(as_of=at("2021-12-08", 7, 30), token="dead-worker")
        _claim_new(dead, now=at("2021-12-08", 7, 30), clock=at("2021-12-08", 7, 30),
                   calendar=WorkingCalendar.load(), people=_people())
    claimed = ReminderDispatch.objects.filter(claim_token="dead-worker").count()
    assert claimed >= 2 and not Notification.objects.filter(kind="reminder").exists()
    # The next sweep within the lease leaves them alone (the owner might still be working)…
    result = sweep_at("2021-12-08", 7, 35)
    assert (result.notifications, result.reclaimed) == (0, 0)
    # …the one after the lease takes them over and sends each exactly once.
    result = sweep_at("2021-12-08", 7, 45)
    assert result.reclaimed == claimed and result.notifications >= 2
    assert ReminderDispatch.objects.filter(status=ReminderDispatch.Status.SENT).count() == claimed
    assert len([m for m in mail.outbox if m.to == ["a@example.org"]]) == 1
    assert sweep_at("2021-12-08", 8, 30).notifications == 0


def test_a_claim_for_a_report_submitted_since_is_cancelled_not_sent(ladder_world):
    w = ladder_world
    with travel("2021-12-08", 7, 30):
        dead = _Result(as_of=at("2021-12-08", 7, 30), token="dead-worker")
        _claim_new(dead, now=at("2021-12-08", 7, 30), clock=at("2021-12-08", 7, 30),
                   calendar=WorkingCalendar.load(), people=_people())
    with travel("2021-12-08", 9):
        submit(w.half, w.reporter_a)
    result = sweep_at("2021-12-08", 10)
    assert result.cancelled == 1
    row = ReminderDispatch.objects.get(obligation=w.half, recipient=w.reporter_a)
    assert row.status == ReminderDispatch.Status.CANCELLED


def test_the_dispatch_key_is_unique_in_the_database(ladder_world):
    w = ladder_world
    sweep_at("2021-12-08")
    row = ReminderDispatch.objects.filter(obligation__isnull=False).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        ReminderDispatch.objects.create(
            obligation=row.obligation, step=row.step, recipient=row.recipient,
            audience=row.audience, scheduled_at=row.scheduled_at, claim_token="other",
            claimed_at=row.claimed_at)
    digest = ReminderDispatch.objects.filter(obligation__isnull=True).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        ReminderDispatch.objects.create(
            obligation=None, step=digest.step, recipient=digest.recipient,
            audience="digest", scheduled_at=digest.scheduled_at, claim_token="other",
            claimed_at=digest.claimed_at)
    assert w.half.reminder_dispatches.exists()


@pytest.mark.writes_around_services  # withdraws by hand
def test_withdrawn_and_accepted_obligations_are_not_reminded(ladder_world):
    w = ladder_world
    ReportObligation.objects.filter(pk=w.half.pk).update(
        state=ReportObligation.State.WITHDRAWN, withdrawn_at=at("2021-12-01"))
    sweep_at("2021-12-24")
    assert keys_for(w.half, w.reporter_a) == []
    assert keys_for(w.plan, w.reporter_a) == ["due-7@2021-12-31"]


def test_pending_email_deliveries_are_resent_by_the_next_sweep(ladder_world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    first = sweep_at("2021-12-08")
    assert first.deliveries["retry"] >= 1 and first.deliveries["sent"] == 0
    pending = NotificationDelivery.objects.filter(channel="email", status="pending")
    assert pending.count() == first.deliveries["retry"] == 3
    assert pending.first().attempts == 1 and "Connection" in pending.first().error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    again = sweep_at("2021-12-08", 7, 45)
    assert again.notifications == 0 and again.deliveries["sent"] == 3
    assert len(mail.outbox) == 3 and not pending.exists()


def test_run_reminders_as_of_a_day(ladder_world, capsys):
    with travel("2021-12-01"):
        call_command("run_reminders", as_of="2021-12-08")
        out = capsys.readouterr().out
        assert "08/12/2021 07:30" in out and "huyen-a: 2 items" not in out
        assert "huyen-a: 1 items" in out
        call_command("run_reminders", as_of="2021-12-08")
        out = capsys.readouterr().out
        assert "0 reminders recorded" in out and "0 notifications" in out


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_reminder_once(ladder_world):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent sweeps need PostgreSQL (SQLite serialises writers)")
    results, errors = [], []
    barrier = threading.Barrier(2)

    def run():
        try:
            barrier.wait()
            with travel("2021-12-24"):
                results.append(reminders_sweep())
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    total = ReminderDispatch.objects.count()
    assert sum(r.claimed for r in results) == total
    # The sweeps' notifications (the publication's notices were written before).
    reminders = Notification.objects.filter(kind=Notification.Kind.REMINDER)
    assert reminders.count() == sum(r.notifications for r in results)
    recipients = list(reminders.values_list("recipient_id", flat=True))
    assert len(recipients) == len(set(recipients))


def test_rows_recorded_meanwhile_by_an_overlapping_sweep_are_left_to_it(ladder_world,
                                                                        monkeypatch):
    """Between planning and writing a batch, another sweep records one of its rows: the
    batch is written again without it, and nobody is told twice."""
    from assignments.reminders import dispatch, sweep

    w = ladder_world
    plan = sweep._plan

    def plan_then_lose_a_race(result, **kwargs):
        planned = plan(result, **kwargs)
        with travel("2021-12-24", 7, 30):
            other = _Result(as_of=at("2021-12-24", 7, 30), token="other-sweep")
            dispatch._insert_claims(
                [(w.half.pk, "over+8@2021-12-15", w.reporter_a.pk, "unit", w.half.due_on,
                  at("2021-12-23", 7, 30))], token=other.token, clock=at("2021-12-24", 7, 30))
        return planned

    monkeypatch.setattr(sweep, "_plan", plan_then_lose_a_race)
    result = sweep_at("2021-12-24")
    mine = ReminderDispatch.objects.filter(claim_token=result.token)
    assert result.claimed == mine.count() >= 2
    assert not mine.filter(obligation=w.half, recipient=w.reporter_a).exists()
    (note,) = Notification.objects.filter(recipient=w.reporter_a, kind="reminder")
    assert "1 báo cáo của đơn vị cần nộp" in note.title and "còn 7 ngày" in note.body
    assert "quá hạn 9 ngày" not in note.body
    assert set(mine.values_list("status", flat=True)) == {ReminderDispatch.Status.SENT}
    assert mine.filter(recipient=w.reporter_a).get().notification == note
    # The row the other sweep holds is its own to send (here: taken over after the lease).
    assert ReminderDispatch.objects.get(claim_token="other-sweep").status == "claimed"


def planned_rows(plan, moment) -> list[tuple]:
    """The rows one planning path puts in the plan table at `moment`."""
    from django.utils import timezone

    from assignments.reminders import planning
    from assignments.reminders.recipients import _Planner

    with travel(*moment):
        now = timezone.now()
        planner = _Planner(now=now, calendar=WorkingCalendar.load(), people=_people())
        planning._plan_create()
        try:
            plan(_Result(as_of=now, token="t"), planning._candidates(planner.horizon),
                 planner)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT ob, step, rcpt, aud, unit, directive "  # noqa: S608
                               f"FROM {planning.PLAN_TABLE} ORDER BY ob, step, rcpt")
                return cursor.fetchall()
        finally:
            planning._plan_drop()


@pytest.mark.postgres_only
def test_the_sql_plan_matches_the_portable_one_under_a_directive_ladder(ladder_world):
    if connection.vendor != "postgresql":
        pytest.skip("the SQL planning path is PostgreSQL's")
    from assignments.reminders.planning import _plan_in_python, _plan_in_sql

    w = ladder_world
    # A ladder of its own (rungs keyed per ladder, not per directive), heads not told,
    # and the reviewer also a head of the unit (told once, as the board).
    reminder_policy_set(directive=w.directive, actor=w.reviewer, before_days=[5, 2],
                        escalate_after_days=2, escalate_to_unit_head=False)
    Membership.objects.create(user=w.reviewer, unit=w.district_a,
                              role=Membership.Role.UNIT_HEAD)
    for moment in (("2021-12-10",), ("2021-12-13",), ("2021-12-17", 8)):
        sql = planned_rows(_plan_in_sql, moment)
        assert sql and sql == planned_rows(_plan_in_python, moment)
        assert {step.split("@")[0] for _ob, step, *_rest in sql} <= {
            "due-5", "due-2", "due0", "over+1", "over+2", "over+8"}


@pytest.mark.postgres_only
def test_the_sweep_leaves_the_session_settings_as_they_were(ladder_world):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL settings")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '5MB'")
        sweep_at("2021-12-20")
        cursor.execute("SELECT current_setting('work_mem'), current_setting('jit')")
        after = cursor.fetchone()
        cursor.execute("RESET jit")
        cursor.execute("SELECT current_setting('jit')")
        assert after == ("5MB", cursor.fetchone()[0])
