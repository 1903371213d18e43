"""OpenAPI: every operation documents its error responses in the one error format."""

from django.utils.translation import gettext_lazy
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """The one error format."""

    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=gettext_lazy("Thông báo lỗi theo từng trường; non_field_errors: chung."))
    code = serializers.CharField(help_text=gettext_lazy("Mã lỗi."))
    detail = serializers.CharField(help_text=gettext_lazy("Mô tả lỗi."))


READ_ERRORS = {
    "400": "Bad request: invalid query parameters (per-field messages).",
    "401": "Not authenticated.",
    "403": "Not allowed (leaders are read-only; roles).",
    "404": "Not found, or not visible to the caller.",
    "406": "Not acceptable.",
}
WRITE_ERRORS = {
    **READ_ERRORS,
    "400": "Invalid input (per-field messages), malformed JSON.",
    "409": "Conflict: the object's state does not allow this change, or a concurrent change.",
    "412": "Precondition failed: If-Match does not match the current version.",
    "413": "Payload too large.",
    "415": "Unsupported media type.",
    "428": "Precondition required: send If-Match.",
}


class TrackerAutoSchema(AutoSchema):
    """Adds the error responses (in the one error format) to every operation."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        errors = READ_ERRORS if self.method in ("GET", "HEAD", "OPTIONS") else WRITE_ERRORS
        for code, description in errors.items():
            if code in responses:
                continue
            body = self._get_response_for_code(ErrorSerializer, code, direction=direction)
            body["description"] = description
            responses[code] = body
        return responses

    def _resolve_path_parameters(self, variables):
        """Every path parameter of this API is a numeric id."""
        parameters = super()._resolve_path_parameters(variables)
        for parameter in parameters:
            if parameter["name"] == "id" or parameter["name"].endswith("_id"):
                parameter["schema"] = {"type": "integer", "minimum": 1,
                                       "maximum": 2**63 - 1}
        return parameters
