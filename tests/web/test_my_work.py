"""The unit's "what is due" page (/viec-cua-toi/) stays small whatever the unit owes:
each group shows its first rows and its total, "see all" opens one group page by page,
and the cost in queries does not grow with the number of obligations."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assignments.models import ExtensionRequest, ReportObligation
from assignments.selectors import obligation_states
from reports import services as report_services
from reports.models import ProgressReport
from reports.selectors import WORK_PAGE, WORK_SHOWN, my_work
from tests.api.test_query_counts import crowd_directive
from tests.conftest import travel

pytestmark = pytest.mark.django_db

DAY = dt.date(2021, 12, 1)  # the fixed item (due 30/11/2021) is one day overdue


def _reporter(number: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=f"bc-{number[:2]}")


def _rows(page: str) -> list[str]:
    return re.findall(r'href="/yeu-cau/(\d+)/"', page)


def test_each_group_shows_its_first_rows_and_its_total(world, client):
    crowd_directive(world, WORK_SHOWN + 7)
    reporter = _reporter("10-CT/TU")
    client.force_login(reporter)
    with travel(DAY):
        page = client.get(reverse("web:my-work")).content.decode()
        work = my_work(reporter, DAY)
    overdue = next(g for g in work.groups if g.key == "overdue")
    assert overdue.total == WORK_SHOWN + 7 and len(overdue.rows) == WORK_SHOWN
    assert overdue.more == 7
    with travel(DAY):
        alone = my_work(reporter, DAY, group="overdue").groups[0]
    assert [row.pk for row in overdue.rows] == [row.pk for row in alone.rows][:WORK_SHOWN]
    assert len(alone.rows) == WORK_SHOWN + 7
    assert all(row.state.days_overdue == 1 for row in overdue.rows)
    assert f"Xem tất cả {WORK_SHOWN + 7} báo cáo" in page
    assert 'href="?group=overdue"' in page
    shown = sum(len(g.rows) for g in work.groups)
    assert len(_rows(page)) == shown <= WORK_SHOWN * 4
    assert "quá hạn 1 ngày" in page


def test_see_all_opens_one_group_page_by_page(world, client):
    crowd_directive(world, WORK_PAGE + 5)
    reporter = _reporter("10-CT/TU")
    client.force_login(reporter)
    url = reverse("web:my-work")
    with travel(DAY):
        first = client.get(url, {"group": "overdue"}).content.decode()
        second = client.get(url, {"group": "overdue", "page": 2}).content.decode()
        beyond = client.get(url, {"group": "overdue", "page": 99})
        bad = client.get(url, {"group": "nonsense"})
    ids_1, ids_2 = _rows(first), _rows(second)
    assert len(ids_1) == WORK_PAGE and len(ids_2) == 5
    assert not set(ids_1) & set(ids_2)
    expected = list(ReportObligation.objects.filter(
        assignment__item__directive__number="10-CT/TU", due_on__lt=DAY,
        state=ReportObligation.State.NOT_SUBMITTED)
        .order_by("due_on", "assignment__item__order", "id").values_list("id", flat=True))
    assert [int(i) for i in ids_1 + ids_2] == expected
    assert "?group=overdue&amp;page=2" in first and "1/2" in first
    assert "Tất cả việc" in first
    assert beyond.status_code == 200 and _rows(beyond.content.decode()) == ids_2
    assert bad.status_code == 200  # an unknown group shows the ordinary page


def test_statuses_from_the_columns_agree_with_the_replayed_history(world):
    crowd_directive(world, 6, reports=True)
    reporter = _reporter("10-CT/TU")
    with travel("2021-11-21"):  # a draft on one obligation; the others were submitted
        draft_on = ReportObligation.objects.filter(
            assignment__item__content="Đề án").first()
        report_services.report_create(obligation=draft_on, author=reporter, text="Nháp")
        returned = ProgressReport.objects.filter(
            status=ProgressReport.Status.SUBMITTED).order_by("-id").first()
        report_services.report_return(report=returned, actor=world.reviewer,
                                      comment="Bổ sung số liệu")
    seen = set()
    for day in (dt.date(2021, 11, 21), DAY, dt.date(2022, 3, 1)):
        with travel(day, 12):
            work = my_work(reporter, day)
            heads = {g.key: [row.pk for row in g.rows] for g in work.groups}
            for group in ("overdue", "soon", "later", "waiting"):
                alone = my_work(reporter, day, group=group)
                rows = alone.groups[0].rows
                assert alone.totals == work.totals
                assert heads[group] == [row.pk for row in rows][:WORK_SHOWN]
                replayed = obligation_states(
                    ReportObligation.objects.filter(pk__in=[r.pk for r in rows]), day)
                for row in rows:
                    assert row.state == replayed[row.pk], (day, group, row.pk)
                    seen.add((group, row.state.status))
        assert sum(work.totals.values()) == ReportObligation.objects.filter(
            assignment__item__directive__number="10-CT/TU",
            state__in=["not_submitted", "returned", "submitted"]).count()
    assert {g for g, _s in seen} == {"overdue", "soon", "later", "waiting"}
    assert {s for _g, s in seen} >= {"overdue", "pending", "returned", "submitted"}
    drafts = [row.pk for g in my_work(reporter, DAY).groups for row in g.rows if row.draft]
    assert drafts == [draft_on.pk]


def test_the_page_costs_the_same_queries_for_5_or_60_obligations(world, client):
    small = crowd_directive(world, 3, number="11-CT/TU")
    large = crowd_directive(world, 30, number="12-CT/TU")
    counts = []
    for directive in (small, large):
        reporter = _reporter(directive.number)
        client.force_login(reporter)
        for params in ({}, {"group": "overdue"}):
            with travel(DAY), CaptureQueriesContext(connection) as ctx:
                response = client.get(reverse("web:my-work"), params)
            assert response.status_code == 200
            counts.append((params.get("group"), len(ctx.captured_queries)))
    assert counts[0] == counts[2] and counts[1] == counts[3], counts


def test_the_latest_extension_requests_of_the_units_are_listed(world, client):
    crowd_directive(world, 10, reports=True)  # one request per unit, same moment
    other = crowd_directive(world, 2, reports=True, number="13-CT/TU")
    reporter = _reporter("10-CT/TU")
    client.force_login(reporter)
    with travel(DAY):
        page = client.get(reverse("web:my-work")).content.decode()
    table = page[page.index("Đề nghị gia hạn"):]
    linked = [int(pk) for pk in re.findall(r'href="/yeu-cau/(\d+)/"', table)]
    mine = list(ExtensionRequest.objects.exclude(assignment__item__directive=other)
                .order_by("-created_at", "-id").values_list("obligation_id", flat=True))
    assert len(mine) == 10 and linked == mine[:8]
