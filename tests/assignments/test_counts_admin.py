"""Edits made in the Django admin go through the services, which keep the counts.

(The autouse check in tests/conftest.py compares the table with a recount after each test;
these tests make admin edits that would move rows between keys.)
"""

import pytest
from django.test import Client

from assignments import counts
from assignments.models import Assignment
from directives.models import ResponsibilityItem
from tests.factories import SectionFactory, UnitFactory


def _admin(world) -> Client:
    client = Client()
    client.force_login(world.admin)
    return client


def _form(client, url) -> dict:
    """The admin change form's current values, as the browser would post them back."""
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        data[name] = value.pk if hasattr(value, "pk") else value
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management.initial.get(name, 0)
        for inline in formset.formset.forms:
            for name, field in inline.fields.items():
                value = inline.initial.get(name, field.initial)
                if value is not None:
                    data[f"{inline.prefix}-{name}"] = value.pk if hasattr(value, "pk") else value
    return data


@pytest.mark.django_db
def test_an_assignment_is_not_moved_to_another_unit_in_the_admin(published):
    """No service moves one assignment to another unit (a unit merge does, for all of a
    unit's work): the admin only shows assignments."""
    client = _admin(published)
    lead = Assignment.objects.get(item=published.fixed, role=Assignment.Role.LEAD)
    other = UnitFactory(code="huyen-c", name="Huyện ủy C")
    url = f"/admin/assignments/assignment/{lead.pk}/change/"
    response = client.post(url, {"unit": other.pk, "item": published.fixed.pk})
    assert response.status_code == 403
    assert Assignment.objects.get(pk=lead.pk).unit_id == published.district_a.pk
    assert counts.differences() == []


@pytest.mark.django_db
def test_changing_an_items_section_and_deadline_mode_in_the_admin(published):
    client = _admin(published)
    section = SectionFactory(directive=published.directive, order=9)
    url = f"/admin/directives/responsibilityitem/{published.fixed.pk}/change/"
    data = _form(client, url)
    data["section"] = section.pk
    data["deadline_mode"] = ResponsibilityItem.DeadlineMode.CONTINUOUS
    data.pop("due_on", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:3000]
    assert counts.differences() == []
    buckets = {(key[1], key[4]) for key in counts.stored([published.directive.pk])
               if key[3] == "a" and key[2] != counts.WHOLE}
    assert (section.pk, "ongoing") in buckets


@pytest.mark.django_db
def test_rebuild_command_checks_and_repairs(published):
    from django.core.management import CommandError, call_command

    from assignments.models import StatusCount

    call_command("rebuild_status_counts", "--check")
    StatusCount.objects.filter(unit_key=counts.WHOLE).update(n=0)
    with pytest.raises(CommandError, match="differ"):
        call_command("rebuild_status_counts", "--check")
    call_command("rebuild_status_counts", "--directive", str(published.directive.pk))
    call_command("rebuild_status_counts", "--check")
