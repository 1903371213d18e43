"""Web pages (server-rendered): the product users see."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from .views import board, reporting, shell

app_name = "web"

urlpatterns = [
    path("", shell.home, name="home"),
    # Sign-in and the shell.
    path("dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True),
         name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("mat-khau/", auth_views.PasswordChangeView.as_view(
        success_url=reverse_lazy("web:password-change-done")), name="password-change"),
    path("mat-khau/xong/", auth_views.PasswordChangeDoneView.as_view(),
         name="password-change-done"),
    path("thong-bao/", shell.notification_list, name="notifications"),
    path("thong-bao/<int:pk>/mo/", shell.notification_open, name="notification-open"),
    path("thong-bao/<int:pk>/doc/", shell.notification_read, name="notification-read"),
    path("thong-bao/doc-het/", shell.notification_read_all, name="notification-read-all"),
    # The unit.
    path("viec-cua-toi/", reporting.my_work_view, name="my-work"),
    path("lich-su/", reporting.my_history, name="my-history"),
    path("yeu-cau/<int:pk>/", reporting.obligation_detail, name="obligation-detail"),
    path("yeu-cau/<int:pk>/gia-han/", reporting.extension_request, name="extension-request"),
    path("yeu-cau/<int:pk>/nhac/", reporting.remind_now, name="remind-now"),
    path("yeu-cau/<int:pk>/dieu-chinh-han/", reporting.deadline_edit, name="deadline-edit"),
    path("bao-cao/<int:pk>/", reporting.report_detail, name="report-detail"),
    path("bao-cao/<int:pk>/chap-nhan/", reporting.report_accept, name="report-accept"),
    path("bao-cao/<int:pk>/tra-lai/", reporting.report_return, name="report-return"),
    path("bao-cao/<int:pk>/so-lieu/", reporting.report_verify, name="report-verify"),
    path("minh-chung/<int:pk>/", reporting.evidence_download, name="evidence-download"),
    path("bao-cao/<int:pk>/minh-chung/<int:evidence_pk>/go/", reporting.evidence_remove,
         name="evidence-remove"),
    # The supervising board.
    path("van-ban/", board.directive_list, name="directive-list"),
    path("van-ban/moi/", board.directive_create, name="directive-create"),
    path("van-ban/<int:pk>/", board.directive_detail, name="directive-detail"),
    path("van-ban/<int:pk>/sua/", board.directive_edit, name="directive-edit"),
    path("van-ban/<int:pk>/ban-hanh/", board.directive_publish, name="directive-publish"),
    path("van-ban/<int:pk>/ket-thuc/", board.directive_close, name="directive-close"),
    path("van-ban/<int:pk>/phan/moi/", board.section_create, name="section-create"),
    path("van-ban/<int:pk>/nhiem-vu/moi/", board.item_create, name="item-create"),
    path("van-ban/<int:pk>/ma-tran/", board.directive_matrix, name="directive-matrix"),
    path("nhiem-vu/<int:pk>/sua/", board.item_edit, name="item-edit"),
    path("nhiem-vu/<int:pk>/giao/", board.item_assign, name="item-assign"),
    path("nhiem-vu/<int:pk>/rut/", board.item_withdraw, name="item-withdraw"),
    path("tham-dinh/", board.review_queue_view, name="review-queue"),
    path("gia-han/", board.extension_list, name="extension-list"),
    path("gia-han/<int:pk>/chap-thuan/", board.extension_approve, name="extension-approve"),
    path("gia-han/<int:pk>/tu-choi/", board.extension_reject, name="extension-reject"),
    # Leaders.
    path("tong-quan/", board.dashboard_view, name="dashboard"),
]
