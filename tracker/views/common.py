"""Helpers shared by the pages: role gates, the "as of" day, service errors into forms."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tracker.errors import DomainError, NotAllowed
from tracker.filters import id_or_none
from tracker.forms import AsOfForm
from tracker.selectors import roles_of
from tracker.timeutil import today


def require_role(request, *, unit=False, board=False, leader=False) -> None:
    """403 unless the user holds one of the named roles (superusers pass every gate)."""
    roles = roles_of(request.user)
    if roles.superuser:
        return
    if (unit and roles.unit) or (board and roles.reviewer) or (leader and roles.leader):
        return
    raise PermissionDenied(_("Trang này không dành cho vai trò của bạn."))


def as_of(request) -> tuple[dt.date, AsOfForm, bool]:
    """The day figures are computed for: ?as_of=dd/mm/yyyy, default today.

    Returns (day, form, valid); an invalid date falls back to today and the page
    answers 400 with the field's message.
    """
    form = AsOfForm(request.GET or None)
    if request.GET.get("as_of"):
        if form.is_valid() and form.cleaned_data["as_of"]:
            return form.cleaned_data["as_of"], form, True
        return today(), form, False
    return today(), AsOfForm(initial={"as_of": today()}), True


def chosen_in(request, name: str, options) -> tuple[Any, bool]:
    """The option whose id `?name=` gives, among `options` (objects with a pk): (option,
    True); (None, True) when the parameter is absent; (None, False), for a 400, when it
    names none of them (malformed or foreign)."""
    raw = request.GET.get(name, "")
    if not raw:
        return None, True
    wanted = id_or_none(raw)
    found = next((o for o in options if o.pk == wanted), None)
    return found, found is not None


def run_service(request, form: forms.Form | None, call: Callable[[], Any]) -> tuple[bool, Any]:
    """Call a service; a refused rule becomes a form (or page) error, never a 500."""
    try:
        return True, call()
    except NotAllowed as exc:
        raise PermissionDenied(str(exc.message)) from exc
    except DomainError as exc:
        message = str(exc.message)
        if form is not None:
            field = exc.field if exc.field in form.fields else None
            form.add_error(field, message)
        else:
            messages.error(request, message)
        return False, exc


def form_service(request, form: forms.Form, call: Callable[[dict], Any], *,
                 success: str) -> bool:
    """Validate `form` and call `call(cleaned_data)`; a refused rule becomes a form
    error. True, with the `success` message added, when the service ran."""
    if not form.is_valid():
        return False
    ok, _result = run_service(request, form, lambda: call(form.cleaned_data))
    if ok:
        messages.success(request, success)
    return ok


def simple_form_page(request, form: forms.Form, call: Callable[[dict], Any], *, success: str,
                     done: str | Callable[[Any], str], title: str, directive,
                     **context) -> Any:
    """A page with one form that calls one service (tracker/simple_form.html).

    A valid POST runs `call(cleaned_data)`; a refused rule becomes a form error. On
    success: the `success` message and a redirect to `done` (a URL, or a function of the
    service's result giving one). Otherwise the form, 400 when it has errors.
    """
    if request.method == "POST" and form.is_valid():
        ok, result = run_service(request, form, lambda: call(form.cleaned_data))
        if ok:
            messages.success(request, success)
            return redirect(done(result) if callable(done) else done)
    return render(request, "tracker/simple_form.html", {
        "form": form, "directive": directive, "title": title, **context,
    }, status=400 if form.errors else 200)
