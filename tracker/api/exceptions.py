"""HTTP errors of the API that DRF does not define (412, 413, 428)."""

from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = gettext_lazy("Cần gửi tiêu đề If-Match với phiên bản (ETag) đang sửa.")
    default_code = "precondition_required"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = gettext_lazy("Dữ liệu đã được người khác thay đổi; hãy tải lại.")
    default_code = "precondition_failed"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("Dữ liệu gửi lên quá lớn.")
    default_code = "payload_too_large"


class LockedOut(exceptions.APIException):
    """Too many failed sign-ins (django-axes): 429 with Retry-After, as a throttle."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_detail = gettext_lazy("Đăng nhập sai quá nhiều lần; tài khoản tạm bị khóa, "
                                  "hãy thử lại sau.")
    default_code = "locked_out"

    def __init__(self, wait: float | None = None):
        super().__init__()
        self.wait = wait
