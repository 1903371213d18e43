"""Every id a field's aria-describedby names (Django 5.2 writes `<id>_helptext` and
`<id>_error`) is on the page: the help text and the messages of the shared field
template, so that a screen reader reads the message beside the field."""

import re

from django.template.loader import render_to_string

from assignments.forms import ExtensionApproveForm, ExtensionRejectForm


def _described_and_present(html: str) -> tuple[set[str], set[str]]:
    described = {i for ids in re.findall(r'aria-describedby="([^"]+)"', html)
                 for i in ids.split()}
    return described, set(re.findall(r'\bid="([^"]+)"', html))


def test_help_and_error_ids_exist_for_a_refused_form():
    form = ExtensionApproveForm({"approved_due_on": "31/02/2026", "note": "x"},
                                auto_id="a7_%s")
    assert not form.is_valid()
    html = render_to_string("tracker/_form_fields.html", {"form": form})
    described, present = _described_and_present(html)
    assert {"a7_approved_due_on_helptext", "a7_approved_due_on_error"} <= described
    assert described <= present


def test_an_empty_required_field_names_its_message():
    form = ExtensionRejectForm({"note": ""}, auto_id="r7_%s")
    assert not form.is_valid()
    html = render_to_string("tracker/_form_fields.html", {"form": form})
    described, present = _described_and_present(html)
    assert described == {"r7_note_error"} and described <= present
