"""The reports' pages (in the `web` namespace that config.web_urls assembles). The
exports under /xuat/ are reports.web, a namespace of their own."""

from django.urls import path

from .views import drafting, overview, reporting, review_desk, units

urlpatterns = [
    # The unit.
    path("viec-cua-toi/", reporting.my_work_view, name="my-work"),
    path("lich-su/", reporting.my_history, name="my-history"),
    path("yeu-cau/<int:pk>/", reporting.obligation_detail, name="obligation-detail"),
    path("yeu-cau/<int:pk>/tu-luu/", drafting.report_autosave, name="report-autosave"),
    path("yeu-cau/<int:pk>/chep-ky-truoc/", drafting.report_copy_previous,
         name="report-copy-previous"),
    path("bao-cao/<int:pk>/", reporting.report_detail, name="report-detail"),
    path("bao-cao/<int:pk>/chap-nhan/", reporting.report_accept, name="report-accept"),
    path("bao-cao/<int:pk>/tra-lai/", reporting.report_return, name="report-return"),
    path("bao-cao/<int:pk>/so-lieu/", reporting.report_verify, name="report-verify"),
    path("minh-chung/<int:pk>/", reporting.evidence_download, name="evidence-download"),
    path("bao-cao/<int:pk>/minh-chung/<int:evidence_pk>/go/", reporting.evidence_remove,
         name="evidence-remove"),
    # The supervising board.
    path("van-ban/<int:pk>/", overview.directive_detail, name="directive-detail"),
    path("van-ban/<int:pk>/ma-tran/", overview.directive_matrix, name="directive-matrix"),
    path("tham-dinh/", reporting.review_queue_view, name="review-queue"),
    path("tham-dinh/chap-nhan/", review_desk.reports_bulk_accept, name="reports-bulk-accept"),
    path("bao-cao/<int:pk>/nhan/", review_desk.report_claim, name="report-claim"),
    path("bao-cao/<int:pk>/trao-doi/", review_desk.report_comment, name="report-comment"),
    path("minh-chung/<int:pk>/xem/", review_desk.evidence_preview, name="evidence-preview"),
    path("minh-chung/<int:pk>/xem/<int:page>/", review_desk.evidence_preview,
         name="evidence-preview-page"),
    # Every role, each in its scope.
    path("don-vi/", units.unit_list, name="unit-list"),
    path("don-vi/theo-ngay/", units.unit_tree, name="unit-tree"),
    path("don-vi/<int:pk>/", units.unit_detail, name="unit-detail"),
    # Leaders.
    path("tong-quan/", overview.dashboard_view, name="dashboard"),
]
