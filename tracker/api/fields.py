"""Serializer fields shared by the API: scoped related fields, ids in range."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from tracker.api.parsers import MAX_JSON_DEPTH, json_depth, too_deep_message

MAX_ID = 2**63 - 1


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A writable foreign key limited to what the caller may see.

    A queryset of a scoped model (tracker.scoping) is narrowed to what the caller
    sees, always; `scope(queryset, user)` narrows other ones (units a reviewer may name).
    A foreign object answers "does not exist" (400) exactly as a missing one does.
    """

    default_error_messages = {
        "does_not_exist": _("Không tồn tại hoặc không thuộc phạm vi của bạn (mã {pk_value})."),
        "incorrect_type": _("Cần một mã số (số nguyên), nhận được {data_type}."),
        "required": _("Trường này là bắt buộc."),
        "null": _("Trường này không được để trống."),
    }

    def __init__(self, *, scope=None, **kwargs):
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self):
        queryset = super().get_queryset()
        user = getattr(self.context.get("request"), "user", None)
        if user is None:  # no request (the schema): no rows
            return queryset.none()
        if hasattr(queryset, "visible_to"):
            queryset = queryset.visible_to(user)
        if self.scope is not None:
            queryset = self.scope(queryset, user)
        return queryset

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        try:
            pk = int(data)
        except (TypeError, ValueError):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 1 <= pk <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(pk)


class BoundedJSONField(serializers.JSONField):
    """A JSON value that, sent as a string (a form or multipart field), nests at most
    MAX_JSON_DEPTH deep, as the JSON body parser bounds it (400, not a RecursionError)."""

    def to_internal_value(self, data):
        if isinstance(data, bytes):
            data = data.decode(errors="replace")
        decodes = self.binary or getattr(data, "is_json_string", False)
        if decodes and isinstance(data, str) and json_depth(data) > MAX_JSON_DEPTH:
            raise serializers.ValidationError(too_deep_message(), code="too_deep")
        return super().to_internal_value(data)
