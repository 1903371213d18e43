"""Vietnamese first: the pages ignore the browser's Accept-Language.

Django's LocaleMiddleware would follow an English browser; users here expect
Vietnamese unless they chose English (the language cookie set by /i18n/setlang/).
The API keeps normal negotiation.
"""

from django.conf import settings


class VietnameseFirstMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/") and (
                settings.LANGUAGE_COOKIE_NAME not in request.COOKIES):
            request.META["HTTP_ACCEPT_LANGUAGE"] = settings.LANGUAGE_CODE
        return self.get_response(request)
