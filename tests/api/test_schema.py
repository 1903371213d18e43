"""OpenAPI at /api/schema/ (errors documented), Swagger UI at /api/docs/ with local assets."""

import pytest
import yaml
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_schema_documents_every_resource_and_the_error_format():
    response = APIClient().get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path in ("units/", "unit-groups/", "directives/", "directives/{id}/summary/", "items/",
                 "assignments/", "periods/", "obligations/", "reports/",
                 "reports/{id}/submit/", "reports/{id}/accept/", "reports/{id}/return/",
                 "reports/{id}/evidence/", "extension-requests/{id}/approve/",
                 "extension-requests/{id}/reject/", "notifications/{id}/read/",
                 "notifications/unread-count/", "dashboard/", "auth/token/"):
        assert f"/api/v1/{path}" in paths, path
    error = schema["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"errors", "code", "detail"}
    patch = paths["/api/v1/reports/{id}/"]["patch"]["responses"]
    assert {"400", "404", "409", "412", "428"} <= set(patch)
    assert patch["412"]["content"]["application/json"]["schema"]["$ref"].endswith("/Error")
    status = schema["components"]["schemas"]["ObligationStatusEnum"]["enum"]
    assert status == ["pending", "overdue", "submitted", "returned", "accepted_on_time",
                      "accepted_late", "withdrawn"]


def test_swagger_ui_uses_the_local_sidecar_assets(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn.jsdelivr" not in html and "unpkg.com" not in html
