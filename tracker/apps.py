from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackerConfig(AppConfig):
    verbose_name = _("Đơn vị và hệ thống")
    name = "tracker"
    default_auto_field = "django.db.models.BigAutoField"
