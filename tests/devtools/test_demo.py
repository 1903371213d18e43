"""The demo: the seed directive's exact breakdown and a believable history."""

import datetime as dt

import pytest

from assignments.models import Assignment, ExtensionRequest, ReportObligation
from directives.models import Directive
from reports.models import ProgressReport
from reports.summaries import directive_summary
from tracker.models import Event, Unit
from tracker.policy import SYSTEM

pytestmark = pytest.mark.django_db


def test_demo_has_the_seed_breakdown(demo):
    directive = Directive.objects.get(number="06-CT/TU")
    assert directive.status == Directive.Status.ACTIVE
    assert directive.supervising_unit.name == "Ban Dân vận Tỉnh ủy"
    sections = list(directive.sections.order_by("order"))
    assert len(sections) == 4
    counts = [s.items.count() for s in sections]
    assert counts == [4, 2, 7, 1]
    assert sections[0].items.order_by("order").first().content.startswith(
        "Tăng cường quán triệt, nâng cao nhận thức của các cấp ủy,")


def test_demo_units_and_fan_out(demo):
    assert Unit.objects.filter(code__startswith="huyenuy-").count() == 9
    first_item = Directive.objects.get().items.order_by("order").first()
    # 1 thành ủy + 9 huyện ủy + 5 đảng ủy trực thuộc
    assert first_item.assignments.count() == 15
    joint = Directive.objects.get().sections.get(order=2).items.first()
    roles = sorted(joint.assignments.values_list("role", flat=True))
    assert roles == ["cooperating", "lead"]


def test_demo_history_is_believable(demo):
    reports = ProgressReport.objects.all()
    assert reports.filter(status="returned").exists()
    assert reports.filter(version__gt=1, status="accepted").exists()
    obligations = ReportObligation.objects.all()
    assert obligations.filter(state="not_submitted", due_on__lt=dt.date(2026, 11, 27)).exists()
    assert ExtensionRequest.objects.filter(status="approved").count() == 1
    assert ExtensionRequest.objects.filter(status="pending").count() == 1
    assert Assignment.objects.filter(state="completed").exists()
    assert Event.objects.count() > 1000
    summary = directive_summary(directive=Directive.objects.get(), day=dt.date(2026, 11, 27),
                                user=SYSTEM)
    counts = summary["obligations"]["counts"]
    assert counts["accepted_on_time"] > counts["accepted_late"] > 0
    assert counts["overdue"] > 0 and counts["submitted"] > 0


def test_demo_is_idempotent(demo):
    from devtools.demo.loader import load_demo

    before = (Assignment.objects.count(), ProgressReport.objects.count(), Event.objects.count())
    again = load_demo(password=None, today=dt.date(2026, 11, 27))
    assert again.created is False
    assert before == (Assignment.objects.count(), ProgressReport.objects.count(),
                      Event.objects.count())
