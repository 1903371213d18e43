"""Directives, their addressee sections and responsibility items."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tracker import fields, policy
from tracker.models import TimeStampedModel, Unit
from tracker.scoping import scoped


class Cadence(models.TextChoices):
    """How often a unit reports on an item."""

    MONTHLY = "monthly", _("Hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý")
    SEMI_ANNUAL = "semi_annual", _("6 tháng")
    ANNUAL = "annual", _("Hằng năm")
    ONE_OFF = "one_off", _("Một lần")


class Directive(TimeStampedModel):
    """A guiding document (văn bản chỉ đạo): chỉ thị, nghị quyết, kế hoạch…"""

    objects = scoped(policy.directive_q)

    class Kind(models.TextChoices):
        CHI_THI = "chi_thi", _("Chỉ thị")
        NGHI_QUYET = "nghi_quyet", _("Nghị quyết")
        KET_LUAN = "ket_luan", _("Kết luận")
        KE_HOACH = "ke_hoach", _("Kế hoạch")
        QUYET_DINH = "quyet_dinh", _("Quyết định")
        THONG_TRI = "thong_tri", _("Thông tri")
        CONG_VAN = "cong_van", _("Công văn")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ACTIVE = "active", _("Đang theo dõi")
        CLOSED = "closed", _("Đã kết thúc")

    number = fields.CharField(_("số hiệu"), max_length=64)
    kind = fields.CharField(_("loại văn bản"), max_length=16, choices=Kind.choices)
    title = fields.TextField(_("trích yếu"))
    issuer = fields.CharField(_("cơ quan ban hành"), max_length=255)
    issuer_unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị ban hành"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="issued_directives",
    )
    issued_on = models.DateField(_("ngày ban hành"))
    signer = fields.CharField(_("người ký"), max_length=255, blank=True)
    supervising_unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị theo dõi"), on_delete=models.PROTECT,
        related_name="supervised_directives",
    )
    status = fields.CharField(_("trạng thái"), max_length=16, choices=Status.choices,
                              default=Status.DRAFT)
    full_text = fields.TextField(_("toàn văn"), blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("văn bản cấp trên"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="implementing_directives",
    )
    report_cadence = fields.CharField(_("kỳ báo cáo"), max_length=16, choices=Cadence.choices,
                                      default=Cadence.SEMI_ANNUAL)
    report_due_day = models.PositiveSmallIntegerField(
        _("ngày hạn báo cáo trong tháng"), default=15,
        help_text=_("Ví dụ 15: báo cáo 6 tháng hạn 15/6 và 15/12."),
    )
    report_due_month_offset = models.SmallIntegerField(
        _("tháng hạn so với tháng cuối kỳ"), default=0,
        help_text=_("0: trong tháng cuối kỳ; 1: tháng sau kỳ."),
    )
    reporting_starts_on = models.DateField(_("báo cáo từ ngày"), null=True, blank=True)
    reporting_ends_on = models.DateField(_("báo cáo đến ngày"), null=True, blank=True)
    published_at = models.DateTimeField(_("ban hành trên hệ thống lúc"), null=True, blank=True)
    # Chosen on publication: periods that ended before this day owe no report (a plan
    # dated in the past is tracked from here, not from years of overdue obligations).
    track_from = models.DateField(_("theo dõi từ ngày"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("văn bản chỉ đạo")
        verbose_name_plural = _("văn bản chỉ đạo")
        ordering = ["-issued_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "number"], name="directive_number_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=["chi_thi", "nghi_quyet", "ket_luan", "ke_hoach",
                                      "quyet_dinh", "thong_tri", "cong_van"]),
                name="directive_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "active", "closed"]),
                name="directive_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(report_cadence__in=[c.value for c in Cadence]),
                name="directive_cadence_valid",
            ),
            models.CheckConstraint(
                condition=Q(report_due_day__gte=1, report_due_day__lte=31),
                name="directive_due_day_range",
            ),
            models.CheckConstraint(
                condition=Q(reporting_ends_on__isnull=True)
                | Q(reporting_starts_on__isnull=True)
                | Q(reporting_ends_on__gte=models.F("reporting_starts_on")),
                name="directive_reporting_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class Section(models.Model):
    """An addressee block of a directive's text ("Các huyện ủy, thành ủy…")."""

    objects = scoped(policy.directive_q, "directive__")

    directive = models.ForeignKey(Directive, verbose_name=_("văn bản"), on_delete=models.CASCADE,
                                  related_name="sections")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    addressee = fields.TextField(_("đối tượng thực hiện"))
    source_line = models.PositiveIntegerField(_("dòng trong văn bản"), null=True, blank=True)

    class Meta:
        verbose_name = _("phần")
        verbose_name_plural = _("phần")
        ordering = ["directive", "order"]
        constraints = [
            models.UniqueConstraint(fields=["directive", "order"], name="section_order_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.addressee[:80]}"


class ResponsibilityItem(TimeStampedModel):
    """A duty given by a directive (nhiệm vụ), assigned to one or more units."""

    objects = scoped(policy.item_q)

    class DeadlineMode(models.TextChoices):
        FIXED = "fixed", _("Có thời hạn")
        PERIODIC = "periodic", _("Báo cáo định kỳ")
        CONTINUOUS = "continuous", _("Thường xuyên")

    class AssignmentMode(models.TextChoices):
        EACH = "each", _("Từng đơn vị thực hiện")
        JOINT = "joint", _("Chủ trì - phối hợp")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Đang thực hiện")
        WITHDRAWN = "withdrawn", _("Đã rút")

    directive = models.ForeignKey(Directive, verbose_name=_("văn bản"), on_delete=models.PROTECT,
                                  related_name="items")
    section = models.ForeignKey(Section, verbose_name=_("phần"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="items")
    order = models.PositiveIntegerField(_("thứ tự"))
    content = fields.TextField(_("nội dung"))
    expected_output = fields.CharField(_("sản phẩm"), max_length=500, blank=True)
    deadline_mode = fields.CharField(_("loại thời hạn"), max_length=16,
                                     choices=DeadlineMode.choices,
                                     default=DeadlineMode.CONTINUOUS)
    assignment_mode = fields.CharField(_("cách giao"), max_length=8,
                                       choices=AssignmentMode.choices,
                                       default=AssignmentMode.EACH)
    due_on = models.DateField(_("hạn hoàn thành"), null=True, blank=True)
    cadence = fields.CharField(_("kỳ báo cáo"), max_length=16, choices=Cadence.choices,
                               blank=True, help_text=_("Để trống: theo kỳ của văn bản."))
    status = fields.CharField(_("trạng thái"), max_length=16, choices=Status.choices,
                              default=Status.ACTIVE)
    withdrawn_at = models.DateTimeField(_("rút lúc"), null=True, blank=True)
    source_line = models.PositiveIntegerField(_("dòng trong văn bản"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(_("phiên bản"), default=1)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["directive", "order"]
        constraints = [
            models.UniqueConstraint(fields=["directive", "order"], name="item_order_unique"),
            models.CheckConstraint(
                condition=Q(deadline_mode__in=["fixed", "periodic", "continuous"]),
                name="item_deadline_mode_valid",
            ),
            models.CheckConstraint(
                condition=Q(assignment_mode__in=["each", "joint"]),
                name="item_assignment_mode_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["active", "withdrawn"]), name="item_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(deadline_mode="fixed") | Q(due_on__isnull=False),
                name="item_fixed_has_due_date",
            ),
            models.CheckConstraint(
                condition=Q(cadence="") | Q(cadence__in=[c.value for c in Cadence]),
                name="item_cadence_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="active", withdrawn_at__isnull=True)
                | Q(status="withdrawn", withdrawn_at__isnull=False),
                name="item_withdrawn_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.content[:80]}"

    def reported_cadence(self, directive: Directive | None = None) -> str:
        """The cadence the item is reported on: its own, one-off for a bare deadline, else
        the directive's (pass the directive when it is already loaded)."""
        if self.cadence:
            return self.cadence
        if self.deadline_mode == self.DeadlineMode.FIXED:
            return Cadence.ONE_OFF
        return (directive or self.directive).report_cadence


class ImportJob(models.Model):
    """A PDF being read in the background, page by page (OCR for scans), then previewed.

    The uploaded bytes are kept until the job ends; then the text and the preview stay,
    for the board member who uploaded it to review.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ")
        RUNNING = "running", _("Đang đọc")
        DONE = "done", _("Hoàn tất")
        FAILED = "failed", _("Lỗi")

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"),
                                   on_delete=models.CASCADE, related_name="import_jobs")
    filename = fields.CharField(_("tên tệp"), max_length=255)
    data = models.BinaryField(_("nội dung tệp"), blank=True, default=b"")
    status = fields.CharField(_("trạng thái"), max_length=16, choices=Status.choices,
                              default=Status.PENDING)
    pages_total = models.PositiveSmallIntegerField(_("số trang"), default=0)
    pages_done = models.PositiveSmallIntegerField(_("số trang đã đọc"), default=0)
    ocr_pages = models.PositiveSmallIntegerField(_("số trang scan"), default=0)
    text = fields.TextField(_("văn bản đọc được"), blank=True)
    preview = models.JSONField(_("bản xem trước"), null=True, blank=True)
    error = models.JSONField(_("lỗi"), default=dict, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt đọc tệp PDF")
        verbose_name_plural = _("lượt đọc tệp PDF")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["pending", "running", "done",
                                                           "failed"]),
                                   name="import_job_status_valid"),
            models.CheckConstraint(condition=Q(pages_done__lte=models.F("pages_total")),
                                   name="import_job_pages_done_le_total"),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.status} {self.pages_done}/{self.pages_total})"
