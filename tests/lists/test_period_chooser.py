"""The obligation list's period filter is a drop-down of the chosen directive's periods
(labelled in the page's language), not a box for a period's id: the matrix's column
links give `?period=` alone, and the page names that period."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import translation

from assignments.models import ReportingPeriod, ReportObligation
from directives.models import Directive
from tests.conftest import travel
from tests.demo import DEMO_DAY

pytestmark = pytest.mark.django_db


def localized_label(label: str) -> str:
    from tracker.period_labels import localized_period_label

    with translation.override("en"):
        return localized_period_label(label)


def _select(html: str, name: str) -> str:
    found = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert found, f"no drop-down for {name}"
    return found.group(1)


def test_the_period_filter_lists_the_directives_periods(demo):
    client = Client()
    client.force_login(get_user_model().objects.get(username="danvan"))
    directive = Directive.objects.get(number="06-CT/TU")
    periods = list(ReportingPeriod.objects.filter(directive=directive).order_by("due_on", "pk"))
    chosen = periods[len(periods) // 2]
    with travel(DEMO_DAY, 10):
        by_period = client.get("/yeu-cau-bao-cao/", {"period": chosen.pk})
        by_directive = client.get("/yeu-cau-bao-cao/", {"directive": directive.pk})
        plain = client.get("/yeu-cau-bao-cao/")
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        english = client.get("/yeu-cau-bao-cao/", {"period": chosen.pk})
    assert by_period.status_code == by_directive.status_code == plain.status_code == 200
    options = _select(by_period.content.decode(), "period")
    values = re.findall(r'<option value="(\d+)"', options)
    assert values == [str(p.pk) for p in periods]
    assert f'<option value="{chosen.pk}" selected>{chosen.label} · 06-CT/TU</option>' in options
    assert re.findall(r'<option value="(\d+)"', _select(by_directive.content.decode(),
                                                       "period")) == values
    # No directive chosen: no period to offer (not every period of the country).
    assert not re.findall(r'<option value="\d+"', _select(plain.content.decode(), "period"))
    # The rows are the period's, as before.
    shown = list(by_period.context["listing"].page.object_list)  # the page's ids
    assert shown and set(ReportObligation.objects.filter(pk__in=shown)
                         .values_list("period_id", flat=True)) == {chosen.pk}
    # In English the labels are the page's language's.
    assert english.status_code == 200
    label = re.search(rf'<option value="{chosen.pk}" selected>([^<]*)</option>',
                      _select(english.content.decode(), "period")).group(1)
    assert label == f"{localized_label(chosen.label)} · 06-CT/TU" and "tháng" not in label
