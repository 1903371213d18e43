from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    verbose_name = _("Giao nhiệm vụ")
    name = "assignments"
    default_auto_field = "django.db.models.BigAutoField"
