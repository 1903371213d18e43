"""The board's verified indicator values are kept apart from the reported ones."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from reports.indicators import indicator_summary
from reports.models import Indicator, IndicatorValue
from reports.services import (
    indicator_values_set,
    report_accept,
    report_create,
    report_submit,
)
from tests.conftest import travel
from tracker.policy import SYSTEM

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(published):
    indicator = Indicator.objects.create(
        directive=published.directive, code="gathered", name="Số người đã tập hợp",
        unit_of_measure="người", breakdowns=[["vung_dtts", "Vùng DTTS"]])
    obligation = published.continuous.assignments.get(unit=published.district_a) \
        .obligations.get()
    with travel("2021-12-10"):
        report = report_create(obligation=obligation, author=published.reporter_a,
                               text="Báo cáo")
        indicator_values_set(report=report, actor=published.reporter_a, values=[
            {"indicator": indicator, "breakdown": "", "value": 1200},
            {"indicator": indicator, "breakdown": "vung_dtts", "value": 700}])
        report_submit(report=report, actor=published.reporter_a)
    published.indicator, published.report = indicator, report
    return published


def test_api_verify_keeps_reported_values(reported):
    client = APIClient()
    client.force_authenticate(reported.reviewer)
    url = f"/api/v1/reports/{reported.report.pk}/verify/"
    response = client.post(url, {"values": [
        {"indicator": reported.indicator.pk, "breakdown": "", "verified_value": "1100"}]},
        format="json")
    assert response.status_code == 200, response.content
    value = IndicatorValue.objects.get(report=reported.report, breakdown="")
    assert value.reported_value == Decimal("1200") and value.verified_value == Decimal("1100")
    assert value.verified_by == reported.reviewer
    unit = APIClient()
    unit.force_authenticate(reported.reporter_a)
    assert unit.post(url, {"values": [{"indicator": reported.indicator.pk,
                                       "verified_value": "1"}]},
                     format="json").status_code == 403
    bad = client.post(url, {"values": [{"indicator": reported.indicator.pk,
                                        "verified_value": "-5"}]}, format="json")
    assert bad.status_code == 400


def test_totals_show_reported_and_verified_apart(reported):
    with travel("2021-12-12"):
        report_accept(report=reported.report, actor=reported.reviewer)
    rows = indicator_summary(directive=reported.directive, day=dt.date(2021, 12, 31), user=SYSTEM)
    assert rows[0]["reported"] == 1200.0 and rows[0]["verified"] is None
    client = APIClient()
    client.force_authenticate(reported.reviewer)
    client.post(f"/api/v1/reports/{reported.report.pk}/verify/", {"values": [
        {"indicator": reported.indicator.pk, "breakdown": "", "verified_value": "1100"},
        {"indicator": reported.indicator.pk, "breakdown": "vung_dtts",
         "verified_value": "650"}]}, format="json")
    rows = indicator_summary(directive=reported.directive, day=dt.date(2021, 12, 31), user=SYSTEM)
    assert rows[0]["reported"] == 1200.0 and rows[0]["verified"] == 1100.0
    assert rows[0]["breakdowns"][0]["verified"] == 650.0


def test_web_verify_form(client, reported):
    client.force_login(reported.reviewer)
    page = client.get(reverse("web:report-detail", args=[reported.report.pk]))
    value = IndicatorValue.objects.get(report=reported.report, breakdown="")
    assert f'name="v{value.pk}"' in page.content.decode()
    response = client.post(reverse("web:report-verify", args=[reported.report.pk]),
                           {f"v{value.pk}": "1.150,5".replace(".", "")}, follow=True)
    assert response.status_code == 200
    value.refresh_from_db()
    assert value.verified_value == Decimal("1150.5")
    client.force_login(reported.reporter_a)
    assert client.post(reverse("web:report-verify", args=[reported.report.pk]),
                       {f"v{value.pk}": "1"}).status_code == 403
