"""The ladder: rungs keyed to the due date, moved to the next working day at 07:30."""

import datetime as dt

import pytest
from django.core.management import call_command

from assignments.reminders.ladder import Ladder, current_step, ladder_schedule
from assignments.reminders.policy import ladder_for, reminder_policy_set
from tests.conftest import at
from tracker.calendar import WorkingCalendar
from tracker.errors import DomainError, NotAllowed
from tracker.events import events_for
from tracker.models import Holiday

pytestmark = pytest.mark.django_db
DUE = dt.date(2021, 12, 15)  # a Wednesday


def test_default_ladder_keys_and_moments_follow_working_days():
    steps = ladder_schedule(Ladder(), DUE, calendar=WorkingCalendar.load(),
                            until=dt.date(2022, 1, 6))
    assert [(s.key, s.send_at, s.escalate) for s in steps] == [
        ("due-7@2021-12-15", at("2021-12-08", 7, 30), False),
        ("due-3@2021-12-15", at("2021-12-13", 7, 30), False),  # Sunday → Monday
        ("due-1@2021-12-15", at("2021-12-14", 7, 30), False),
        ("due0@2021-12-15", at("2021-12-15", 7, 30), False),
        ("over+1@2021-12-15", at("2021-12-16", 7, 30), False),
        ("over+3@2021-12-15", at("2021-12-20", 7, 30), True),  # Saturday → Monday
        ("over+8@2021-12-15", at("2021-12-23", 7, 30), True),
        ("over+15@2021-12-15", at("2021-12-30", 7, 30), True),
        ("over+22@2021-12-15", at("2022-01-06", 7, 30), True),
    ]


def test_a_holiday_pushes_a_rung_to_the_next_working_day():
    Holiday.objects.create(date=dt.date(2021, 12, 8), name="Nghỉ đột xuất")
    calendar = WorkingCalendar.load()
    step = current_step(Ladder(), DUE, now=at("2021-12-08", 12), calendar=calendar)
    assert step is None  # the 7-day rung waits for Thursday
    step = current_step(Ladder(), DUE, now=at("2021-12-09", 7, 30), calendar=calendar)
    assert step.key == "due-7@2021-12-15"


def test_the_latest_rung_that_has_come_supersedes_missed_ones():
    calendar = WorkingCalendar.load()
    assert current_step(Ladder(), DUE, now=at("2021-12-13", 7, 29),
                        calendar=calendar).key == "due-7@2021-12-15"
    assert current_step(Ladder(), DUE, now=at("2021-12-14", 8),
                        calendar=calendar).key == "due-1@2021-12-15"
    assert current_step(Ladder(), DUE, now=at("2021-12-07", 23), calendar=calendar) is None
    # Long overdue: the weekly rung of the current week, escalated.
    step = current_step(Ladder(), DUE, now=at("2022-03-10", 8), calendar=calendar)
    assert step.key == "over+85@2021-12-15" and step.escalate
    assert current_step(Ladder(enabled=False), DUE, now=at("2021-12-14", 8),
                        calendar=calendar) is None


def test_returned_reports_get_their_own_ladder_key():
    step = current_step(Ladder(), DUE, now=at("2021-12-14", 8), calendar=WorkingCalendar.load(),
                        returned=True)
    assert step.key == "resubmit-due-1@2021-12-15"


def test_sync_holidays_fills_vietnam_days_off_and_make_up_saturdays(capsys):
    call_command("sync_holidays", years=[2026, 2027])
    tet = Holiday.objects.get(date=dt.date(2027, 2, 6))
    assert "Tết Nguyên Đán" in tet.name and tet.source == "holidays"
    assert Holiday.objects.get(date=dt.date(2026, 4, 27)).name.endswith("(nghỉ bù)")
    saturday = Holiday.objects.get(date=dt.date(2026, 8, 22))
    assert saturday.kind == Holiday.Kind.WORKING_DAY
    calendar = WorkingCalendar.load()
    assert calendar.is_working_day(dt.date(2026, 8, 22))
    assert not calendar.is_working_day(dt.date(2026, 8, 31))  # the day swapped for it
    assert calendar.next_working_day(dt.date(2027, 2, 4)) == dt.date(2027, 2, 11)
    # Manual rows are kept, and a second run adds nothing.
    Holiday.objects.filter(date=dt.date(2026, 9, 1)).update(name="Quốc khánh (sửa tay)",
                                                           source="manual")
    call_command("sync_holidays", years=[2026, 2027])
    assert "0 days off and 0 make-up" in capsys.readouterr().out.splitlines()[-1]
    assert Holiday.objects.get(date=dt.date(2026, 9, 1)).name == "Quốc khánh (sửa tay)"


def test_the_board_edits_the_ladder_through_the_service(world):
    policy = reminder_policy_set(directive=world.directive, actor=world.reviewer,
                                 before_days=[10, 5, 5], escalate_after_days=7)
    assert policy.before_days == [10, 5]
    ladder = ladder_for(world.directive)
    assert ladder.before_days == (10, 5) and ladder.escalate_after_days == 7
    event = events_for(world.directive).get(verb="reminder_policy_changed")
    assert event.actor == world.reviewer and event.data["after"]["before_days"] == [10, 5]

    with pytest.raises(NotAllowed):
        reminder_policy_set(directive=world.directive, actor=world.reporter_a, enabled=False)
    with pytest.raises(DomainError) as bad:
        reminder_policy_set(directive=world.directive, actor=world.reviewer,
                            before_days=[0, "x"])
    assert bad.value.field == "before_days"
    with pytest.raises(DomainError) as bad:
        reminder_policy_set(directive=world.directive, actor=world.reviewer, colour="red")
    assert bad.value.field == "colour"
