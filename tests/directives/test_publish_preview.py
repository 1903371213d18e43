"""Publishing shows what it will create: the preview (service, API dry run, page) lists
the obligations publishing makes, per unit and period; a "track from" day keeps a
back-dated plan from opening months of overdue obligations."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from assignments.models import ReportObligation
from assignments.services import item_assign, obligations_sync_all
from directives.models import Directive
from directives.services import directive_publish, directive_publish_preview, item_create
from tests.conftest import travel
from tracker.errors import DomainError
from tracker.events import events_for

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 8, 20)


@pytest.fixture
def back_dated(world):
    """A monthly plan dated 15/03/2024, one item for the two districts, still a draft."""
    directive = world.directive
    directive.issued_on = dt.date(2024, 3, 15)
    directive.report_cadence = "monthly"
    directive.save()
    with travel(TODAY):
        item = item_create(directive=directive, actor=world.reviewer,
                           content="Báo cáo kết quả thực hiện hằng tháng")
        item_assign(item=item, actor=world.reviewer, groups=[world.group])
    return world


def _made(directive) -> set[tuple]:
    return set(ReportObligation.objects.filter(assignment__item__directive=directive)
               .values_list("unit__name", "period__label", "due_on"))


def test_back_dated_preview_counts_overdue_and_suggests_today_writing_nothing(back_dated):
    world = back_dated
    with travel(TODAY):
        preview = directive_publish_preview(directive=world.directive, actor=world.reviewer)
    # March 2024 .. August 2025: 18 monthly periods for each of two districts; all but
    # August 2025 (due 15/08, five days ago too) are long overdue.
    assert len(preview.rows) == 36
    assert preview.overdue == 36
    assert preview.overdue_units == ["Huyện ủy A", "Huyện ủy B"]
    assert preview.periods[0] == "Tháng 3/2024" and preview.periods[-1] == "Tháng 8/2025"
    assert preview.suggested_track_from == TODAY
    assert set(preview.warnings) == {"overdue_obligations", "overdue_reminders",
                                     "leader_figures"}
    world.directive.refresh_from_db()
    assert world.directive.status == Directive.Status.DRAFT
    assert not ReportObligation.objects.exists()


def test_publishing_creates_exactly_what_the_preview_showed(back_dated):
    world = back_dated
    with travel(TODAY):
        preview = directive_publish_preview(directive=world.directive, actor=world.reviewer,
                                            track_from=dt.date(2025, 6, 1))
        directive_publish(directive=world.directive, actor=world.reviewer,
                          track_from=dt.date(2025, 6, 1))
    shown = {(r.unit_name, r.period_label, r.due_on) for r in preview.rows}
    assert shown == _made(world.directive)
    assert {label for _u, label, _d in shown} == {"Tháng 6/2025", "Tháng 7/2025",
                                                  "Tháng 8/2025"}
    assert preview.skipped == 30


def test_track_from_today_opens_only_the_current_period_and_the_daily_job_keeps_it(back_dated):
    world = back_dated
    with travel(TODAY):
        directive_publish(directive=world.directive, actor=world.reviewer, track_from=TODAY)
    world.directive.refresh_from_db()
    assert world.directive.track_from == TODAY
    event = events_for(world.directive).get(verb="published")
    assert event.data == {"obligations_created": 2, "track_from": "2025-08-20"}
    assert {label for _u, label, _d in _made(world.directive)} == {"Tháng 8/2025"}
    # The daily job does not reopen the skipped months; September comes in its time.
    with travel("2025-09-02"):
        obligations_sync_all()
    assert {label for _u, label, _d in _made(world.directive)} == {"Tháng 8/2025",
                                                                   "Tháng 9/2025"}


def test_without_track_from_the_back_dated_plan_is_all_overdue(back_dated):
    world = back_dated
    with travel(TODAY):
        directive_publish(directive=world.directive, actor=world.reviewer)
    assert ReportObligation.objects.filter(due_on__lt=TODAY).count() == 36


def test_a_future_track_from_is_refused_per_field(back_dated):
    world = back_dated
    with travel(TODAY), pytest.raises(DomainError) as err:
        directive_publish_preview(directive=world.directive, actor=world.reviewer,
                                  track_from=dt.date(2025, 8, 21))
    assert err.value.field == "track_from"
    with travel(TODAY), pytest.raises(DomainError):
        directive_publish(directive=world.directive, actor=world.reviewer,
                          track_from=dt.date(2025, 8, 21))
    assert not ReportObligation.objects.exists()


def test_a_recent_plan_gets_no_suggestion(world):
    with travel("2021-09-10"):
        item = item_create(directive=world.directive, actor=world.reviewer, content="Quán triệt")
        item_assign(item=item, actor=world.reviewer, groups=[world.group])
        preview = directive_publish_preview(directive=world.directive, actor=world.reviewer)
    assert preview.suggested_track_from is None and preview.overdue == 0


# --- API -----------------------------------------------------------------------------

def _publish_url(directive):
    return f"/api/v1/directives/{directive.pk}/publish/"


def test_api_dry_run_returns_the_preview_and_writes_nothing(back_dated, api):
    world = back_dated
    client = api(world.reviewer)
    with travel(TODAY):
        answer = client.post(_publish_url(world.directive) + "?dry_run=true",
                             {"track_from": "2025-06-01"}, format="json")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert (body["obligations"], body["overdue"], body["skipped"]) == (6, 6, 30)
    assert body["track_from"] == "2025-06-01"
    assert body["rows"][0] == {
        "unit": world.district_a.pk, "unit_name": "Huyện ủy A",
        "item": body["rows"][0]["item"], "item_order": body["rows"][0]["item_order"],
        "period": "Tháng 6/2025", "starts_on": "2025-06-01", "ends_on": "2025-06-30",
        "due_on": "2025-06-15", "overdue": True, "days_overdue": 66}
    assert body["warnings"] == ["overdue_obligations", "overdue_reminders", "leader_figures"]
    world.directive.refresh_from_db()
    assert world.directive.status == "draft" and not ReportObligation.objects.exists()


@pytest.mark.parametrize(("payload", "query"), [
    ({"track_from": "20/08/2025"}, ""), ({"track_from": "2025-13-01"}, "?dry_run=true"),
    ({"track_from": "2025-08-21"}, ""), ({"track_from": "2025-08-21"}, "?dry_run=true"),
])
def test_api_bad_track_from_is_400_per_field(back_dated, api, payload, query):
    client = api(back_dated.reviewer)
    with travel(TODAY):
        answer = client.post(_publish_url(back_dated.directive) + query, payload, format="json")
    assert answer.status_code == 400, answer.content
    assert "track_from" in str(answer.json())
    assert not ReportObligation.objects.exists()


def test_api_bad_dry_run_is_400(back_dated, api):
    with travel(TODAY):
        answer = api(back_dated.reviewer).post(_publish_url(back_dated.directive)
                                               + "?dry_run=maybe")
    assert answer.status_code == 400 and "dry_run" in str(answer.json())


def test_api_publish_with_track_from(back_dated, api):
    with travel(TODAY):
        answer = api(back_dated.reviewer).post(_publish_url(back_dated.directive),
                                               {"track_from": "2025-08-20"}, format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["track_from"] == "2025-08-20"
    assert ReportObligation.objects.count() == 2


def test_api_a_unit_may_not_preview(back_dated, api):
    with travel(TODAY):
        answer = api(back_dated.reporter_a).post(_publish_url(back_dated.directive)
                                                 + "?dry_run=true")
    assert answer.status_code in (403, 404)


# --- the page --------------------------------------------------------------------------

def _page(world):
    client = Client()
    client.force_login(world.reviewer)
    return client, reverse("web:directive-publish", args=[world.directive.pk])


def test_page_suggests_track_from_and_shows_the_plan_as_it_is(back_dated):
    client, url = _page(back_dated)
    with travel(TODAY):
        page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="20/08/2025"' in html  # the suggested day, filled in
    assert page.context["as_is"].overdue == 36
    assert len(page.context["preview"].rows) == 2
    assert page.context["previewed"] == "2025-08-20"


def test_page_publishes_only_the_day_it_previewed(back_dated):
    client, url = _page(back_dated)
    with travel(TODAY):
        # Another day than the one previewed: its preview, nothing published.
        page = client.post(url, {"track_from": "01/06/2025", "previewed": "2025-08-20"})
        assert page.status_code == 200 and page.context["preview"].skipped == 30
        assert not ReportObligation.objects.exists()
        done = client.post(url, {"track_from": "01/06/2025", "previewed": "2025-06-01"})
    assert done.status_code == 302
    back_dated.directive.refresh_from_db()
    assert back_dated.directive.track_from == dt.date(2025, 6, 1)
    assert ReportObligation.objects.count() == 6


def test_page_refuses_a_future_day_with_the_field_message(back_dated):
    client, url = _page(back_dated)
    with travel(TODAY):
        page = client.post(url, {"track_from": "21/08/2025", "previewed": "2025-08-21"})
    assert page.status_code == 400
    assert "track_from" in page.context["form"].errors
    assert not ReportObligation.objects.exists()
