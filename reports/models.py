"""Progress reports, their reviews and evidence; indicators and their values."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assignments.models import ReportObligation
from directives.models import Directive, ResponsibilityItem
from tracker import fields, policy
from tracker.appendonly import AppendOnlyModel, AppendOnlyQuerySetMixin
from tracker.models import TimeStampedModel, Unit
from tracker.scoping import scoped

# The parts of a Vietnamese progress report, in order (DESIGN §2, REPORT-FORMAT).
REPORT_PARTS: list[tuple[str, str]] = [
    ("leadership_text", _("Công tác lãnh đạo, chỉ đạo, quán triệt, tuyên truyền")),
    ("results_text", _("Kết quả thực hiện")),
    ("shortcomings_text", _("Hạn chế, nguyên nhân")),
    ("next_steps_text", _("Phương hướng, nhiệm vụ thời gian tới")),
    ("proposals_text", _("Kiến nghị, đề xuất")),
]


class ProgressReport(TimeStampedModel):
    """A unit's report for an obligation (báo cáo tiến độ); each resubmission is a version."""

    objects = scoped(policy.report_q)

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        SUBMITTED = "submitted", _("Chờ thẩm định")
        ACCEPTED = "accepted", _("Đạt")
        RETURNED = "returned", _("Trả lại")

    obligation = models.ForeignKey(ReportObligation, verbose_name=_("yêu cầu báo cáo"),
                                   on_delete=models.PROTECT, related_name="reports")
    version = models.PositiveSmallIntegerField(_("lần"), default=1)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người lập"),
                               on_delete=models.PROTECT, related_name="progress_reports")
    unit_name = fields.CharField(_("tên đơn vị khi báo cáo"), max_length=255)
    status = fields.CharField(_("trạng thái"), max_length=16, choices=Status.choices,
                              default=Status.DRAFT)
    text = fields.TextField(_("tóm tắt"), blank=True)
    leadership_text = fields.TextField(REPORT_PARTS[0][1], blank=True)
    results_text = fields.TextField(REPORT_PARTS[1][1], blank=True)
    shortcomings_text = fields.TextField(REPORT_PARTS[2][1], blank=True)
    next_steps_text = fields.TextField(REPORT_PARTS[3][1], blank=True)
    proposals_text = fields.TextField(REPORT_PARTS[4][1], blank=True)
    progress_percent = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    completed = models.BooleanField(_("đề nghị xác nhận hoàn thành"), default=False)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True, db_index=True)
    decided_at = models.DateTimeField(_("thẩm định lúc"), null=True, blank=True)
    lock_version = models.PositiveIntegerField(_("phiên bản"), default=1)
    # A reviewer who took the report from the queue (reports.services.report_claim), so
    # that two reviewers don't work on the same one; the claim lapses after
    # settings.TRACKER_REVIEW_CLAIM_HOURS.
    claimed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nhận thẩm định"),
                                   null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="claimed_reports")
    claimed_at = models.DateTimeField(_("nhận thẩm định lúc"), null=True, blank=True)
    # The files this version shows: uploaded with it, or carried from the version before
    # by reference (ReportEvidence); never a copy of the bytes.
    evidence = models.ManyToManyField("Evidence", verbose_name=_("minh chứng"), blank=True,
                                      through="ReportEvidence", related_name="versions")
    # Scope columns (reports.scope, after assignments.scope): the obligation's unit and board.
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="+", editable=False, db_index=False)
    board = models.ForeignKey(Unit, verbose_name=_("ban theo dõi"), on_delete=models.PROTECT,
                              related_name="+", editable=False,
                              db_index=False)

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["obligation", "version"],
                                    name="report_version_unique"),
            models.UniqueConstraint(fields=["obligation"],
                                    condition=Q(status__in=["draft", "submitted"]),
                                    name="report_one_live_per_obligation"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "accepted", "returned"]),
                name="report_status_valid",
            ),
            models.CheckConstraint(condition=Q(progress_percent__gte=0, progress_percent__lte=100),
                                   name="report_progress_range"),
            models.CheckConstraint(condition=Q(version__gte=1), name="report_version_positive"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="report_submitted_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["accepted", "returned"]) | Q(decided_at__isnull=False),
                name="report_decided_has_time",
            ),
        ]
        indexes = [
            # A board's lists (drafts stay with their unit) and a unit's, newest first
            # (assignments.scope).
            models.Index(fields=["board", "id"], name="report_board_id",
                         condition=~Q(status="draft")),
            models.Index(fields=["board", "status", "id"], name="report_board_status_id"),
            models.Index(fields=["unit", "id"], name="report_unit_id"),
            # The review queue: a board's submitted reports, the longest waiting first.
            # Without it PostgreSQL walked the submission-time index of every report in
            # the country and kept one row in a thousand (national bench: 65 → 0.04 ms
            # for page 1, its count 8.6 → 2.2 ms).
            models.Index(fields=["board", "submitted_at", "id"], name="report_queue",
                         condition=Q(status="submitted")),
        ]

    def __str__(self) -> str:
        return f"{self.unit_name} — lần {self.version}"


class Review(AppendOnlyModel, models.Model):
    """The supervising board's decision on a submitted report (thẩm định); never changed
    or deleted (tracker.appendonly)."""

    objects = scoped(policy.report_q, "report__", mixins=(AppendOnlyQuerySetMixin,))

    class Decision(models.TextChoices):
        ACCEPT = "accept", _("Chấp nhận")
        RETURN = "return", _("Trả lại")

    report = models.ForeignKey(ProgressReport, verbose_name=_("báo cáo"),
                               on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người thẩm định"),
                                 on_delete=models.PROTECT, related_name="reviews")
    decision = fields.CharField(_("quyết định"), max_length=8, choices=Decision.choices)
    comment = fields.TextField(_("ý kiến"), blank=True)
    resubmit_by = models.DateField(_("hạn nộp lại"), null=True, blank=True)
    decided_at = models.DateTimeField(_("thời điểm"), db_index=True)

    class Meta:
        verbose_name = _("thẩm định")
        verbose_name_plural = _("thẩm định")
        ordering = ["-decided_at"]
        constraints = [
            models.UniqueConstraint(fields=["report"], name="review_one_per_report"),
            models.CheckConstraint(condition=Q(decision__in=["accept", "return"]),
                                   name="review_decision_valid"),
            models.CheckConstraint(
                condition=~Q(decision="return") | Q(resubmit_by__isnull=False),
                name="review_return_has_deadline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} {self.decided_at:%d/%m/%Y}"


class ReportComment(AppendOnlyModel, models.Model):
    """A message on a report's thread: the board's follow-up after a return, the unit's
    reply (trao đổi). Written once, never changed or deleted (tracker.appendonly)."""

    objects = scoped(policy.report_q, "report__", mixins=(AppendOnlyQuerySetMixin,))

    class Side(models.TextChoices):
        BOARD = "board", _("Ban theo dõi")
        UNIT = "unit", _("Đơn vị")

    report = models.ForeignKey(ProgressReport, verbose_name=_("báo cáo"),
                               on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người viết"),
                               on_delete=models.PROTECT, related_name="report_comments")
    side = fields.CharField(_("bên"), max_length=8, choices=Side.choices)
    body = fields.TextField(_("nội dung"))
    created_at = models.DateTimeField(_("thời điểm"), db_index=True)

    class Meta:
        verbose_name = _("trao đổi về báo cáo")
        verbose_name_plural = _("trao đổi về báo cáo")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(side__in=["board", "unit"]),
                                   name="report_comment_side_valid"),
            models.CheckConstraint(condition=~Q(body=""), name="report_comment_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.get_side_display()} {self.created_at:%d/%m/%Y %H:%M}"


def _evidence_q(user, prefix: str = "") -> Q | None:
    """Evidence files shown on a version of a report the user sees."""
    shown = policy.report_q(user, "report__")
    if shown is None:
        return None
    links = ReportEvidence.objects.filter(shown).values("evidence_id")
    return Q(**{f"{prefix}pk__in": links})


def evidence_upload_to(instance: "Evidence", filename: str) -> str:
    return f"evidence/{instance.report.obligation_id}/{filename}"


class Evidence(models.Model):
    """A stored evidence file (minh chứng), uploaded once with one version of a report.

    The versions that show it are linked through `ReportEvidence`: a new version after a
    return carries its predecessor's files by reference, and taking a file off a version
    only removes that link, so the bytes stay with every version that showed them."""

    objects = scoped(_evidence_q)

    report = models.ForeignKey(ProgressReport, verbose_name=_("tải lên cùng báo cáo"),
                               on_delete=models.PROTECT, related_name="uploaded_evidence")
    file = models.FileField(_("tệp"), upload_to=evidence_upload_to, max_length=500)
    original_name = fields.CharField(_("tên tệp"), max_length=255)
    content_type = fields.CharField(_("kiểu tệp"), max_length=120)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"),
                                    on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    # Counted once when the file is stored (reports.previews.count_pages), so that the
    # report page does not open every PDF to list its preview pages. NULL: not counted
    # yet (a PDF stored before the column existed): counted and stored on first view.
    page_count = models.PositiveIntegerField(
        _("số trang"), null=True, blank=True, editable=False,
        help_text=_("Số trang của tệp PDF (ảnh: 1; kiểu khác: 0)."))

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class ReportEvidence(models.Model):
    """That a version of a report shows an evidence file: added by an upload, or carried
    forward from the previous version when the unit starts a new one after a return."""

    report = models.ForeignKey(ProgressReport, verbose_name=_("báo cáo"),
                               on_delete=models.CASCADE, related_name="evidence_links")
    evidence = models.ForeignKey(Evidence, verbose_name=_("minh chứng"),
                                 on_delete=models.PROTECT, related_name="links")

    class Meta:
        verbose_name = _("minh chứng của báo cáo")
        verbose_name_plural = _("minh chứng của báo cáo")
        constraints = [
            models.UniqueConstraint(fields=["report", "evidence"],
                                    name="report_evidence_unique"),
        ]
        indexes = [models.Index(fields=["evidence"], name="report_evidence_evidence")]

    def __str__(self) -> str:
        return f"{self.report_id} ← {self.evidence_id}"


class Indicator(models.Model):
    """A measurable target (chỉ tiêu) on a directive or one of its items."""

    objects = scoped(policy.directive_q, "directive__")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Cộng dồn")
        LATEST = "latest", _("Số liệu mới nhất")
        AVERAGE = "average", _("Trung bình")

    directive = models.ForeignKey(Directive, verbose_name=_("văn bản"), on_delete=models.CASCADE,
                                  related_name="indicators")
    item = models.ForeignKey(ResponsibilityItem, verbose_name=_("nhiệm vụ"), null=True,
                             blank=True, on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField(_("mã"), max_length=64)
    name = fields.CharField(_("tên chỉ tiêu"), max_length=255)
    unit_of_measure = fields.CharField(_("đơn vị tính"), max_length=40)
    target = models.DecimalField(_("chỉ tiêu"), max_digits=14, decimal_places=2, null=True,
                                 blank=True)
    aggregation = fields.CharField(_("cách tổng hợp"), max_length=8,
                                   choices=Aggregation.choices, default=Aggregation.SUM)
    breakdowns = fields.JSONField(
        _("chia theo"), default=list, blank=True,
        help_text=_("Các dòng 'trong đó' (mã: nhãn), ví dụ vùng đồng bào dân tộc thiểu số."),
    )
    denominator = models.ForeignKey(
        "self", verbose_name=_("tỷ lệ so với chỉ tiêu"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
        help_text=_("Ví dụ: số người đã tập hợp / số người có thể tập hợp."),
    )
    target_rate = models.DecimalField(_("chỉ tiêu tỷ lệ (%)"), max_digits=5, decimal_places=2,
                                      null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["directive", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["directive", "code"], name="indicator_code_unique"),
            models.CheckConstraint(condition=Q(aggregation__in=["sum", "latest", "average"]),
                                   name="indicator_aggregation_valid"),
            models.CheckConstraint(condition=Q(target__isnull=True) | Q(target__gte=0),
                                   name="indicator_target_non_negative"),
            models.CheckConstraint(
                condition=Q(target_rate__isnull=True)
                | Q(target_rate__gte=0, target_rate__lte=100),
                name="indicator_target_rate_range"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit_of_measure})"

    def breakdown_labels(self) -> dict[str, str]:
        """Breakdowns are stored as [[code, label], ...] or [code, ...]."""
        labels = {}
        for entry in self.breakdowns or []:
            if isinstance(entry, list | tuple):
                labels[str(entry[0])] = str(entry[1])
            else:
                labels[str(entry)] = str(entry)
        return labels


class IndicatorTarget(models.Model):
    """A unit's own target for an indicator (e.g. 80% of young people in the Youth Union)."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.CASCADE,
                                  related_name="unit_targets")
    unit = models.ForeignKey("tracker.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="indicator_targets")
    target = models.DecimalField(_("chỉ tiêu"), max_digits=14, decimal_places=2, null=True,
                                 blank=True)
    target_rate = models.DecimalField(_("chỉ tiêu tỷ lệ (%)"), max_digits=5, decimal_places=2,
                                      null=True, blank=True)

    class Meta:
        verbose_name = _("chỉ tiêu của đơn vị")
        verbose_name_plural = _("chỉ tiêu của đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "unit"], name="indicator_target_unique"),
            models.CheckConstraint(
                condition=Q(target_rate__isnull=True)
                | Q(target_rate__gte=0, target_rate__lte=100),
                name="indicator_unit_target_rate_range"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} @ {self.unit_id}"


class IndicatorValue(models.Model):
    """A value a unit reports for an indicator; the board's verified value is kept apart."""

    objects = scoped(policy.report_q, "report__")

    report = models.ForeignKey(ProgressReport, verbose_name=_("báo cáo"),
                               on_delete=models.CASCADE, related_name="indicator_values")
    indicator = models.ForeignKey(Indicator, verbose_name=_("chỉ tiêu"),
                                  on_delete=models.PROTECT, related_name="values")
    breakdown = fields.CharField(_("chia theo"), max_length=64, blank=True,
                                 help_text=_("Để trống: tổng số."))
    reported_value = models.DecimalField(_("số báo cáo"), max_digits=14, decimal_places=2)
    verified_value = models.DecimalField(_("số thẩm định"), max_digits=14, decimal_places=2,
                                         null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người thẩm định"),
                                    null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    verified_at = models.DateTimeField(_("thẩm định lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("số liệu chỉ tiêu")
        verbose_name_plural = _("số liệu chỉ tiêu")
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator", "breakdown"],
                                    name="indicator_value_unique"),
            models.CheckConstraint(condition=Q(reported_value__gte=0),
                                   name="indicator_value_non_negative"),
            models.CheckConstraint(condition=Q(verified_value__isnull=True)
                                   | Q(verified_value__gte=0),
                                   name="indicator_verified_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.reported_value}"


def export_upload_to(instance: "ExportJob", filename: str) -> str:
    return f"exports/{instance.requested_by_id}/{filename}"


class ExportJob(models.Model):
    """A large export run in the background, with progress and a download when done."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ")
        RUNNING = "running", _("Đang xuất")
        DONE = "done", _("Hoàn tất")
        FAILED = "failed", _("Lỗi")

    kind = fields.CharField(_("danh sách"), max_length=32)
    format = fields.CharField(_("định dạng"), max_length=8)
    params = fields.JSONField(_("bộ lọc"), default=dict, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người yêu cầu"),
                                     on_delete=models.CASCADE, related_name="export_jobs")
    status = fields.CharField(_("trạng thái"), max_length=16, choices=Status.choices,
                              default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    total_rows = models.PositiveIntegerField(_("số dòng"), null=True, blank=True)
    file = models.FileField(_("tệp"), upload_to=export_upload_to, blank=True, max_length=500)
    error = fields.TextField(_("lỗi"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("xuất dữ liệu")
        verbose_name_plural = _("xuất dữ liệu")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["pending", "running", "done",
                                                           "failed"]),
                                   name="export_status_valid"),
            models.CheckConstraint(condition=Q(format__in=["xlsx", "csv"]),
                                   name="export_format_valid"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="export_progress_range"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}.{self.format} ({self.status})"
