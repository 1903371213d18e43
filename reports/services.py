"""Writes for progress reports: create, edit, submit, accept, return; evidence; values."""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from assignments import obligations
from assignments.models import Assignment, ReportObligation
from assignments.services import obligation_lock
from directives.models import ResponsibilityItem
from tracker import policy
from tracker.calendar import add_working_days
from tracker.errors import ConflictError, DomainError, NotAllowed, TransitionError
from tracker.events import event_record
from tracker.models import EventVerb, Notification
from tracker.timeutil import local_date, now
from tracker.tx import batch, outer

from .claims import claim_check
from .models import (
    REPORT_PARTS,
    Evidence,
    Indicator,
    IndicatorValue,
    ProgressReport,
    ReportEvidence,
    Review,
)
from .previews import count_pages

EDITABLE_FIELDS = ("text", "progress_percent", "completed",
                   *[name for name, _label in REPORT_PARTS])


def _obligation_takes_it(report: ProgressReport, obligation: ReportObligation) -> None:
    if obligation.state not in (ReportObligation.State.NOT_SUBMITTED,
                                ReportObligation.State.RETURNED):
        raise TransitionError(_("Yêu cầu báo cáo này không nhận báo cáo mới (%(state)s).")
                              % {"state": ReportObligation.State(obligation.state).label},
                              field="obligation")


def _not_withdrawn_to_accept(report: ProgressReport, obligation: ReportObligation) -> None:
    if obligation.state == ReportObligation.State.WITHDRAWN:
        # The item was withdrawn while the report waited: nothing to accept it for.
        raise TransitionError(_("Yêu cầu báo cáo đã rút; không chấp nhận báo cáo được."),
                              field="obligation")


def _not_withdrawn_to_return(report: ProgressReport, obligation: ReportObligation) -> None:
    if obligation.state == ReportObligation.State.WITHDRAWN:
        # The item was withdrawn while the report waited: a return would reopen it.
        raise TransitionError(_("Yêu cầu báo cáo đã rút; không trả lại báo cáo được."),
                              field="obligation")


# The report workflow: (from, to) → what the change needs of the report's obligation
# (the obligation's own change is checked by `assignments.obligations`).
REPORT_TRANSITIONS: dict[tuple[str, str],
                         Callable[[ProgressReport, ReportObligation], None]] = {
    (ProgressReport.Status.DRAFT, ProgressReport.Status.SUBMITTED): _obligation_takes_it,
    (ProgressReport.Status.SUBMITTED, ProgressReport.Status.ACCEPTED): _not_withdrawn_to_accept,
    (ProgressReport.Status.SUBMITTED, ProgressReport.Status.RETURNED): _not_withdrawn_to_return,
}

ALLOWED_EVIDENCE_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".txt": "text/plain",
}


def _check_transition(report: ProgressReport, target: str,
                      obligation: ReportObligation) -> None:
    guard = REPORT_TRANSITIONS.get((report.status, target))
    if guard is None:
        raise TransitionError(
            _("Báo cáo đang ở trạng thái “%(from)s”, không thể chuyển sang “%(to)s”.")
            % {"from": ProgressReport.Status(report.status).label,
               "to": ProgressReport.Status(target).label},
            field="status",
        )
    guard(report, obligation)


def _lock_report(report: ProgressReport) -> ProgressReport:
    return (ProgressReport.objects.select_for_update()
            .select_related("obligation__assignment__item__directive",
                            "obligation__assignment__unit")
            .get(pk=report.pk))


def _lock_report_and_obligation(report: ProgressReport) -> ProgressReport:
    """The report re-read by one statement that locks it, its obligation and their
    assignment (in that order, as `_lock_report` then `obligation_lock` do), with the item,
    unit and period the answer shows and the directive the reviewers are told about:
    `report.obligation` is the locked obligation.

    The item, directive, unit and period rows are read, not locked: a submission changes none of
    them, and locking them (or the directive) would queue every unit's submission for a
    directive behind one another."""
    return (ProgressReport.objects
            .select_for_update(of=("self", "obligation", "obligation__assignment"))
            .select_related("obligation__assignment__item__directive",
                            "obligation__assignment__unit", "obligation__period")
            .get(pk=report.pk))


def _apply_fields(report: ProgressReport, fields: dict[str, Any]) -> dict[str, Any]:
    changed = {}
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise DomainError(_("Trường không hợp lệ."), field=name)
        if name == "progress_percent" and not (0 <= int(value) <= 100):
            raise DomainError(_("Tiến độ phải từ 0 đến 100."), field=name)
        if getattr(report, name) != value:
            changed[name] = value
            setattr(report, name, value)
    return changed


@transaction.atomic
def report_create(*, obligation: ReportObligation, author,
                  copied_from: ProgressReport | None = None, **fields: Any) -> ProgressReport:
    """Start a draft for an obligation; after a return, a new version copies the last one's
    text and figures and shows its evidence files (by reference: no bytes are copied)."""
    obligation = obligation_lock(obligation.pk)
    assignment = obligation.assignment
    policy.require(policy.can_report_for(author, assignment),
                   _("Chỉ đơn vị được giao mới lập báo cáo."))
    if obligation.state not in (ReportObligation.State.NOT_SUBMITTED,
                                ReportObligation.State.RETURNED):
        raise TransitionError(_("Yêu cầu báo cáo này không nhận báo cáo mới (%(state)s).")
                              % {"state": ReportObligation.State(obligation.state).label},
                              field="obligation")
    # A live report (draft or submitted) is always the last version: a version is only
    # started when none is live, and no report goes back to draft. One read answers both
    # "is one live?" and "what to copy"; the partial unique index backs it up.
    previous = obligation.reports.order_by("-version").first()
    if previous is not None and previous.status in (ProgressReport.Status.DRAFT,
                                                    ProgressReport.Status.SUBMITTED):
        raise TransitionError(_("Đã có một bản báo cáo đang soạn cho kỳ này."),
                              field="obligation")
    report = ProgressReport(obligation=obligation, author=author, unit_name=assignment.unit.name,
                            version=(previous.version + 1) if previous else 1,
                            unit_id=obligation.unit_id, board_id=obligation.board_id)
    if previous is not None:
        for name in EDITABLE_FIELDS:
            setattr(report, name, getattr(previous, name))
    _apply_fields(report, fields)
    report.save()
    if previous is not None:
        IndicatorValue.objects.bulk_create(
            IndicatorValue(report=report, indicator_id=v.indicator_id, breakdown=v.breakdown,
                           reported_value=v.reported_value)
            for v in previous.indicator_values.all())
        ReportEvidence.objects.bulk_create(
            ReportEvidence(report=report, evidence_id=evidence_id)
            for evidence_id in previous.evidence_links.values_list("evidence_id", flat=True))
    event_record(target=report, verb=EventVerb.CREATED, actor=author, to_status=report.status,
                 data={"obligation": obligation.pk, "version": report.version,
                       **({"copied_from": copied_from.pk} if copied_from else {})})
    return report


COPIED_FIELDS = ("text", "progress_percent", *[name for name, _label in REPORT_PARTS])


def previous_period_report(obligation: ReportObligation) -> ProgressReport | None:
    """The unit's last report sent for an earlier period of the same assignment (the
    newest version of the latest such period), or None."""
    return (ProgressReport.objects
            .filter(obligation__assignment_id=obligation.assignment_id,
                    obligation__period__starts_on__lt=obligation.period.starts_on)
            .exclude(status=ProgressReport.Status.DRAFT)
            .order_by("-obligation__period__starts_on", "-version").first())


@outer
def report_copy_previous(*, obligation: ReportObligation, actor) -> ProgressReport:
    """Start a new period's first report from the last period's: its summary, parts,
    progress and indicator values are copied into a draft; its evidence files are not
    (they proved the earlier period), nor the claim that the item is completed."""
    obligation = obligation_lock(obligation.pk)
    policy.require(policy.can_report_for(actor, obligation.assignment),
                   _("Chỉ đơn vị được giao mới lập báo cáo."))
    if obligation.reports.exists():
        raise TransitionError(_("Kỳ này đã có báo cáo; chỉ sao chép vào báo cáo đầu tiên "
                                "của kỳ."), field="obligation")
    previous = previous_period_report(obligation)
    if previous is None:
        raise DomainError(_("Chưa có báo cáo kỳ trước để sao chép."), field="obligation")
    report = report_create(obligation=obligation, author=actor, copied_from=previous,
                           **{name: getattr(previous, name) for name in COPIED_FIELDS})
    values = [{"indicator": v.indicator_id, "breakdown": v.breakdown,
               "value": v.reported_value} for v in previous.indicator_values.all()]
    if values:
        indicator_values_set(report=report, actor=actor, values=values)
        report.refresh_from_db()
    return report


@transaction.atomic
def report_update(*, report: ProgressReport, actor, expected_version: int | None = None,
                  **fields: Any) -> ProgressReport:
    """Edit a draft. `expected_version` guards against overwriting someone else's edit."""
    report = _lock_report(report)
    policy.require(policy.can_report_for(actor, report.obligation.assignment),
                   _("Chỉ đơn vị được giao mới sửa báo cáo."))
    if expected_version is not None and expected_version != report.lock_version:
        raise ConflictError(_("Báo cáo đã được sửa ở nơi khác; hãy tải lại."))
    if report.status != ProgressReport.Status.DRAFT:
        raise TransitionError(_("Chỉ sửa được bản nháp."), field="status")
    changed = _apply_fields(report, fields)
    if changed:
        report.lock_version += 1
        report.save()
    return report


@outer
def report_submit(*, report: ProgressReport, actor,
                  expected_version: int | None = None) -> ProgressReport:
    """Draft → submitted. A resubmission within the grace keeps the first timeliness."""
    report = _lock_report_and_obligation(report)
    obligation = report.obligation
    policy.require(policy.can_report_for(actor, obligation.assignment),
                   _("Chỉ đơn vị được giao mới nộp báo cáo."))
    if expected_version is not None and expected_version != report.lock_version:
        raise ConflictError(_("Báo cáo đã được sửa ở nơi khác; hãy tải lại."))
    _check_transition(report, ProgressReport.Status.SUBMITTED, obligation)
    if not (report.text.strip() or any(getattr(report, n).strip() for n, _l in REPORT_PARTS)):
        raise DomainError(_("Báo cáo chưa có nội dung."), field="text")
    moment = now()
    day = local_date(moment)
    first_submitted_at = obligation.first_submitted_at or moment
    effective = obligation.effective_submitted_on
    if obligation.first_submitted_at is None:
        effective = day
    elif obligation.resubmit_by is None or day > obligation.resubmit_by:
        effective = day
    report.status = ProgressReport.Status.SUBMITTED
    report.submitted_at = moment
    report.lock_version += 1
    report.save(update_fields=["status", "submitted_at", "lock_version", "updated_at"])
    obligations.obligation_transition(
        obligation=obligation, to=ReportObligation.State.SUBMITTED, actor=actor,
        verb=EventVerb.SUBMITTED, at=moment, about=report,
        about_from=ProgressReport.Status.DRAFT, about_to=ProgressReport.Status.SUBMITTED,
        data={"effective_submitted_on": effective.isoformat()},
        first_submitted_at=first_submitted_at, effective_submitted_on=effective)
    _notify(Notification.Kind.REPORT_SUBMITTED, report, obligation)
    return report


@outer
def report_accept(*, report: ProgressReport, actor, comment: str = "",
                  expected_version: int | None = None) -> ProgressReport:
    """Submitted → accepted. An accepted "completed" claim completes the assignment."""
    report = _lock_report(report)
    obligation = obligation_lock(report.obligation_id)
    assignment = obligation.assignment
    policy.require(policy.can_review(actor, assignment.item.directive),
                   _("Chỉ ban theo dõi mới thẩm định báo cáo."))
    if expected_version is not None and expected_version != report.lock_version:
        raise ConflictError(_("Báo cáo đã thay đổi; hãy tải lại."))
    _check_transition(report, ProgressReport.Status.ACCEPTED, obligation)
    claim_check(report, actor)
    moment = now()
    Review.objects.create(report=report, reviewer=actor, decision=Review.Decision.ACCEPT,
                          comment=comment, decided_at=moment)
    report.status = ProgressReport.Status.ACCEPTED
    report.decided_at = moment
    report.lock_version += 1
    report.claimed_by = report.claimed_at = None
    report.save(update_fields=["status", "decided_at", "lock_version", "claimed_by",
                               "claimed_at", "updated_at"])
    item = assignment.item
    completed = bool(report.completed and assignment.state == Assignment.State.OPEN
                     and item.deadline_mode != ResponsibilityItem.DeadlineMode.CONTINUOUS)
    obligations.obligation_transition(
        obligation=obligation, to=ReportObligation.State.ACCEPTED, actor=actor,
        verb=EventVerb.ACCEPTED, at=moment, about=report,
        about_from=ProgressReport.Status.SUBMITTED, about_to=ProgressReport.Status.ACCEPTED,
        note=comment, data={"assignment_completed": completed}, accepted_at=moment)
    if completed:
        # A joint item has one deliverable: the lead's completion completes the cooperators.
        scope = Assignment.objects.filter(pk=assignment.pk)
        if assignment.is_joint:
            scope = Assignment.objects.filter(item=item, state=Assignment.State.OPEN)
        # Later periods are no longer owed.
        obligations.assignments_transition(
            assignment_ids=scope.values_list("pk", flat=True),
            to=Assignment.State.COMPLETED, actor=actor, verb=EventVerb.COMPLETED, at=moment,
            data={"report": report.pk},
            obligations_from=[ReportObligation.State.NOT_SUBMITTED],
            obligations_also=Q(period__starts_on__gt=obligation.period.ends_on),
            completed_on=obligation.effective_submitted_on, completed_at=moment)
    _notify(Notification.Kind.REPORT_ACCEPTED, report, obligation, comment=comment)
    return report


@outer
def report_return(*, report: ProgressReport, actor, comment: str,
                  resubmit_by: dt.date | None = None,
                  expected_version: int | None = None) -> ProgressReport:
    """Submitted → returned, with the board's comment and a resubmission deadline."""
    report = _lock_report(report)
    obligation = obligation_lock(report.obligation_id)
    policy.require(policy.can_review(actor, obligation.assignment.item.directive),
                   _("Chỉ ban theo dõi mới thẩm định báo cáo."))
    if expected_version is not None and expected_version != report.lock_version:
        raise ConflictError(_("Báo cáo đã thay đổi; hãy tải lại."))
    _check_transition(report, ProgressReport.Status.RETURNED, obligation)
    claim_check(report, actor)
    if not comment.strip():
        raise DomainError(_("Cần ghi ý kiến khi trả lại báo cáo."), field="comment")
    moment = now()
    day = local_date(moment)
    deadline = resubmit_by or add_working_days(day, settings.TRACKER_RESUBMIT_WORKING_DAYS)
    if deadline < day:
        raise DomainError(_("Hạn nộp lại không được trước hôm nay."), field="resubmit_by")
    Review.objects.create(report=report, reviewer=actor, decision=Review.Decision.RETURN,
                          comment=comment, resubmit_by=deadline, decided_at=moment)
    report.status = ProgressReport.Status.RETURNED
    report.decided_at = moment
    report.lock_version += 1
    report.claimed_by = report.claimed_at = None
    report.save(update_fields=["status", "decided_at", "lock_version", "claimed_by",
                               "claimed_at", "updated_at"])
    obligations.obligation_transition(
        obligation=obligation, to=ReportObligation.State.RETURNED, actor=actor,
        verb=EventVerb.RETURNED, at=moment, about=report,
        about_from=ProgressReport.Status.SUBMITTED, about_to=ProgressReport.Status.RETURNED,
        note=comment, data={"resubmit_by": deadline.isoformat()}, resubmit_by=deadline)
    _notify(Notification.Kind.REPORT_RETURNED, report, obligation, comment=comment)
    return report


def _notify(kind: str, report: ProgressReport, obligation: ReportObligation,
            comment: str = "") -> None:
    """Tell whom the change concerns, in this transaction (the notification rows and
    their pending deliveries are an outbox; the emails go with the next delivery run):
    the report and its obligation as written (with period, assignment, item, directive)."""
    from tracker import notify

    notify.report_changed(kind=kind, report=report, obligation=obligation, comment=comment)


class DraftSavedButRefused(DomainError):
    """`report_save` stored the draft, but its file or its submission was refused
    (`step`: "evidence" or "submit"); the rule's message and field are the cause's."""

    def __init__(self, cause: DomainError, *, step: str, report: ProgressReport):
        super().__init__(cause.message, field=cause.field, code=cause.code)
        self.status_code = cause.status_code
        self.cause, self.step, self.report = cause, step, report


def report_save(*, obligation: ReportObligation, draft: ProgressReport | None, actor,
                fields: dict[str, Any], expected_version: int | None = None,
                values: list[dict[str, Any]] | None = None, upload=None,
                submit: bool = False) -> ProgressReport:
    """The unit's report page in one call: start the draft (or update it, guarded by
    `expected_version`), replace its figures (`values`, None to leave them), attach a
    file, and with `submit` submit it.

    One transaction: a failure midway (a refused figure, a crash, a lost database)
    leaves nothing of the call written. Only a refused file or submission (a rule the
    unit can act on) keeps the draft: that step alone is rolled back, the draft is
    committed, and `DraftSavedButRefused` is raised (a refusal to the actor,
    `NotAllowed`, rolls everything back and is raised as it is)."""
    draft, refused = _report_save_steps(
        obligation=obligation, draft=draft, actor=actor, fields=fields,
        expected_version=expected_version, values=values, upload=upload, submit=submit)
    if refused is not None:
        raise refused
    return draft


@outer
def _report_save_steps(*, obligation, draft, actor, fields, expected_version, values, upload,
                       submit) -> tuple[ProgressReport, DraftSavedButRefused | None]:
    with batch():  # the steps are services of their own: here, parts of this transaction
        if draft is None:
            draft = report_create(obligation=obligation, author=actor, **fields)
        else:
            draft = report_update(report=draft, actor=actor,
                                  expected_version=expected_version, **fields)
        if values is not None:
            indicator_values_set(report=draft, actor=actor, values=values)
        steps = []
        if upload:
            steps.append(("evidence", lambda: evidence_add(report=draft, actor=actor,
                                                           upload=upload)))
        if submit:
            steps.append(("submit", lambda: report_submit(report=draft, actor=actor)))
        for step, call in steps:
            try:
                with transaction.atomic():  # a refused step leaves the draft as it was
                    result = call()
            except NotAllowed:
                raise
            except DomainError as exc:
                return draft, DraftSavedButRefused(exc, step=step, report=draft)
            if step == "submit":
                draft = result
    return draft, None


# --- evidence and indicator values -------------------------------------------------

@transaction.atomic
def evidence_add(*, report: ProgressReport, actor, upload) -> Evidence:
    """Attach a file after checking its type and size."""
    import os

    report = _lock_report(report)
    policy.require(policy.can_report_for(actor, report.obligation.assignment),
                   _("Chỉ đơn vị được giao mới đính kèm minh chứng."))
    if report.status != ProgressReport.Status.DRAFT:
        raise TransitionError(_("Chỉ đính kèm minh chứng vào bản nháp."), field="file")
    name = os.path.basename(upload.name or "")[:200]
    ext = os.path.splitext(name)[1].lower()
    if ext not in ALLOWED_EVIDENCE_TYPES:
        raise DomainError(_("Loại tệp không được phép (%(ext)s). Cho phép: %(allowed)s.")
                          % {"ext": ext or "?", "allowed": ", ".join(ALLOWED_EVIDENCE_TYPES)},
                          field="file")
    if upload.size > settings.TRACKER_EVIDENCE_MAX_BYTES:
        raise DomainError(_("Tệp quá lớn (tối đa %(mb)s MB).")
                          % {"mb": settings.TRACKER_EVIDENCE_MAX_BYTES // (1024 * 1024)},
                          field="file")
    if upload.size == 0:
        raise DomainError(_("Tệp rỗng."), field="file")
    from tracker.uploads import UploadRejected, verify_upload

    try:  # the bytes must be what the name says; the stored type is the verified one
        verified = verify_upload(upload, filename=name, allowed=ALLOWED_EVIDENCE_TYPES)
    except UploadRejected as exc:
        raise DomainError(_(exc.message) % exc.params, field="file", code=exc.code) from exc
    evidence = Evidence(report=report, original_name=name,
                        content_type=verified.content_type, size=upload.size,
                        uploaded_by=actor)
    evidence.file.save(name, upload, save=False)
    evidence.page_count = count_pages(evidence)  # once, so that no view opens the file
    evidence.save()
    ReportEvidence.objects.create(report=report, evidence=evidence)
    event_record(target=report, verb=EventVerb.EVIDENCE_ADDED, actor=actor,
                 data={"evidence": evidence.pk, "name": name})
    return evidence


@transaction.atomic
def evidence_remove(*, report: ProgressReport, actor, evidence: Evidence) -> None:
    """Take a file off a draft version. Only the link goes: the file and its bytes stay,
    shown by every earlier version that had it (and kept even if none did)."""
    report = _lock_report(report)
    policy.require(policy.can_report_for(actor, report.obligation.assignment),
                   _("Chỉ đơn vị được giao mới gỡ minh chứng."))
    if report.status != ProgressReport.Status.DRAFT:
        raise TransitionError(_("Chỉ gỡ được minh chứng khỏi bản nháp."), field="file")
    deleted, _rows = ReportEvidence.objects.filter(report=report, evidence=evidence).delete()
    if not deleted:
        raise DomainError(_("Bản báo cáo này không có tệp minh chứng đó."), field="file")
    event_record(target=report, verb=EventVerb.EVIDENCE_REMOVED, actor=actor,
                 data={"evidence": evidence.pk, "name": evidence.original_name})


@transaction.atomic
def indicator_values_set(*, report: ProgressReport, actor,
                         values: list[dict[str, Any]]) -> list[IndicatorValue]:
    """Replace a draft's indicator values: [{indicator, breakdown, value}, ...]."""
    report = _lock_report(report)
    policy.require(policy.can_report_for(actor, report.obligation.assignment),
                   _("Chỉ đơn vị được giao mới nhập số liệu."))
    if report.status != ProgressReport.Status.DRAFT:
        raise TransitionError(_("Chỉ nhập số liệu vào bản nháp."), field="indicator_values")
    directive_id = report.obligation.assignment.item.directive_id
    indicators = {i.pk: i for i in Indicator.objects.filter(directive_id=directive_id)}
    rows = []
    seen = set()
    for entry in values:
        indicator = indicators.get(getattr(entry["indicator"], "pk", entry["indicator"]))
        if indicator is None:
            raise DomainError(_("Chỉ tiêu không thuộc văn bản này."), field="indicator_values")
        breakdown = entry.get("breakdown") or ""
        if not isinstance(breakdown, str) or (
                breakdown and breakdown not in indicator.breakdown_labels()):
            raise DomainError(_("Dòng “%(b)s” không có trong chỉ tiêu %(name)s.")
                              % {"b": breakdown, "name": indicator.name},
                              field="indicator_values")
        value = Decimal(str(entry["value"]))
        if value < 0:
            raise DomainError(_("Số liệu không được âm."), field="indicator_values")
        key = (indicator.pk, breakdown)
        if key in seen:
            raise DomainError(_("Số liệu bị lặp."), field="indicator_values")
        seen.add(key)
        rows.append(IndicatorValue(report=report, indicator=indicator, breakdown=breakdown,
                                   reported_value=value))
    report.indicator_values.all().delete()
    IndicatorValue.objects.bulk_create(rows)
    report.lock_version += 1
    report.save(update_fields=["lock_version", "updated_at"])
    return rows



@transaction.atomic
def indicator_value_verify(*, value: IndicatorValue, actor,
                           verified_value: Decimal | None) -> IndicatorValue:
    """The board records the figure it verified, kept apart from the reported one."""
    value = (IndicatorValue.objects.select_for_update()
             .select_related("report__obligation__assignment__item__directive").get(pk=value.pk))
    policy.require(policy.can_review(actor, value.report.obligation.assignment.item.directive),
                   _("Chỉ ban theo dõi mới thẩm định số liệu."))
    if verified_value is not None and verified_value < 0:
        raise DomainError(_("Số liệu không được âm."), field="verified_value")
    old = value.verified_value
    value.verified_value = verified_value
    value.verified_by = actor if verified_value is not None else None
    value.verified_at = now() if verified_value is not None else None
    value.save(update_fields=["verified_value", "verified_by", "verified_at"])
    event_record(target=value.report, verb=EventVerb.INDICATOR_VERIFIED, actor=actor,
                 data={"indicator": value.indicator_id, "breakdown": value.breakdown,
                       "old": str(old) if old is not None else None,
                       "new": str(verified_value) if verified_value is not None else None})
    return value


@transaction.atomic
def indicator_values_verify(*, report: ProgressReport, actor,
                            values: list[dict[str, Any]]) -> list[IndicatorValue]:
    """Record the board's verified figures for a submitted or accepted report:
    [{indicator, breakdown, verified_value (None clears)}, ...]."""
    report = _lock_report(report)
    if report.status == ProgressReport.Status.DRAFT:
        raise TransitionError(_("Chưa thể thẩm định số liệu của bản nháp."),
                              field="values")
    by_key = {(v.indicator_id, v.breakdown): v for v in report.indicator_values.all()}
    done = []
    for entry in values:
        indicator_id = getattr(entry["indicator"], "pk", entry["indicator"])
        value = by_key.get((indicator_id, entry.get("breakdown") or ""))
        if value is None:
            raise DomainError(_("Báo cáo không có số liệu này."), field="values")
        verified = entry.get("verified_value")
        done.append(indicator_value_verify(
            value=value, actor=actor,
            verified_value=Decimal(str(verified)) if verified not in (None, "") else None))
    return done
