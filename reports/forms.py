"""Forms of the reports' pages. They validate input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tracker.forms import date_field
from tracker.limits import COMMENT_MAX_LENGTH, TEXT_MAX_LENGTH

from .models import REPORT_PARTS, ProgressReport


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


def report_initial(report: ProgressReport | None, indicators) -> dict:
    """The report form's starting values: those of `report` (the draft, else the newest
    version), its figures included; a first report starts at 0 %."""
    if report is None:
        return {"progress_percent": 0}
    initial = {name: getattr(report, name) for name, _label in REPORT_PARTS}
    initial.update(text=report.text, progress_percent=report.progress_percent,
                   completed=report.completed, lock_version=report.lock_version)
    values = {(v.indicator_id, v.breakdown): v.reported_value
              for v in report.indicator_values.all()}
    for key, indicator, breakdown, _label in indicator_rows(indicators):
        if (indicator.pk, breakdown) in values:
            value = values[(indicator.pk, breakdown)]
            # 45170, not 45170.00: most figures are head counts.
            initial[key] = int(value) if value == value.to_integral_value() else value
    return initial


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


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("Ý kiến của ban theo dõi"), max_length=COMMENT_MAX_LENGTH,
                              widget=forms.Textarea(attrs={"rows": 4}))
    resubmit_by = date_field(_("Hạn nộp lại"), required=False,
                             help_text=_("Để trống: 5 ngày làm việc."))

    def __init__(self, *args, **kwargs):
        # Beside the accept form on the report page: ids of its own (no two id_comment).
        kwargs.setdefault("auto_id", "id_return_%s")
        super().__init__(*args, **kwargs)


class AcceptForm(forms.Form):
    comment = forms.CharField(label=_("Ý kiến (không bắt buộc)"), required=False,
                              max_length=COMMENT_MAX_LENGTH,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_accept_%s")
        super().__init__(*args, **kwargs)


class CommentForm(forms.Form):
    """A message on a report's thread (prefixed: the review page has other comment boxes)."""

    prefix = "thread"
    body = forms.CharField(label=_("Nội dung trao đổi"), max_length=COMMENT_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 3}))


class BulkAcceptForm(forms.Form):
    """Reports ticked on the review queue, accepted at once with one optional comment."""

    reports = forms.TypedMultipleChoiceField(label=_("Báo cáo"), coerce=int, choices=())
    comment = forms.CharField(label=_("Ý kiến chung (không bắt buộc)"), required=False,
                              max_length=COMMENT_MAX_LENGTH)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any id is taken here; the service answers the ones the reviewer can't see.
        ids = self.data.getlist("reports") if hasattr(self.data, "getlist") else []
        self.fields["reports"].choices = [(value, value) for value in ids]


class ReportExportForm(forms.Form):
    """The consolidated report's export: the figures' day, the day the board issues
    (signs) it, and the file kind. The day rule itself is `consolidated.issue_day_error`."""

    as_of = date_field(_("Số liệu đến ngày"), required=False)
    issued_on = date_field(_("Ngày ban hành báo cáo"), required=False,
                           help_text=_("Ngày ký, ghi ở dòng địa danh, ngày tháng; "
                                       "mặc định hôm nay."))
    format = forms.ChoiceField(label=_("Định dạng"), required=False,
                               choices=[("docx", "Word (DOCX)"), ("xlsx", "Excel (XLSX)")])
