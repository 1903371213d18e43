"""413 for a request body over the limit, before anything reads it; sessions that a
page's own polling leaves alone.

Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE only when a view reads it, and
then as a 400 (RequestDataTooBig). Here the declared Content-Length is checked first:
multipart bodies (evidence files, document imports) may carry up to
TRACKER_UPLOAD_MAX_BODY, any other body DATA_UPLOAD_MAX_MEMORY_SIZE. The API answers
its JSON error, the pages a short page. A body that turns out larger than declared (or
is streamed) still meets RequestDataTooBig, answered the same way.

Sessions: every request renews the idle timeout, except a view marked
`session_untouched` (SessionMiddleware below)."""

import functools

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.template.response import SimpleTemplateResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _


def body_limit(request) -> int | None:
    if request.content_type == "multipart/form-data" or request.META.get(
            "CONTENT_TYPE", "").startswith("multipart/"):
        return settings.TRACKER_UPLOAD_MAX_BODY
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def too_large(request):
    detail = _("Dữ liệu gửi lên quá lớn.")
    if request.path.startswith("/api/"):
        # The API's error shape (tracker.api_errors.error_body).
        return JsonResponse({"errors": {}, "code": "payload_too_large", "detail": detail},
                            status=413)
    response = SimpleTemplateResponse("accounts/413.html", {"detail": detail}, status=413)
    return response.render()


class BodySizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = body_limit(request)
        if limit is not None and length > limit:
            return too_large(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RequestDataTooBig):
            return too_large(request)
        return None


def session_untouched(view):
    """Mark a view that a page calls by itself (a progress poll): its requests neither
    rewrite the session nor renew its idle timeout (SESSION_SAVE_EVERY_REQUEST)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        request.session_untouched = True
        return view(request, *args, **kwargs)

    return wrapped


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, except for views marked `session_untouched`: an unmodified session is
    not saved again (every other request renews it: the 30-minute idle timeout). A page
    left open and polling does not keep its user signed in, nor write the session table
    once a second."""

    def process_response(self, request, response):
        session = getattr(request, "session", None)
        if (getattr(request, "session_untouched", False) and session is not None
                and not session.modified):
            if session.accessed:
                patch_vary_headers(response, ("Cookie",))
            return response
        return super().process_response(request, response)
