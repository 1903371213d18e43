"""One visibility rule: every workflow model answers `visible_to(user)`, and nobody gets
"everything" by passing no user."""

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser

from tracker.policy import SYSTEM
from tracker.scoping import ScopedQuerySet

pytestmark = pytest.mark.django_db

SCOPED = [
    "directives.Directive", "directives.Section", "directives.ResponsibilityItem",
    "assignments.Assignment", "assignments.ReportingPeriod", "assignments.ReportObligation",
    "assignments.DeadlineChange", "assignments.ExtensionRequest",
    "reports.ProgressReport", "reports.Review", "reports.Evidence", "reports.Indicator",
    "reports.IndicatorValue", "tracker.Notification",
]


@pytest.mark.parametrize("label", SCOPED)
def test_a_read_without_a_user_is_refused(label):
    model = apps.get_model(label)
    assert isinstance(model.objects.all(), ScopedQuerySet)
    with pytest.raises(TypeError, match="needs the reading user"):
        model.objects.visible_to(None)


def test_each_model_reached_through_another_has_a_rule(published):
    """The published world has rows of every kind; an anonymous user sees none of them,
    the product itself (SYSTEM) all of them, and a reviewer of another board none."""
    from tests.factories import MembershipFactory, UnitFactory, UserFactory
    from tracker.models import Membership, Notification, Unit

    Notification.objects.create(recipient=published.reviewer, kind="x", title="t")
    outsider = UserFactory(username="ban-khac")
    MembershipFactory(user=outsider, unit=UnitFactory(
        code="ban-khac", name="Ban khác", kind=Unit.Kind.ADVISORY_BOARD),
        role=Membership.Role.REVIEWER)
    for label in SCOPED:
        model = apps.get_model(label)
        everything = model.objects.count()
        # Notifications are private: one's own, even for the product itself.
        mine = 0 if model is Notification else everything
        assert model.objects.visible_to(SYSTEM).count() == mine, label
        assert model.objects.visible_to(AnonymousUser()).count() == 0, label
        assert model.objects.visible_to(outsider).count() == 0, label
    # The board sees its own rows.
    assert apps.get_model("assignments.ReportObligation").objects.visible_to(
        published.reviewer).count() > 0


def test_the_scope_applies_on_related_managers(published):
    directive = published.directive
    reporter_items = directive.items.visible_to(published.reporter_a)
    assert reporter_items.exists()
    assert not directive.items.visible_to(AnonymousUser()).exists()
