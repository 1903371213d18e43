from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    verbose_name = _("Báo cáo")
    name = "reports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The scope columns this app stores follow their sources (tracker.derived).
        from . import scope

        scope.register()
