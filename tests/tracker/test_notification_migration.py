"""Notifications written before they had a short text keep their rows after the upgrade:
a title from their kind when they had none, a short text from their body, and links
stored relative (an email makes them absolute from SITE_URL when it is sent)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("tracker", "0001_initial")]
AFTER = [("tracker", "0002_notification_text")]


@pytest.mark.django_db(transaction=True)
def test_old_notifications_get_a_title_a_text_and_relative_links():
    try:
        _upgrade_an_old_row()
    finally:  # the next tests need today's schema, whatever migrations came after AFTER
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def _upgrade_an_old_row():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    user = old.get_model("auth", "User").objects.create(username="cu")
    Notification = old.get_model("tracker", "Notification")
    reminder = Notification.objects.create(
        recipient=user, kind="reminder", title="",
        body="Báo cáo của đơn vị cần nộp (1, trong đó 0 quá hạn):\n"
             "• Huyện ủy A — 06-CT/TU — 6 tháng — hạn 31/12/2021 (còn 7 ngày)\n"
             "  Xây dựng đề án\n  http://127.0.0.1:8000/yeu-cau/5/",
        link="http://127.0.0.1:8000/yeu-cau/5/")
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("tracker", "Notification")
    row = new.objects.get(pk=reminder.pk)
    assert row.title == "Nhắc việc"
    assert row.text == "Báo cáo của đơn vị cần nộp (1, trong đó 0 quá hạn):"
    assert row.body.endswith("\n  /yeu-cau/5/") and "http" not in row.body
    assert row.link == "/yeu-cau/5/"
