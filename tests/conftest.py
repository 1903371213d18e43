"""Fixtures shared by the suite: a small world of units, users and one directive."""

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine

from directives.models import Directive, ResponsibilityItem
from tests.factories import (
    DirectiveFactory,
    MembershipFactory,
    UnitFactory,
    UnitGroupFactory,
    UserFactory,
)
from tracker.models import Membership, Unit, UnitGroup
from tracker.timeutil import LOCAL_TZ

# The demo, loaded once per session and put back per module or test: demo, demo_today,
# demo_units.
pytest_plugins = ["tests.demo"]


def at(day: dt.date | str, hour: int = 9, minute: int = 0) -> dt.datetime:
    """A moment in Asia/Ho_Chi_Minh."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LOCAL_TZ)


def travel(day: dt.date | str, hour: int = 9, minute: int = 0):
    return time_machine.travel(at(day, hour, minute), tick=False)


@pytest.fixture(autouse=True)
def _derived_data_in_step(request):
    """After every test that wrote to the database, what the services keep derived must
    equal its sources: the status-count table (assignments.counts) a recount of the rows,
    and the scope columns (assignments.scope) the units and boards they copy."""
    marker = request.node.get_closest_marker("django_db")
    names = request.fixturenames
    uses_db = marker is not None or {"db", "transactional_db", "live_server"} & set(names)
    if not uses_db or request.node.get_closest_marker("writes_around_services"):
        yield
        return
    # Set the database up before this fixture, so that it is torn down after the check.
    transactional = ("transactional_db" in names or "live_server" in names
                     or (marker is not None and marker.kwargs.get("transaction")))
    request.getfixturevalue("transactional_db" if transactional else "db")
    yield
    from assignments import counts, scope

    wrong = counts.differences()
    assert not wrong, "status counts out of step with the rows:\n" + "\n".join(wrong[:20])
    stale = scope.differences()
    assert not stale, f"scope columns out of step with their sources: {stale}"


@dataclass
class World:
    board: Unit
    leaders: Unit
    district_a: Unit
    district_b: Unit
    youth: Unit
    group: UnitGroup
    reviewer: object
    leader: object
    reporter_a: object
    reporter_b: object
    reporter_youth: object
    head_a: object
    admin: object
    directive: Directive


@pytest.fixture
def world(db) -> World:
    board = UnitFactory(code="bdv", name="Ban Dân vận Tỉnh ủy", kind=Unit.Kind.ADVISORY_BOARD)
    leaders = UnitFactory(code="tt", name="Thường trực Tỉnh ủy", kind=Unit.Kind.LEADERSHIP)
    district_a = UnitFactory(code="huyen-a", name="Huyện ủy A")
    district_b = UnitFactory(code="huyen-b", name="Huyện ủy B")
    youth = UnitFactory(code="tinhdoan", name="Ban Thường vụ Tỉnh đoàn",
                        kind=Unit.Kind.MASS_ORGANISATION)
    group = UnitGroupFactory(code="cac-huyen-uy", name="Các huyện ủy",
                             members=[district_a, district_b])

    def member(username, unit, role):
        user = UserFactory(username=username)
        MembershipFactory(user=user, unit=unit, role=role)
        return user

    directive = DirectiveFactory(number="06-CT/TU", supervising_unit=board,
                                 issued_on=dt.date(2021, 9, 7))
    return World(
        board=board, leaders=leaders, district_a=district_a, district_b=district_b,
        youth=youth, group=group,
        reviewer=member("danvan", board, Membership.Role.REVIEWER),
        leader=member("lanhdao", leaders, Membership.Role.LEADER),
        reporter_a=member("huyen-a", district_a, Membership.Role.REPORTER),
        reporter_b=member("huyen-b", district_b, Membership.Role.REPORTER),
        reporter_youth=member("tinhdoan", youth, Membership.Role.REPORTER),
        head_a=member("truong-a", district_a, Membership.Role.UNIT_HEAD),
        admin=UserFactory(username="admin", is_superuser=True, is_staff=True),
        directive=directive,
    )


@pytest.fixture
def published(world):
    """The world's directive with one continuous item for the group (semi-annual reports)
    and one fixed-deadline joint item (lead: district A, cooperating: youth), published
    on 10/9/2021."""
    from assignments.services import item_assign
    from directives.services import directive_publish, item_create

    with travel("2021-09-10"):
        continuous = item_create(directive=world.directive, actor=world.reviewer,
                                 content="Tăng cường quán triệt")
        item_assign(item=continuous, actor=world.reviewer, groups=[world.group])
        fixed = item_create(directive=world.directive, actor=world.reviewer,
                            content="Xây dựng đề án", due_on=dt.date(2021, 12, 31),
                            deadline_mode=ResponsibilityItem.DeadlineMode.FIXED,
                            assignment_mode=ResponsibilityItem.AssignmentMode.JOINT)
        item_assign(item=fixed, actor=world.reviewer, lead_unit=world.district_a,
                    units=[world.youth])
        directive_publish(directive=world.directive, actor=world.reviewer,
                          today=dt.date(2021, 9, 10))
    world.directive.refresh_from_db()
    world.continuous = continuous
    world.fixed = fixed
    return world


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request served in English activates it
    for the thread (as Django's LocaleMiddleware does), which must not leak into the next
    test's messages."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def pytest_terminal_summary(terminalreporter):
    """The figures tests measured (query counts, schemathesis cases), at the end of the run."""
    from tests.figures import lines

    figures = lines()
    if figures:
        terminalreporter.section("measured figures")
        for line in figures:
            terminalreporter.write_line(line)


def client_for(user):
    """An API client signed in as `user` (None: anonymous)."""
    from rest_framework.test import APIClient

    client = APIClient()
    if user is not None:
        client.force_authenticate(user=user)
    return client


@pytest.fixture
def api():
    """api(user) → an APIClient signed in as `user` (None: anonymous)."""
    return client_for
