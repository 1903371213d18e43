"""The shell's pages: sign-in, home, notifications (in the `web` namespace that
config.web_urls assembles)."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from .views import shell

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
]
