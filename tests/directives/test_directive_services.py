"""Directive life cycle: draft → active → closed, items, withdrawal; events and refusals."""

import datetime as dt

import pytest

from assignments.models import Assignment, ReportObligation
from directives.models import Directive, ResponsibilityItem
from directives.services import (
    directive_close,
    directive_create,
    directive_publish,
    item_create,
    item_update,
    item_withdraw,
)
from tracker.errors import ConflictError, DomainError, NotAllowed, TransitionError
from tracker.events import events_for

pytestmark = pytest.mark.django_db


def test_publish_writes_an_event_with_the_obligations_opened(published):
    directive = published.directive
    assert directive.status == Directive.Status.ACTIVE
    assert directive.published_at is not None
    event = events_for(directive).get(verb="published")
    assert (event.actor, event.from_status, event.to_status) == (published.reviewer, "draft",
                                                                 "active")
    assert event.data["obligations_created"] == 3


def test_publish_twice_is_refused(published):
    with pytest.raises(TransitionError) as err:
        directive_publish(directive=published.directive, actor=published.reviewer)
    assert err.value.field == "status"
    assert "Đang theo dõi" in str(err.value)


def test_publish_without_items_is_refused(world):
    with pytest.raises(DomainError) as err:
        directive_publish(directive=world.directive, actor=world.reviewer)
    assert err.value.field == "items"


def test_close_a_draft_is_refused_close_active_is_logged(world, published):
    draft = directive_create(actor=world.reviewer, supervising_unit=world.board,
                             number="07-CT/TU", kind=Directive.Kind.CHI_THI, title="Dự thảo",
                             issuer="Ban Thường vụ Tỉnh ủy", issued_on=dt.date(2022, 1, 1))
    with pytest.raises(TransitionError) as err:
        directive_close(directive=draft, actor=world.reviewer)
    assert err.value.field == "status"
    directive = directive_close(directive=published.directive, actor=world.reviewer,
                                note="Tổng kết chỉ thị")
    assert directive.status == Directive.Status.CLOSED
    event = events_for(directive).get(verb="closed")
    assert (event.from_status, event.to_status, event.note) == ("active", "closed",
                                                                "Tổng kết chỉ thị")
    with pytest.raises(TransitionError):
        directive_close(directive=directive, actor=world.reviewer)
    with pytest.raises(TransitionError):
        item_create(directive=directive, actor=world.reviewer, content="Thêm sau khi đóng")


@pytest.mark.parametrize("who", ["reporter_a", "head_a", "leader"])
def test_only_the_board_writes_directives(world, who):
    actor = getattr(world, who)
    with pytest.raises(NotAllowed):
        directive_create(actor=actor, supervising_unit=world.board, number="08-CT/TU",
                         kind=Directive.Kind.CHI_THI, title="x", issuer="BTV",
                         issued_on=dt.date(2022, 1, 1))
    with pytest.raises(NotAllowed):
        item_create(directive=world.directive, actor=actor, content="x")
    with pytest.raises(NotAllowed):
        directive_publish(directive=world.directive, actor=actor)


def test_item_deadline_cannot_precede_the_directive(world):
    with pytest.raises(DomainError) as err:
        item_create(directive=world.directive, actor=world.reviewer, content="Sớm quá",
                    deadline_mode=ResponsibilityItem.DeadlineMode.FIXED,
                    due_on=dt.date(2021, 9, 6))
    assert err.value.field == "due_on"
    with pytest.raises(DomainError) as err:
        item_create(directive=world.directive, actor=world.reviewer, content="Không hạn",
                    deadline_mode=ResponsibilityItem.DeadlineMode.FIXED)
    assert err.value.field == "due_on"


def test_withdraw_stops_open_work_and_cannot_repeat(published):
    with pytest.raises(DomainError) as err:
        item_withdraw(item=published.fixed, actor=published.reviewer, reason=" ")
    assert err.value.field == "reason"
    item = item_withdraw(item=published.fixed, actor=published.reviewer,
                         reason="Chuyển sang kế hoạch khác")
    assert item.status == ResponsibilityItem.Status.WITHDRAWN
    assert set(item.assignments.values_list("state", flat=True)) == {"withdrawn"}
    assert set(ReportObligation.objects.filter(assignment__item=item)
               .values_list("state", flat=True)) == {"withdrawn"}
    event = events_for(item).get(verb="withdrawn")
    assert (event.from_status, event.to_status, event.note, event.data["assignments"]) == (
        "active", "withdrawn", "Chuyển sang kế hoạch khác", 2)
    with pytest.raises(TransitionError):
        item_withdraw(item=item, actor=published.reviewer, reason="Lần nữa")
    with pytest.raises(TransitionError):
        item_update(item=item, actor=published.reviewer, content="Sửa")
    # Nothing is deleted.
    assert Assignment.objects.filter(item=item).count() == 2


def test_item_edit_is_versioned_and_assignment_mode_frozen_once_assigned(published):
    item = item_update(item=published.continuous, actor=published.reviewer,
                       expected_version=1, content="Tăng cường quán triệt, tuyên truyền")
    assert item.lock_version == 2
    assert events_for(item).filter(verb="updated").exists()
    with pytest.raises(ConflictError):
        item_update(item=item, actor=published.reviewer, expected_version=1, content="Cũ")
    with pytest.raises(DomainError) as err:
        item_update(item=item, actor=published.reviewer,
                    assignment_mode=ResponsibilityItem.AssignmentMode.JOINT)
    assert err.value.field == "assignment_mode"
