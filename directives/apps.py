from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectivesConfig(AppConfig):
    verbose_name = _("Văn bản chỉ đạo")
    name = "directives"
    default_auto_field = "django.db.models.BigAutoField"
