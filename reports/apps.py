from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    verbose_name = _("Báo cáo")
    name = "reports"
    default_auto_field = "django.db.models.BigAutoField"
