"""The board's extension page writes each decision form once and puts each request's ids
into its copy (tracker.forms.empty_fields_per_row): the markup is Django's own for every
request, with its labels, unique ids and the request's reason; a refused decision still
names its field; the page reads as many queries for one row as for many."""

import datetime as dt
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import assignments.views
import tracker.lists
from assignments.forms import ExtensionApproveForm, ExtensionRejectForm
from assignments.models import ExtensionRequest, ReportObligation
from assignments.services import extension_reject, extension_request_create
from tests.conftest import travel
from tracker.forms import empty_fields_per_row

pytestmark = pytest.mark.django_db

DAY = "2021-12-01"


def _ask(obligation, actor, reason: str) -> ExtensionRequest:
    return extension_request_create(
        assignment=obligation.assignment, obligation=obligation, actor=actor, reason=reason,
        requested_due_on=obligation.due_on + dt.timedelta(days=20))


@pytest.fixture
def requests(published):
    """Three pending requests (districts A and B on the continuous item, A on the fixed
    one) and two decided ones (A's on the fixed item, refused twice before its third)."""
    w = published
    own = ReportObligation.objects.order_by("due_on", "id")
    fixed = own.filter(assignment__unit=w.district_a, assignment__item=w.fixed).first()
    with travel("2021-11-22"):
        for reason in ("Lần đầu", "Lần hai"):
            extension_reject(request=_ask(fixed, w.reporter_a, reason), actor=w.reviewer,
                             note="Không")
        w.pending = [
            _ask(own.filter(assignment__unit=w.district_a, assignment__item=w.continuous)
                 .first(), w.reporter_a, "Chờ số liệu <các xã> & phường"),
            _ask(own.filter(assignment__unit=w.district_b, assignment__item=w.continuous)
                 .first(), w.reporter_b, "Đại hội chi bộ"),
            _ask(fixed, w.reporter_a, "Đề án chờ góp ý"),
        ]
    return w


class _Markup(HTMLParser):
    """Every id, every label's `for` and text, every form's action and field names."""

    def __init__(self):
        super().__init__()
        self.ids, self.labels, self.forms = Counter(), {}, {}
        self._label, self._form = None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids[attrs["id"]] += 1
        if tag == "label" and attrs.get("for"):
            self._label = attrs["for"]
            self.labels[self._label] = ""
        if tag == "form" and attrs.get("method") == "post":
            self._form = attrs["action"]
            self.forms[self._form] = {}
        if tag in ("input", "textarea") and self._form and attrs.get("name"):
            self.forms[self._form][attrs["name"]] = attrs.get("id")

    def handle_endtag(self, tag):
        if tag == "label":
            self._label = None
        if tag == "form":
            self._form = None

    def handle_data(self, data):
        if self._label:
            self.labels[self._label] += data


def _page(client, user, params=None):
    client.force_login(user)
    with travel(DAY):
        response = client.get(reverse("web:extension-list"), params or {})
    assert response.status_code == 200
    return response


def test_each_pending_request_has_both_forms_labelled_with_ids_of_its_own(client, requests):
    response = _page(client, requests.reviewer)
    html = response.content.decode()
    markup = _Markup()
    markup.feed(html)
    assert not [key for key, n in markup.ids.items() if n > 1], "duplicate ids"
    assert len(response.context["pending"]) == 3
    for e in requests.pending:
        approve = markup.forms[reverse("web:extension-approve", args=[e.pk])]
        reject = markup.forms[reverse("web:extension-reject", args=[e.pk])]
        assert approve == {"csrfmiddlewaretoken": None, "approved_due_on":
                           f"a{e.pk}_approved_due_on", "note": f"a{e.pk}_note"}
        assert reject == {"csrfmiddlewaretoken": None, "note": f"r{e.pk}_note"}
        assert markup.labels[f"a{e.pk}_approved_due_on"] == "Hạn được duyệt"
        assert markup.labels[f"a{e.pk}_note"] == "Ý kiến"
        assert markup.labels[f"r{e.pk}_note"] == "Lý do không chấp thuận *"
        # Django's own markup for this request's forms, as the include wrote it.
        for form in (ExtensionApproveForm(auto_id=f"a{e.pk}_%s"),
                     ExtensionRejectForm(auto_id=f"r{e.pk}_%s")):
            assert render_to_string("tracker/_form_fields.html", {"form": form}) in html
    # The reasons as the units wrote them, escaped.
    assert "Chờ số liệu &lt;các xã&gt; &amp; phường" in html
    assert "Đại hội chi bộ" in html and "Đề án chờ góp ý" in html


def test_the_forms_are_in_english_when_english_is_chosen(client, requests):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = _page(client, requests.reviewer).content.decode()
    markup = _Markup()
    markup.feed(html)
    e = requests.pending[0]
    assert markup.labels[f"r{e.pk}_note"] != "Lý do không chấp thuận *"
    assert markup.labels[f"r{e.pk}_note"].endswith(" *")
    assert "Hạn được duyệt" not in html


def test_a_refused_decision_names_its_field_and_the_request_stays_with_its_forms(
        client, requests):
    e = requests.pending[1]
    client.force_login(requests.reviewer)
    with travel(DAY):
        response = client.post(reverse("web:extension-reject", args=[e.pk]), {"note": ""},
                               follow=True)
    html = response.content.decode()
    assert "Lý do không chấp thuận: " in html
    assert "Trường này là bắt buộc" in html
    e.refresh_from_db()
    assert e.status == ExtensionRequest.Status.PENDING
    assert f'id="r{e.pk}_note"' in html and "Đại hội chi bộ" in html


def test_the_page_reads_as_many_queries_for_one_row_as_for_many(client, requests,
                                                                 monkeypatch):
    """The rows are read with the columns the page shows (assignments.selectors
    .extension_page_rows): a column it shows but did not read would be one query a row."""
    client.force_login(requests.reviewer)
    url = reverse("web:extension-list")

    def queries() -> tuple[int, object]:
        with travel(DAY), CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        return len(captured), response

    queries()  # session, caches
    # As many shown as pending either way: the page counts them all (one query more).
    monkeypatch.setattr(assignments.views, "PENDING_SHOWN", 3)
    many, response = queries()
    assert len(response.context["pending"]) == 3
    assert len(response.context["decided"]) == 2
    monkeypatch.setattr(assignments.views, "PENDING_SHOWN", 1)
    monkeypatch.setattr(tracker.lists, "PAGE_SIZE", 1)
    one, response = queries()
    assert len(response.context["pending"]) == len(response.context["decided"]) == 1
    assert one == many


def test_fields_per_row_are_the_forms_own_markup_for_each_key():
    keys = [7, 123]
    for form_class, prefix in ((ExtensionApproveForm, "a"), (ExtensionRejectForm, "r")):
        copies = empty_fields_per_row(form_class, prefix, keys)
        assert copies == [render_to_string("tracker/_form_fields.html", {
            "form": form_class(auto_id=f"{prefix}{key}_%s")}) for key in keys]
        assert copies[0] != copies[1]
    assert empty_fields_per_row(ExtensionRejectForm, "r", []) == []


def test_fields_per_row_take_integer_keys_only():
    with pytest.raises(ValueError):
        empty_fields_per_row(ExtensionRejectForm, "r", ['1" onfocus="alert(1)'])


def test_a_refused_decision_is_shown_again_as_the_board_typed_it_once(client, requests):
    """An approval with an impossible date keeps its typed opinion and date on that
    request's form, with the date's message beside the field; the other requests' forms
    stay empty, and the next visit shows the form empty again."""
    e, other = requests.pending[0], requests.pending[1]
    client.force_login(requests.reviewer)
    with travel(DAY):
        response = client.post(reverse("web:extension-approve", args=[e.pk]),
                               {"approved_due_on": "31/02/2022",
                                "note": "Đồng ý <gia hạn> đến cuối tháng"}, follow=True)
    html = response.content.decode()
    e.refresh_from_db()
    assert e.status == ExtensionRequest.Status.PENDING
    markup = _Markup()
    markup.feed(html)
    assert not [key for key, n in markup.ids.items() if n > 1], "duplicate ids"
    assert 'value="31/02/2022"' in html
    assert "Đồng ý &lt;gia hạn&gt; đến cuối tháng</textarea>" in html
    kept = ExtensionApproveForm({"approved_due_on": "31/02/2022",
                                 "note": "Đồng ý <gia hạn> đến cuối tháng"},
                                auto_id=f"a{e.pk}_%s")
    assert not kept.is_valid()
    assert render_to_string("tracker/_form_fields.html", {"form": kept}) in html
    assert render_to_string("tracker/_form_fields.html", {
        "form": ExtensionApproveForm(auto_id=f"a{other.pk}_%s")}) in html
    again = _page(client, requests.reviewer).content.decode()
    assert "31/02/2022" not in again and "Đồng ý &lt;gia hạn&gt;" not in again



def test_a_decision_goes_back_to_the_filtered_list_it_was_made_from(client, requests):
    """Back to the same filters (so a refused form is shown on its request), never to
    another site or another page of this one."""
    e = requests.pending[1]
    client.force_login(requests.reviewer)
    listing = reverse("web:extension-list")
    url = reverse("web:extension-reject", args=[e.pk])
    with travel(DAY):
        filtered = client.post(url, {"note": ""},
                               HTTP_REFERER=f"http://testserver{listing}?q=chi+b%E1%BB%99")
        foreign = client.post(url, {"note": ""}, HTTP_REFERER=f"https://evil.example{listing}")
        other = client.post(url, {"note": ""}, HTTP_REFERER="http://testserver/tong-quan/")
        decided = client.post(url, {"note": "Không đủ căn cứ"},
                              HTTP_REFERER=f"http://testserver{listing}?q=x")
    assert filtered.status_code == 302 and filtered["Location"].endswith(
        f"{listing}?q=chi+b%E1%BB%99")
    assert foreign["Location"] == listing and other["Location"] == listing
    assert decided["Location"].endswith(f"{listing}?q=x")
    e.refresh_from_db()
    assert e.status == ExtensionRequest.Status.REJECTED
    # The refused attempts kept before the decision are dropped with it.
    assert not [k for k in client.session.keys() if k.startswith("extension-decision-")]
