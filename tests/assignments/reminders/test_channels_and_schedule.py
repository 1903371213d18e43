"""Channels (in-app, email), read state, and the beat schedule kept in code."""

import pytest
from django.core import mail

from tracker import channels, notify
from tracker.models import Notification, NotificationDelivery

pytestmark = pytest.mark.django_db


def make_note(user, **kwargs):
    kwargs.setdefault("title", "Nhắc việc")
    kwargs.setdefault("kind", "reminder")
    return Notification.objects.create(recipient=user, **kwargs)


def test_the_registry_holds_in_app_and_email_and_accepts_new_channels(world):
    assert {c.name for c in channels.enabled_channels()} == {"in_app", "email"}

    @channels.register
    class Pager(channels.Channel):
        name = "pager"

        def send(self, notification):
            self.sent = notification.pk

    try:
        assert isinstance(channels.get("pager"), Pager)
    finally:
        channels._REGISTRY.pop("pager")


def test_deliveries_in_app_at_once_email_pending_then_sent_with_an_absolute_link(world,
                                                                                  settings):
    settings.SITE_URL = "https://theodoi.example.vn"
    world.reporter_a.email = "a@example.org"
    world.reporter_a.save()
    note = make_note(world.reporter_a, body="Báo cáo 6 tháng", link="/yeu-cau/5/")
    silent = make_note(world.reporter_b)  # no email address: in-app only
    channels.deliveries_create([note, silent])
    assert set(note.deliveries.values_list("channel", "status")) == {
        ("in_app", "sent"), ("email", "pending")}
    assert list(silent.deliveries.values_list("channel", flat=True)) == ["in_app"]
    email = note.deliveries.get(channel="email")
    assert channels.delivery_send(delivery_id=email.pk) == "sent"
    assert channels.delivery_send(delivery_id=email.pk) == "skipped"  # never twice
    (message,) = mail.outbox
    assert message.to == ["a@example.org"] and message.subject == "Nhắc việc"
    assert "https://theodoi.example.vn/yeu-cau/5/" in message.body


def test_a_transient_smtp_error_keeps_the_delivery_pending_a_permanent_one_fails(world,
                                                                                 settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    world.reporter_a.email = "a@example.org"
    world.reporter_a.save()
    note = make_note(world.reporter_a)
    channels.deliveries_create([note])
    email = note.deliveries.get(channel="email")
    with pytest.raises(ConnectionError):
        channels.delivery_send(delivery_id=email.pk)
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("pending", 1) and email.error
    # The address went away: permanent, not retried.
    world.reporter_a.email = ""
    world.reporter_a.save()
    assert channels.delivery_send(delivery_id=email.pk) == "failed"
    email.refresh_from_db()
    assert email.status == NotificationDelivery.Status.FAILED and email.attempts == 2


def test_unread_count_and_mark_read_only_for_the_recipient(world):
    first = make_note(world.reporter_a)
    make_note(world.reporter_a)
    make_note(world.reporter_b)
    assert notify.unread_count(world.reporter_a) == 2
    notify.notification_mark_read(notification=first, user=world.reporter_a)
    notify.notification_mark_read(notification=first, user=world.reporter_a)  # idempotent
    assert notify.unread_count(world.reporter_a) == 1
    with pytest.raises(Notification.DoesNotExist):
        notify.notification_mark_read(notification=first, user=world.reporter_b)
    assert [n.pk for n in notify.notification_list(user=world.reporter_b)] != [first.pk]
    assert notify.notifications_mark_all_read(user=world.reporter_a) == 1
    assert notify.unread_count(world.reporter_a) == 0


def test_report_changes_record_an_email_delivery_sent_with_the_next_run(
        published, django_capture_on_commit_callbacks):
    from tests.assignments.helpers import submit

    published.reviewer.email = "danvan@example.org"
    published.reviewer.save()
    obligation = published.continuous.assignments.get(unit=published.district_a) \
        .obligations.get()
    with django_capture_on_commit_callbacks(execute=True):
        submit(obligation, published.reporter_a)
    note = Notification.objects.get(recipient=published.reviewer, kind="report_submitted")
    assert note.deliveries.get(channel="email").status == "pending"  # folded into a run
    assert mail.outbox == []
    assert channels.deliveries_send_pending()["sent"] == 1
    assert note.deliveries.get(channel="email").status == "sent"
    assert [m.to for m in mail.outbox] == [["danvan@example.org"]]


def test_the_schedule_is_upserted_by_name_in_utc_and_read_by_the_database_scheduler():
    from django.core.management import call_command
    from django_celery_beat.models import PeriodicTask
    from django_celery_beat.schedulers import DatabaseScheduler

    from config.celery import app
    from tracker.schedule import PREFIX, SCHEDULE, schedule_sync

    PeriodicTask.objects.filter(name__startswith=PREFIX).delete()
    PeriodicTask.objects.create(name=PREFIX + "retired job", task="tracker.old", interval=None,
                                crontab=PeriodicTask._meta.get_field("crontab")
                                .related_model.objects.create(minute="1"))
    assert set(schedule_sync().values()) == {"created", "disabled"}
    assert set(schedule_sync().values()) == {"unchanged"}
    sweep = PeriodicTask.objects.get(name=PREFIX + "reminders sweep")
    assert sweep.task == "assignments.reminders_sweep" and sweep.enabled
    assert (sweep.crontab.minute, str(sweep.crontab.timezone)) == ("*/15", "UTC")
    sweep.crontab = None
    sweep.interval_id = None
    PeriodicTask.objects.filter(pk=sweep.pk).update(description="edited by hand")
    call_command("setup_schedule")
    sweep.refresh_from_db()
    assert sweep.description == SCHEDULE[PREFIX + "reminders sweep"][2]
    assert not PeriodicTask.objects.get(name=PREFIX + "retired job").enabled
    scheduler = DatabaseScheduler(app=app, lazy=True)
    names = set(scheduler.all_as_schedule())
    # (the scheduler only loads crontab entries due around the current hour)
    assert PREFIX + "reminders sweep" in names and PREFIX + "retired job" not in names
