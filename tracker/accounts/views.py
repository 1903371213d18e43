"""The "signed-in devices" page: the user's API tokens, each revocable."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import tokens
from .security import log_event


@login_required
@require_http_methods(["GET", "POST"])
def devices(request):
    if request.method == "POST":
        if "revoke_all" in request.POST:
            revoked = tokens.revoke_all(request.user)
            log_event("logout_all", outcome="success", request=request, user=request.user,
                      method="web", tokens=revoked)
            messages.success(request, _("Đã đăng xuất tất cả thiết bị."))
        else:
            token_id = request.POST.get("token", "")
            if tokens.revoke(request.user, token_id):
                log_event("token_revoked", outcome="success", request=request,
                          user=request.user, token=token_id, method="web")
                messages.success(request, _("Đã đăng xuất thiết bị."))
        return redirect("account:devices")
    rows = [{"id": tokens.public_id(t), "name": t.name, "created": t.created,
             "expiry": t.expiry} for t in tokens.active(request.user)]
    return render(request, "accounts/devices.html", {"tokens": rows})
