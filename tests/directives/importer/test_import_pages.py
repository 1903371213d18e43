"""The import pages: paste the seed, review, correct, publish; bad input is a clear 400."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directives.models import Directive

pytestmark = pytest.mark.django_db
SEED = Path(__file__).resolve().parents[3] / "devtools" / "demo" / "chi-thi-06-CT-TU-kon-tum.txt"


@pytest.fixture
def users(demo_units):
    return demo_units


@pytest.fixture
def board_client(client, users):
    client.force_login(users["danvan"])
    return client


def test_paste_review_publish(board_client):
    text = SEED.read_text(encoding="utf-8")
    response = board_client.post(reverse("importer:start"), {"text": text})
    assert response.status_code == 302
    review = board_client.get(reverse("importer:review"))
    assert review.status_code == 200
    html = review.content.decode()
    assert "06-CT/TU" in html and "Ban Dân vận Tỉnh ủy" in html
    assert html.count('class="item import-item"') == 14
    # The form posts back what it shows: rebuild it from the preview in the session.
    preview = board_client.session["directive_import"]["preview"]
    data = {"action": "publish", "report_cadence": "semi_annual",
            "d_number": "06-CT/TU", "d_kind": "chi_thi", "d_issued_on": "2021-09-07",
            "d_issuer": preview["directive"]["issuer"], "d_title": preview["directive"]["title"],
            "d_supervisor": "bdv-tu"}
    for si, section in enumerate(preview["sections"]):
        data[f"s{si}_addressee"] = section["addressee"]
        for ii, item in enumerate(section["items"]):
            key = f"s{si}_i{ii}_"
            data[key + "text"] = item["text"]
            data[key + "lead"] = item["lead"]
            data[key + "cooperating"] = item["cooperating"]
            data[key + "section"] = str(si)
    response = board_client.post(reverse("importer:review"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    directive = Directive.objects.get(number="06-CT/TU")
    assert directive.status == "active" and directive.items.count() == 14
    assert response.url == reverse("web:directive-detail", args=[directive.pk])
    matrix = board_client.get(reverse("web:directive-matrix", args=[directive.pk]))
    assert matrix.status_code == 200


def test_corrections_move_merge_split_drop(board_client):
    board_client.post(reverse("importer:start"), {"text": SEED.read_text(encoding="utf-8")})
    preview = board_client.session["directive_import"]["preview"]
    data = {"action": "apply"}
    for si, section in enumerate(preview["sections"]):
        data[f"s{si}_addressee"] = section["addressee"]
        for ii, item in enumerate(section["items"]):
            key = f"s{si}_i{ii}_"
            data[key + "text"] = item["text"]
            data[key + "lead"] = item["lead"]
            data[key + "section"] = str(si)
    data["s0_i1_merge_up"] = "on"                       # 2nd item joins the 1st
    data["s0_i2_text"] = "Phần một\n---\nPhần hai"       # 3rd item splits in two
    data["s0_i3_drop"] = "on"                           # 4th item is dropped
    data["s1_i0_section"] = "3"                         # moved to the last section
    response = board_client.post(reverse("importer:review"), data)
    assert response.status_code == 200
    sections = board_client.session["directive_import"]["preview"]["sections"]
    assert [i["text"] for i in sections[0]["items"]][1:] == ["Phần một", "Phần hai"]
    assert len(sections[1]["items"]) == 1 and len(sections[3]["items"]) == 2


@pytest.mark.parametrize("payload, field", [
    ({"text": ""}, "text"),
    ({"file": SimpleUploadedFile("x.txt", b"\x00\x01\x02binary\x00" * 50)}, "file"),
    ({"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4")}, "file"),
    ({"text": "Một câu không có nhiệm vụ nào."}, "text"),
])
def test_bad_input_is_a_clear_400(board_client, payload, field):
    response = board_client.post(reverse("importer:start"), payload)
    assert response.status_code == 400
    assert response.context["form"].errors.get(field)


def test_units_cannot_import(client, users):
    client.force_login(users["thanhuy"])
    assert client.get(reverse("importer:start")).status_code == 403
