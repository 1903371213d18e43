"""Form pieces every app's pages share: the dd/mm/yyyy date box and the "as of" day."""

from django import forms
from django.utils.translation import gettext_lazy as _

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
