from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectivesConfig(AppConfig):
    verbose_name = _("Văn bản chỉ đạo")
    name = "directives"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The pages' palette: the tone of each directive status.
        from tracker.templatetags.web import tones_add

        from .models import Directive

        tones_add({Directive.Status.ACTIVE: "ok", Directive.Status.DRAFT: "muted",
                   Directive.Status.CLOSED: "muted"})
