"""A scene for permission tests: the same kinds of objects owned twice.

Set "own": the board's directive (Ban Dân vận, reviewer `danvan`), assigned to
district A (reporter `huyen-a`). Set "foreign": another board's directive, assigned
to district C. Each set has a directive, a section, a continuous item with a
submitted report, a fixed item with a draft report, a pending extension request.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile

from assignments import services as assignment_services
from assignments.models import Assignment, ReportObligation
from directives import services as directive_services
from directives.models import Directive, ResponsibilityItem
from reports import services as report_services
from tests.conftest import travel
from tests.factories import DirectiveFactory, MembershipFactory, UnitFactory, UserFactory
from tracker.models import Membership, Notification, Unit

DAY = dt.date(2021, 10, 1)


@dataclass
class ObjectSet:
    directive: Directive
    unit: Unit
    objects: dict = field(default_factory=dict)


def _build(directive, board_user, unit, reporter) -> ObjectSet:
    with travel(DAY - dt.timedelta(days=20)):
        section = directive_services.section_create(directive=directive, actor=board_user,
                                                    addressee="Các huyện ủy")
        continuous = directive_services.item_create(directive=directive, actor=board_user,
                                                    section=section, content="Quán triệt")
        fixed = directive_services.item_create(
            directive=directive, actor=board_user, section=section, content="Xây dựng đề án",
            deadline_mode=ResponsibilityItem.DeadlineMode.FIXED, due_on=dt.date(2021, 12, 31))
        fresh = directive_services.item_create(directive=directive, actor=board_user,
                                               section=section, content="Tuyên truyền")
        assignment_services.item_assign(item=continuous, actor=board_user, units=[unit])
        assignment_services.item_assign(item=fresh, actor=board_user, units=[unit])
        assignment_services.item_assign(item=fixed, actor=board_user, units=[unit])
        directive_services.directive_publish(directive=directive, actor=board_user,
                                             today=DAY - dt.timedelta(days=20))
    a_cont = Assignment.objects.get(item=continuous, unit=unit)
    a_fixed = Assignment.objects.get(item=fixed, unit=unit)
    o_cont = ReportObligation.objects.get(assignment=a_cont)
    o_fixed = ReportObligation.objects.get(assignment=a_fixed)
    o_fresh = ReportObligation.objects.get(assignment__item=fresh, assignment__unit=unit)
    with travel(DAY - dt.timedelta(days=5)):
        submitted = report_services.report_create(obligation=o_cont, author=reporter,
                                                  text="Đã quán triệt.")
        submitted = report_services.report_submit(report=submitted, actor=reporter)
        draft = report_services.report_create(obligation=o_fixed, author=reporter,
                                              text="Dự thảo đề án.")
        evidence = report_services.evidence_add(
            report=draft, actor=reporter,
            upload=SimpleUploadedFile("minh-chung.pdf", b"%PDF-1.4", "application/pdf"))
        ext = assignment_services.extension_request_create(
            assignment=a_fixed, obligation=o_fixed, actor=reporter,
            requested_due_on=dt.date(2022, 1, 31), reason="Chờ số liệu.")
    directive.refresh_from_db()
    return ObjectSet(directive=directive, unit=unit, objects={
        "directive": directive, "section": section, "item": continuous, "fixed_item": fixed,
        "assignment": a_cont, "obligation": o_cont, "open_obligation": o_fixed,
        "period": o_cont.period, "submitted_report": submitted, "draft_report": draft,
        "extension": ext, "evidence": evidence, "fresh_obligation": o_fresh,
    })


@dataclass
class Scene:
    world: object
    own: ObjectSet
    foreign: ObjectSet
    roles: dict


def build_scene(world) -> Scene:
    other_board = UnitFactory(code="btg", name="Ban Tuyên giáo Tỉnh ủy",
                              kind=Unit.Kind.ADVISORY_BOARD)
    district_c = UnitFactory(code="huyen-c", name="Huyện ủy C")
    reviewer2 = UserFactory(username="tuyengiao")
    MembershipFactory(user=reviewer2, unit=other_board, role=Membership.Role.REVIEWER)
    reporter_c = UserFactory(username="huyen-c")
    MembershipFactory(user=reporter_c, unit=district_c, role=Membership.Role.REPORTER)
    other = DirectiveFactory(number="09-CT/TU", supervising_unit=other_board,
                             issued_on=dt.date(2021, 9, 1))
    own = _build(world.directive, world.reviewer, world.district_a, world.reporter_a)
    foreign = _build(other, reviewer2, district_c, reporter_c)
    for user in (world.reporter_a, world.reporter_b, world.reviewer, world.leader, world.admin,
                 reporter_c, reviewer2):
        Notification.objects.create(recipient=user, kind="test", title=f"Cho {user.username}")
    roles = {
        "reporter_own_unit": world.reporter_a,
        "reporter_other_unit": world.reporter_b,
        "reviewer_board": world.reviewer,
        "leader": world.leader,
        "admin": world.admin,
    }
    return Scene(world=world, own=own, foreign=foreign, roles=roles)
