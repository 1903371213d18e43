from django.urls import path

from . import views

app_name = "account"

urlpatterns = [
    path("thiet-bi/", views.devices, name="devices"),
]
