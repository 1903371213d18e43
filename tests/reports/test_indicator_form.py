"""A mass organisation reports the gathering indicators, with their "trong đó" rows, on the
obligation page: the rows are labelled by name, saving and submitting keep every figure,
and the page opens again afterwards (it used to answer 500 for good)."""

import pytest
from django.urls import reverse

from assignments.models import ReportObligation
from reports.models import Indicator, ProgressReport
from tests.conftest import travel

pytestmark = pytest.mark.django_db

# As the demo stores them: [[code, label], ...].
AREAS = [["dn_ngoai_nha_nuoc", "Doanh nghiệp ngoài nhà nước"],
         ["vung_dtts", "Vùng đồng bào dân tộc thiểu số"]]


@pytest.fixture
def gathering(published):
    """A unit's obligation on an item measured by an indicator with breakdowns."""
    indicator = Indicator.objects.create(
        directive=published.directive, item=published.continuous, code="gathered",
        name="Số người đã tập hợp vào tổ chức", unit_of_measure="người", breakdowns=AREAS)
    obligation = ReportObligation.objects.filter(
        assignment__unit=published.district_a, assignment__item=published.continuous
    ).order_by("due_on").first()
    return published, indicator, obligation


def _keys(indicator):
    """The form's field for the total, then one per breakdown, in order."""
    return [f"ind_{indicator.pk}_{n}" for n in range(1 + len(AREAS))]


def _post(indicator, action="save", **extra):
    total, dn, dtts = _keys(indicator)
    data = {"text": "", "leadership_text": "Đã quán triệt.", "results_text": "Tập hợp tốt.",
            "shortcomings_text": "", "next_steps_text": "", "proposals_text": "",
            "progress_percent": "50", "action": action,
            total: "68440", dn: "5192", dtts: "40120"}
    data.update(extra)
    return data


def test_unit_reports_gathering_figures_with_breakdowns(gathering, client):
    world, indicator, obligation = gathering
    url = reverse("web:obligation-detail", args=[obligation.pk])
    client.force_login(world.reporter_a)
    with travel("2021-12-10"):
        page = client.get(url).content.decode()
        # The "trong đó" rows are labelled by name, not by a Python list.
        assert "— Doanh nghiệp ngoài nhà nước (người)" in page
        assert "[&#x27;dn_ngoai_nha_nuoc" not in page

        saved = client.post(url, _post(indicator))
        assert saved.status_code == 302
        draft = ProgressReport.objects.get(obligation=obligation)
        assert {(v.breakdown, int(v.reported_value)) for v in draft.indicator_values.all()} \
            == {("", 68440), ("dn_ngoai_nha_nuoc", 5192), ("vung_dtts", 40120)}

        # The page opens again, with the figures in their boxes.
        again = client.get(url)
        assert again.status_code == 200
        total, dn, dtts = _keys(indicator)
        form = again.context["form"]
        assert int(form[dn].value()) == 5192 and int(form[dtts].value()) == 40120

        submitted = client.post(url, _post(indicator, action="submit",
                                           lock_version=draft.lock_version))
        assert submitted.status_code == 302
    draft.refresh_from_db()
    assert draft.status == ProgressReport.Status.SUBMITTED
    detail = client.get(reverse("web:report-detail", args=[draft.pk]))
    assert detail.status_code == 200
    # Figures in Vietnamese form: a dot between thousands.
    assert "68.440 người" in detail.content.decode()
    assert "68440" not in detail.content.decode().replace('value="68440', "")
