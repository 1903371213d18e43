"""The reorganisation pages (board, administrator) and a dissolved unit's people."""

import pytest
from django.test import Client

from assignments.models import Reorganisation
from tests.conftest import travel
from tracker.models import Unit

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_merge_drafted_previewed_and_confirmed(published):
    client = _client(published.reviewer)
    with travel("2021-12-02"):
        assert client.get("/sap-xep-to-chuc/").status_code == 200
        answer = client.post("/sap-xep-to-chuc/moi/", {
            "kind": "merge", "effective_on": "01/12/2021",
            "sources": [published.district_a.pk],
            "new_units": "dang-uy-moi | Đảng ủy mới"})
        assert answer.status_code == 302, answer.content.decode()[:2000]
        row = Reorganisation.objects.get()
        page = client.get(f"/sap-xep-to-chuc/{row.pk}/").content.decode()
        assert "Ở lại với đơn vị cũ" in page and "Xác nhận thực hiện" in page
        client.post(f"/sap-xep-to-chuc/{row.pk}/thuc-hien/")
    row.refresh_from_db()
    assert row.status == "applied"
    assert Unit.objects.get(code="dang-uy-moi").valid_from.isoformat() == "2021-12-01"


def test_a_split_page_preselects_the_suggestion(published):
    client = _client(published.admin)
    with travel("2021-12-02"):
        client.post("/sap-xep-to-chuc/moi/", {
            "kind": "split", "effective_on": "01/12/2021",
            "sources": [published.district_a.pk],
            "new_units": "xa-1 | Đảng ủy xã Một\nxa-2 | Đảng ủy xã Hai"})
        row = Reorganisation.objects.get()
        page = client.get(f"/sap-xep-to-chuc/{row.pk}/").content.decode()
        assert page.count('type="radio"') == 2  # the joint item: one of two targets
        assert page.count("checked") == 3  # each-mode: both; joint: the first
        listing = client.get("/sap-xep-to-chuc/").content.decode()
    row_html = listing[listing.index("<tbody>"):listing.index("</tbody>")]
    cells = [c.split("</td>")[0].strip() for c in row_html.split("<td>")[1:]]
    assert cells[2] == published.district_a.name  # the old unit, no trailing comma
    assert cells[3] == "Đảng ủy xã Một, Đảng ủy xã Hai"  # the planned successors


def test_the_list_shows_a_rename_from_old_to_new_name(published):
    client = _client(published.admin)
    old_name = published.district_b.name
    with travel("2021-12-02"):
        client.post("/sap-xep-to-chuc/moi/", {
            "kind": "rename", "effective_on": "01/12/2021",
            "sources": [published.district_b.pk], "new_name": "Huyện ủy B mới"})
        row = Reorganisation.objects.get()
        client.post(f"/sap-xep-to-chuc/{row.pk}/thuc-hien/")
        listing = client.get("/sap-xep-to-chuc/").content.decode()
    row.refresh_from_db()
    assert row.status == "applied"
    row_html = listing[listing.index("<tbody>"):listing.index("</tbody>")]
    cells = [c.split("</td>")[0].strip() for c in row_html.split("<td>")[1:]]
    assert cells[2:4] == [old_name, "Huyện ủy B mới"]


def test_bad_form_is_400_and_others_are_refused(published):
    with travel("2021-12-02"):
        bad = _client(published.admin).post("/sap-xep-to-chuc/moi/", {
            "kind": "split", "effective_on": "01/12/2021",
            "sources": [published.district_a.pk], "new_units": "no name line"})
        assert bad.status_code == 400
        assert _client(published.reporter_a).get("/sap-xep-to-chuc/").status_code == 403


def test_a_dissolved_units_people_read_but_change_nothing(published, api):
    client = _client(published.admin)
    with travel("2021-12-02"):
        client.post("/sap-xep-to-chuc/moi/", {
            "kind": "dissolve", "effective_on": "01/12/2021",
            "sources": [published.youth.pk]})
        client.post(f"/sap-xep-to-chuc/{Reorganisation.objects.get().pk}/thuc-hien/")
        reporter = _client(published.reporter_youth)
        page = reporter.get("/")
        assert "đã giải thể hoặc hợp nhất" in page.content.decode() or page.status_code == 302
        assert "đã giải thể hoặc hợp nhất" in reporter.get("/van-ban/").content.decode()
        assert reporter.post("/van-ban/").status_code == 403
        answer = api(published.reporter_youth).post("/api/v1/reports/", {}, format="json")
    assert answer.status_code == 403
    assert "giải thể" in answer.json()["detail"]


def test_the_old_units_are_chosen_by_typing_not_from_a_ctrl_click_list(published):
    """"Đơn vị cũ" is the searchable chooser (a text box over a list of "Name [code]"),
    not a multiple select; a unit picked by code or typed by its exact name is taken, an
    unknown one is a 400 naming it, and a plan refused keeps its units as ticked chips."""
    client = _client(published.reviewer)
    with travel("2021-12-02"):
        form = client.get("/sap-xep-to-chuc/moi/").content.decode()
        assert 'name="sources_add"' in form and 'list="id_sources-options"' in form
        assert f'<option value="{published.district_a.name} [{published.district_a.code}]">' \
            in form
        assert '<select name="sources"' not in form and 'name="sources" multiple' not in form
        unknown = client.post("/sap-xep-to-chuc/moi/", {
            "kind": "rename", "effective_on": "01/12/2021", "sources_add": "Huyện ủy Không Có",
            "new_name": "X"})
        assert unknown.status_code == 400
        assert "Huyện ủy Không Có" in unknown.content.decode()
        refused = client.post("/sap-xep-to-chuc/moi/", {
            "kind": "rename", "effective_on": "bad day",
            "sources_add": f"{published.district_b.name} [{published.district_b.code}]",
            "new_name": "X"})
        assert refused.status_code == 400
        assert (f'value="{published.district_b.code}" checked> {published.district_b.name}'
                in refused.content.decode())
        by_name = client.post("/sap-xep-to-chuc/moi/", {
            "kind": "rename", "effective_on": "01/12/2021",
            "sources_add": published.district_b.name, "new_name": "Huyện ủy B mới"})
        assert by_name.status_code == 302, by_name.content.decode()[:1500]
    assert list(Reorganisation.objects.get().units.filter(side="source")
                .values_list("unit_id", flat=True)) == [published.district_b.pk]



def test_the_chooser_reads_numeric_codes_as_codes_and_refuses_an_ambiguous_name(published):
    """Official codes are numbers: a unit picked as "Name [<code>]" is that unit even
    when another unit's id is the same number; a typed name two units share is a 400
    asking to pick from the list, not the first of them."""
    from assignments.forms import ReorganisationForm
    from tests.factories import UnitFactory

    a, b = published.district_a, published.district_b
    Unit.objects.filter(pk=b.pk).update(code=str(a.pk))
    b.refresh_from_db()
    form = ReorganisationForm({"kind": "rename", "effective_on": "01/12/2021",
                               "sources_add": f"{b.name} [{b.code}]", "new_name": "X"})
    assert form.is_valid(), form.errors
    assert list(form.cleaned_data["sources"]) == [b]
    twin = UnitFactory(code="twin-a", name=a.name)
    form = ReorganisationForm({"kind": "rename", "effective_on": "01/12/2021",
                               "sources_add": a.name, "new_name": "X"})
    assert not form.is_valid()
    assert "2 đơn vị cùng tên" in str(form.errors["sources"])
    form = ReorganisationForm({"kind": "rename", "effective_on": "01/12/2021",
                               "sources_add": f"{twin.name} [{twin.code}]", "new_name": "X"})
    assert form.is_valid(), form.errors
    assert list(form.cleaned_data["sources"]) == [twin]
