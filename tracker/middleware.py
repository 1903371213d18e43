"""Vietnamese first: the pages ignore the browser's Accept-Language.

Django's LocaleMiddleware would follow an English browser; users here expect
Vietnamese unless they chose English (the language cookie set by /i18n/setlang/).
The API keeps normal negotiation.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied


class VietnameseFirstMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/") and (
                settings.LANGUAGE_COOKIE_NAME not in request.COOKIES):
            request.META["HTTP_ACCEPT_LANGUAGE"] = settings.LANGUAGE_CODE
        return self.get_response(request)


class StrandedReadOnlyMiddleware:
    """Pages: a user whose units were all dissolved (issue 17) reads and changes
    nothing but their own account (password, sign-out, language, notifications read).
    The API refuses the same writes through its permission (tracker.api.base)."""

    ALLOWED = ("/tai-khoan/", "/i18n/", "/dang-xuat/", "/thong-bao/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from tracker import policy
        from tracker.api.base import STRANDED_MESSAGE

        if (request.method not in ("GET", "HEAD", "OPTIONS")
                and not request.path.startswith(("/api/", *self.ALLOWED))
                and policy.is_stranded(request.user)):
            raise PermissionDenied(str(STRANDED_MESSAGE))
        return self.get_response(request)
