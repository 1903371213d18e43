"""Celery tasks of the core: thin wrappers that take ids and call services."""


from celery import shared_task

from . import channels


@shared_task(name="tracker.deliver_notification", bind=True, ignore_result=True,
             autoretry_for=channels.TRANSIENT_ERRORS, retry_backoff=30, retry_backoff_max=900,
             retry_jitter=True, max_retries=5)
def deliver_notification(self, notification_id: int) -> dict:
    """Send the pending deliveries (email, …) of one notification now, together with
    whatever else its recipient has pending (one email); gone = nothing to do."""
    from .models import Notification

    recipient_id = (Notification.objects.filter(pk=notification_id)
                    .values_list("recipient_id", flat=True).first())
    if recipient_id is None:
        return {"sent": 0, "failed": 0, "skipped": 1}
    counts = channels.deliveries_send_pending(recipient_id=recipient_id)
    if counts["retry"]:  # a transient error: the rows stay pending, the task retries
        raise ConnectionError(f"{counts['retry']} deliveries of notification "
                              f"{notification_id} left pending")
    return counts


@shared_task(name="tracker.deliveries_send_pending", ignore_result=True)
def deliveries_send_pending() -> dict:
    """Catch up on deliveries left pending (broker or mail server was down)."""
    return channels.deliveries_send_pending()


@shared_task(name="tracker.holidays_sync", ignore_result=True)
def holidays_sync() -> int:
    """Keep the holiday table filled for last, this and next year (manual rows kept)."""
    from .calendar import holidays_sync as sync_days_off
    from .calendar import weekend_workdays_sync
    from .timeutil import today

    year = today().year
    years = [year - 1, year, year + 1]
    return sync_days_off(years=years) + weekend_workdays_sync(years=years)


@shared_task(name="tracker.tokens_purge_expired", ignore_result=True)
def tokens_purge_expired() -> int:
    """Delete the API tokens that have expired (idle or past their maximum age)."""
    from .accounts.tokens import purge_expired

    return purge_expired()


__all__ = ["deliver_notification", "deliveries_send_pending", "holidays_sync",
           "tokens_purge_expired"]
