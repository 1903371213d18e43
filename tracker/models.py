"""The shared core: units and their groups, memberships, events, calendar, notifications."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from . import fields
from .appendonly import AppendOnlyModel, AppendOnlyQuerySetMixin
from .notification_texts import NotificationKind, shown
from .scoping import scoped


class TimeStampedModel(models.Model):
    """Base model: creation and last-change times, stored in UTC."""

    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class Unit(TimeStampedModel):
    """A body that issues, receives or supervises duties (đơn vị).

    Units form a tree (province → district → commune). Reorganisations dissolve a
    unit into a successor; the row stays so that history keeps the old name.
    """

    class Kind(models.TextChoices):
        LEADERSHIP = "leadership", _("Cơ quan lãnh đạo")
        PARTY_COMMITTEE = "party_committee", _("Cấp ủy")
        PARTY_DELEGATION = "party_delegation", _("Đảng đoàn, ban cán sự đảng")
        GOVERNMENT = "government", _("Chính quyền")
        FRONT = "front", _("Mặt trận Tổ quốc")
        MASS_ORGANISATION = "mass_organisation", _("Đoàn thể chính trị - xã hội")
        ADVISORY_BOARD = "advisory_board", _("Ban tham mưu")
        OTHER = "other", _("Khác")

    code = models.SlugField(_("mã"), max_length=64, unique=True)
    name = fields.CharField(_("tên"), max_length=255)
    short_name = fields.CharField(_("tên ngắn"), max_length=120, blank=True)
    kind = fields.CharField(_("loại"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0, help_text=_("Thứ tự tổ chức."))
    aliases = fields.JSONField(
        _("tên gọi khác"), default=list, blank=True, help_text=_("Các cách viết trong văn bản.")
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    dissolved_on = models.DateField(_("ngày giải thể/hợp nhất"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị kế thừa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    # The days the unit existed: from `valid_from` (null: since before the records) up to,
    # not including, `valid_to` (null: still exists). A reorganisation sets them.
    valid_from = models.DateField(_("có hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hết hiệu lực từ"), null=True, blank=True)

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["leadership", "party_committee", "party_delegation",
                                      "government", "front", "mass_organisation",
                                      "advisory_board", "other"]),
                name="unit_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(successor=F("id")), name="unit_successor_not_self"
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("id")), name="unit_parent_not_self"
            ),
            models.CheckConstraint(
                condition=Q(is_active=True) | Q(dissolved_on__isnull=False),
                name="unit_inactive_has_date",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True) | Q(valid_to__isnull=True)
                | Q(valid_to__gt=F("valid_from")),
                name="unit_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class UnitRevision(models.Model):
    """A unit's name and parent as they were until `valid_to` (a rename or a move).

    The unit row keeps its id and takes the new name; this row keeps the old one, so that
    a figure asked "as of" an earlier day shows the old name under the old parent."""

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="revisions")
    name = fields.CharField(_("tên"), max_length=255)
    short_name = fields.CharField(_("tên ngắn"), max_length=120, blank=True)
    parent = models.ForeignKey(Unit, verbose_name=_("đơn vị cấp trên"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    valid_to = models.DateField(_("đến ngày (không kể)"))

    class Meta:
        verbose_name = _("tên cũ của đơn vị")
        verbose_name_plural = _("tên cũ của đơn vị")
        ordering = ["unit", "valid_to", "id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "valid_to"], name="unit_revision_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (→ {self.valid_to:%d/%m/%Y})"


class UnitSuccession(models.Model):
    """One line of descent: `successor` took over (part of) `predecessor`'s duties on
    `effective_on` (a merge or a split; written by the reorganisation that made it)."""

    class Kind(models.TextChoices):
        MERGE = "merge", _("Hợp nhất")
        SPLIT = "split", _("Chia tách")

    predecessor = models.ForeignKey(Unit, verbose_name=_("đơn vị cũ"), on_delete=models.PROTECT,
                                    related_name="succession_out")
    successor = models.ForeignKey(Unit, verbose_name=_("đơn vị kế thừa"),
                                  on_delete=models.PROTECT, related_name="succession_in")
    kind = fields.CharField(_("loại"), max_length=16, choices=Kind.choices)
    effective_on = models.DateField(_("ngày hiệu lực"))

    class Meta:
        verbose_name = _("kế thừa đơn vị")
        verbose_name_plural = _("kế thừa đơn vị")
        ordering = ["effective_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"],
                                    name="unit_succession_unique"),
            models.CheckConstraint(condition=~Q(predecessor=F("successor")),
                                   name="unit_succession_not_self"),
            models.CheckConstraint(condition=Q(kind__in=["merge", "split"]),
                                   name="unit_succession_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor_id} → {self.successor_id}"


class UnitGroup(TimeStampedModel):
    """A named set of units as directives address them ("các huyện ủy, thành ủy…")."""

    code = models.SlugField(_("mã"), max_length=64, unique=True)
    name = fields.CharField(_("tên"), max_length=255)
    aliases = fields.JSONField(_("tên gọi khác"), default=list, blank=True)
    members = models.ManyToManyField(
        Unit, verbose_name=_("thành viên"), related_name="unit_groups", blank=True
    )

    class Meta:
        verbose_name = _("nhóm đơn vị")
        verbose_name_plural = _("nhóm đơn vị")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(TimeStampedModel):
    """A user's role in a unit: reporter, unit head, reviewer or leader."""

    class Role(models.TextChoices):
        REPORTER = "reporter", _("Cán bộ báo cáo")
        UNIT_HEAD = "unit_head", _("Lãnh đạo đơn vị")
        REVIEWER = "reviewer", _("Cán bộ thẩm định (ban theo dõi)")
        LEADER = "leader", _("Lãnh đạo (chỉ xem)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = fields.CharField(_("vai trò"), max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = _("thành viên đơn vị")
        verbose_name_plural = _("thành viên đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique"),
            models.CheckConstraint(
                condition=Q(role__in=["reporter", "unit_head", "reviewer", "leader"]),
                name="membership_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.unit_id} ({self.role})"


class EventVerb(models.TextChoices):
    """What an event records (`Event.verb`). Every writer names its verb from here."""

    CREATED = "created", _("Tạo mới")
    UPDATED = "updated", _("Cập nhật")
    SECTION_ADDED = "section_added", _("Thêm phần")
    PUBLISHED = "published", _("Ban hành")
    CLOSED = "closed", _("Kết thúc")
    WITHDRAWN = "withdrawn", _("Rút")
    WITHDRAWN_WITH_ITEM = "withdrawn_with_item", _("Rút theo nhiệm vụ")
    ASSIGNED = "assigned", _("Giao nhiệm vụ")
    DUE_DATE_CHANGED = "due_date_changed", _("Điều chỉnh thời hạn")
    REQUESTED = "requested", _("Đề nghị")
    APPROVED = "approved", _("Chấp thuận")
    REJECTED = "rejected", _("Không chấp thuận")
    SUBMITTED = "submitted", _("Nộp báo cáo")
    ACCEPTED = "accepted", _("Chấp nhận báo cáo")
    RETURNED = "returned", _("Trả lại báo cáo")
    COMPLETED = "completed", _("Hoàn thành")
    EVIDENCE_ADDED = "evidence_added", _("Thêm minh chứng")
    EVIDENCE_REMOVED = "evidence_removed", _("Gỡ minh chứng")
    INDICATOR_VERIFIED = "indicator_verified", _("Thẩm định số liệu")
    REMINDER_POLICY_CHANGED = "reminder_policy_changed", _("Đổi chính sách nhắc việc")
    REMINDED = "reminded", _("Nhắc việc")
    EXPORTED = "exported", _("Xuất dữ liệu")
    MERGED = "merged", _("Hợp nhất đơn vị")
    MOVED_BY_MERGE = "moved_by_merge", _("Chuyển do hợp nhất đơn vị")
    WITHDRAWN_BY_MERGE = "withdrawn_by_merge", _("Rút do hợp nhất đơn vị")
    COMMENTED = "commented", _("Trao đổi về báo cáo")
    CLAIMED = "claimed", _("Nhận thẩm định")
    RELEASED = "released", _("Trả lại hàng chờ thẩm định")
    REORGANISED = "reorganised", _("Sắp xếp tổ chức")
    HANDED_OVER = "handed_over", _("Bàn giao do sắp xếp tổ chức")
    TAKEN_OVER = "taken_over", _("Tiếp nhận do sắp xếp tổ chức")


class EventQuerySet(AppendOnlyQuerySetMixin, models.QuerySet):
    pass


class Event(AppendOnlyModel, models.Model):
    """Append-only log of every state change: who, when, from → to, note (nhật ký).

    Never changed or deleted (tracker.appendonly: the ORM and, on PostgreSQL, a trigger).
    """

    objects = EventQuerySet.as_manager()

    Verb = EventVerb

    target_type = models.ForeignKey(
        ContentType, verbose_name=_("loại đối tượng"), on_delete=models.PROTECT,
        related_name="+",
    )
    target_id = models.PositiveBigIntegerField(_("mã đối tượng"))
    target = GenericForeignKey("target_type", "target_id")
    verb = fields.CharField(_("hành động"), max_length=48, db_index=True,
                            choices=EventVerb.choices)
    from_status = fields.CharField(_("từ trạng thái"), max_length=32, blank=True)
    to_status = fields.CharField(_("sang trạng thái"), max_length=32, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    at = models.DateTimeField(_("thời điểm"), db_index=True)
    note = fields.TextField(_("ghi chú"), blank=True)
    data = fields.JSONField(_("dữ liệu"), default=dict, blank=True)

    class Meta:
        verbose_name = _("nhật ký")
        verbose_name_plural = _("nhật ký")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "at"], name="event_target_at")]

    def __str__(self) -> str:
        return f"{self.verb} {self.from_status}→{self.to_status} @ {self.at:%Y-%m-%d %H:%M}"


class Holiday(models.Model):
    """A day off (or a compensating working day) in the working-day calendar."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Ngày nghỉ")
        WORKING_DAY = "working_day", _("Ngày làm bù")

    date = models.DateField(_("ngày"), unique=True)
    name = fields.CharField(_("tên"), max_length=200)
    kind = fields.CharField(_("loại"), max_length=16, choices=Kind.choices, default=Kind.HOLIDAY)
    source = fields.CharField(
        _("nguồn"), max_length=16, default="manual", help_text=_("holidays package or manual")
    )

    class Meta:
        verbose_name = _("ngày nghỉ")
        verbose_name_plural = _("lịch ngày nghỉ")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["holiday", "working_day"]), name="holiday_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"


def _own_q(user, prefix: str = "") -> Q:
    """Notifications: one's own, whoever one is."""
    return Q(**{f"{prefix}recipient_id": getattr(user, "pk", None)})


class Notification(models.Model):
    """A message to one person, shown in the app and delivered by other channels.

    In the app: `title`, the short `text` and `link`, a path relative to the site (the
    object's page). By email: the title, the text and the longer `body`, its lines made
    absolute from settings.SITE_URL when the email is written (`tracker.channels`).

    `params` holds the kind's message parameters: the app renders the title and text in
    the reader's language from them (`display_title`, `display_text`, see
    `tracker.notification_texts`); `title` and `text` hold the Vietnamese rendering (the
    emails, and the rows written without parameters).
    """

    objects = scoped(_own_q)

    Kind = NotificationKind

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = fields.CharField(_("loại"), max_length=48)
    title = fields.CharField(_("tiêu đề"), max_length=255)
    text = fields.CharField(_("tóm tắt"), max_length=500, blank=True,
                            help_text=_("Một hai câu hiển thị trong ứng dụng."))
    body = fields.TextField(_("nội dung thư"), blank=True,
                            help_text=_("Phần chi tiết của thư; đường dẫn lưu dạng tương đối."))
    link = fields.CharField(_("đường dẫn"), max_length=500, blank=True,
                            help_text=_("Đường dẫn tương đối tới đối tượng (trang web)."))
    params = fields.JSONField(
        _("tham số"), default=dict, blank=True,
        help_text=_("Tham số của nội dung, để hiển thị theo ngôn ngữ người đọc."))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["recipient", "created_at"],
                name="notification_unread",
                condition=Q(read_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        """The title in the active language (the stored one when there are no params)."""
        return shown(self)[0]

    @property
    def display_text(self) -> str:
        """The short text in the active language (the stored one when no params)."""
        return shown(self)[1]


class NotificationDelivery(models.Model):
    """One attempt to carry a notification over a channel (email, SMS, …)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Lỗi")

    notification = models.ForeignKey(
        Notification, verbose_name=_("thông báo"), on_delete=models.CASCADE,
        related_name="deliveries",
    )
    channel = fields.CharField(_("kênh"), max_length=16)
    status = fields.CharField(_("trạng thái"), max_length=16, choices=Status.choices,
                              default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    error = fields.TextField(_("lỗi"), blank=True)

    class Meta:
        verbose_name = _("lần gửi thông báo")
        verbose_name_plural = _("lần gửi thông báo")
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="delivery_unique"),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "sent", "failed"]), name="delivery_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel}: {self.status}"


__all__ = [
    "Event",
    "Holiday",
    "Membership",
    "Notification",
    "NotificationDelivery",
    "TimeStampedModel",
    "Unit",
    "UnitGroup",
    "UnitRevision",
    "UnitSuccession",
    "ContentType",
]
