"""The demo's 2025 story: the boards merge on 1/3/2025, Kon Tum joins Quảng Ngãi on
1/7/2025 and the new communes take over the districts' open work of directive 06."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from assignments.models import Assignment, Reorganisation, ReportObligation
from devtools.demo import story2025
from directives.models import Directive
from reports.models import ProgressReport
from tests.demo import DEMO_DAY, DEMO_PASSWORD
from tracker.models import Membership, Unit, UnitRevision, UnitSuccession
from tracker.selectors import units_on_q

pytestmark = pytest.mark.django_db

MARCH, JULY = story2025.BOARD_MERGE_ON, story2025.PROVINCE_MERGE_ON


def _codes_on(day: dt.date) -> set[str]:
    return set(Unit.objects.filter(units_on_q(day)).values_list("code", flat=True))


def test_the_units_before_and_after_each_date(demo_2025):
    assert Reorganisation.objects.filter(status="applied").count() == 14
    before, between, after = (_codes_on(dt.date(2025, 2, 28)), _codes_on(dt.date(2025, 6, 30)),
                              _codes_on(JULY))
    assert {"bdv-tu", "btg-tu", "thanhuy-kontum", "huyenuy-dakha"} <= before
    assert "btgdv-tu" not in before
    assert {"btgdv-tu", "thanhuy-kontum"} <= between and "bdv-tu" not in between
    assert not {"thanhuy-kontum", "bdv-tu"} & after
    assert not {c for c in after if c.startswith(("huyenuy-", "thanhuy-"))}
    assert set(story2025.SUCCESSOR_CODES) <= after
    assert not set(story2025.SUCCESSOR_CODES) & between
    # 40 commune-level units in former Kon Tum (Nghị quyết 1677/NQ-UBTVQH15).
    assert len(story2025.SUCCESSOR_CODES) == 40
    city = Unit.objects.get(code="thanhuy-kontum")
    assert set(UnitSuccession.objects.filter(predecessor=city)
               .values_list("successor__name", flat=True)) == {
        "Đảng ủy phường Kon Tum", "Đảng ủy phường Đăk Cấm", "Đảng ủy phường Đăk Bla",
        "Đảng ủy xã Ngọk Bay", "Đảng ủy xã Ia Chim", "Đảng ủy xã Đăk Rơ Wa"}
    # The province and its government are renamed, their old names kept.
    root = Unit.objects.get(code="tu-kontum")
    assert root.name == "Tỉnh ủy Quảng Ngãi"
    assert UnitRevision.objects.get(unit=root).name == "Tỉnh ủy Kon Tum"
    # The mass organisations sit under the Front from 1/3/2025.
    front = Unit.objects.get(code="dd-mttq")
    assert set(front.children.values_list("code", flat=True)) == set(story2025.MASS_ORGS)


def test_the_merged_board_supervises_and_its_reviewer_moved(demo_2025):
    directive = Directive.objects.get(number="06-CT/TU")
    assert directive.supervising_unit.code == "btgdv-tu"
    assert Membership.objects.filter(user__username="danvan", unit__code="btgdv-tu",
                                     role="reviewer").exists()
    # The Ban Dân vận's own duty (section 4, lead) went to the merged board.
    lead = Assignment.objects.get(item__directive=directive, item__section__order=4,
                                  role="lead", state="open")
    assert lead.unit.code == "btgdv-tu"


def test_the_successors_hold_the_open_assignments(demo_2025):
    olds = [*story2025.COMMUNES]
    assert not Assignment.objects.filter(unit__code__in=olds, state="open").exists()
    section_one = Directive.objects.get().items.filter(section__order=1)
    for communes in story2025.COMMUNES.values():
        for code, _name, _formed in communes:
            held = Assignment.objects.filter(unit__code=code, state="open")
            # Each-mode items go to every successor of the split.
            assert set(held.values_list("item_id", flat=True)) == set(
                section_one.values_list("pk", flat=True)), code
    # Nothing owed from 1/7/2025 on is left with an old district; before stays.
    old = ReportObligation.objects.filter(unit__code__in=olds)
    assert not old.filter(due_on__gte=JULY).exclude(state="withdrawn").exists()
    assert old.filter(due_on=dt.date(2025, 6, 15)).exists()


def test_reports_after_july_come_from_the_successors(demo_2025):
    late = ProgressReport.objects.filter(obligation__due_on__gte=JULY,
                                         obligation__assignment__item__section__order=1)
    units = set(late.values_list("obligation__unit__code", flat=True))
    # The communes report instead of the districts; the province's other committees
    # (military, police, ...) go on as before.
    assert not units & set(story2025.COMMUNES)
    assert {u for u in units if not u.startswith("dangu-")} <= set(story2025.SUCCESSOR_CODES)
    assert len(units & set(story2025.SUCCESSOR_CODES)) > 20
    first = late.filter(obligation__unit__code="du-p-kontum").order_by("submitted_at").first()
    assert first is not None and first.submitted_at.date() >= JULY


def test_the_commune_user_sees_their_unit(demo_2025, client):
    user = get_user_model().objects.get(username="phuongkontum")
    assert client.login(username="phuongkontum", password=DEMO_PASSWORD)
    own = (ReportObligation.objects.filter(unit__code="du-p-kontum", state="not_submitted",
                                           due_on__gte=DEMO_DAY).order_by("due_on").first())
    other = ReportObligation.objects.filter(unit__code="du-p-dakcam").first()
    assert own is not None and other is not None
    page = client.get("/viec-cua-toi/")
    assert page.status_code == 200
    assert "phường Kon Tum" in page.content.decode()
    assert client.get(f"/yeu-cau/{own.pk}/").status_code == 200
    assert client.get(f"/yeu-cau/{other.pk}/").status_code == 404
    seen = set(ReportObligation.objects.visible_to(user)
               .values_list("unit__code", flat=True).distinct())
    assert seen == {"du-p-kontum"}


def test_loading_again_keeps_the_reorganised_tree(demo_2025):
    from devtools.demo.loader import load_demo

    counts = (Unit.objects.count(), Assignment.objects.count(), ProgressReport.objects.count())
    again = load_demo(password=None, today=DEMO_DAY)
    assert again.created is False
    assert counts == (Unit.objects.count(), Assignment.objects.count(),
                      ProgressReport.objects.count())
    assert Unit.objects.get(code="tu-kontum").name == "Tỉnh ủy Quảng Ngãi"
    assert Unit.objects.get(code="dd-hnd").parent.code == "dd-mttq"
    assert not Membership.objects.filter(unit__code="bdv-tu").exists()
    assert Unit.objects.get(code="du-p-kontum").unit_groups.filter(
        code="cap-uy-truc-thuoc").exists()


def test_the_dissolved_citys_page_names_its_parent_of_then_and_its_handed_over_duties(
        demo_2025):
    """The Thành ủy's page (dissolved 1/7/2025): its parent as it was named then (Tỉnh
    ủy Kon Tum, not today's Quảng Ngãi), and its ended lines of directive 06 "handed
    over" to the communes that hold them now, not "withdrawn"."""
    from django.test import Client
    from django.urls import reverse

    from tests.conftest import travel

    city = Unit.objects.get(code="thanhuy-kontum")
    client = Client()
    client.force_login(get_user_model().objects.get(username="danvan"))
    with travel(DEMO_DAY, 10):
        page = client.get(reverse("web:unit-detail", args=[city.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "trực thuộc Tỉnh ủy Kon Tum" in html and "trực thuộc Tỉnh ủy Quảng Ngãi" not in html
    handed = [a for a in page.context["items"] if a.handed_to]
    assert handed, "no handed-over line on the old unit's page"
    for a in handed:
        assert a.state == Assignment.State.WITHDRAWN
        holders = set(Assignment.objects.filter(item=a.item, unit__in=a.handed_to)
                      .values_list("unit__code", flat=True))
        assert holders == {u.code for u in a.handed_to}
        assert holders <= set(story2025.SUCCESSOR_CODES)
    assert "Đã bàn giao" in html and "Đảng ủy phường Kon Tum" in html
    # Before the split nothing had been handed over yet.
    with travel(DEMO_DAY, 10):
        before = client.get(reverse("web:unit-detail", args=[city.pk]),
                            {"as_of": "01/03/2025"})
    assert before.status_code == 200
    assert not [a for a in before.context["items"] if a.handed_to]
    assert "Đã bàn giao" not in before.content.decode()
    # The ward's own page: its parent today.
    ward = Unit.objects.get(code="du-p-kontum")
    with travel(DEMO_DAY, 10):
        ward_page = client.get(reverse("web:unit-detail", args=[ward.pk]))
    assert ward_page.context["parent"] is None or ward_page.context["parent"].name != (
        "Tỉnh ủy Kon Tum")
