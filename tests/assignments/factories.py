"""factory_boy factories of the assignments app."""

import factory

from assignments.models import Assignment
from tests.directives.factories import ItemFactory
from tests.tracker.factories import UnitFactory


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    item = factory.SubFactory(ItemFactory)
    unit = factory.SubFactory(UnitFactory)
    original_unit = factory.SelfAttribute("unit")
    assigned_on = factory.SelfAttribute("item.directive.issued_on")
