"""Forms of the assignments' pages. They validate input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tracker.forms import UnitMultipleChoiceField, date_field
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


class ReorganisationForm(forms.Form):
    """A reorganisation plan: its kind, date, old units and the units that take over."""

    kind = forms.ChoiceField(label=_("Loại sắp xếp"), choices=[
        ("merge", _("Hợp nhất")), ("split", _("Chia tách")), ("rename", _("Đổi tên")),
        ("move", _("Chuyển đơn vị cấp trên")), ("dissolve", _("Giải thể"))])
    effective_on = date_field(_("Ngày hiệu lực"))
    sources = UnitMultipleChoiceField(
        label=_("Đơn vị cũ"), queryset=Unit.objects.filter(is_active=True).order_by(
            "order", "name"))
    target = forms.ModelChoiceField(
        label=_("Đơn vị kế thừa có sẵn (hợp nhất)"), required=False,
        queryset=Unit.objects.filter(is_active=True).order_by("order", "name"))
    new_units = forms.CharField(
        label=_("Đơn vị mới (mỗi dòng: mã | tên)"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Hợp nhất vào một đơn vị mới, hoặc các đơn vị mới của một cuộc chia "
                    "tách; đơn vị đầu tiên nhận các nhiệm vụ chủ trì - phối hợp."))
    new_name = forms.CharField(label=_("Tên mới (đổi tên)"), max_length=255, required=False)
    new_parent = forms.ModelChoiceField(
        label=_("Đơn vị cấp trên mới (chuyển)"), required=False,
        queryset=Unit.objects.filter(is_active=True).order_by("order", "name"))
    note = forms.CharField(label=_("Căn cứ, ghi chú"), max_length=NOTE_MAX_LENGTH,
                           required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_new_units(self) -> list[dict]:
        rows = []
        for n, line in enumerate(self.cleaned_data["new_units"].splitlines(), start=1):
            if not line.strip():
                continue
            code, sep, name = line.partition("|")
            if not sep or not code.strip() or not name.strip():
                raise forms.ValidationError(
                    _("Dòng %(n)d: viết “mã | tên”.") % {"n": n})
            rows.append({"code": code.strip(), "name": name.strip()})
        return rows

    def plan_data(self) -> dict:
        """The plan for `assignments.reorganisation.plan_from`."""
        data = self.cleaned_data
        targets = [{"unit": data["target"].pk}] if data.get("target") else []
        return {"kind": data["kind"], "effective_on": data["effective_on"],
                "sources": [u.pk for u in data["sources"]],
                "targets": targets + data["new_units"], "new_name": data["new_name"],
                "new_parent": data["new_parent"].pk if data.get("new_parent") else None,
                "note": data["note"]}


def _kept_key(obligation_id: int) -> str:
    return f"extension-request-{obligation_id}"


def _decision_key(kind: str, request_id: int) -> str:
    return f"extension-decision-{kind}-{request_id}"


def keep_form(request, key: str, form: forms.Form) -> None:
    """A refused form: keep what was typed, and why it was refused, in the session for
    the page the user goes back to (nothing typed is lost)."""
    request.session[key] = {
        "data": {name: form.data.get(name, "") for name in form.fields},
        "errors": {field: [str(e) for e in errors] for field, errors in form.errors.items()},
    }


def kept_form(request, key: str, form_class: type[forms.Form], **kwargs) -> forms.Form | None:
    """The form kept under `key` as it was typed, with its messages (once), or None."""
    kept = request.session.pop(key, None) if hasattr(request, "session") else None
    if not kept:
        return None
    form = form_class(kept["data"], **kwargs)
    form.is_valid()
    for field, errors in kept["errors"].items():
        for error in errors:
            if error not in form.errors.get(field, []):
                form.add_error(field if field in form.fields else None, error)
    return form


def extension_form_keep(request, obligation_id: int, form: ExtensionRequestForm) -> None:
    """A refused extension request: keep what the unit typed, and why it was refused, for
    the obligation page it goes back to (the reason is not lost)."""
    keep_form(request, _kept_key(obligation_id), form)


def extension_form_for(request, obligation_id: int) -> ExtensionRequestForm:
    """The obligation page's extension form: empty, or the refused one as it was typed,
    with its messages (once)."""
    return kept_form(request, _kept_key(obligation_id), ExtensionRequestForm) or (
        ExtensionRequestForm())


def decision_form_keep(request, kind: str, request_id: int, form: forms.Form) -> None:
    """A board's refused decision ("approve" or "reject") on one extension request: kept
    for the extension page, which shows that request's form as it was typed."""
    keep_form(request, _decision_key(kind, request_id), form)


def decision_form_kept(request, kind: str, request_id: int, form_class: type[forms.Form],
                       **kwargs) -> forms.Form | None:
    return kept_form(request, _decision_key(kind, request_id), form_class, **kwargs)


def decision_forms_drop(request, request_id: int) -> None:
    """A request decided: nothing refused on it before is kept any longer."""
    for kind in ("approve", "reject"):
        request.session.pop(_decision_key(kind, request_id), None)
