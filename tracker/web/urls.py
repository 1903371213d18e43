"""Web pages (server-rendered): the product users see."""

from django.urls import path  # noqa: F401

app_name = "web"

urlpatterns: list = []
