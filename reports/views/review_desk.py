"""The review desk: take or give back a report, accept several at once, the thread of
messages about a report, and the inline preview of its evidence files."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tracker.views.common import form_service, require_role, run_service

from .. import reviewing
from ..forms import BulkAcceptForm, CommentForm
from ..previews import NoPreview, render_preview
from ..selectors import evidence_for, reports_by_ids, reports_for


@login_required
@require_POST
def report_claim(request, pk: int):
    report = get_object_or_404(reports_for(request.user), pk=pk)
    release = request.POST.get("action") == "release"
    service = reviewing.report_release if release else reviewing.report_claim
    ok, _r = run_service(request, None, lambda: service(report=report, actor=request.user))
    if ok:
        messages.success(request, _("Đã trả báo cáo về hàng chờ.") if release
                         else _("Bạn đã nhận thẩm định báo cáo này."))
    return redirect("web:report-detail", pk=pk)


@login_required
@require_POST
def reports_bulk_accept(request):
    require_role(request, board=True)
    form = BulkAcceptForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn ít nhất một báo cáo."))
        return redirect("web:review-queue")
    found, missing = reports_by_ids(request.user, form.cleaned_data["reports"])
    result = reviewing.reports_accept(reports=found, missing=missing, actor=request.user,
                                      comment=form.cleaned_data["comment"])
    _bulk_messages(request, result)
    return redirect("web:review-queue")


def _bulk_messages(request, result) -> None:
    if result.accepted:
        messages.success(request, ngettext("Đã chấp nhận %(n)d báo cáo.",
                                           "Đã chấp nhận %(n)d báo cáo.",
                                           len(result.accepted)) % {"n": len(result.accepted)})
    for refused in result.refused:
        messages.error(request, _("Báo cáo số %(id)s chưa được chấp nhận: %(why)s")
                       % {"id": refused["id"], "why": refused["detail"]})


@login_required
@require_POST
def report_comment(request, pk: int):
    report = get_object_or_404(reports_for(request.user), pk=pk)
    form = CommentForm(request.POST)
    if not form_service(request, form, lambda data: reviewing.report_comment_add(
            report=report, actor=request.user, body=data["body"]),
            success=_("Đã gửi trao đổi.")):
        for error in form.errors.get("body", []) + form.non_field_errors():
            messages.error(request, error)
    return _to_thread(pk)


def _to_thread(pk: int):
    return redirect(reverse("web:report-detail", args=[pk]) + "#thread")


@login_required
def evidence_preview(request, pk: int, page: int = 1):
    """A PNG of the file's page, drawn here (never the uploaded bytes themselves)."""
    evidence = get_object_or_404(evidence_for(request.user), pk=pk)
    try:
        preview = render_preview(evidence, page)
    except NoPreview:
        raise Http404(_("Tệp này không xem trước được.")) from None
    response = HttpResponse(preview.png, content_type="image/png")
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Pages"] = str(preview.pages)
    return response
