"""The shell: home (by role), notifications."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from tracker.notify import notification_mark_read, notifications_mark_all_read, safe_link
from tracker.selectors import notifications_for, roles_of, unit_tree_on
from tracker.views.common import as_of


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


@login_required
def unit_list(request):
    """The organisation chart as of a day (`?as_of=dd/mm/yyyy`): the units of that day
    with the names and parents they had then (issue 17). Every signed-in user reads it,
    as the API's `/units/`."""
    day, as_of_form, valid = as_of(request)
    tree = unit_tree_on(day)
    rows = [(unit, "\u2003" * depth, tree.name(unit.parent_id) if unit.parent_id else "")
            for unit, depth in tree.walk()]
    return render(request, "tracker/unit_list.html", {
        "rows": rows, "day": day, "as_of_form": as_of_form,
    }, status=200 if valid else 400)
