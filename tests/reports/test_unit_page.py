"""The unit page ("Trang đơn vị"), the units list and the API's unit summary: what each
role may open (a foreign unit is 404, never 403), what the page shows, a merged unit's
page as read-only history linking its successor (and back), and the compliance matrix's
unit-group filter and its status shapes and names."""

import datetime as dt

import pytest
from django.urls import reverse

from assignments.reorganisation import Plan, Target, reorganisation_apply, reorganisation_create
from tests.assignments.helpers import lead_of
from tests.conftest import client_for, travel
from tests.factories import UnitFactory, UnitGroupFactory
from tracker.models import Unit

pytestmark = pytest.mark.django_db


def _page(client, user, unit, **params):
    client.force_login(user)
    return client.get(reverse("web:unit-detail", args=[unit.pk]), params)


@pytest.mark.parametrize(("who", "unit", "expected"), [
    ("reporter_a", "district_a", 200), ("head_a", "district_a", 200),
    ("reporter_a", "district_b", 404), ("reporter_a", "board", 404),
    ("reporter_a", "youth", 404), ("reporter_youth", "youth", 200),
    ("reviewer", "district_a", 200), ("reviewer", "youth", 200), ("reviewer", "board", 200),
    ("reviewer", "leaders", 404), ("leader", "leaders", 200), ("leader", "district_b", 200),
    ("admin", "youth", 200),
])
def test_who_may_open_which_unit_page(client, published, who, unit, expected):
    with travel("2022-01-20"):
        response = _page(client, getattr(published, who), getattr(published, unit))
        assert response.status_code == expected
        summary = client_for(getattr(published, who)).get(
            f"/api/v1/units/{getattr(published, unit).pk}/summary/")
        assert summary.status_code == expected
        if expected == 404:
            assert summary.json()["code"] == "not_found"


def test_a_reporter_sees_sub_units_and_the_units_list_is_their_scope(client, published):
    sub = UnitFactory(code="xa-a1", name="Đảng ủy xã A1", parent=published.district_a)
    with travel("2022-01-20"):
        assert _page(client, published.reporter_a, sub).status_code == 200
        page = client.get(reverse("web:unit-list"))
        assert page.status_code == 200
        shown = {u.pk for u in page.context["listing"].page.object_list}
        assert shown == {published.district_a.pk, sub.pk}
        assert reverse("web:unit-detail", args=[sub.pk]) in page.content.decode()
        assert _page(client, published.reporter_a, published.district_a).context[
            "children"].get() == sub
        assert client.get(reverse("web:unit-list"), {"q": "xã"}).context[
            "listing"].page.paginator.count == 1
        assert client.get(reverse("web:unit-list"), {"kind": "nope"}).status_code == 400


def test_the_page_shows_the_units_items_obligations_and_trend(client, published):
    from tests.assignments.helpers import submit

    ob = lead_of(published.fixed).obligations.order_by("due_on").first()
    with travel("2021-12-20"):
        submit(ob, published.reporter_a)
    with travel("2022-01-20"):
        page = _page(client, published.reviewer, published.district_a)
    assert page.status_code == 200
    html = page.content.decode()
    items = {a.item_id for a in page.context["items"]}
    assert items == {published.continuous.pk, published.fixed.pk}
    assert page.context["items_total"] == 2
    rows = page.context["rows"]
    assert rows and {r["assignment__unit_id"] for r in rows} == {published.district_a.pk}
    assert page.context["listing"].page.paginator.count == len(rows)
    assert page.context["reports_total"] == 1
    assert [r.obligation_id for r in page.context["reports"]] == [ob.pk]
    trend = page.context["figures"]["trend"]
    assert trend and all(p["due_on"] <= dt.date(2022, 1, 20) for p in trend)
    assert 'class="columns"' in html and "col-bar" in html
    assert "Lịch sử, chỉ đọc" not in html
    # The obligation list of the page filters like the other lists, the unit fixed.
    filtered = _page(client, published.reviewer, published.district_a, status="submitted")
    assert [r["id"] for r in filtered.context["rows"]] == [ob.pk]
    export = (f'{reverse("exports:list", args=["obligations"])}?status=submitted'
              f'&amp;unit={published.district_a.pk}&amp;format=csv')
    assert export in filtered.content.decode()
    bad = _page(client, published.reviewer, published.district_a, due_after="31/02/2022")
    assert bad.status_code == 400


def test_a_merged_units_page_is_read_only_history_linking_its_successor(client, published):
    target = UnitFactory(code="dang-uy-moi", name="Đảng ủy mới")
    with travel("2021-12-02"):
        row = reorganisation_create(plan=Plan(kind="merge", effective_on=dt.date(2021, 12, 1),
                                              sources=[published.district_a],
                                              targets=[Target(unit=target)]),
                                    actor=published.admin)
        reorganisation_apply(reorganisation=row, actor=published.admin)
    old = Unit.objects.get(pk=published.district_a.pk)
    with travel("2022-01-20"):
        page = _page(client, published.reviewer, old)
        html = page.content.decode()
        assert page.context["history"] is True
        assert "Lịch sử, chỉ đọc" in html and "01/12/2021" in html
        assert reverse("web:unit-detail", args=[target.pk]) in html
        assert page.context["lineage"].successors[0]["unit"] == target
        new = _page(client, published.reviewer, target)
        assert new.context["history"] is False
        assert reverse("web:unit-detail", args=[old.pk]) in new.content.decode()
        # The reporter now of the successor still reads the old unit's page.
        assert _page(client, published.reporter_a, old).status_code == 200
        data = client_for(published.reviewer).get(f"/api/v1/units/{old.pk}/summary/").json()
        assert data["read_only"] is True
        assert data["successors"] == [{"id": target.pk, "name": target.name, "kind": "merge",
                                       "effective_on": "2021-12-01"}]
        assert data["valid_to"] == "2021-12-01"


def test_unit_summary_api_rejects_a_bad_day_and_unknown_units(published):
    api = client_for(published.leader)
    assert api.get(f"/api/v1/units/{published.district_a.pk}/summary/",
                   {"as_of": "31/02/2022"}).status_code == 400
    assert api.get("/api/v1/units/999999/summary/").status_code == 404
    with travel("2022-01-20"):
        data = api.get(f"/api/v1/units/{published.district_a.pk}/summary/").json()
    assert data["items"] == 2 and data["obligations"] > 0
    assert data["due"] >= data["on_time"] + data["late"]
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert "/api/v1/units/{id}/summary/" in schema["paths"]


def test_pages_link_to_the_unit_page(client, published):
    with travel("2022-01-20"):
        client.force_login(published.leader)
        unit_url = reverse("web:unit-detail", args=[published.district_a.pk])
        assert unit_url in client.get(reverse("web:dashboard")).content.decode()
        assert unit_url in client.get(reverse("web:obligation-list")).content.decode()
        assert unit_url in client.get(reverse("web:unit-list")).content.decode()
        matrix = client.get(reverse("web:directive-matrix", args=[published.directive.pk]))
        assert unit_url in matrix.content.decode()


def test_matrix_filters_by_unit_group_and_names_each_cells_status(client, published):
    districts = published.group
    with travel("2022-01-20"):
        client.force_login(published.reviewer)
        url = reverse("web:directive-matrix", args=[published.directive.pk])
        everyone = client.get(url)
        assert {r["unit"].pk for r in everyone.context["matrix"]["rows"]} == {
            published.district_a.pk, published.district_b.pk, published.youth.pk}
        period = everyone.context["periods"][0]  # the semi-annual report, due 15/12/2021
        page = client.get(url, {"group": districts.pk, "period": period.pk})
        assert page.status_code == 200
        assert {r["unit"].pk for r in page.context["matrix"]["rows"]} == {
            published.district_a.pk, published.district_b.pk}
        html = page.content.decode()
        assert f'<option value="{districts.pk}" selected>' in html
        # Each cell: its status as a shape and as a name (tooltip and accessible name).
        name = ("Huyện ủy B — 6 tháng cuối năm 2021: Chưa nộp, quá hạn; hạn 15/12/2021; "
                "quá hạn 36 ngày")
        assert f'title="{name}"' in html and f'aria-label="{name}"' in html
        assert '<span aria-hidden="true">!36</span>' in html
        empty = UnitGroupFactory(code="trong", name="Nhóm trống", members=[published.board])
        none = client.get(url, {"group": empty.pk})
        assert none.status_code == 200 and none.context["matrix"]["rows"] == []
        assert client.get(url, {"group": "x"}).status_code == 400
        assert client.get(url, {"group": 999999}).status_code == 400


MALFORMED = ["abc", "-1", "99999999999999999999", "2026-13-45", "x" * 10_240, "1\x00", "\u00b2"]


def test_malformed_values_on_the_unit_pages_and_the_matrix_are_never_a_500(published):
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(published.reviewer)
    urls = [reverse("web:unit-detail", args=[published.district_a.pk]),
            reverse("web:unit-list"),
            reverse("web:directive-matrix", args=[published.directive.pk])]
    with travel("2022-01-20"):
        for url in urls:
            for name in ("as_of", "group", "period", "status", "page", "due_after", "sort",
                         "unit", "kind", "unit_tree", "is_active", "q"):
                for value in MALFORMED:
                    status = client.get(url, {name: value}).status_code
                    assert status in (200, 400, 404), (url, name, value[:20], status)
        for value in MALFORMED:
            status = client_for(published.reviewer).get(
                f"/api/v1/units/{published.district_a.pk}/summary/",
                {"as_of": value}).status_code
            assert status == 400, (value[:20], status)
        assert client.get("/don-vi/99999999999999999999/").status_code == 404


def test_after_a_split_each_page_lists_the_reports_of_the_obligations_its_unit_owed(
        client, published):
    """The successor's reports on the obligations handed over are its own, not listed on
    the old unit's page; the old unit keeps the reports it sent before the split."""
    from assignments.models import ReportObligation
    from assignments.services import obligations_sync_all
    from reports import services
    from reports.models import ProgressReport
    from tests.assignments.helpers import assignment_for
    from tracker.models import Membership

    continuous = assignment_for(published.continuous, published.district_a)
    before = ReportObligation.objects.filter(assignment=continuous).order_by("due_on").first()
    with travel("2021-12-10"):
        old_report = services.report_create(obligation=before, author=published.reporter_a,
                                            text="Trước khi chia tách", progress_percent=10)
        services.report_submit(report=old_report, actor=published.reporter_a)
    plan = Plan(kind="split", effective_on=dt.date(2022, 1, 1), sources=[published.district_a],
                targets=[Target(code="xa-1", name="Đảng ủy xã Một"),
                         Target(code="xa-2", name="Đảng ủy xã Hai")])
    fixed = lead_of(published.fixed)
    with travel("2021-12-20"):
        row = reorganisation_create(plan=plan, actor=published.admin)
        reorganisation_apply(reorganisation=row, actor=published.admin,
                             choices={continuous.pk: [0, 1], fixed.pk: [0]})
    one = Unit.objects.get(code="xa-1")
    Membership.objects.create(user=published.reporter_b, unit=one, role="reporter")
    with travel("2022-06-20"):
        obligations_sync_all()
    handed = (ReportObligation.objects.filter(assignment__unit=one,
                                              assignment__item=published.continuous)
              .order_by("due_on").first())
    with travel("2022-06-20"):
        new_report = services.report_create(obligation=handed, author=published.reporter_b,
                                            text="Sau khi chia tách", progress_percent=20)
        services.report_submit(report=new_report, actor=published.reporter_b)
        old_page = _page(client, published.reviewer, published.district_a)
        new_page = _page(client, published.reviewer, one)
    assert ProgressReport.objects.get(pk=new_report.pk).unit_id == one.pk
    assert [r.pk for r in old_page.context["reports"]] == [old_report.pk]
    assert [r.pk for r in new_page.context["reports"]] == [new_report.pk]
