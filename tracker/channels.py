"""Delivery channels: how a Notification reaches a person (in-app, email; later SMS, chat).

A channel is a small class with a `name`, `can_reach(user)` and `send(notification)`.
Each notification gets one NotificationDelivery row per channel that can reach its
recipient; the row is created pending in the same transaction as the notification and
sent afterwards (by a task enqueued on commit, or by the next reminder sweep when the
broker was down). Sending locks the row, so two senders never send the same delivery.

A run sends per person: all of one recipient's pending deliveries over a channel go as
one message (one email combining the reminder letter and the workflow notices), never
one email per item. Email text is written at send time; links become absolute from
settings.SITE_URL then (rows store paths relative to the site).

Exactly once, as far as SMTP allows: each message's deliveries are locked, sent and
committed before the next message is sent, so a worker killed mid-run leaves at most
the one message in flight sent but still pending (sent again by the next run). Every
message carries a Message-ID built from its deliveries' keys (`message_id`), the same
on the resend, so a mail system that drops duplicates by Message-ID drops that one too.
"""

import hashlib
import logging
import re
import smtplib
import socket
from typing import ClassVar
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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

    def send_many(self, notifications: list[Notification], *, connection=None,
                  message_id: str | None = None) -> None:
        """Carry several notifications of one recipient (one message where the channel
        can combine them; by default one send each). `message_id`: the message's stable
        identity (`message_id()`), for channels whose messages carry one."""
        for notification in notifications:
            self.send(notification, connection=connection)


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


# A stored link line: an indented path alone on its line ("  /yeu-cau/5/").
LINK_LINE = re.compile(r"^([ \t]+)(/[^\s]*)$", re.MULTILINE)


def mail_text(text: str) -> str:
    """Stored text with its link lines made absolute (settings.SITE_URL, at send time)."""
    return LINK_LINE.sub(lambda m: m.group(1) + absolute_url(m.group(2)), text)


def email_compose(user, notifications: list[Notification]) -> tuple[str, str]:
    """The subject and text of the one email that carries `notifications` to `user`:
    reminder letters first, then the notices oldest first; each with its text (or its
    longer body) and the absolute link to its page."""
    notes = sorted(notifications, key=lambda n: (n.kind != Notification.Kind.REMINDER, n.pk))
    several = len(notes) > 1
    with translation.override(settings.LANGUAGE_CODE):
        parts = [_("Kính gửi %(name)s,") % {"name": user.get_full_name() or user.username}]
        if several:
            parts.append(ngettext("Bạn có %(n)d thông báo mới:", "Bạn có %(n)d thông báo mới:",
                                  len(notes)) % {"n": len(notes)})
        for note in notes:
            block = [f"■ {note.title}"] if several else []
            block.append(mail_text(note.body) if note.body else note.text)
            if note.link:
                block.append(_("Xem và xử lý trong hệ thống: %(url)s")
                             % {"url": absolute_url(note.link)})
            parts.append("\n".join(line for line in block if line))
        parts.append(_("— Hệ thống theo dõi thực hiện chỉ thị (thư tự động, vui lòng không "
                       "trả lời)."))
        first = notes[0].title.replace("\n", " ")
        if several:
            subject = ngettext("%(first)s (và %(n)d thông báo khác)",
                               "%(first)s (và %(n)d thông báo khác)", len(notes) - 1) % {
                "first": first[:150], "n": len(notes) - 1}
        else:
            subject = first
    return subject[:200], "\n\n".join(parts)


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
        self.send_many([notification], connection=connection)

    def send_many(self, notifications: list[Notification], *, connection=None,
                  message_id: str | None = None) -> None:
        """One email to the recipient combining all `notifications` (all theirs)."""
        user = notifications[0].recipient
        if not self.can_reach(user):
            raise PermanentDeliveryError("no email address")
        subject, body = email_compose(user, notifications)
        message = EmailMessage(subject=subject, body=body,
                               from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email],
                               connection=connection,
                               headers={"Message-ID": message_id} if message_id else None)
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


def message_domain() -> str:
    """The right-hand side of our Message-IDs: the site's host name (settings.SITE_URL),
    else the sender's domain (DEFAULT_FROM_EMAIL)."""
    host = urlsplit(settings.SITE_URL or "").hostname
    if host:
        return host
    sender = settings.DEFAULT_FROM_EMAIL.strip().rstrip(">")
    return sender.rpartition("@")[2] or "localhost"


def message_id(deliveries: list[NotificationDelivery]) -> str:
    """The stable Message-ID of the one message carrying `deliveries` (ordered by
    notification): `<delivery-{id}.{notification id}@{domain}>` of the first, with a
    digest of all the delivery ids when the message combines several. A resend of the
    same deliveries (after a crash between the send and its commit) has the same id."""
    first = deliveries[0]
    key = f"delivery-{first.pk}.{first.notification_id}"
    if len(deliveries) > 1:
        ids = ",".join(str(d.pk) for d in deliveries)
        key += "." + hashlib.sha256(ids.encode()).hexdigest()[:12]
    return f"<{key}@{message_domain()}>"


def _attempt(deliveries: list[NotificationDelivery], *,
             connections: dict) -> BaseException | None:
    """Try locked pending deliveries of one recipient over one channel, as one message,
    and set their status, attempts and error (unsaved).

    A transient error leaves them pending and is returned (or marks them failed once they
    have had too many attempts); a permanent error marks them failed. `connections` holds
    one open connection per channel for a batch (see `Channel.open`).
    """
    name = deliveries[0].channel
    channel = _REGISTRY.get(name)
    for delivery in deliveries:
        delivery.attempts += 1
    try:
        if channel is None:
            raise PermanentDeliveryError(f"unknown channel {name!r}")
        if channel.name not in connections:
            connections[channel.name] = channel.open()
        channel.send_many([d.notification for d in deliveries],
                          connection=connections[channel.name],
                          message_id=message_id(deliveries))
    except PermanentDeliveryError as exc:
        for delivery in deliveries:
            delivery.status, delivery.error = NotificationDelivery.Status.FAILED, str(exc)
    except TRANSIENT_ERRORS as exc:
        _close({0: connections.pop(name, None)})  # the next send reconnects
        limit = getattr(settings, "REMINDERS_DELIVERY_MAX_ATTEMPTS", 6)
        for delivery in deliveries:
            delivery.error = f"{type(exc).__name__}: {exc}"[:2000]
            if delivery.attempts >= limit:
                delivery.status = NotificationDelivery.Status.FAILED
        if any(d.status == NotificationDelivery.Status.PENDING for d in deliveries):
            return exc
    else:
        moment = timezone.now()
        for delivery in deliveries:
            delivery.status, delivery.sent_at, delivery.error = (
                NotificationDelivery.Status.SENT, moment, "")
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
            transient = _attempt([delivery], connections=connections)
            delivery.save(update_fields=["attempts", "status", "sent_at", "error"])
    finally:
        _close(connections)
    if transient is not None:
        log.warning("delivery %s failed (will retry): %s", delivery_id, transient)
        raise transient
    return delivery.status


def deliveries_send_pending(*, recipient_id: int | None = None, limit: int = 1000,
                            batch: int = 100) -> dict:
    """Send pending deliveries (of one recipient, or everyone's): the reminder sweep's
    mail, the workflow notices recorded since the last run, the catch-up after an outage.

    One message per recipient and channel: all of a person's pending notifications go in
    one email. (recipient, channel) pairs are listed in batches (at most about `limit`
    deliveries a run); each pair's rows are locked (skipping rows another sender holds),
    sent as one message over the run's connection for the channel, and committed before
    the next message is sent. A crash leaves at most the message in flight sent and still
    pending: it is sent again (same Message-ID), never lost. Counts are of deliveries.
    """
    qs = NotificationDelivery.objects.filter(status=NotificationDelivery.Status.PENDING)
    if recipient_id is not None:
        qs = qs.filter(notification__recipient_id=recipient_id)
    counts = {"sent": 0, "failed": 0, "retry": 0, "skipped": 0, "messages": 0}
    after, left = (0, ""), limit
    connections: dict = {}
    try:
        while left > 0:
            pairs = list(qs.filter(Q(notification__recipient_id__gt=after[0])
                                   | Q(notification__recipient_id=after[0],
                                       channel__gt=after[1]))
                         .order_by("notification__recipient_id", "channel")
                         .values_list("notification__recipient_id", "channel")
                         .distinct()[:batch])
            if not pairs:
                break
            after = pairs[-1]
            for person, channel in pairs:
                if left <= 0:
                    break
                left -= max(_send_message(qs, person, channel, connections, counts), 1)
    finally:
        _close(connections)
    return counts


def _send_message(qs, person: int, channel: str, connections: dict, counts: dict) -> int:
    """Lock one person's pending deliveries over one channel, send them as one message
    and commit their new status; returns how many there were."""
    with transaction.atomic():
        group = list(qs.filter(notification__recipient_id=person, channel=channel)
                     .select_for_update(skip_locked=True, of=("self",))
                     .select_related("notification__recipient")
                     .order_by("notification_id"))
        if not group:
            return 0
        retry = _attempt(group, connections=connections) is not None
        counts["messages"] += 1
        sent = []
        for delivery in group:
            if retry and delivery.status == NotificationDelivery.Status.PENDING:
                counts["retry"] += 1
            elif delivery.status in counts:
                counts[delivery.status] += 1
            if delivery.status == NotificationDelivery.Status.SENT:
                sent.append(delivery.pk)
            else:  # rare: each with its own error
                delivery.save(update_fields=["attempts", "status", "sent_at", "error"])
        if sent:
            NotificationDelivery.objects.filter(pk__in=sent).update(
                status=NotificationDelivery.Status.SENT, attempts=F("attempts") + 1,
                sent_at=timezone.now(), error="")
    return len(group)
