"""Forms of the directives' pages. They validate input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tracker.forms import date_field
from tracker.limits import ITEM_CONTENT_MAX_LENGTH, TEXT_MAX_LENGTH
from tracker.models import Unit

from .models import Cadence, Directive, ResponsibilityItem, Section


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


class PublishForm(forms.Form):
    """Publishing a draft: the "track from" day, and the day the preview shown was for
    (publishing with another day than the one previewed shows its preview first)."""

    track_from = date_field(
        _("Theo dõi từ ngày"), required=False,
        help_text=_("Các kỳ báo cáo kết thúc trước ngày này không phát sinh yêu cầu báo cáo. "
                    "Để trống: theo dõi từ đầu kế hoạch."))
    previewed = forms.CharField(required=False, widget=forms.HiddenInput)

    def previewed_matches(self) -> bool:
        day = self.cleaned_data.get("track_from")
        return self.cleaned_data.get("previewed") == (day.isoformat() if day else "none")
