"""A directive's reminder policy: the selector (its ladder) and the service that edits it."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from directives.models import Directive
from tracker import policy as access
from tracker.errors import DomainError
from tracker.events import event_record
from tracker.models import EventVerb

from ..models import ReminderPolicy
from .ladder import Ladder


def ladder_for(directive: Directive) -> Ladder:
    return Ladder.of(ReminderPolicy.objects.filter(directive=directive).first())


POLICY_FIELDS = ("enabled", "before_days", "on_due_day", "overdue_first_days",
                 "overdue_repeat_days", "escalate_after_days", "escalate_to_unit_head",
                 "escalate_to_board", "weekly_digest")


@transaction.atomic
def reminder_policy_set(*, directive: Directive, actor, **changes) -> ReminderPolicy:
    """The supervising board (or an administrator) edits a directive's reminder ladder."""
    access.require(access.can_review(actor, directive),
                   _("Chỉ ban theo dõi văn bản này mới được sửa chính sách nhắc việc."))
    unknown = set(changes) - set(POLICY_FIELDS)
    if unknown:
        raise DomainError(_("Trường không hợp lệ: %(names)s.") % {"names": ", ".join(
            sorted(unknown))}, field=sorted(unknown)[0])
    if "before_days" in changes:
        days = changes["before_days"]
        if not isinstance(days, list | tuple) or not all(
                isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= 90 for n in days):
            raise DomainError(_("Số ngày nhắc trước hạn phải là các số nguyên từ 1 đến 90."),
                              field="before_days")
        changes["before_days"] = sorted(set(days), reverse=True)
    for name, low, high in (("overdue_first_days", 1, 90), ("escalate_after_days", 1, 366),
                            ("overdue_repeat_days", 0, 366)):
        value = changes.get(name)
        if value is not None and (not isinstance(value, int) or not low <= value <= high):
            raise DomainError(_("Giá trị phải từ %(low)d đến %(high)d.")
                              % {"low": low, "high": high}, field=name)
    policy_row, _created = ReminderPolicy.objects.select_for_update().get_or_create(
        directive=directive)
    before = {name: getattr(policy_row, name) for name in POLICY_FIELDS}
    for name, value in changes.items():
        setattr(policy_row, name, value)
    policy_row.save()
    after = {name: getattr(policy_row, name) for name in POLICY_FIELDS}
    event_record(target=directive, verb=EventVerb.REMINDER_POLICY_CHANGED, actor=actor,
                 data={"before": before, "after": after})
    return policy_row
