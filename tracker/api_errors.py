"""The API's one error format and the exception handler that produces it.

Every error answers `{"errors": {"field": ["message", ...]}, "code": "...", "detail": "..."}`:
`errors` holds per-field messages (`non_field_errors` for the whole object), `code` a
stable machine-readable word and `detail` one human sentence in the caller's language.
Domain errors from services (tracker.errors) keep their own status code.
"""

import math
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, RequestDataTooBig
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import set_rollback

from .api.exceptions import PayloadTooLarge, PreconditionFailed, PreconditionRequired
from .errors import DomainError

__all__ = ["PayloadTooLarge", "PreconditionFailed", "PreconditionRequired",
           "exception_handler", "error_body", "api_not_found",
           "not_found"]


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail → {"field.sub.0": ["message"]}."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if key == "non_field_errors" and prefix:
                name = prefix
            for k, v in _flatten(value, name).items():
                out.setdefault(k, []).extend(v)
    elif isinstance(detail, list):
        if all(not isinstance(v, dict | list) for v in detail):
            out[prefix or "non_field_errors"] = [str(v) for v in detail]
        else:
            for index, value in enumerate(detail):
                if not value:
                    continue
                name = f"{prefix}.{index}" if prefix else str(index)
                for k, v in _flatten(value, name).items():
                    out.setdefault(k, []).extend(v)
    else:
        out[prefix or "non_field_errors"] = [str(detail)]
    return out


def error_body(*, code: str, detail: str, errors: dict[str, list[str]] | None = None) -> dict:
    return {"errors": errors or {}, "code": code, "detail": str(detail)}


def _first_message(errors: dict[str, list[str]], default: str) -> str:
    for messages in errors.values():
        if messages:
            return messages[0]
    return default


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF EXCEPTION_HANDLER: every error in the one format, never a 500 for bad input."""
    headers: dict[str, str] = {}
    if isinstance(exc, DomainError):
        errors = exc.as_dict()
        status_code, code, detail = exc.status_code, exc.code, str(exc.message)
    elif isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        status_code, code = 400, "invalid"
        detail = _("Dữ liệu không hợp lệ: %(message)s") % {
            "message": _first_message(errors, "")}
    elif isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            errors = {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
        else:
            errors = {"non_field_errors": [str(m) for m in exc.messages]}
        errors = {("non_field_errors" if k == "__all__" else k): v for k, v in errors.items()}
        status_code, code = 400, "invalid"
        detail = _("Dữ liệu không hợp lệ: %(message)s") % {
            "message": _first_message(errors, "")}
    elif isinstance(exc, RequestDataTooBig):
        errors, status_code, code = {}, 413, "payload_too_large"
        detail = str(PayloadTooLarge.default_detail)
    elif isinstance(exc, Http404 | ObjectDoesNotExist | exceptions.NotFound):
        errors, status_code, code = {}, 404, "not_found"
        detail = _("Không tìm thấy.")
    elif isinstance(exc, DjangoPermissionDenied):
        errors, status_code, code = {}, 403, "permission_denied"
        detail = _("Bạn không có quyền thực hiện thao tác này.")
    elif isinstance(exc, IntegrityError):
        errors, status_code, code = {}, 409, "conflict"
        detail = _("Dữ liệu xung đột với dữ liệu đã có; hãy tải lại và thử lại.")
    elif isinstance(exc, DataError | OverflowError | UnicodeError):
        errors, status_code, code = {}, 400, "invalid"
        detail = _("Dữ liệu không hợp lệ.")
    elif isinstance(exc, exceptions.APIException):
        errors = {}
        status_code = exc.status_code
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else "error"
        detail = _translated_detail(exc)
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(max(1, math.ceil(exc.wait)))
    else:
        return None
    set_rollback()
    return Response(error_body(code=code, detail=detail, errors=errors), status=status_code,
                    headers=headers)


_DETAILS = {
    "not_authenticated": gettext_lazy("Chưa đăng nhập."),
    "authentication_failed": gettext_lazy("Thông tin đăng nhập không đúng."),
    "permission_denied": gettext_lazy("Bạn không có quyền thực hiện thao tác này."),
    "method_not_allowed": gettext_lazy("Phương thức không được hỗ trợ."),
    "parse_error": gettext_lazy("Dữ liệu gửi lên không đọc được (JSON sai cú pháp?)."),
    "unsupported_media_type": gettext_lazy("Kiểu dữ liệu gửi lên không được hỗ trợ."),
    "not_acceptable": gettext_lazy("Không trả được dữ liệu theo kiểu yêu cầu."),
}


def _translated_detail(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    if isinstance(codes, str) and codes in _DETAILS and exc.detail == exc.default_detail:
        return str(_DETAILS[codes])
    return str(exc.detail)


def not_found(request, exception=None):
    """handler404: JSON under /api/, the product's 404 page elsewhere."""
    if request.path.startswith("/api/"):
        return api_not_found(request)
    return defaults.page_not_found(request, exception)


@csrf_exempt
def api_not_found(request, *args, **kwargs) -> JsonResponse:
    """JSON 404 for unknown paths under /api/ (instead of the HTML page)."""
    return JsonResponse(error_body(code="not_found", detail=_("Không tìm thấy.")), status=404)
