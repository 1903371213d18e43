"""Form pieces every app's pages share: the dd/mm/yyyy date box, the "as of" day, the
searchable unit chooser, and an empty form's fields written once for a page of rows."""

import html
import re

from django import forms
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]

# Stands for a row's key in the ids of `empty_fields_per_row`'s single rendering; no
# label, help text or widget attribute of a form holds it.
ROW_KEY = "__row_key__"


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
        units = self._units()
        codes = {code for _key, _label, code in units if code in chosen}
        for key, label, code in units:
            options.append(f'<option value="{html.escape(f"{label} [{code}]")}"></option>')
            # A value is a code before it is an id (as the field reads it).
            if code in chosen or (key in chosen and key not in codes):
                # The chip sends the unit's code, as a chip picked in the page does.
                chips.append(f'<li><label class="chip"><input type="checkbox" '
                             f'name="{html.escape(name)}" value="{html.escape(code)}" checked> '
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

    def _units(self) -> list[tuple[str, str, str]]:
        """(id, name, code) of the field's units (UnitMultipleChoiceField's queryset)."""
        return [(str(pk), name, code) for pk, name, code in
                self.choices.queryset.values_list("pk", "name", "code")]


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several units, chosen with `UnitChooser`: each value is a unit's id, its code (a
    unit picked in the text box) or its exact name (typed without picking)."""

    widget = UnitChooser

    def clean(self, value):
        values = [str(v).strip() for v in (value or []) if str(v).strip()]
        # A unit's code first (codes may be numbers, as official codes are), then an id
        # (a chip drawn by the server, or the API's form), then an exact name, which must
        # name one unit only (commune names repeat across districts).
        by_code = dict(self.queryset.filter(code__in=values).values_list("code", "pk"))
        ids = {v for v in values if v not in by_code and v.isascii() and v.isdigit()}
        by_id = {str(pk): pk for pk in self.queryset.filter(
            pk__in=[int(v) for v in ids if len(v) < 19]).values_list("pk", flat=True)}
        names = [v for v in values if v not in by_code and v not in by_id]
        by_name: dict[str, list[int]] = {}
        for name, pk in self.queryset.filter(name__in=names).values_list("name", "pk"):
            by_name.setdefault(name, []).append(pk)
        chosen = []
        for v in values:
            if v in by_code or v in by_id:
                chosen.append(by_code.get(v) or by_id[v])
            elif len(by_name.get(v, [])) == 1:
                chosen.append(by_name[v][0])
            elif v in by_name:
                raise forms.ValidationError(
                    _("Có %(n)d đơn vị cùng tên “%(name)s”: hãy chọn trong danh sách."),
                    code="ambiguous", params={"n": len(by_name[v]), "name": v})
            else:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice",
                    params={"value": v})
        return super().clean([str(pk) for pk in dict.fromkeys(chosen)])


def empty_fields_per_row(form_class: type[forms.Form], prefix: str, keys: list[int]
                         ) -> list[SafeString]:
    """The fields of an empty `form_class` as tracker/_form_fields.html writes them, one
    copy for each of `keys`, the ids of a row's copy `<prefix><key>_<field>` (its labels'
    `for` alike). Written once and each row's key put into its ids: an empty form's
    markup differs from row to row by its ids alone, and Django writes a form field by
    field through its templates, which took most of a page of rows' time (the extension
    page's two decision forms on each pending request). Only for unbound forms: one
    with data or errors is written by the include itself."""
    markup = render_to_string("tracker/_form_fields.html", {
        "form": form_class(auto_id=f"{prefix}{ROW_KEY}_%s")})
    return [mark_safe(markup.replace(ROW_KEY, str(int(key))))  # noqa: S308 (an int)
            for key in keys]
