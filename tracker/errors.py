"""Domain errors raised by services; the API and the UI turn them into answers."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule of the domain refused the change. Maps to HTTP 400."""

    status_code = 400
    default_code = "invalid"

    def __init__(self, message, *, field: str | None = None, code: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.code = code or self.default_code

    def as_dict(self) -> dict[str, list[str]]:
        return {self.field or "non_field_errors": [str(self.message)]}


class TransitionError(DomainError):
    """The object is not in a state that allows this change. Maps to HTTP 409."""

    status_code = 409
    default_code = "invalid_transition"


class ConflictError(DomainError):
    """Someone else changed the object first. Maps to HTTP 409."""

    status_code = 409
    default_code = "conflict"


class NotAllowed(DomainError):
    """The actor may not make this change. Maps to HTTP 403."""

    status_code = 403
    default_code = "permission_denied"

    def __init__(self, message=None, **kwargs):
        super().__init__(message or _("Bạn không có quyền thực hiện thao tác này."), **kwargs)
