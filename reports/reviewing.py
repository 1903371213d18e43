"""Writes of the review desk: taking a report from the queue, accepting several at once,
and the thread of messages between the board and the unit about a report.

The decisions themselves (accept, return) are `reports.services.report_accept` and
`report_return`; they refuse a report another reviewer holds (`reports.claims`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from tracker import policy
from tracker.errors import DomainError
from tracker.events import event_record
from tracker.limits import COMMENT_MAX_LENGTH
from tracker.models import EventVerb, Membership, Notification
from tracker.timeutil import now
from tracker.tx import outer

from .claims import claim_check
from .models import ProgressReport, ReportComment
from .services import report_accept


def _locked_for_review(report: ProgressReport, actor) -> ProgressReport:
    report = (ProgressReport.objects.select_for_update(of=("self",))
              .select_related("claimed_by", "obligation__assignment__item__directive")
              .get(pk=report.pk))
    policy.require(policy.can_review(actor, report.obligation.assignment.item.directive),
                   _("Chỉ ban theo dõi mới thẩm định báo cáo."))
    if report.status != ProgressReport.Status.SUBMITTED:
        raise DomainError(_("Chỉ nhận được báo cáo đang chờ thẩm định."), field="status")
    return report


@outer
def report_claim(*, report: ProgressReport, actor) -> ProgressReport:
    """Take a submitted report: the queue shows who works on it, and another reviewer's
    decision is refused until the claim is released, decided or lapses. Taking it again
    renews it; a lapsed claim can be taken by anyone."""
    report = _locked_for_review(report, actor)
    claim_check(report, actor)
    moment = now()
    report.claimed_by, report.claimed_at = actor, moment
    report.save(update_fields=["claimed_by", "claimed_at", "updated_at"])
    event_record(target=report, verb=EventVerb.CLAIMED, actor=actor, at=moment)
    return report


@outer
def report_release(*, report: ProgressReport, actor) -> ProgressReport:
    """Give a taken report back to the queue (its holder, or any reviewer once lapsed)."""
    report = _locked_for_review(report, actor)
    claim_check(report, actor)
    if report.claimed_by_id is None:
        return report
    report.claimed_by, report.claimed_at = None, None
    report.save(update_fields=["claimed_by", "claimed_at", "updated_at"])
    event_record(target=report, verb=EventVerb.RELEASED, actor=actor)
    return report


@dataclass
class BulkResult:
    """What a bulk acceptance did: the reports accepted, and why each other was not."""

    accepted: list[int] = field(default_factory=list)
    refused: list[dict] = field(default_factory=list)  # {"id", "detail"}


def reports_accept(*, reports: list[ProgressReport], missing: list[int], actor,
                   comment: str = "") -> BulkResult:
    """Accept each report on its own (one transaction each, `report_accept`): one refusal
    (a report decided meanwhile, held by another reviewer) doesn't undo the others.
    `missing`: ids asked for that the actor can't see, answered as not found."""
    policy.require(actor.is_superuser or bool(policy.unit_ids(actor, Membership.Role.REVIEWER)),
                   _("Chỉ ban theo dõi mới thẩm định báo cáo."))
    if len(comment) > COMMENT_MAX_LENGTH:
        raise DomainError(_("Ý kiến quá dài."), field="comment")
    result = BulkResult()
    for pk in missing:
        result.refused.append({"id": pk, "detail": _("Không tìm thấy báo cáo.")})
    for report in reports:
        try:
            report_accept(report=report, actor=actor, comment=comment)
        except DomainError as refusal:
            result.refused.append({"id": report.pk, "detail": str(refusal.message)})
        else:
            result.accepted.append(report.pk)
    return result


@outer
def report_comment_add(*, report: ProgressReport, actor, body: str) -> ReportComment:
    """Add a message to the report's thread, from the board (its reviewers) or from the
    unit (its members), and tell the other side."""
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Hãy nhập nội dung trao đổi."), field="body")
    if len(body) > COMMENT_MAX_LENGTH:
        raise DomainError(_("Nội dung quá dài (tối đa %(n)s ký tự).")
                          % {"n": f"{COMMENT_MAX_LENGTH:,}".replace(",", ".")}, field="body")
    report = (ProgressReport.objects.select_for_update(of=("self",))
              .select_related("obligation__assignment__item__directive",
                              "obligation__period").get(pk=report.pk))
    obligation = report.obligation
    board = policy.can_review(actor, obligation.assignment.item.directive)
    unit = policy.can_report_for(actor, obligation.assignment)
    policy.require(board or unit, _("Chỉ ban theo dõi và đơn vị báo cáo mới trao đổi được."))
    if report.status == ProgressReport.Status.DRAFT:
        raise DomainError(_("Bản nháp chưa nộp không có trao đổi."), field="report")
    side = ReportComment.Side.BOARD if board else ReportComment.Side.UNIT
    moment = now()
    comment = ReportComment.objects.create(report=report, author=actor, side=side, body=body,
                                           created_at=moment)
    event_record(target=report, verb=EventVerb.COMMENTED, actor=actor, at=moment,
                 note=body[:500], data={"comment": comment.pk, "side": side})
    _tell_other_side(report, side, body)
    return comment


def _tell_other_side(report: ProgressReport, side: str, body: str) -> None:
    from tracker import notify

    notify.report_changed(kind=Notification.Kind.REPORT_COMMENTED, report=report,
                          obligation=report.obligation, comment=body,
                          to_board=side == ReportComment.Side.UNIT)
