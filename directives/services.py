"""Writes for directives, sections and items. Every state change writes an event."""

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, nullcontext
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tracker import derived, policy
from tracker.errors import DomainError, TransitionError
from tracker.events import event_record
from tracker.models import EventVerb, Unit
from tracker.timeutil import now
from tracker.timeutil import today as local_today
from tracker.tx import outer

from . import signals
from .models import Directive, ResponsibilityItem, Section


def _has_work(directive: Directive) -> None:
    if not directive.items.filter(status=ResponsibilityItem.Status.ACTIVE).exists():
        raise DomainError(_("Văn bản chưa có nhiệm vụ nào để theo dõi."), field="items")


def _no_rule(directive: Directive) -> None:
    return None


# The directive workflow: (from, to) → what the change needs (raises when refused).
# Closed → active (reopening) is allowed by the rules; no service offers it yet.
DIRECTIVE_TRANSITIONS: dict[tuple[str, str], Callable[[Directive], None]] = {
    (Directive.Status.DRAFT, Directive.Status.ACTIVE): _has_work,
    (Directive.Status.ACTIVE, Directive.Status.CLOSED): _no_rule,
    (Directive.Status.CLOSED, Directive.Status.ACTIVE): _no_rule,
}

DIRECTIVE_EDITABLE = (
    "number", "kind", "title", "issuer", "issuer_unit", "issued_on", "signer",
    "supervising_unit", "full_text", "parent", "report_cadence", "report_due_day",
    "report_due_month_offset", "reporting_starts_on", "reporting_ends_on",
)
ITEM_EDITABLE = ("section", "order", "content", "expected_output", "deadline_mode",
                 "assignment_mode", "due_on", "cadence", "source_line")


def _check_transition(directive: Directive, target: str) -> None:
    guard = DIRECTIVE_TRANSITIONS.get((directive.status, target))
    if guard is None:
        raise TransitionError(
            _("Không thể chuyển văn bản từ “%(from)s” sang “%(to)s”.")
            % {"from": Directive.Status(directive.status).label,
               "to": Directive.Status(target).label},
            field="status",
        )
    guard(directive)


def _require_board(actor, directive: Directive) -> None:
    policy.require(policy.can_review(actor, directive),
                   _("Chỉ ban theo dõi văn bản này mới được thay đổi."))


@transaction.atomic
def directive_create(*, actor, supervising_unit: Unit, **fields: Any) -> Directive:
    """Create a draft directive. The actor must belong to the supervising board."""
    directive = Directive(supervising_unit=supervising_unit, status=Directive.Status.DRAFT)
    for name, value in fields.items():
        if name not in DIRECTIVE_EDITABLE:
            raise DomainError(_("Trường không hợp lệ."), field=name)
        setattr(directive, name, value)
    _require_board(actor, directive)
    directive.full_clean(validate_unique=True, validate_constraints=True)
    directive.save()
    event_record(target=directive, verb=EventVerb.CREATED, actor=actor, to_status=directive.status)
    return directive


@transaction.atomic
def directive_update(*, directive: Directive, actor, **fields: Any) -> Directive:
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
    _require_board(actor, directive)
    changed = {}
    for name, value in fields.items():
        if name not in DIRECTIVE_EDITABLE:
            raise DomainError(_("Trường không hợp lệ."), field=name)
        if getattr(directive, name) != value:
            changed[name] = str(value)
            setattr(directive, name, value)
    if "supervising_unit" in fields:
        _require_board(actor, directive)
    if changed:
        directive.full_clean()
        directive.save()
        if "supervising_unit" in changed:
            derived.sync([directive.pk])  # the rows carry their board
        event_record(target=directive, verb=EventVerb.UPDATED, actor=actor,
                     data={"changed": changed})
    return directive


@transaction.atomic
def section_create(*, directive: Directive, actor, addressee: str, order: int | None = None,
                   source_line: int | None = None) -> Section:
    _require_board(actor, directive)
    if order is None:
        order = (directive.sections.order_by("-order").values_list("order", flat=True).first()
                 or 0) + 1
    section = Section(directive=directive, addressee=addressee, order=order,
                      source_line=source_line)
    section.full_clean()
    section.save()
    event_record(target=directive, verb=EventVerb.SECTION_ADDED, actor=actor,
                 data={"section": section.pk, "order": order})
    return section


@transaction.atomic
def item_create(*, directive: Directive, actor, content: str, section: Section | None = None,
                order: int | None = None, **fields: Any) -> ResponsibilityItem:
    """Add a responsibility item to a directive (draft or active)."""
    _require_board(actor, directive)
    if directive.status == Directive.Status.CLOSED:
        raise TransitionError(_("Văn bản đã kết thúc, không thể thêm nhiệm vụ."))
    if section is not None and section.directive_id != directive.pk:
        raise DomainError(_("Phần không thuộc văn bản này."), field="section")
    if order is None:
        order = (directive.items.order_by("-order").values_list("order", flat=True).first()
                 or 0) + 1
    item = ResponsibilityItem(directive=directive, section=section, content=content, order=order)
    for name, value in fields.items():
        if name not in ITEM_EDITABLE:
            raise DomainError(_("Trường không hợp lệ."), field=name)
        setattr(item, name, value)
    _validate_item(item, directive)
    item.save()
    event_record(target=item, verb=EventVerb.CREATED, actor=actor, to_status=item.status)
    return item


def _validate_item(item: ResponsibilityItem, directive: Directive) -> None:
    if item.deadline_mode == ResponsibilityItem.DeadlineMode.FIXED and item.due_on is None:
        raise DomainError(_("Nhiệm vụ có thời hạn phải có hạn hoàn thành."), field="due_on")
    if item.due_on is not None and item.due_on < directive.issued_on:
        raise DomainError(_("Hạn hoàn thành không được trước ngày ban hành văn bản."),
                          field="due_on")
    item.full_clean(exclude=["directive", "section"])


@transaction.atomic
def item_update(*, item: ResponsibilityItem, actor, expected_version: int | None = None,
                **fields: Any) -> ResponsibilityItem:
    """Edit an item; deadlines of existing assignments change only through `deadline_edit`."""
    from tracker.errors import ConflictError

    item = ResponsibilityItem.objects.select_for_update().select_related("directive").get(
        pk=item.pk)
    _require_board(actor, item.directive)
    if expected_version is not None and expected_version != item.lock_version:
        raise ConflictError(_("Nhiệm vụ đã được người khác sửa; hãy tải lại."))
    if item.status == ResponsibilityItem.Status.WITHDRAWN:
        raise TransitionError(_("Nhiệm vụ đã rút, không thể sửa."))
    changed = {}
    for name, value in fields.items():
        if name not in ITEM_EDITABLE:
            raise DomainError(_("Trường không hợp lệ."), field=name)
        if getattr(item, name) != value:
            changed[name] = str(value)
            setattr(item, name, value)
    if "assignment_mode" in changed and item.assignments.exists():
        raise DomainError(_("Không thể đổi cách giao khi nhiệm vụ đã được giao."),
                          field="assignment_mode")
    if changed:
        _validate_item(item, item.directive)
        item.lock_version += 1
        # Section and deadline mode decide where the item's rows are counted.
        with (_announced(signals.item_regrouping, sender=ResponsibilityItem, item=item)
              if {"section", "deadline_mode"} & set(changed) else nullcontext()):
            item.save()
        event_record(target=item, verb=EventVerb.UPDATED, actor=actor, data={"changed": changed})
    return item


def _check_track_from(directive: Directive, track_from: dt.date | None,
                      today: dt.date) -> None:
    if track_from is not None and track_from > today:
        raise DomainError(_("Ngày bắt đầu theo dõi không được sau ngày ban hành trên hệ "
                            "thống (%(today)s).") % {"today": f"{today:%d/%m/%Y}"},
                          field="track_from")


def directive_publish_preview(*, directive: Directive, actor, today: dt.date | None = None,
                              track_from: dt.date | None = None):
    """What publishing `directive` on `today` would create (a read: nothing is written).
    The same checks as `directive_publish`; the preview comes from the assignments app."""
    _require_board(actor, directive)
    _check_transition(directive, Directive.Status.ACTIVE)
    day = today or local_today()
    _check_track_from(directive, track_from, day)
    answers = signals.directive_publish_preview.send(
        sender=Directive, directive=directive, today=day, track_from=track_from)
    return answers[0][1] if answers else None


@outer
def directive_publish(*, directive: Directive, actor, today: dt.date | None = None,
                      track_from: dt.date | None = None) -> Directive:
    """Draft → active: from now on every assignment has its report obligations (the
    assignments app creates them, and tells the units, on `directive_published`).
    With `track_from`, periods that ended before that day owe no report."""
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
    _require_board(actor, directive)
    _check_transition(directive, Directive.Status.ACTIVE)
    _check_track_from(directive, track_from, today or local_today())
    previous = directive.status
    directive.status = Directive.Status.ACTIVE
    directive.published_at = now()
    directive.track_from = track_from
    directive.save(update_fields=["status", "published_at", "track_from", "updated_at"])
    created = sum(n for _receiver, n in signals.directive_published.send(
        sender=Directive, directive=directive, today=today))
    event_record(target=directive, verb=EventVerb.PUBLISHED, actor=actor, from_status=previous,
                 to_status=directive.status,
                 data={"obligations_created": created,
                       "track_from": track_from.isoformat() if track_from else None})
    return directive


@outer
def directive_close(*, directive: Directive, actor, note: str = "") -> Directive:
    directive = Directive.objects.select_for_update().get(pk=directive.pk)
    _require_board(actor, directive)
    _check_transition(directive, Directive.Status.CLOSED)
    directive.status = Directive.Status.CLOSED
    directive.closed_at = now()
    directive.save(update_fields=["status", "closed_at", "updated_at"])
    event_record(target=directive, verb=EventVerb.CLOSED, actor=actor,
                 from_status=Directive.Status.ACTIVE, to_status=directive.status, note=note)
    return directive


@outer
def item_withdraw(*, item: ResponsibilityItem, actor, reason: str) -> ResponsibilityItem:
    """Withdraw an item (rút nhiệm vụ): nothing is deleted, open work stops (the
    assignments app ends it on `item_withdrawn`)."""
    item = ResponsibilityItem.objects.select_for_update().select_related("directive").get(
        pk=item.pk)
    _require_board(actor, item.directive)
    if item.status == ResponsibilityItem.Status.WITHDRAWN:
        raise TransitionError(_("Nhiệm vụ đã được rút trước đó."))
    if not reason.strip():
        raise DomainError(_("Cần nêu lý do rút nhiệm vụ."), field="reason")
    moment = now()
    item.status = ResponsibilityItem.Status.WITHDRAWN
    item.withdrawn_at = moment
    item.lock_version += 1
    item.save(update_fields=["status", "withdrawn_at", "lock_version", "updated_at"])
    withdrawn = sum(n for _receiver, n in signals.item_withdrawn.send(
        sender=ResponsibilityItem, item=item, moment=moment, actor=actor))
    event_record(target=item, verb=EventVerb.WITHDRAWN, actor=actor,
                 from_status=ResponsibilityItem.Status.ACTIVE, to_status=item.status,
                 note=reason, data={"assignments": withdrawn}, at=moment)
    return item


@contextmanager
def _announced(signal, **kwargs) -> Iterator[None]:
    """Send `signal` and run the block inside every context manager its receivers return."""
    with ExitStack() as stack:
        for _receiver, manager in signal.send(**kwargs):
            stack.enter_context(manager)
        yield
