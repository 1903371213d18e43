"""Text caps shared by the API and the web forms (tracker.limits), and 413 for a body
over the limit before it is read (tracker.accounts.middleware)."""

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.test import APIClient

from directives.api.serializers import DirectiveWriteSerializer, ItemCreateSerializer
from directives.forms import DirectiveForm, ItemForm
from reports.api.serializers import ReportUpdateSerializer
from reports.forms import ReportForm
from tests.factories import UserFactory
from tracker.limits import ITEM_CONTENT_MAX_LENGTH, TEXT_MAX_LENGTH

pytestmark = pytest.mark.django_db


def test_the_web_forms_cap_text_as_the_api_does():
    api_report = ReportUpdateSerializer().fields
    report = ReportForm(data={"text": "x" * (TEXT_MAX_LENGTH + 1),
                              "leadership_text": "x" * TEXT_MAX_LENGTH,
                              "results_text": "x" * (TEXT_MAX_LENGTH + 1),
                              "progress_percent": 10})
    assert not report.is_valid()
    assert {"text", "results_text"} <= set(report.errors)
    assert "leadership_text" not in report.errors
    for name in ("text", "leadership_text", "results_text", "shortcomings_text",
                 "next_steps_text", "proposals_text"):
        assert report.fields[name].max_length == api_report[name].max_length == TEXT_MAX_LENGTH

    directive = DirectiveForm(data={"full_text": "x" * (TEXT_MAX_LENGTH + 1)})
    directive.is_valid()
    assert "full_text" in directive.errors
    assert (DirectiveWriteSerializer().fields["full_text"].max_length
            == directive.fields["full_text"].max_length == TEXT_MAX_LENGTH)
    item = ItemForm(data={"content": "x" * (ITEM_CONTENT_MAX_LENGTH + 1)})
    item.is_valid()
    assert "content" in item.errors
    assert ItemCreateSerializer().fields["content"].max_length == ITEM_CONTENT_MAX_LENGTH


def _big(size):
    return b"x" * size


def test_an_api_body_over_the_limit_answers_a_json_413_unread():
    user = UserFactory(username="big")
    client = APIClient()
    client.force_authenticate(user)
    client.raise_request_exception = False
    size = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1
    response = client.post("/api/v1/directives/", data=_big(size),
                           content_type="application/json")
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
    anonymous = APIClient()
    response = anonymous.post("/api/v1/auth/token/", data=_big(size),
                              content_type="application/json")
    assert response.status_code == 413


def test_a_web_form_over_the_limit_answers_a_413_page():
    user = UserFactory(username="bigweb")
    web = Client()
    web.force_login(user)
    body = "a=" + "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = web.post("/van-ban/moi/", data=body,
                        content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    assert "413" in response.content.decode()


def test_uploads_may_be_larger_up_to_their_own_limit():
    user = UserFactory(username="upl")
    web = Client()
    web.force_login(user)
    raw = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1024  # over the form limit, under uploads
    boundary = "BoUnDaRy"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n").encode()
    body += _big(raw) + f"\r\n--{boundary}--\r\n".encode()
    response = web.generic("POST", "/nhap-van-ban/", body,
                           content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code != 413
    over = settings.TRACKER_UPLOAD_MAX_BODY + 1
    response = web.generic("POST", "/nhap-van-ban/", _big(over),
                           content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 413
