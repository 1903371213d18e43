"""Delivery channels: how a Notification reaches a person (in-app, email; later SMS, chat).

A channel is a small class with a `name`, `can_reach(user)` and `send(notification)`.
Each notification gets one NotificationDelivery row per channel that can reach its
recipient; the row is created pending in the same transaction as the notification and
sent afterwards (by a task enqueued on commit, or by the next reminder sweep when the
broker was down). Sending locks the row, so two senders never send the same delivery.
"""

import logging
import smtplib
import socket
from typing import ClassVar

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import Notification, NotificationDelivery

log = logging.getLogger(__name__)

# Errors worth retrying later: the server or the network, not the message.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
    ConnectionError,
    TimeoutError,
    socket.timeout,
    socket.gaierror,
)


class PermanentDeliveryError(Exception):
    """The message cannot be delivered over this channel (bad address, refused)."""


class Channel:
    """A way to carry a notification to its recipient."""

    name: ClassVar[str] = ""
    # True: delivered by writing the Notification row itself (nothing to send later).
    immediate: ClassVar[bool] = False

    def can_reach(self, user) -> bool:
        return True

    def open(self):
        """A connection to reuse for a batch of sends (None: the channel needs none)."""
        return None

    def send(self, notification: Notification, *, connection=None) -> None:
        raise NotImplementedError


class InAppChannel(Channel):
    """The bell in the web app: the Notification row is the message."""

    name = "in_app"
    immediate = True

    def send(self, notification: Notification, *, connection=None) -> None:
        return None


def absolute_url(path: str) -> str:
    """settings.SITE_URL + path (paths from reverse(); "" or "/" is the home page)."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + "/" + (path or "/").lstrip("/")


class EmailChannel(Channel):
    """Email over the configured backend (SMTP from EMAIL_URL; console in `make run`)."""

    name = "email"

    def can_reach(self, user) -> bool:
        return bool(getattr(user, "email", "")) and bool(getattr(user, "is_active", True))

    def open(self):
        """The mail backend's connection, opened once for a batch. If opening fails, each
        send tries again (and fails with its own error)."""
        connection = get_connection()
        try:
            connection.open()
        except TRANSIENT_ERRORS + (smtplib.SMTPException,):
            log.debug("email connection failed to open", exc_info=True)
        return connection

    def send(self, notification: Notification, *, connection=None) -> None:
        user = notification.recipient
        if not self.can_reach(user):
            raise PermanentDeliveryError("no email address")
        greeting = f"Kính gửi {user.get_full_name() or user.username},"
        link = absolute_url(notification.link)
        body = (f"{greeting}\n\n{notification.body}\n\nXem và xử lý trong hệ thống: {link}\n\n"
                "— Hệ thống theo dõi thực hiện chỉ thị (thư tự động, vui lòng không trả lời).")
        message = EmailMessage(subject=notification.title.replace("\n", " ")[:200], body=body,
                               from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email],
                               connection=connection)
        try:
            message.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as exc:
            raise PermanentDeliveryError(str(exc)) from exc
        except smtplib.SMTPResponseException as exc:
            if 400 <= exc.smtp_code < 500:
                raise ConnectionError(f"SMTP {exc.smtp_code}: {exc.smtp_error!r}") from exc
            raise PermanentDeliveryError(f"SMTP {exc.smtp_code}: {exc.smtp_error!r}") from exc


_REGISTRY: dict[str, Channel] = {}


def register(channel_class: type[Channel]) -> type[Channel]:
    """Add a channel (usable as a class decorator by later SMS/chat channels)."""
    _REGISTRY[channel_class.name] = channel_class()
    return channel_class


register(InAppChannel)
register(EmailChannel)


def get(name: str) -> Channel:
    return _REGISTRY[name]


def enabled_channels() -> list[Channel]:
    names = getattr(settings, "REMINDERS_CHANNELS", ["in_app", "email"])
    return [_REGISTRY[n] for n in names if n in _REGISTRY]


def deliveries_create(notifications: list[Notification]) -> list[NotificationDelivery]:
    """One delivery row per (notification, channel able to reach its recipient).

    In-app rows are sent at once; the others stay pending until `delivery_send`.
    """
    moment = timezone.now()
    rows = []
    for notification in notifications:
        for channel in enabled_channels():
            if not channel.can_reach(notification.recipient):
                continue
            sent = channel.immediate
            rows.append(NotificationDelivery(
                notification=notification, channel=channel.name,
                status=NotificationDelivery.Status.SENT if sent
                else NotificationDelivery.Status.PENDING,
                attempts=1 if sent else 0, sent_at=moment if sent else None))
    return NotificationDelivery.objects.bulk_create(rows, ignore_conflicts=True)


def _attempt(delivery: NotificationDelivery, *, connections: dict) -> BaseException | None:
    """Try one locked pending delivery and set its status, attempts and error (unsaved).

    A transient error leaves it pending and is returned (or marks it failed once it has
    had too many attempts); a permanent error marks it failed. `connections` holds one
    open connection per channel for a batch (see `Channel.open`).
    """
    channel = _REGISTRY.get(delivery.channel)
    delivery.attempts += 1
    try:
        if channel is None:
            raise PermanentDeliveryError(f"unknown channel {delivery.channel!r}")
        if channel.name not in connections:
            connections[channel.name] = channel.open()
        channel.send(delivery.notification, connection=connections[channel.name])
    except PermanentDeliveryError as exc:
        delivery.status, delivery.error = NotificationDelivery.Status.FAILED, str(exc)
    except TRANSIENT_ERRORS as exc:
        delivery.error = f"{type(exc).__name__}: {exc}"[:2000]
        _close({0: connections.pop(delivery.channel, None)})  # the next send reconnects
        if delivery.attempts >= getattr(settings, "REMINDERS_DELIVERY_MAX_ATTEMPTS", 6):
            delivery.status = NotificationDelivery.Status.FAILED
        else:
            return exc
    else:
        delivery.status, delivery.sent_at, delivery.error = (
            NotificationDelivery.Status.SENT, timezone.now(), "")
    return None


def _close(connections: dict) -> None:
    for connection in connections.values():
        if connection is not None:
            try:
                connection.close()
            except Exception:  # noqa: BLE001 (closing a dead connection must not fail a send)
                log.debug("closing a channel connection failed", exc_info=True)


def delivery_send(*, delivery_id: int) -> str:
    """Send one pending delivery; returns its status afterwards.

    The row is locked for the send, so a task and a sweep racing for it send once.
    A transient error leaves it pending (attempts + 1) and is re-raised for the caller
    to retry; a permanent error, or too many attempts, marks it failed.
    """
    connections: dict = {}
    try:
        with transaction.atomic():
            delivery = (NotificationDelivery.objects.select_for_update(skip_locked=True)
                        .select_related("notification__recipient")
                        .filter(pk=delivery_id, status=NotificationDelivery.Status.PENDING)
                        .first())
            if delivery is None:
                return "skipped"
            transient = _attempt(delivery, connections=connections)
            delivery.save(update_fields=["attempts", "status", "sent_at", "error"])
    finally:
        _close(connections)
    if transient is not None:
        log.warning("delivery %s failed (will retry): %s", delivery_id, transient)
        raise transient
    return delivery.status


def deliveries_send_pending(*, notification_id: int | None = None, limit: int = 1000,
                            batch: int = 100) -> dict:
    """Send pending deliveries (of one notification, or all), oldest first, at most
    `limit`: the catch-up after an outage, and the reminder sweep's own mail.

    In batches: a batch's rows are locked (skipping rows another sender holds), sent
    over one connection per channel, and saved in one statement and one commit. A crash
    within a batch leaves its rows pending: they are sent again, never lost.
    """
    qs = NotificationDelivery.objects.filter(status=NotificationDelivery.Status.PENDING)
    if notification_id is not None:
        qs = qs.filter(notification_id=notification_id)
    counts = {"sent": 0, "failed": 0, "retry": 0, "skipped": 0}
    after, left = 0, limit
    connections: dict = {}
    try:
        while left > 0:
            with transaction.atomic():
                rows = list(qs.filter(pk__gt=after).select_for_update(skip_locked=True,
                                                                     of=("self",))
                            .select_related("notification__recipient")
                            .order_by("pk")[:min(batch, left)])
                if not rows:
                    break
                after, left = rows[-1].pk, left - len(rows)
                sent = []
                for delivery in rows:
                    if _attempt(delivery, connections=connections) is not None:
                        counts["retry"] += 1
                    elif delivery.status in counts:
                        counts[delivery.status] += 1
                    if delivery.status == NotificationDelivery.Status.SENT:
                        sent.append(delivery.pk)
                    else:  # rare: each with its own error
                        delivery.save(update_fields=["attempts", "status", "sent_at", "error"])
                # The sent ones in one statement (they differ only by a few milliseconds).
                NotificationDelivery.objects.filter(pk__in=sent).update(
                    status=NotificationDelivery.Status.SENT, attempts=F("attempts") + 1,
                    sent_at=timezone.now(), error="")
    finally:
        _close(connections)
    return counts
