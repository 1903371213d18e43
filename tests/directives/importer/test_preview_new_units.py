"""The import preview with the board: a body the registry lacks is offered as a new unit
and created on confirmation (one event), the "5 rõ" flags and the "not matched" box follow
the corrections, dates are dd/mm/yyyy, and the API carries the same preview."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from directives.importing import import_create, import_preview
from directives.models import Directive
from tracker.models import Event, Unit

pytestmark = pytest.mark.django_db

TEXT = """BAN THƯỜNG VỤ TỈNH ỦY
Số: 31-KH/TU
Kon Tum, ngày 15 tháng 3 năm 2026

KẾ HOẠCH
triển khai công tác dân vận năm 2026

Ban Thường vụ Tỉnh ủy yêu cầu:

1. Ban Thường vụ Tỉnh đoàn:
- Xây dựng kế hoạch tuyên truyền trong đoàn viên, thanh niên, hoàn thành trước ngày 30/6/2026.

2. Sở Xây dựng:
- Tăng cường kiểm tra trật tự xây dựng tại các khu dân cư.

3. UBND xã, phường, thị trấn:
- Tuyên truyền, vận động nhân dân tham gia giữ gìn trật tự xây dựng.
"""


@pytest.fixture
def board_client(client, demo_units):
    client.force_login(demo_units["danvan"])
    return client


def _form(preview, **extra):
    """The review form as the page posts it (dates dd/mm/yyyy), with `extra` on top."""
    meta = preview["directive"]
    data = {"action": "apply", "report_cadence": "semi_annual", "d_number": meta["number"],
            "d_kind": meta["kind"], "d_issued_on": "15/03/2026", "d_issuer": meta["issuer"],
            "d_title": meta["title"], "d_supervisor": "bdv-tu"}
    for si, section in enumerate(preview["sections"]):
        data[f"s{si}_addressee"] = section["addressee"]
        for ii, item in enumerate(section["items"]):
            key = f"s{si}_i{ii}_"
            data[key + "text"] = item["text"]
            data[key + "lead"] = item["lead"]
            data[key + "cooperating"] = item["cooperating"]
            data[key + "section"] = str(si)
            data[key + "deadline_mode"] = item["deadline_mode"] or ""
            data[key + "cadence"] = item["cadence"] or ""
            data[key + "expected_output"] = item["expected_output"]
            if item["deadline"]:
                y, m, d = item["deadline"].split("-")
                data[key + "deadline"] = f"{d}/{m}/{y}"
    for unit in preview["new_units"]:
        data[unit["key"] + "_name"] = unit["name"]
        data[unit["key"] + "_kind"] = unit["kind"]
        data[unit["key"] + "_parent"] = unit["parent"] or ""
    data.update(extra)
    return data


def test_preview_offers_the_new_unit_and_flags(demo_units):
    preview = import_preview(text=TEXT)
    assert [(u["name"], u["kind"], u["parent"], u["create"]) for u in preview["new_units"]] \
        == [("Sở Xây dựng", "government", "ubnd-tinh", True)]  # the province's committee
    sections = preview["sections"]
    assert sections[1]["items"][0]["lead"] == ["new-1"]
    assert [u["text"] for u in preview["unmatched"]] == ["UBND xã, phường, thị trấn"]
    assert preview["clarity"] == {"items": 3, "complete": 1,
                                  "missing": {"who": 1, "what": 0, "when": 2,
                                              "responsibility": 0, "product": 2}}
    assert sections[0]["items"][0]["expected_output"] == "kế hoạch"


def test_confirming_creates_the_new_unit_once_with_one_event(demo_units):
    preview = import_preview(text=TEXT)
    preview["new_units"][0]["parent"] = "ubnd-tinh"
    preview["directive"]["supervisor_units"] = ["bdv-tu"]
    directive = import_create(preview=preview, actor=demo_units["danvan"], text=TEXT)
    unit = Unit.objects.get(name="Sở Xây dựng")
    assert unit.kind == "government" and unit.parent.code == "ubnd-tinh"
    events = Event.objects.filter(target_type=ContentType.objects.get_for_model(Unit),
                                  target_id=unit.pk)
    assert [(e.verb, e.data["source"], e.data["directive"]) for e in events] == [
        ("created", "import", "31-KH/TU")]
    item = directive.items.get(content__startswith="Tăng cường kiểm tra")
    assert [a.unit for a in item.assignments.all()] == [unit]
    assert directive.items.get(content__startswith="Xây dựng kế hoạch").expected_output == \
        "kế hoạch"


def test_new_unit_not_named_by_any_item_is_not_created(demo_units):
    preview = import_preview(text=TEXT)
    preview["sections"][1]["items"][0]["lead"] = ["ubnd-tinh"]
    preview["directive"]["supervisor_units"] = ["bdv-tu"]
    import_create(preview=preview, actor=demo_units["danvan"], text=TEXT)
    assert not Unit.objects.filter(name="Sở Xây dựng").exists()


def test_web_review_shows_flags_and_updates_them_after_corrections(board_client):
    board_client.post(reverse("importer:start"), {"text": TEXT})
    page = board_client.get(reverse("importer:review"))
    html = page.content.decode()
    assert "1/3 nhiệm vụ đủ “5 rõ”" in html
    assert "chưa rõ người (không có đơn vị chủ trì)" in html
    assert "Đơn vị mới (chưa có trong danh mục)" in html and 'value="Sở Xây dựng"' in html
    assert 'value="30/06/2026"' in html and 'type="date"' not in html
    assert "UBND xã, phường, thị trấn" in html.split('id="unmatched"')[1].split("</section>")[0]
    preview = board_client.session["directive_import"]["preview"]
    # The board types a unit in the chooser's box (no JavaScript), a quarterly cadence and
    # a product for the last item: its flags clear and the name is no longer "not matched".
    data = _form(preview, **{"s2_i0_lead_add": "Ủy ban nhân dân tỉnh Kon Tum [ubnd-tinh]",
                             "s2_i0_deadline_mode": "periodic", "s2_i0_cadence": "quarterly",
                             "s2_i0_expected_output": "báo cáo kết quả"})
    page = board_client.post(reverse("importer:review"), data)
    assert page.status_code == 200
    html = page.content.decode()
    preview = board_client.session["directive_import"]["preview"]
    assert preview["sections"][2]["items"][0]["lead"] == ["ubnd-tinh"]
    assert preview["sections"][2]["items"][0]["clarity"]["missing"] == []
    assert preview["unmatched"] == []
    assert "Không còn tên nào chưa khớp." in html
    assert "2/3 nhiệm vụ đủ “5 rõ”" in html


def test_web_bad_date_and_unknown_unit_are_400_with_messages(board_client):
    board_client.post(reverse("importer:start"), {"text": TEXT})
    preview = board_client.session["directive_import"]["preview"]
    data = _form(preview, action="create", s0_i0_deadline="31/02/2026",
                 s1_i0_lead_add="Sở Không Có")
    page = board_client.post(reverse("importer:review"), data)
    assert page.status_code == 400
    html = page.content.decode()
    assert "Phần 1, nhiệm vụ 1: hạn: ngày không hợp lệ (dd/mm/yyyy)." in html
    assert "Phần 2, nhiệm vụ 1: không tìm thấy đơn vị “Sở Không Có”." in html
    assert not Directive.objects.filter(number="31-KH/TU").exists()
    # The date the parser read stays.
    assert board_client.session["directive_import"]["preview"]["sections"][0]["items"][0][
        "deadline"] == "2026-06-30"


def test_web_confirm_creates_the_new_unit(board_client):
    board_client.post(reverse("importer:start"), {"text": TEXT})
    preview = board_client.session["directive_import"]["preview"]
    data = _form(preview, action="create", **{"new-1_name": "Sở Xây dựng tỉnh Kon Tum",
                                              "new-1_parent": "ubnd-tinh"})
    response = board_client.post(reverse("importer:review"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    unit = Unit.objects.get(name="Sở Xây dựng tỉnh Kon Tum")
    assert unit.parent.code == "ubnd-tinh"
    directive = Directive.objects.get(number="31-KH/TU")
    assert directive.items.filter(assignments__unit=unit).count() == 1


def test_api_preview_carries_clarity_and_new_units(client, demo_units):
    client.force_login(demo_units["danvan"])
    url = "/api/v1/directives/import/?dry_run=true"
    response = client.post(url, {"text": TEXT}, content_type="application/json")
    assert response.status_code == 200, response.content
    preview = response.json()
    item = preview["sections"][2]["items"][0]
    assert item["clarity"]["missing"] == ["who", "when", "product"]
    assert preview["new_units"][0]["key"] == "new-1"
    # Corrected and sent back with dry_run: checked again.
    item.update(lead=["ubnd-tinh"], deadline_mode="continuous")
    again = client.post(url, {"preview": preview}, content_type="application/json").json()
    assert again["sections"][2]["items"][0]["clarity"]["missing"] == ["product"]
    assert again["unmatched"] == [] and again["clarity"]["missing"]["who"] == 0
    # Created: the new unit too.
    again["directive"]["supervisor_units"] = ["bdv-tu"]
    response = client.post("/api/v1/directives/import/", {"preview": again, "text": TEXT},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    assert Unit.objects.filter(name="Sở Xây dựng", kind="government").count() == 1


@pytest.mark.parametrize(("preview", "field"), [
    ({"directive": {}, "sections": "x"}, "preview.sections"),
    ({"directive": {}, "sections": [{"items": [{"text": "a", "lead": "CA"}]}]},
     "preview.sections[0].items[0].lead"),
    ({"directive": {}, "sections": [{"items": [{"text": 3}]}]}, "preview.sections[0].items[0]"),
    ({"directive": {}, "sections": [], "new_units": [{"name": "x"}]}, "preview.new_units[0]"),
    ({"directive": {}, "sections": [{"items": [{"text": "a", "deadline": "30/06/2026"}]}]},
     "preview.sections[0].items[0].deadline"),
    ({"directive": {}, "sections": [{"items": [{"text": "a", "cadence": "weekly"}]}]},
     "preview.sections[0].items[0].cadence"),
    ({"directive": {}, "sections": [], "new_units": [{"key": "new-1", "kind": "club"}]},
     "preview.new_units[0].kind"),
])
def test_api_malformed_preview_is_400(client, demo_units, preview, field):
    client.force_login(demo_units["danvan"])
    response = client.post("/api/v1/directives/import/?dry_run=true", {"preview": preview},
                           content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()["errors"], response.json()


def test_preview_saved_before_the_check_is_checked_on_display(board_client):
    board_client.post(reverse("importer:start"), {"text": TEXT})
    session = board_client.session
    old = session["directive_import"]["preview"]
    for key in ("clarity", "new_units", "unmatched_read"):
        old.pop(key)
    for section in old["sections"]:
        for item in section["items"]:
            item.pop("clarity")
            item.pop("expected_output")
    session.save()
    html = board_client.get(reverse("importer:review")).content.decode()
    assert "nhiệm vụ đủ “5 rõ”" in html and "chưa rõ người" in html
