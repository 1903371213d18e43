"""Who is told about what: in-app notifications for workflow changes.

A notice is written by the service that made the change, in its transaction; delivery
over other channels (email, later SMS) reads the Notification rows, one message per
person per run; see `tracker.channels`.
"""

import contextlib
import contextvars
import logging
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import NoReverseMatch, reverse

from .models import Membership, Notification

logger = logging.getLogger(__name__)

_muted: contextvars.ContextVar[bool] = contextvars.ContextVar("notify_muted", default=False)


@contextlib.contextmanager
def muted():
    """Record history without telling anyone (used when loading past data)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def is_muted() -> bool:
    return _muted.get()


UNIT_ROLES = (Membership.Role.REPORTER, Membership.Role.UNIT_HEAD)


def members_of(unit_ids, roles=UNIT_ROLES):
    """The active people holding one of `roles` in any of the units (each once)."""
    return get_user_model().objects.filter(
        memberships__unit_id__in=list(unit_ids), memberships__role__in=list(roles),
        is_active=True).distinct().order_by("pk")


def link_to(name: str, *args) -> str:
    """The path (relative to the site) of a page; "" when the page does not exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def notices_create(*, kind: str, users, link: str, params: dict | None = None,
                   title: str = "", text: str = "", body: str = "") -> list[Notification]:
    """Tell each of `users` once: a notification (title, short text, relative link) and
    its deliveries, written in the caller's transaction (an outbox: if it rolls back,
    nobody is told; once it commits, nothing is lost).

    With `params`, the title and text come from the kind's templates
    (`tracker.notification_texts`): stored in Vietnamese, shown in the reader's language.
    Without, `title` and `text` are stored as given and shown as they are.

    In-app is delivered by the row itself. Email stays pending and is folded into the
    recipient's next delivery run (the reminder sweep or the catch-up, each every 15
    minutes): one email per person per run, whatever the number of notices.
    """
    if is_muted():
        return []
    from . import channels
    from .notification_texts import render_stored

    if params is not None:
        title, text = render_stored(kind, params)
    rows = [Notification(recipient=u, kind=kind, title=shorten(title, 255),
                         text=shorten(text, 500), body=body, link=link,
                         params=params or {}) for u in users]
    created = Notification.objects.bulk_create(rows)
    if created:
        channels.deliveries_create(created)
        if any(not c.immediate for c in channels.enabled_channels()):
            from .tasks import deliveries_send_pending

            # One catch-up run a short while after the burst: every notice written
            # meanwhile goes in the same email per person. If the broker is down the rows
            # wait for the scheduled catch-up.
            enqueue_on_commit(deliveries_send_pending,
                              countdown=settings.TRACKER_NOTICE_EMAIL_DELAY_SECONDS)
    return created


def report_changed(*, kind: str, report, obligation, comment: str = "",
                   to_board: bool = False) -> list[Notification]:
    """Tell the reviewers (a submission, or a unit's message: `to_board`) or the unit (a
    decision, a board's message) about a report change, inside the service's transaction
    (see `notices_create`).

    `report` and its `obligation` are the rows the service just wrote, the obligation read
    with its period and its assignment's item and directive: nothing is read again."""
    if is_muted():
        return []
    assignment = obligation.assignment
    directive = assignment.item.directive
    if kind == Notification.Kind.REPORT_SUBMITTED or to_board:
        users = members_of([directive.supervising_unit_id], [Membership.Role.REVIEWER])
    else:
        users = members_of([assignment.unit_id])
    params = {"unit": report.unit_name, "period": obligation.period.label,
              "number": directive.number, "content": shorten(assignment.item.content, 160)}
    if comment.strip():
        params["comment"] = shorten(comment, 200)
    return notices_create(kind=kind, users=users, params=params,
                          link=link_to("web:report-detail", report.pk))


# --- deliveries, read state ------------------------------------------------------------

def deliveries_schedule(notifications: list[Notification]) -> None:
    """Record a delivery per channel and send the pending ones by a task after commit.

    If the broker is unreachable the rows stay pending; the next reminder sweep sends them.
    """
    from . import channels

    if not notifications:
        return
    channels.deliveries_create(notifications)
    if not any(c for c in channels.enabled_channels() if not c.immediate):
        return
    from .tasks import deliver_notification

    for notification in notifications:
        enqueue_on_commit(deliver_notification, notification.pk)


def enqueue_on_commit(task, *args, countdown: float | None = None) -> None:
    """Publish `task(*args)` once the transaction commits, never blocking on the broker."""
    transaction.on_commit(lambda: enqueue_now(task, *args, countdown=countdown))


# broker URL -> monotonic time until which publishing is not tried again
_broker_down_until: dict[str, float] = {}
BROKER_DOWN_PAUSE_SECONDS = 15.0


def enqueue_now(task, *args, countdown: float | None = None) -> bool:
    """Publish now; any failure to publish is logged and swallowed (the DB holds the work).

    The work is already committed (a pending delivery, a pending export job): a broker that
    is down, hung or cannot even be imported must not turn the request into a 500. The
    periodic sweeps pick up what is left pending. After a failure the same broker is not
    tried again for BROKER_DOWN_PAUSE_SECONDS, so a request that enqueues several tasks
    waits for the broker's timeout once, not once per task.
    """
    if task.app.conf.task_always_eager:  # tests: run in-process, errors propagate
        if countdown:
            # An eager app cannot wait: a delayed run is left to the scheduled catch-up
            # (the tests call it). The delay itself is tested on a real worker.
            return False
        task.apply_async(args=args)
        return True
    url = str(task.app.conf.broker_url or "")
    now = time.monotonic()
    if _broker_down_until.get(url, 0.0) > now:
        logger.info(
            "broker marked unavailable, %s(%s) left for the next sweep", task.name, args)
        return False
    try:
        task.apply_async(args=args, countdown=countdown, retry=False)
    except Exception as exc:  # broker down or hung, transport import error, …
        _broker_down_until[url] = time.monotonic() + BROKER_DOWN_PAUSE_SECONDS
        logger.warning(
            "broker unavailable, %s(%s) left for the next sweep: %s: %s",
            task.name, args, type(exc).__name__, exc)
        return False
    _broker_down_until.pop(url, None)
    return True


def unread_count(user) -> int:
    """How many of the user's in-app notifications are unread (the bell's number)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_list(*, user, unread_only: bool = False):
    """The user's notifications, newest first (only ever their own)."""
    qs = Notification.objects.filter(recipient=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def notification_mark_read(*, notification: Notification, user) -> Notification:
    """Mark one of the user's notifications read (idempotent); others' are not found."""
    from django.utils import timezone

    if notification.recipient_id != getattr(user, "pk", None):
        raise Notification.DoesNotExist("No such notification.")
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=timezone.now())
    notification.refresh_from_db(fields=["read_at"])
    return notification


def safe_link(link: str) -> str:
    """`link` when it is a path on this site ("/yeu-cau/5/"), else "" (an absolute URL,
    "//host/…", "/\\host", a scheme: nothing a redirect should follow off the site)."""
    from django.utils.http import url_has_allowed_host_and_scheme

    link = link or ""
    if not link.startswith("/") or link.startswith("//") or any(
            ch in link for ch in "\\\r\n\t"):
        return ""
    return link if url_has_allowed_host_and_scheme(link, allowed_hosts=None) else ""


def notifications_mark_all_read(*, user) -> int:
    from django.utils import timezone

    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now())
