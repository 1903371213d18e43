"""The shell: home (by role), notifications."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from tracker.notify import notification_mark_read, notifications_mark_all_read, safe_link
from tracker.selectors import notifications_for, roles_of


@login_required
def home(request):
    roles = roles_of(request.user)
    if roles.unit and not (roles.reviewer or roles.leader or roles.superuser):
        return redirect("web:my-work")
    if roles.sees_dashboard:
        return redirect("web:dashboard")
    return render(request, "tracker/no_role.html")


@login_required
def notification_list(request):
    qs = notifications_for(request.user)
    only_unread = request.GET.get("unread") == "1"
    if only_unread:
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(request, "tracker/notifications.html", {"page": page, "only_unread": only_unread})


@login_required
@require_POST
def notification_read(request, pk: int):
    notification = get_object_or_404(notifications_for(request.user), pk=pk)
    notification_mark_read(notification=notification, user=request.user)
    target = safe_link(notification.link) if request.POST.get("open") else ""
    return redirect(target or "web:notifications")


@login_required
def notification_open(request, pk: int):
    """The notice's link as the list shows it: mark it read, then go to its object (a
    path on this site; anything else leads back to the list). Only the recipient's own."""
    notification = get_object_or_404(notifications_for(request.user), pk=pk)
    notification_mark_read(notification=notification, user=request.user)
    return redirect(safe_link(notification.link) or "web:notifications")


@login_required
@require_POST
def notification_read_all(request):
    notifications_mark_all_read(user=request.user)
    return redirect("web:notifications")
