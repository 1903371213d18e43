"""Form pieces every app's pages share: the dd/mm/yyyy date box, the "as of" day and the
searchable unit chooser."""

import html
import re

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
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


_CHOSEN_CODE = re.compile(r"\[([^\]]+)\]$")


class UnitChooser(forms.SelectMultiple):
    """Units picked by typing: the chosen ones as ticked chips, a text box that searches
    every unit (a <datalist> of "Name [code]"), as in the import preview (static/js/app.js
    turns a pick into a chip at once; without JavaScript the typed name is read when the
    form is sent). Instead of a Ctrl-click list of thousands of units. Written in one
    pass, like `tracker.lists.LongSelect`."""

    def value_from_datadict(self, data, files, name):
        values = list(data.getlist(name)) if hasattr(data, "getlist") else list(
            data.get(name) or [])
        typed = (data.get(f"{name}_add") or "").strip()
        if typed:
            code = _CHOSEN_CODE.search(typed)
            values.append(code.group(1) if code else typed)
        return values

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in (value or []) if v is not None}
        final = self.build_attrs(self.attrs, attrs or {})
        box_id = final.get("id") or f"id_{name}"
        chips, options = [], []
        for key, label, code in self._units():
            options.append(f'<option value="{html.escape(f"{label} [{code}]")}"></option>')
            if key in chosen or code in chosen:
                chips.append(f'<li><label class="chip"><input type="checkbox" '
                             f'name="{html.escape(name)}" value="{html.escape(key)}" checked> '
                             f"{html.escape(label)}</label></li>")
        described = {"aria-describedby": final["aria-describedby"]} if final.get(
            "aria-describedby") else {}
        return format_html(
            '<div class="unit-chooser" data-unit-chooser><ul class="chips">{}</ul>'
            '<input{}><datalist id="{}">{}</datalist></div>',
            mark_safe("".join(chips)),  # noqa: S308 (each part escaped above)
            flatatt({"id": box_id, "name": f"{name}_add", "list": f"{box_id}-options",
                     "autocomplete": "off", "data-chooser-input": "",
                     "data-chooser-name": name,
                     "placeholder": str(_("Gõ tên đơn vị để tìm")), **described}),
            f"{box_id}-options",
            mark_safe("".join(options)))  # noqa: S308 (each option escaped above)

    def _units(self):
        field_queryset = getattr(self.choices, "queryset", None)
        if field_queryset is not None:
            for pk, name, code in field_queryset.values_list("pk", "name", "code"):
                yield str(pk), name, code
        else:
            for key, label in self.choices:
                yield str(key), str(label), str(key)


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several units, chosen with `UnitChooser`: each value is a unit's id, its code (a
    unit picked in the text box) or its exact name (typed without picking)."""

    widget = UnitChooser

    def clean(self, value):
        values = list(value or [])
        codes = [v for v in values if not str(v).isdigit()]
        if codes:
            found = dict(self.queryset.filter(code__in=codes).values_list("code", "pk"))
            for name, pk in self.queryset.filter(name__in=codes).values_list("name", "pk"):
                found.setdefault(name, pk)
            unknown = [c for c in codes if c not in found]
            if unknown:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice",
                    params={"value": unknown[0]})
            values = [str(found.get(v, v)) for v in values]
        return super().clean(list(dict.fromkeys(values)))
