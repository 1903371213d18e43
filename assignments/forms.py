"""Forms of the assignments' pages. They validate input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tracker.forms import date_field
from tracker.limits import NOTE_MAX_LENGTH
from tracker.models import Unit, UnitGroup


class AssignForm(forms.Form):
    groups = forms.ModelMultipleChoiceField(
        label=_("Giao cho nhóm đơn vị"), queryset=UnitGroup.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple)
    units = forms.ModelMultipleChoiceField(
        label=_("Giao cho đơn vị (phối hợp, nếu giao chủ trì - phối hợp)"),
        queryset=Unit.objects.filter(is_active=True), required=False,
        widget=forms.CheckboxSelectMultiple)
    lead_unit = forms.ModelChoiceField(label=_("Đơn vị chủ trì"),
                                       queryset=Unit.objects.filter(is_active=True),
                                       required=False)
    due_on = date_field(_("Hạn hoàn thành (nếu khác hạn của nhiệm vụ)"), required=False)


class ExtensionRequestForm(forms.Form):
    requested_due_on = date_field(_("Đề nghị lùi hạn đến ngày"))
    reason = forms.CharField(label=_("Lý do"), max_length=NOTE_MAX_LENGTH,
                             widget=forms.Textarea(attrs={"rows": 3}))


class ExtensionApproveForm(forms.Form):
    approved_due_on = date_field(_("Hạn được duyệt"), required=False,
                                 help_text=_("Để trống: theo đề nghị."))
    note = forms.CharField(label=_("Ý kiến"), required=False, max_length=NOTE_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionRejectForm(forms.Form):
    note = forms.CharField(label=_("Lý do không chấp thuận"), max_length=NOTE_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 2}))


class DeadlineEditForm(forms.Form):
    new_due_on = date_field(_("Hạn mới"))
    reason = forms.CharField(label=_("Lý do điều chỉnh"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


def _kept_key(obligation_id: int) -> str:
    return f"extension-request-{obligation_id}"


def extension_form_keep(request, obligation_id: int, form: ExtensionRequestForm) -> None:
    """A refused extension request: keep what the unit typed, and why it was refused, for
    the obligation page it goes back to (the reason is not lost)."""
    request.session[_kept_key(obligation_id)] = {
        "data": {name: form.data.get(name, "") for name in form.fields},
        "errors": {field: [str(e) for e in errors] for field, errors in form.errors.items()},
    }


def extension_form_for(request, obligation_id: int) -> ExtensionRequestForm:
    """The obligation page's extension form: empty, or the refused one as it was typed,
    with its messages (once)."""
    kept = request.session.pop(_kept_key(obligation_id), None) if hasattr(
        request, "session") else None
    if not kept:
        return ExtensionRequestForm()
    form = ExtensionRequestForm(kept["data"])
    form.is_valid()
    for field, errors in kept["errors"].items():
        for error in errors:
            if error not in form.errors.get(field, []):
                form.add_error(field if field in form.fields else None, error)
    return form
