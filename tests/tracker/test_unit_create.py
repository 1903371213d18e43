"""The one unit-creating service (issue 17): the importer's new units and a
reorganisation's successors go through `units_create`: checked, unique codes, one
`created` event each, a fixed number of queries for any number of units."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UnitFactory
from tracker.errors import DomainError
from tracker.events import events_for
from tracker.models import Event, Unit
from tracker.services import UnitSpec, unit_create, units_create

pytestmark = pytest.mark.django_db


def test_a_unit_is_created_with_its_event(admin_user):
    parent = UnitFactory(code="tinh", name="Tỉnh ủy")
    unit = unit_create(actor=admin_user, spec=UnitSpec(
        name="  Đảng ủy   xã Một ", kind=Unit.Kind.PARTY_COMMITTEE, code="xa-mot",
        parent=parent, data={"source": "test"}))
    unit.refresh_from_db()
    assert (unit.code, unit.name, unit.kind, unit.parent, unit.is_active) == (
        "xa-mot", "Đảng ủy xã Một", "party_committee", parent, True)
    event = events_for(unit).get()
    assert (event.verb, event.actor, event.data) == (
        "created", admin_user, {"source": "test", "code": "xa-mot"})


def test_codes_made_from_a_base_are_unique_and_a_given_code_must_be_free(admin_user):
    UnitFactory(code="BAN-A")
    made = units_create(actor=admin_user, specs=[
        UnitSpec(name="Ban A", code_base="BAN-A"), UnitSpec(name="Ban A mới", code_base="BAN-A"),
        UnitSpec(name="Không tên mã")])
    assert [u.code for u in made] == ["BAN-A-2", "BAN-A-3", "DON-VI"]
    with pytest.raises(DomainError) as caught:
        unit_create(actor=admin_user, spec=UnitSpec(name="Trùng", code="BAN-A",
                                                     where="targets[1]"))
    assert caught.value.field == "targets[1].code"


@pytest.mark.parametrize(("spec", "field"), [
    (UnitSpec(name="   ", where="new_units[0]"), "new_units[0].name"),
    (UnitSpec(name="x" * 256), "name"),
    (UnitSpec(name="Đơn vị", kind="planet", where="new_units[2]"), "new_units[2].kind"),
])
def test_bad_units_are_refused_naming_the_field(admin_user, spec, field):
    before = Unit.objects.count()
    with pytest.raises(DomainError) as caught:
        unit_create(actor=admin_user, spec=spec)
    assert caught.value.field == field
    assert Unit.objects.count() == before


def test_creating_many_units_takes_as_many_queries_as_one(admin_user):
    def queries(n: int, tag: str) -> int:
        ContentType.objects.clear_cache()
        with CaptureQueriesContext(connection) as ctx:
            units_create(actor=admin_user, specs=[
                UnitSpec(name=f"Xã {tag} {i}", code=f"xa-{tag}-{i}") for i in range(n)])
        return len(ctx)

    assert queries(1, "a") == queries(25, "b")
    assert Event.objects.filter(verb="created").count() == 26
