"""factory_boy factories of the directives app."""

import datetime as dt

import factory

from directives.models import Directive, ResponsibilityItem, Section
from tests.tracker.factories import UnitFactory
from tracker.models import Unit


class DirectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Directive

    number = factory.Sequence(lambda n: f"{n:02d}-CT/TU")
    kind = Directive.Kind.CHI_THI
    title = "về tăng cường công tác dân vận"
    issuer = "Ban Thường vụ Tỉnh ủy"
    issued_on = dt.date(2021, 9, 7)
    supervising_unit = factory.SubFactory(UnitFactory, kind=Unit.Kind.ADVISORY_BOARD)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    directive = factory.SubFactory(DirectiveFactory)
    order = factory.Sequence(lambda n: n + 1)
    addressee = "Các huyện ủy"


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResponsibilityItem

    directive = factory.SubFactory(DirectiveFactory)
    order = factory.Sequence(lambda n: n + 1)
    content = factory.Sequence(lambda n: f"Nhiệm vụ {n}")
    deadline_mode = ResponsibilityItem.DeadlineMode.CONTINUOUS
