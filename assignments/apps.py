from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    verbose_name = _("Giao nhiệm vụ")
    name = "assignments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The scope columns this app stores follow their sources (tracker.derived), and
        # the core's visibility rule reads which units are assigned what (tracker.policy).
        from tracker import policy

        from . import receivers, scope
        from .models import Assignment

        scope.register()
        receivers.connect()  # what the directives app announces (directives.signals)
        policy.register_assignments_of_units(
            lambda units: Assignment.objects.filter(unit_id__in=units))
