"""Celery application: the same tasks run on the filesystem broker or on Redis.

Embedded mode (`make run`): one `celery -A config worker -B --pool=solo` process on the
filesystem broker. Scaled mode: CELERY_BROKER_URL=redis://… with separate `celery worker`
and `celery beat` processes. Either way beat uses django-celery-beat's DatabaseScheduler,
and the schedule is code (tracker/schedule.py), upserted by name.
"""

import os

from celery import Celery
from celery.signals import beat_init
from django.db.models.signals import post_migrate

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@beat_init.connect
def _sync_schedule_on_beat_start(sender=None, **kwargs) -> None:
    from tracker.schedule import schedule_sync

    schedule_sync()


def _post_migrate(sender, **kwargs) -> None:
    from tracker.schedule import on_post_migrate

    on_post_migrate(sender, **kwargs)


post_migrate.connect(_post_migrate, dispatch_uid="tracker.schedule_sync")
