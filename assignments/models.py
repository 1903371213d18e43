"""Assignments of items to units, reporting periods, obligations, extensions."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from directives.models import Cadence, Directive, ResponsibilityItem
from tracker import fields, policy
from tracker.appendonly import AppendOnlyModel, AppendOnlyQuerySetMixin
from tracker.models import TimeStampedModel, Unit
from tracker.scoping import scoped


class AssignmentStatus(models.TextChoices):
    """Assignment status computed for an "as of" date (DESIGN §3)."""

    IN_PROGRESS_ON_TIME = "in_progress_on_time", _("Đang thực hiện, trong hạn")
    IN_PROGRESS_OVERDUE = "in_progress_overdue", _("Chưa hoàn thành, quá hạn")
    DONE_ON_TIME = "done_on_time", _("Hoàn thành đúng hạn")
    DONE_LATE = "done_late", _("Hoàn thành quá hạn")
    ONGOING = "ongoing", _("Thường xuyên")
    WITHDRAWN = "withdrawn", _("Đã rút")


class ObligationStatus(models.TextChoices):
    """Report obligation status computed for an "as of" date (DESIGN §3)."""

    PENDING = "pending", _("Chưa nộp, còn hạn")
    OVERDUE = "overdue", _("Chưa nộp, quá hạn")
    SUBMITTED = "submitted", _("Chờ thẩm định")
    RETURNED = "returned", _("Trả lại")
    ACCEPTED_ON_TIME = "accepted_on_time", _("Đạt, đúng hạn")
    ACCEPTED_LATE = "accepted_late", _("Đạt, nộp muộn")
    WITHDRAWN = "withdrawn", _("Đã rút")


class Assignment(TimeStampedModel):
    """An item given to one unit in a role: lead (chủ trì) or cooperating (phối hợp)."""

    objects = scoped(policy.assignment_q)

    class Role(models.TextChoices):
        LEAD = "lead", _("Chủ trì")
        COOPERATING = "cooperating", _("Phối hợp")

    class State(models.TextChoices):
        OPEN = "open", _("Đang thực hiện")
        COMPLETED = "completed", _("Đã hoàn thành")
        WITHDRAWN = "withdrawn", _("Đã rút")

    item = models.ForeignKey(ResponsibilityItem, verbose_name=_("nhiệm vụ"),
                             on_delete=models.PROTECT, related_name="assignments")
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="assignments")
    original_unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị được giao ban đầu"), on_delete=models.PROTECT,
        related_name="original_assignments",
    )
    role = fields.CharField(_("vai trò"), max_length=16, choices=Role.choices, default=Role.LEAD)
    is_joint = models.BooleanField(_("giao chủ trì - phối hợp"), default=False)
    via_group = models.ForeignKey(
        "tracker.UnitGroup", verbose_name=_("giao qua nhóm"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="assignments",
    )
    assigned_on = models.DateField(_("ngày giao"))
    original_due_on = models.DateField(_("hạn ban đầu"), null=True, blank=True)
    current_due_on = models.DateField(_("hạn hiện tại"), null=True, blank=True)
    state = fields.CharField(_("tình trạng"), max_length=16, choices=State.choices,
                             default=State.OPEN)
    completed_on = models.DateField(
        _("ngày nộp báo cáo hoàn thành"), null=True, blank=True,
        help_text=_("Ngày nộp (tính đúng hạn) của báo cáo hoàn thành đã được chấp nhận."),
    )
    completed_at = models.DateTimeField(_("xác nhận hoàn thành lúc"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("rút lúc"), null=True, blank=True)
    # Scope column (assignments.scope): the supervising board of the item's directive,
    # stored so that a board's lists filter and page on this table's own index.
    board = models.ForeignKey(Unit, verbose_name=_("ban theo dõi"), on_delete=models.PROTECT,
                              related_name="+", editable=False,
                              db_index=False)

    class Meta:
        verbose_name = _("giao nhiệm vụ")
        verbose_name_plural = _("giao nhiệm vụ")
        ordering = ["item", "unit__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "unit"], name="assignment_item_unit_unique"),
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(is_joint=True, role="lead") & ~Q(state="withdrawn"),
                name="assignment_one_lead_per_joint_item",
            ),
            models.CheckConstraint(condition=Q(role__in=["lead", "cooperating"]),
                                   name="assignment_role_valid"),
            models.CheckConstraint(condition=Q(state__in=["open", "completed", "withdrawn"]),
                                   name="assignment_state_valid"),
            models.CheckConstraint(
                condition=Q(original_due_on__isnull=True)
                | Q(original_due_on__gte=F("assigned_on")),
                name="assignment_due_not_before_directive",
            ),
            models.CheckConstraint(
                condition=Q(current_due_on__isnull=True)
                | Q(current_due_on__gte=F("assigned_on")),
                name="assignment_current_due_not_before_directive",
            ),
            models.CheckConstraint(
                condition=Q(original_due_on__isnull=True, current_due_on__isnull=True)
                | Q(original_due_on__isnull=False, current_due_on__isnull=False),
                name="assignment_due_dates_together",
            ),
            models.CheckConstraint(
                condition=~Q(state="completed")
                | Q(completed_on__isnull=False, completed_at__isnull=False),
                name="assignment_completed_has_dates",
            ),
            models.CheckConstraint(
                condition=~Q(state="withdrawn") | Q(withdrawn_at__isnull=False),
                name="assignment_withdrawn_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "state"], name="assignment_unit_state"),
            models.Index(fields=["current_due_on"], name="assignment_open_due",
                         condition=Q(state="open")),
            # A board's lists, newest first (assignments.scope).
            models.Index(fields=["board", "id"], name="assignment_board_id"),
            models.Index(fields=["board", "current_due_on", "id"],
                         name="assignment_board_open_due", condition=Q(state="open")),
        ]

    def __str__(self) -> str:
        return f"#{self.item_id} → {self.unit_id} ({self.role})"


class ReportingPeriod(models.Model):
    """A reporting period of a directive ("6 tháng đầu năm 2022"), due by a date."""

    objects = scoped(policy.directive_q, "directive__")

    directive = models.ForeignKey(Directive, verbose_name=_("văn bản"), on_delete=models.CASCADE,
                                  related_name="periods")
    cadence = fields.CharField(_("kỳ"), max_length=16, choices=Cadence.choices)
    label = fields.CharField(_("tên kỳ"), max_length=120)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    due_on = models.DateField(_("hạn nộp"))

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["directive", "cadence", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["directive", "cadence", "starts_on", "ends_on"],
                                    name="period_unique"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")),
                                   name="period_range_valid"),
            models.CheckConstraint(condition=Q(due_on__gte=F("starts_on")),
                                   name="period_due_after_start"),
            models.CheckConstraint(condition=Q(cadence__in=[c.value for c in Cadence]),
                                   name="period_cadence_valid"),
        ]

    def __str__(self) -> str:
        return self.label


class ReportObligation(TimeStampedModel):
    """A report due from an assignment for a period; exists before anything is written."""

    objects = scoped(policy.obligation_q)

    class State(models.TextChoices):
        NOT_SUBMITTED = "not_submitted", _("Chưa nộp")
        SUBMITTED = "submitted", _("Chờ thẩm định")
        RETURNED = "returned", _("Trả lại")
        ACCEPTED = "accepted", _("Đạt")
        WITHDRAWN = "withdrawn", _("Đã rút")

    assignment = models.ForeignKey(Assignment, verbose_name=_("giao nhiệm vụ"),
                                   on_delete=models.PROTECT, related_name="obligations")
    period = models.ForeignKey(ReportingPeriod, verbose_name=_("kỳ báo cáo"),
                               on_delete=models.PROTECT, related_name="obligations")
    original_due_on = models.DateField(_("hạn ban đầu"))
    due_on = models.DateField(_("hạn hiện tại"))
    state = fields.CharField(_("tình trạng"), max_length=16, choices=State.choices,
                             default=State.NOT_SUBMITTED)
    first_submitted_at = models.DateTimeField(_("nộp lần đầu lúc"), null=True, blank=True)
    effective_submitted_on = models.DateField(
        _("ngày nộp tính đúng hạn"), null=True, blank=True,
        help_text=_("Ngày nộp lần đầu, giữ nguyên nếu nộp lại trong hạn nộp lại."),
    )
    resubmit_by = models.DateField(_("hạn nộp lại"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("chấp nhận lúc"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("rút lúc"), null=True, blank=True)
    # Scope columns (assignments.scope): the assignment's unit and its directive's board.
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="+", editable=False, db_index=False)
    board = models.ForeignKey(Unit, verbose_name=_("ban theo dõi"), on_delete=models.PROTECT,
                              related_name="+", editable=False,
                              db_index=False)

    class Meta:
        verbose_name = _("yêu cầu báo cáo")
        verbose_name_plural = _("yêu cầu báo cáo")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "period"], name="obligation_unique"),
            models.CheckConstraint(
                condition=Q(state__in=["not_submitted", "submitted", "returned", "accepted",
                                       "withdrawn"]),
                name="obligation_state_valid",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["submitted", "returned", "accepted"])
                | Q(first_submitted_at__isnull=False, effective_submitted_on__isnull=False),
                name="obligation_submitted_has_dates",
            ),
            models.CheckConstraint(
                condition=~Q(state="accepted") | Q(accepted_at__isnull=False),
                name="obligation_accepted_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(state="returned") | Q(resubmit_by__isnull=False),
                name="obligation_returned_has_deadline",
            ),
        ]
        indexes = [
            # Open work by due date, id as the tie-break the overdue list pages on
            # (national bench: obligations?overdue=true, 100 rows, 40 ms -> 17 ms).
            models.Index(fields=["due_on", "id"], name="obligation_open_due_id",
                         condition=Q(state__in=["not_submitted", "returned"])),
            # The open rows of some directives' periods (the dashboard's overdue table
            # over the listed directives; national bench: 0.5 s -> 30 ms).
            models.Index(fields=["period", "due_on"], name="obligation_period_open_due",
                         condition=Q(state__in=["not_submitted", "returned"])),
            models.Index(fields=["state", "due_on"], name="obligation_state_due"),
            # The lists' order: a scoped first page reads the index instead of sorting
            # the whole scope (bench, province scale: 400 ms → 1.2 ms).
            models.Index(fields=["due_on", "id"], name="obligation_due_id"),
            # A board's and a unit's lists in the lists' order (assignments.scope).
            models.Index(fields=["board", "due_on", "id"], name="obligation_board_due_id"),
            models.Index(fields=["board", "due_on", "id"], name="obligation_board_open_due",
                         condition=Q(state__in=["not_submitted", "returned"])),
            models.Index(fields=["unit", "due_on", "id"], name="obligation_unit_due_id"),
        ]

    def __str__(self) -> str:
        return f"#{self.assignment_id} / {self.period_id}"


class DeadlineChange(AppendOnlyModel, models.Model):
    """A dated change of a due date (extension decision or logged edit by the board).

    Statuses "as of" a past day use the due date in force at the end of that day. Never
    changed or deleted (tracker.appendonly).
    """

    objects = scoped(policy.obligation_q, "obligation__", mixins=(AppendOnlyQuerySetMixin,))

    class Source(models.TextChoices):
        EXTENSION = "extension", _("Gia hạn")
        EDIT = "edit", _("Điều chỉnh")

    assignment = models.ForeignKey(Assignment, verbose_name=_("giao nhiệm vụ"),
                                   on_delete=models.PROTECT, related_name="deadline_changes")
    obligation = models.ForeignKey(ReportObligation, verbose_name=_("yêu cầu báo cáo"),
                                   null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="deadline_changes")
    old_due_on = models.DateField(_("hạn cũ"))
    new_due_on = models.DateField(_("hạn mới"))
    source = fields.CharField(_("nguồn"), max_length=16, choices=Source.choices)
    changed_at = models.DateTimeField(_("thời điểm"), db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"),
                              null=True, on_delete=models.PROTECT, related_name="+")
    reason = fields.TextField(_("lý do"), blank=True)

    class Meta:
        verbose_name = _("thay đổi thời hạn")
        verbose_name_plural = _("thay đổi thời hạn")
        ordering = ["changed_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(source__in=["extension", "edit"]),
                                   name="deadline_change_source_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.old_due_on:%d/%m/%Y} → {self.new_due_on:%d/%m/%Y}"


class ExtensionRequest(AppendOnlyModel, TimeStampedModel):
    """A unit's request for a later due date, decided by the supervising board.

    Never deleted; changed only while pending (its decision), then never again
    (tracker.appendonly).
    """

    objects = scoped(policy.assignment_q, "assignment__", mixins=(AppendOnlyQuerySetMixin,))
    append_only_pending_field = "status"

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ quyết định")
        APPROVED = "approved", _("Đã chấp thuận")
        REJECTED = "rejected", _("Không chấp thuận")

    assignment = models.ForeignKey(Assignment, verbose_name=_("giao nhiệm vụ"),
                                   on_delete=models.PROTECT, related_name="extension_requests")
    obligation = models.ForeignKey(ReportObligation, verbose_name=_("yêu cầu báo cáo"),
                                   on_delete=models.PROTECT, related_name="extension_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người đề nghị"),
                                     on_delete=models.PROTECT, related_name="+")
    current_due_on = models.DateField(_("hạn khi đề nghị"))
    requested_due_on = models.DateField(_("hạn đề nghị"))
    reason = fields.TextField(_("lý do"))
    status = fields.CharField(_("trạng thái"), max_length=16, choices=Status.choices,
                              default=Status.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người quyết định"),
                                   null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    decision_note = fields.TextField(_("ý kiến"), blank=True)
    approved_due_on = models.DateField(_("hạn được duyệt"), null=True, blank=True)

    class Meta:
        verbose_name = _("đề nghị gia hạn")
        verbose_name_plural = _("đề nghị gia hạn")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["pending", "approved", "rejected"]),
                                   name="extension_status_valid"),
            models.CheckConstraint(condition=Q(requested_due_on__gt=F("current_due_on")),
                                   name="extension_later_date"),
            models.UniqueConstraint(fields=["obligation"], condition=Q(status="pending"),
                                    name="extension_one_pending_per_obligation"),
            models.CheckConstraint(
                condition=Q(status="pending")
                | Q(decided_at__isnull=False, decided_by__isnull=False),
                name="extension_decided_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_due_on__isnull=False),
                name="extension_approved_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.current_due_on:%d/%m/%Y} → {self.requested_due_on:%d/%m/%Y}"


# --- reminders ---------------------------------------------------------------------

def _default_before_days() -> list[int]:
    return [7, 3, 1]


class ReminderPolicy(TimeStampedModel):
    """How a directive's report obligations are chased (DESIGN §4); absent = the default.

    Steps are counted in calendar days from the current due date (or the resubmission
    deadline of a returned report) and go out at 07:30 on the next working day.
    """

    directive = models.OneToOneField(Directive, verbose_name=_("văn bản"),
                                      on_delete=models.CASCADE, related_name="reminder_policy")
    enabled = models.BooleanField(_("bật nhắc việc"), default=True)
    before_days = fields.JSONField(
        _("nhắc trước hạn (ngày)"), default=_default_before_days, blank=True,
        help_text=_("Danh sách số ngày trước hạn, ví dụ [7, 3, 1]."))
    on_due_day = models.BooleanField(_("nhắc đúng ngày đến hạn"), default=True)
    overdue_first_days = models.PositiveSmallIntegerField(
        _("nhắc quá hạn lần đầu sau (ngày)"), null=True, blank=True, default=1,
        help_text=_("Để trống: không nhắc khi quá hạn."))
    overdue_repeat_days = models.PositiveSmallIntegerField(
        _("nhắc lại khi quá hạn mỗi (ngày)"), default=7, help_text=_("0: không nhắc lại."))
    escalate_after_days = models.PositiveSmallIntegerField(
        _("báo cáo vượt cấp khi quá hạn từ (ngày)"), null=True, blank=True, default=3,
        help_text=_("Để trống: không báo lãnh đạo đơn vị và ban theo dõi."))
    escalate_to_unit_head = models.BooleanField(_("báo lãnh đạo đơn vị"), default=True)
    escalate_to_board = models.BooleanField(_("báo ban theo dõi"), default=True)
    weekly_digest = models.BooleanField(_("đưa vào bản tổng hợp tuần"), default=True)

    class Meta:
        verbose_name = _("chính sách nhắc việc")
        verbose_name_plural = _("chính sách nhắc việc")
        constraints = [
            models.CheckConstraint(condition=Q(overdue_repeat_days__lte=366),
                                   name="reminder_policy_repeat_range"),
            models.CheckConstraint(
                condition=Q(overdue_first_days__isnull=True) | Q(overdue_first_days__gte=1),
                name="reminder_policy_overdue_first_positive"),
            models.CheckConstraint(
                condition=Q(escalate_after_days__isnull=True) | Q(escalate_after_days__gte=1),
                name="reminder_policy_escalate_positive"),
        ]

    def __str__(self) -> str:
        return f"reminders #{self.directive_id}"


class ReminderDispatch(models.Model):
    """One reminder owed to one person, recorded under a unique key before it is sent.

    Key: (obligation, step, recipient), where step names the ladder rung relative to the
    date it was computed against ("due-7@2026-12-15"); weekly digests have no obligation
    and a step like "digest@2026-W50". A row claimed by a sweep (claim_token, claimed_at)
    but not sent (status "claimed") is taken over by a later sweep once the lease has
    passed; one that is no longer owed (report submitted, due date moved) is cancelled.
    """

    class Status(models.TextChoices):
        CLAIMED = "claimed", _("Đang xử lý")
        SENT = "sent", _("Đã gửi")
        CANCELLED = "cancelled", _("Không còn cần gửi")

    class Audience(models.TextChoices):
        UNIT = "unit", _("Đơn vị được giao")
        UNIT_HEAD = "unit_head", _("Lãnh đạo đơn vị")
        BOARD = "board", _("Ban theo dõi")
        DIGEST = "digest", _("Tổng hợp tuần")

    # The log is written a million rows at a time by the sweep, from rows it has just read:
    # its foreign keys are Django's only (db_constraint=False). A database constraint costs
    # a trigger and a row lock per inserted row and key (two thirds of the sweep's write
    # time at province scale); deletes still cascade or null them through the ORM.
    # No separate index: the unique (obligation, step, recipient) index serves lookups.
    obligation = models.ForeignKey(ReportObligation, verbose_name=_("yêu cầu báo cáo"),
                                   null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="reminder_dispatches", db_index=False,
                                   db_constraint=False)
    step = fields.CharField(_("bước nhắc"), max_length=64)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nhận"),
                                  on_delete=models.CASCADE, related_name="reminder_dispatches",
                                  db_constraint=False)
    audience = fields.CharField(_("đối tượng"), max_length=16, choices=Audience.choices)
    base_on = models.DateField(_("tính theo hạn"), null=True, blank=True)
    scheduled_at = models.DateTimeField(_("đến lượt lúc"))
    claim_token = fields.CharField(_("mã lượt quét"), max_length=32)
    claimed_at = models.DateTimeField(_("nhận xử lý lúc"))
    attempts = models.PositiveSmallIntegerField(_("số lần xử lý"), default=1)
    status = fields.CharField(_("trạng thái"), max_length=16, choices=Status.choices,
                              default=Status.CLAIMED)
    sent_at = models.DateTimeField(_("đã gửi lúc"), null=True, blank=True)
    notification = models.ForeignKey("tracker.Notification", verbose_name=_("thông báo"),
                                     null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="reminder_dispatches", db_index=False,
                                     db_constraint=False)

    class Meta:
        verbose_name = _("lần nhắc việc")
        verbose_name_plural = _("lần nhắc việc")
        ordering = ["-scheduled_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["obligation", "step", "recipient"],
                                    condition=Q(obligation__isnull=False),
                                    name="reminder_dispatch_unique"),
            models.UniqueConstraint(fields=["step", "recipient"],
                                    condition=Q(obligation__isnull=True),
                                    name="reminder_digest_unique"),
            models.CheckConstraint(condition=Q(status__in=["claimed", "sent", "cancelled"]),
                                   name="reminder_dispatch_status_valid"),
            models.CheckConstraint(condition=~Q(status="sent") | Q(sent_at__isnull=False),
                                   name="reminder_dispatch_sent_has_time"),
            models.CheckConstraint(
                condition=Q(audience__in=["unit", "unit_head", "board", "digest"]),
                name="reminder_dispatch_audience_valid"),
            models.CheckConstraint(
                condition=Q(audience="digest", obligation__isnull=True)
                | (~Q(audience="digest") & Q(obligation__isnull=False)),
                name="reminder_dispatch_digest_has_no_obligation"),
        ]
        indexes = [
            # Small: only rows not sent yet (a sweep's own claims, and expired leases).
            models.Index(fields=["claim_token", "recipient", "claimed_at"],
                         name="reminder_dispatch_unsent", condition=Q(status="claimed")),
            # Deleting a notification checks (and nulls) the rows pointing at it: without
            # this, one scan of the whole log per notification (national bench cleanup:
            # 4,284 notifications over 1.36 M rows took 12.5 min).
            models.Index(fields=["notification"], name="reminder_dispatch_notification",
                         condition=Q(notification__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.step} → {self.recipient_id}"


class StatusCount(models.Model):
    """How many obligations and assignments sit in each stored state (a summary table).

    Kept current by the services (assignments.counts) in the same transaction as the
    change, so that "today" figures (directive summary, dashboard) are read from a few
    rows instead of recomputed from millions. Two grains share the table: per
    (directive, section, unit), and per directive (section_key = unit_key = 0). A row's
    status on a given day follows from (kind, bucket, due_on): an open obligation is
    overdue once its due date has passed. Rebuilt by `manage.py rebuild_status_counts`.
    """

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE,
                                  related_name="status_counts")
    section_key = models.IntegerField()  # a Section id, or 0 for the whole directive
    unit_key = models.IntegerField()  # a Unit id, or 0 for the whole directive
    kind = fields.CharField(max_length=1)  # "a" assignment, "o" obligation
    bucket = fields.CharField(max_length=20)
    due_on = models.DateField()  # for open rows; NO_DATE otherwise
    n = models.IntegerField(default=0)
    late_max = models.IntegerField(default=0)  # days late, for accepted_late obligations

    class Meta:
        verbose_name = _("số đếm trạng thái")
        verbose_name_plural = _("số đếm trạng thái")
        constraints = [
            models.UniqueConstraint(
                fields=["directive", "section_key", "unit_key", "kind", "bucket", "due_on"],
                name="status_count_key"),
            models.CheckConstraint(condition=Q(kind__in=["a", "o"]),
                                   name="status_count_kind_valid"),
        ]
        indexes = [
            models.Index(fields=["unit_key", "directive"], name="status_count_unit"),
            # The per-directive grain summed over many directives (the dashboard's tiles,
            # the counts of the lists they open), read from the index alone.
            models.Index(fields=["kind", "directive", "bucket", "due_on", "n", "late_max"],
                         condition=Q(unit_key=0), name="status_count_whole"),
            # The obligations' unit grain summed per unit over the listed directives (the
            # dashboard's per-unit rates, assignments.selectors.figures.unit_rate_rows),
            # read from the index alone.
            models.Index(fields=["directive", "unit_key", "bucket", "due_on", "n"],
                         condition=Q(kind="o") & ~Q(unit_key=0), name="status_count_unit_rates"),
        ]

    def __str__(self) -> str:
        return f"{self.directive_id}/{self.section_key}/{self.unit_key} {self.kind}:{self.bucket}"


class SweepRun(models.Model):
    """The last run of a periodic task (one row per task, overwritten each run), for the
    operators' metrics and admin page: when it ran, whether it succeeded, its tally."""

    name = fields.CharField(_("tác vụ"), max_length=64, unique=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"))
    finished_at = models.DateTimeField(_("xong lúc"))
    ok = models.BooleanField(_("thành công"), default=True)
    summary = fields.JSONField(_("kết quả"), default=dict, blank=True)
    error = fields.TextField(_("lỗi"), blank=True)

    class Meta:
        verbose_name = _("lần chạy tác vụ định kỳ")
        verbose_name_plural = _("lần chạy tác vụ định kỳ")

    def __str__(self) -> str:
        return f"{self.name} @ {self.finished_at:%Y-%m-%d %H:%M} ({'ok' if self.ok else 'failed'})"


def _reorganiser_q(user, prefix: str = "") -> Q | None:
    """Reorganisations: the boards' reviewers and the administrators see them all."""
    return None if policy.is_reviewer(user) else Q(pk__in=[])


class Reorganisation(TimeStampedModel):
    """A change of the organisation chart on a date: rename, merge, split, move, dissolve.

    Drafted, previewed, then applied once (`assignments.reorganisation`): the duties of
    the old units follow (open assignments, obligations due from the date on,
    memberships, group memberships, a board's directives); their history stays."""

    objects = scoped(_reorganiser_q)

    class Kind(models.TextChoices):
        RENAME = "rename", _("Đổi tên")
        MERGE = "merge", _("Hợp nhất")
        SPLIT = "split", _("Chia tách")
        MOVE = "move", _("Chuyển đơn vị cấp trên")
        DISSOLVE = "dissolve", _("Giải thể")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        APPLIED = "applied", _("Đã thực hiện")

    kind = fields.CharField(_("loại"), max_length=16, choices=Kind.choices)
    effective_on = models.DateField(_("ngày hiệu lực"))
    status = fields.CharField(_("tình trạng"), max_length=16, choices=Status.choices,
                              default=Status.DRAFT)
    new_name = fields.CharField(_("tên mới"), max_length=255, blank=True)
    new_short_name = fields.CharField(_("tên ngắn mới"), max_length=120, blank=True)
    new_parent = models.ForeignKey(Unit, verbose_name=_("đơn vị cấp trên mới"), null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")
    note = fields.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người lập"),
                                   null=True, on_delete=models.PROTECT, related_name="+")
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"),
                                   null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    applied_at = models.DateTimeField(_("thực hiện lúc"), null=True, blank=True)
    summary = fields.JSONField(_("kết quả"), default=dict, blank=True)

    class Meta:
        verbose_name = _("sắp xếp tổ chức")
        verbose_name_plural = _("sắp xếp tổ chức")
        ordering = ["-effective_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["rename", "merge", "split", "move", "dissolve"]),
                name="reorganisation_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=["draft", "applied"]),
                                   name="reorganisation_status_valid"),
            models.CheckConstraint(
                condition=~Q(status="applied")
                | Q(applied_at__isnull=False, applied_by__isnull=False),
                name="reorganisation_applied_has_who_when"),
            models.CheckConstraint(condition=~Q(kind="rename") | ~Q(new_name=""),
                                   name="reorganisation_rename_has_name"),
            models.CheckConstraint(condition=~Q(kind="move") | Q(new_parent__isnull=False),
                                   name="reorganisation_move_has_parent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_on:%d/%m/%Y}"


class ReorganisationUnit(models.Model):
    """A unit of a reorganisation: a source (an existing unit) or a target (an existing
    unit, or a new one created when the plan is applied, from `code`, `name`...)."""

    class Side(models.TextChoices):
        SOURCE = "source", _("Đơn vị cũ")
        TARGET = "target", _("Đơn vị mới / kế thừa")

    reorganisation = models.ForeignKey(Reorganisation, verbose_name=_("sắp xếp tổ chức"),
                                       on_delete=models.CASCADE, related_name="units")
    side = fields.CharField(_("phía"), max_length=8, choices=Side.choices)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    code = models.SlugField(_("mã đơn vị mới"), max_length=64, blank=True)
    name = fields.CharField(_("tên đơn vị mới"), max_length=255, blank=True)
    kind = fields.CharField(_("loại đơn vị mới"), max_length=32, blank=True)
    parent = models.ForeignKey(Unit, verbose_name=_("đơn vị cấp trên của đơn vị mới"),
                               null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")

    class Meta:
        verbose_name = _("đơn vị trong sắp xếp")
        verbose_name_plural = _("đơn vị trong sắp xếp")
        ordering = ["reorganisation", "side", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(side__in=["source", "target"]),
                                   name="reorganisation_unit_side_valid"),
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | (Q(side="target") & ~Q(code="") & ~Q(name="")),
                name="reorganisation_unit_existing_or_new"),
            models.UniqueConstraint(fields=["reorganisation", "side", "unit"],
                                    name="reorganisation_unit_once"),
            models.UniqueConstraint(fields=["reorganisation", "side", "position"],
                                    name="reorganisation_unit_position"),
        ]

    def __str__(self) -> str:
        return f"{self.side}: {self.unit_id or self.code}"


class ReorganisationChoice(models.Model):
    """For a split: one open assignment of the old unit and one target that takes it
    (every target chosen for an "each"-mode item, exactly one for a joint item)."""

    reorganisation = models.ForeignKey(Reorganisation, verbose_name=_("sắp xếp tổ chức"),
                                       on_delete=models.CASCADE, related_name="choices")
    assignment = models.ForeignKey(Assignment, verbose_name=_("giao nhiệm vụ"),
                                   on_delete=models.PROTECT, related_name="+")
    target = models.ForeignKey(ReorganisationUnit, verbose_name=_("đơn vị tiếp nhận"),
                               on_delete=models.CASCADE, related_name="choices")

    class Meta:
        verbose_name = _("lựa chọn tiếp nhận")
        verbose_name_plural = _("lựa chọn tiếp nhận")
        constraints = [
            models.UniqueConstraint(fields=["reorganisation", "assignment", "target"],
                                    name="reorganisation_choice_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id} → {self.target_id}"
