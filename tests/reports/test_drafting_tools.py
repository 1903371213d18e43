"""The unit's drafting tools: the draft saved as it is typed (autosave endpoint), a new
period's report started from a copy of the last one, evidence taken off a draft only, a
refused extension request that keeps what was typed."""

import datetime as dt
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assignments.models import ExtensionRequest, ReportObligation
from assignments.services import obligations_sync_all
from reports import services
from reports.models import Indicator, ProgressReport
from tests.conftest import travel
from tracker.errors import DomainError, NotAllowed, TransitionError
from tracker.events import events_for

pytestmark = pytest.mark.django_db

PARTS = {"text": "Tóm tắt kỳ trước", "leadership_text": "Đã quán triệt.",
         "results_text": "Kết quả tốt.", "shortcomings_text": "Còn chậm.",
         "next_steps_text": "Tiếp tục.", "proposals_text": ""}


def _form(**extra) -> dict:
    return {**PARTS, "progress_percent": "40", **extra}


@pytest.fixture
def two_periods(published):
    """District A sent its H2/2021 report (with a file and a figure); in 2022 the
    H1/2022 obligation is open and has no report yet."""
    world = published
    indicator = Indicator.objects.create(
        directive=world.directive, item=world.continuous, code="members",
        name="Số đảng viên", unit_of_measure="người")
    first = ReportObligation.objects.filter(
        assignment__unit=world.district_a, assignment__item=world.continuous
    ).order_by("due_on").first()
    with travel("2021-12-10"):
        report = services.report_create(obligation=first, author=world.reporter_a, **PARTS,
                                        progress_percent=40)
        services.indicator_values_set(report=report, actor=world.reporter_a, values=[
            {"indicator": indicator, "breakdown": "", "value": 1234}])
        services.evidence_add(report=report, actor=world.reporter_a,
                              upload=SimpleUploadedFile("bien-ban.txt", b"Bien ban hop"))
        services.report_submit(report=report, actor=world.reporter_a)
    with travel("2022-05-02"):
        obligations_sync_all()
    second = ReportObligation.objects.filter(
        assignment__unit=world.district_a, assignment__item=world.continuous
    ).order_by("due_on").last()
    assert second.pk != first.pk
    world.indicator, world.first, world.second, world.first_report = (
        indicator, first, second, report)
    return world


# --- copy the last period's report ------------------------------------------------------

def test_copy_previous_takes_text_and_figures_not_evidence(two_periods):
    world = two_periods
    with travel("2022-05-03"):
        copy = services.report_copy_previous(obligation=world.second, actor=world.reporter_a)
    assert copy.obligation_id == world.second.pk and copy.status == "draft"
    assert copy.version == 1
    assert {name: getattr(copy, name) for name in PARTS} == PARTS
    assert copy.progress_percent == 40
    assert [(v.indicator_id, int(v.reported_value)) for v in copy.indicator_values.all()] \
        == [(world.indicator.pk, 1234)]
    assert not copy.evidence.exists()
    assert world.first_report.evidence.count() == 1  # the earlier report keeps its file
    event = events_for(copy).get(verb="created")
    assert event.data["copied_from"] == world.first_report.pk


def test_copy_previous_is_refused_when_the_period_has_a_report_or_none_before(two_periods):
    world = two_periods
    with travel("2022-05-03"), pytest.raises(DomainError) as err:
        services.report_copy_previous(obligation=world.first, actor=world.reporter_a)
    assert err.value.field == "obligation"  # the first period: already reported
    with travel("2022-05-03"):
        services.report_copy_previous(obligation=world.second, actor=world.reporter_a)
        with pytest.raises(TransitionError):
            services.report_copy_previous(obligation=world.second, actor=world.reporter_a)
        with pytest.raises(NotAllowed):
            services.report_copy_previous(obligation=world.second, actor=world.reporter_b)


def test_copy_previous_page_button_and_post(two_periods, client):
    world = two_periods
    client.force_login(world.reporter_a)
    url = reverse("web:obligation-detail", args=[world.second.pk])
    with travel("2022-05-03"):
        page = client.get(url)
        assert page.context["copy_from"] == world.first_report
        assert reverse("web:report-copy-previous", args=[world.second.pk]) \
            in page.content.decode()
        done = client.post(reverse("web:report-copy-previous", args=[world.second.pk]))
        assert done.status_code == 302
        page = client.get(url)
    assert page.context["copy_from"] is None  # a draft exists now
    assert page.context["form"].initial["results_text"] == "Kết quả tốt."


def test_copy_previous_api(two_periods, api):
    world = two_periods
    with travel("2022-05-03"):
        answer = api(world.reporter_a).post("/api/v1/reports/copy-previous/",
                                            {"obligation": world.second.pk}, format="json")
        assert answer.status_code == 201, answer.content
        assert answer.json()["results_text"] == "Kết quả tốt."
        again = api(world.reporter_a).post("/api/v1/reports/copy-previous/",
                                           {"obligation": world.second.pk}, format="json")
        assert again.status_code in (400, 409) and "obligation" in again.json()["errors"]
        bad = api(world.reporter_a).post("/api/v1/reports/copy-previous/",
                                         {"obligation": "x"}, format="json")
        assert bad.status_code == 400 and "obligation" in bad.json()["errors"]
        other = api(world.reporter_b).post("/api/v1/reports/copy-previous/",
                                           {"obligation": world.second.pk}, format="json")
        assert other.status_code in (400, 403, 404)


# --- autosave ----------------------------------------------------------------------------

def test_autosave_creates_then_updates_the_draft_and_says_when(two_periods, client):
    world = two_periods
    client.force_login(world.reporter_a)
    url = reverse("web:report-autosave", args=[world.second.pk])
    with travel("2022-05-03", hour=9, minute=41):
        first = client.post(url, _form(results_text="Bản đầu"))
    assert first.status_code == 200, first.content
    body = first.json()
    assert body["message"] == "Đã lưu lúc 09:41"
    draft = ProgressReport.objects.get(obligation=world.second)
    assert draft.results_text == "Bản đầu" and draft.status == "draft"
    with travel("2022-05-03", hour=9, minute=43):
        second = client.post(url, _form(results_text="Bản sau",
                                         lock_version=str(body["lock_version"])))
        assert second.status_code == 200 and second.json()["message"] == "Đã lưu lúc 09:43"
        stale = client.post(url, _form(results_text="Cũ", lock_version=str(body["lock_version"])))
    assert stale.status_code == 409 and "message" in stale.json()
    draft.refresh_from_db()
    assert draft.results_text == "Bản sau"
    assert ProgressReport.objects.filter(obligation=world.second).count() == 1


def test_autosave_bad_input_is_400_per_field_and_saves_nothing(two_periods, client):
    world = two_periods
    client.force_login(world.reporter_a)
    url = reverse("web:report-autosave", args=[world.second.pk])
    with travel("2022-05-03"):
        answer = client.post(url, _form(progress_percent="150"))
    assert answer.status_code == 400 and "progress_percent" in answer.json()["errors"]
    assert not ProgressReport.objects.filter(obligation=world.second).exists()


def test_autosave_never_submits_nor_attaches(two_periods, client):
    world = two_periods
    client.force_login(world.reporter_a)
    url = reverse("web:report-autosave", args=[world.second.pk])
    upload = SimpleUploadedFile("x.txt", b"abc")
    with travel("2022-05-03"):
        answer = client.post(url, {**_form(), "action": "submit", "evidence": upload})
    assert answer.status_code == 200
    draft = ProgressReport.objects.get(obligation=world.second)
    assert draft.status == "draft" and not draft.evidence.exists()


def test_autosave_is_refused_to_the_board_and_other_units(two_periods, client):
    world = two_periods
    url = reverse("web:report-autosave", args=[world.second.pk])
    for user in (world.reviewer, world.reporter_b):
        client.force_login(user)
        with travel("2022-05-03"):
            answer = client.post(url, _form())
        assert answer.status_code in (403, 404)
    assert not ProgressReport.objects.filter(obligation=world.second).exists()


# --- evidence off a draft only -------------------------------------------------------------

def test_evidence_comes_off_a_draft_not_off_a_sent_report(two_periods, client):
    world = two_periods
    client.force_login(world.reporter_a)
    sent_file = world.first_report.evidence.get()
    with travel("2022-05-03"):
        refused = client.post(reverse("web:evidence-remove",
                                      args=[world.first_report.pk, sent_file.pk]))
        assert refused.status_code == 302
        assert world.first_report.evidence.count() == 1
        draft = services.report_create(obligation=world.second, author=world.reporter_a)
        ev = services.evidence_add(report=draft, actor=world.reporter_a,
                                   upload=SimpleUploadedFile("moi.txt", b"Tep moi"))
        client.post(reverse("web:evidence-remove", args=[draft.pk, ev.pk]))
    assert not draft.evidence.exists()
    assert events_for(draft).filter(verb="evidence_removed").count() == 1


# --- a refused extension request keeps the reason -------------------------------------

def test_refused_extension_request_keeps_the_typed_reason(two_periods, client):
    world = two_periods
    client.force_login(world.reporter_a)
    url = reverse("web:extension-request", args=[world.second.pk])
    reason = "Chờ số liệu của các cơ sở, đề nghị lùi hạn hai tuần."
    with travel("2022-05-03"):
        # A date before the current due date: the service refuses it.
        answer = client.post(url, {"requested_due_on": "01/01/2022", "reason": reason})
        assert answer.status_code == 302 and answer.url.endswith("#extension-form")
        page = client.get(answer.url.split("#")[0])
    form = page.context["extension_form"]
    assert form.data["reason"] == reason and form.errors
    html = page.content.decode()
    assert reason in html and 'id="extension-form" open' in html
    assert not ExtensionRequest.objects.exists()
    with travel("2022-05-03"):
        again = client.get(reverse("web:obligation-detail", args=[world.second.pk]))
    assert not again.context["extension_form"].is_bound  # kept once


def test_refused_extension_request_bad_date_keeps_the_reason(two_periods, client):
    world = two_periods
    client.force_login(world.reporter_a)
    with travel("2022-05-03"):
        client.post(reverse("web:extension-request", args=[world.second.pk]),
                    {"requested_due_on": "32/13/2022", "reason": "Lý do dài"})
        page = client.get(reverse("web:obligation-detail", args=[world.second.pk]))
    form = page.context["extension_form"]
    assert form.data["reason"] == "Lý do dài" and "requested_due_on" in form.errors


def test_page_carries_the_size_limit_and_the_autosave_url(two_periods, client, settings):
    world = two_periods
    client.force_login(world.reporter_a)
    with travel("2022-05-03"):
        html = client.get(reverse("web:obligation-detail", args=[world.second.pk])) \
            .content.decode()
    assert f'data-max-bytes="{settings.TRACKER_EVIDENCE_MAX_BYTES}"' in html
    assert reverse("web:report-autosave", args=[world.second.pk]) in html
    assert "js/report-form.js" in html and "<script>" not in html


def test_server_still_refuses_an_oversized_file(two_periods, settings):
    world = two_periods
    settings.TRACKER_EVIDENCE_MAX_BYTES = 10
    with travel("2022-05-03"):
        draft = services.report_create(obligation=world.second, author=world.reporter_a)
        with pytest.raises(DomainError) as err:
            services.evidence_add(report=draft, actor=world.reporter_a,
                                  upload=SimpleUploadedFile("big.txt", BytesIO(b"x" * 11)
                                                            .getvalue()))
    assert err.value.field == "file"
    _ = dt


def test_upload_with_progress_bar_answers_where_to_go_and_keeps_the_message(two_periods,
                                                                            client):
    """The page's own upload (XHR, `X-Upload-Progress`) is told where to go instead of
    being redirected, so the "saved" message is shown on the page it then opens."""
    world = two_periods
    client.force_login(world.reporter_a)
    url = reverse("web:obligation-detail", args=[world.second.pk])
    upload = SimpleUploadedFile("bien-ban.txt", b"Bien ban so ket")
    with travel("2022-05-03"):
        answer = client.post(url, {**_form(), "action": "save", "evidence": upload},
                             headers={"X-Upload-Progress": "1"})
        assert answer.status_code == 200 and answer.json() == {"location": url}
        shown = client.get(answer.json()["location"])
    assert "Đã lưu bản nháp." in shown.content.decode()
    draft = ProgressReport.objects.get(obligation=world.second)
    assert draft.evidence.get().original_name == "bien-ban.txt"
    with travel("2022-05-03"):
        refused = client.post(url, {**_form(progress_percent="150"), "action": "save"},
                              headers={"X-Upload-Progress": "1"})
        plain = client.post(url, {**_form(), "action": "save"})
    assert refused.status_code == 400 and "text/html" in refused["Content-Type"]
    assert plain.status_code == 302 and plain["Location"] == url
