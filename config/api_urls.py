"""REST API under /api/: v1 resources, OpenAPI schema and Swagger UI."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
