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
        from tracker.templatetags.web import tones_add

        from . import receivers, scope
        from .models import Assignment, AssignmentStatus, ExtensionRequest, ObligationStatus

        scope.register()
        receivers.connect()  # what the directives app announces (directives.signals)
        policy.register_assignments_of_units(
            lambda units: Assignment.objects.filter(unit_id__in=units))
        # The pages' palette: the tone of each obligation, assignment and extension status.
        tones_add({
            ObligationStatus.PENDING: "pending",
            ObligationStatus.OVERDUE: "overdue",
            ObligationStatus.SUBMITTED: "submitted",
            ObligationStatus.RETURNED: "returned",
            ObligationStatus.ACCEPTED_ON_TIME: "ok",
            ObligationStatus.ACCEPTED_LATE: "late",
            ObligationStatus.WITHDRAWN: "muted",
            AssignmentStatus.IN_PROGRESS_ON_TIME: "pending",
            AssignmentStatus.IN_PROGRESS_OVERDUE: "overdue",
            AssignmentStatus.DONE_ON_TIME: "ok",
            AssignmentStatus.DONE_LATE: "late",
            AssignmentStatus.ONGOING: "submitted",
            ExtensionRequest.Status.APPROVED: "ok",
            ExtensionRequest.Status.REJECTED: "overdue",
        })
