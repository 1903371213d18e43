"""The beat schedule, kept in code and upserted by name into django-celery-beat.

Beat runs in UTC (CELERY_TIMEZONE). `schedule_sync()` runs after `migrate` (post_migrate),
when beat starts (beat_init) and from `manage.py setup_schedule`; entries of ours that
are no longer in code are disabled, entries added by hand in the admin are left alone.
"""

import json
import logging

log = logging.getLogger(__name__)

PREFIX = "tracker: "

# name -> (task, crontab fields in UTC, description)
SCHEDULE: dict[str, tuple[str, dict[str, str], str]] = {
    PREFIX + "reminders sweep": (
        "assignments.reminders_sweep", {"minute": "*/15"},
        "Nhắc việc, báo cáo vượt cấp, tổng hợp tuần (mỗi 15 phút; gửi từ 07:30 giờ VN).",
    ),
    PREFIX + "open reporting periods": (
        "assignments.obligations_open", {"minute": "30", "hour": "17"},
        "Mở yêu cầu báo cáo của kỳ mới (00:30 giờ VN).",
    ),
    PREFIX + "holidays sync": (
        "tracker.holidays_sync", {"minute": "0", "hour": "18", "day_of_month": "1"},
        "Cập nhật lịch ngày nghỉ từ gói holidays (ngày 1 hằng tháng).",
    ),
    PREFIX + "deliveries catch-up": (
        "tracker.deliveries_send_pending", {"minute": "7-59/15"},
        "Gửi lại thông báo còn chờ (khi máy chủ thư hoặc hàng đợi bị gián đoạn).",
    ),
    PREFIX + "expired tokens purge": (
        "tracker.tokens_purge_expired", {"minute": "40", "hour": "19"},
        "Xoá các khoá API đã hết hạn (02:40 giờ VN).",
    ),
    PREFIX + "export jobs catch-up": (
        "reports.export_jobs_run_waiting", {"minute": "3-59/15"},
        "Chạy các yêu cầu xuất dữ liệu còn chờ (khi hàng đợi bị gián đoạn).",
    ),
}


def schedule_sync() -> dict[str, str]:
    """Create or update our periodic tasks by name; returns {name: "created"|"updated"|…}."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    outcome: dict[str, str] = {}
    for name, (task, fields, description) in SCHEDULE.items():
        cron = {"minute": "*", "hour": "*", "day_of_week": "*", "day_of_month": "*",
                "month_of_year": "*", **fields}
        crontab, _created = CrontabSchedule.objects.get_or_create(timezone="UTC", **cron)
        defaults = {"task": task, "crontab": crontab, "interval": None, "solar": None,
                    "clocked": None, "enabled": True, "description": description,
                    "args": json.dumps([]), "kwargs": json.dumps({}), "one_off": False}
        current = PeriodicTask.objects.filter(name=name).first()
        if current is None:
            PeriodicTask.objects.create(name=name, **defaults)
            outcome[name] = "created"
            continue
        changed = [k for k, v in defaults.items() if getattr(current, k) != v]
        if changed:
            for key in changed:
                setattr(current, key, defaults[key])
            current.save()
            outcome[name] = "updated"
        else:
            outcome[name] = "unchanged"
    stale = PeriodicTask.objects.filter(name__startswith=PREFIX, enabled=True).exclude(
        name__in=list(SCHEDULE))
    for task in stale:
        task.enabled = False
        task.save()
        outcome[task.name] = "disabled"
    return outcome


def on_post_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate handler: upsert once the last app (ours) has been migrated."""
    from django.db import connections

    if getattr(sender, "label", None) != "tracker":
        return
    tables = connections[using].introspection.table_names()
    if "django_celery_beat_periodictask" not in tables:
        return
    schedule_sync()
