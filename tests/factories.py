"""The factories of every app, in one import (each app's own: tests/<app>/factories.py)."""

from tests.assignments.factories import AssignmentFactory
from tests.directives.factories import DirectiveFactory, ItemFactory, SectionFactory
from tests.tracker.factories import (
    MembershipFactory,
    UnitFactory,
    UnitGroupFactory,
    UserFactory,
)

__all__ = ["AssignmentFactory", "DirectiveFactory", "ItemFactory", "MembershipFactory",
           "SectionFactory", "UnitFactory", "UnitGroupFactory", "UserFactory"]
