"""Forms of the web pages. They validate input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from directives.models import Cadence, Directive, ResponsibilityItem, Section
from reports.models import REPORT_PARTS
from tracker.limits import (
    COMMENT_MAX_LENGTH,
    ITEM_CONTENT_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    TEXT_MAX_LENGTH,
)
from tracker.models import Unit, UnitGroup

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]


class DateInput(forms.DateInput):
    """A dd/mm/yyyy text box (the Vietnamese way of writing dates)."""

    def __init__(self, attrs=None):
        base = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off",
                "class": "date", "pattern": r"\d{1,2}/\d{1,2}/\d{4}"}
        super().__init__(attrs={**base, **(attrs or {})}, format="%d/%m/%Y")


def date_field(label, required=True, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, required=required, input_formats=DATE_FORMATS,
                           widget=DateInput(), **kwargs)


class AsOfForm(forms.Form):
    as_of = date_field(_("Số liệu đến ngày"), required=False)


def indicator_rows(indicators) -> list[tuple[str, object, str, str]]:
    """The report form's figure boxes: (field name, indicator, breakdown code, label), the
    total first, then each "trong đó" row by its code ("" is the total)."""
    rows = []
    for indicator in indicators:
        lines = [("", indicator.name)] + [
            (code, f"— {label}") for code, label in indicator.breakdown_labels().items()]
        for code, label in lines:
            rows.append((f"ind_{indicator.pk}_{len(rows)}", indicator, code, label))
    return rows


class ReportForm(forms.Form):
    """The unit's report: summary, the five parts, progress, completed claim, indicators."""

    text = forms.CharField(label=_("Tóm tắt"), required=False, max_length=TEXT_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 2}))
    progress_percent = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100,
                                          initial=0)
    completed = forms.BooleanField(label=_("Đề nghị xác nhận đã hoàn thành nhiệm vụ"),
                                   required=False)
    evidence = forms.FileField(label=_("Đính kèm minh chứng"), required=False)
    lock_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, indicators=(), show_completed=True, **kwargs):
        super().__init__(*args, **kwargs)
        parts = {}
        for name, label in REPORT_PARTS:
            parts[name] = forms.CharField(label=label, required=False,
                                          max_length=TEXT_MAX_LENGTH,
                                          widget=forms.Textarea(attrs={"rows": 4}))
        # Put the parts right after the summary, in the order reports are written.
        ordered = {"text": self.fields.pop("text"), **parts}
        ordered.update(self.fields)
        self.fields = ordered
        if not show_completed:
            del self.fields["completed"]
        self.indicator_keys = []
        for key, indicator, breakdown, label in indicator_rows(indicators):
            self.fields[key] = forms.DecimalField(
                label=f"{label} ({indicator.unit_of_measure})", required=False,
                min_value=0, max_digits=14, decimal_places=2)
            self.indicator_keys.append((key, indicator, breakdown))

    def report_fields(self) -> dict:
        data = self.cleaned_data
        fields = {"text": data["text"], "progress_percent": data["progress_percent"]}
        if "completed" in self.fields:
            fields["completed"] = data["completed"]
        for name, _label in REPORT_PARTS:
            fields[name] = data[name]
        return fields

    def indicator_values(self) -> list[dict]:
        return [{"indicator": indicator, "breakdown": breakdown,
                 "value": self.cleaned_data[key]}
                for key, indicator, breakdown in self.indicator_keys
                if self.cleaned_data.get(key) is not None]

    def part_fields(self):
        return [self[name] for name, _label in REPORT_PARTS]

    def indicator_fields(self):
        return [self[key] for key, _i, _b in self.indicator_keys]


class ExtensionRequestForm(forms.Form):
    requested_due_on = date_field(_("Đề nghị lùi hạn đến ngày"))
    reason = forms.CharField(label=_("Lý do"), max_length=NOTE_MAX_LENGTH,
                             widget=forms.Textarea(attrs={"rows": 3}))


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("Ý kiến của ban theo dõi"), max_length=COMMENT_MAX_LENGTH,
                              widget=forms.Textarea(attrs={"rows": 4}))
    resubmit_by = date_field(_("Hạn nộp lại"), required=False,
                             help_text=_("Để trống: 5 ngày làm việc."))


class AcceptForm(forms.Form):
    comment = forms.CharField(label=_("Ý kiến (không bắt buộc)"), required=False,
                              max_length=COMMENT_MAX_LENGTH,
                              widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionApproveForm(forms.Form):
    approved_due_on = date_field(_("Hạn được duyệt"), required=False,
                                 help_text=_("Để trống: theo đề nghị."))
    note = forms.CharField(label=_("Ý kiến"), required=False, max_length=NOTE_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionRejectForm(forms.Form):
    note = forms.CharField(label=_("Lý do không chấp thuận"), max_length=NOTE_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 2}))


class DirectiveForm(forms.Form):
    number = forms.CharField(label=_("Số hiệu"), max_length=64)
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=Directive.Kind.choices)
    title = forms.CharField(label=_("Trích yếu"), widget=forms.Textarea(attrs={"rows": 2}))
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=255)
    issued_on = date_field(_("Ngày ban hành"))
    signer = forms.CharField(label=_("Người ký"), max_length=255, required=False)
    supervising_unit = forms.ModelChoiceField(label=_("Đơn vị theo dõi"),
                                              queryset=Unit.objects.none())
    report_cadence = forms.ChoiceField(label=_("Kỳ báo cáo"), choices=Cadence.choices,
                                       initial=Cadence.SEMI_ANNUAL)
    report_due_day = forms.IntegerField(label=_("Ngày hạn báo cáo trong tháng"), min_value=1,
                                        max_value=31, initial=15)
    report_due_month_offset = forms.IntegerField(
        label=_("Tháng hạn so với tháng cuối kỳ"), min_value=-1, max_value=3, initial=0)
    full_text = forms.CharField(label=_("Toàn văn"), required=False, max_length=TEXT_MAX_LENGTH,
                                widget=forms.Textarea(attrs={"rows": 14}))

    def __init__(self, *args, supervising_units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervising_unit"].queryset = supervising_units or Unit.objects.none()


class SectionForm(forms.Form):
    addressee = forms.CharField(label=_("Đối tượng thực hiện (phần)"),
                                widget=forms.Textarea(attrs={"rows": 2}))
    order = forms.IntegerField(label=_("Thứ tự"), min_value=1, required=False)


class DeadlineEditForm(forms.Form):
    new_due_on = date_field(_("Hạn mới"))
    reason = forms.CharField(label=_("Lý do điều chỉnh"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class CloseDirectiveForm(forms.Form):
    note = forms.CharField(label=_("Ghi chú (kết quả, lý do kết thúc)"), required=False,
                           max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class WithdrawItemForm(forms.Form):
    reason = forms.CharField(label=_("Lý do rút nhiệm vụ"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class ItemForm(forms.Form):
    section = forms.ModelChoiceField(label=_("Thuộc phần"), queryset=Section.objects.none(),
                                     required=False)
    content = forms.CharField(label=_("Nội dung nhiệm vụ"), max_length=ITEM_CONTENT_MAX_LENGTH,
                              widget=forms.Textarea(attrs={"rows": 4}))
    expected_output = forms.CharField(label=_("Sản phẩm"), max_length=500, required=False)
    deadline_mode = forms.ChoiceField(label=_("Loại thời hạn"),
                                      choices=ResponsibilityItem.DeadlineMode.choices,
                                      initial=ResponsibilityItem.DeadlineMode.CONTINUOUS)
    due_on = date_field(_("Hạn hoàn thành"), required=False)
    assignment_mode = forms.ChoiceField(label=_("Cách giao"),
                                        choices=ResponsibilityItem.AssignmentMode.choices)
    cadence = forms.ChoiceField(label=_("Kỳ báo cáo riêng"),
                                choices=[("", _("Theo văn bản")), *Cadence.choices],
                                required=False)
    lock_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, directive=None, **kwargs):
        super().__init__(*args, **kwargs)
        if directive is not None:
            self.fields["section"].queryset = directive.sections.all()


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
