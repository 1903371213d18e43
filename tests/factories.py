"""factory_boy factories shared by the whole suite."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from assignments.models import Assignment
from directives.models import Directive, ResponsibilityItem, Section
from tracker.models import Membership, Unit, UnitGroup


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("secret-pass-123")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"unit-{n}")
    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    kind = Unit.Kind.PARTY_COMMITTEE
    order = factory.Sequence(lambda n: n)


class UnitGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitGroup

    code = factory.Sequence(lambda n: f"group-{n}")
    name = factory.Sequence(lambda n: f"Nhóm {n}")

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if extracted:
            self.members.set(extracted)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Membership.Role.REPORTER


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


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    item = factory.SubFactory(ItemFactory)
    unit = factory.SubFactory(UnitFactory)
    original_unit = factory.SelfAttribute("unit")
    assigned_on = factory.SelfAttribute("item.directive.issued_on")
