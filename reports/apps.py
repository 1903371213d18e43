from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    verbose_name = _("Báo cáo")
    name = "reports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The scope columns this app stores follow their sources (tracker.derived).
        from assignments.selectors import register_report_facts
        from tracker.templatetags.web import tones_add

        from . import scope
        from .facts import report_facts
        from .models import ProgressReport

        scope.register()
        # An obligation's status history reads its submissions and reviews from here.
        register_report_facts(report_facts)
        # The pages' palette: the tone of each report status (the others are the
        # obligation's, whose statuses carry the same names).
        tones_add({ProgressReport.Status.DRAFT: "muted", ProgressReport.Status.ACCEPTED: "ok"})
