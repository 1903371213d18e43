"""Request parsers that refuse oversized bodies before reading them (413, not 500)."""

from django.conf import settings
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

from tracker.api.exceptions import PayloadTooLarge


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except (TypeError, ValueError):
        return 0


class LimitedJSONParser(JSONParser):
    """JSON bodies up to DATA_UPLOAD_MAX_MEMORY_SIZE."""

    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if request is not None and limit and _content_length(request) > limit:
            raise PayloadTooLarge()
        return super().parse(stream, media_type, parser_context)


class LimitedMultiPartParser(MultiPartParser):
    """Uploads up to the evidence limit plus room for the form fields."""

    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        limit = settings.TRACKER_EVIDENCE_MAX_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if request is not None and _content_length(request) > limit:
            raise PayloadTooLarge()
        return super().parse(stream, media_type, parser_context)


class LimitedFormParser(FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if request is not None and limit and _content_length(request) > limit:
            raise PayloadTooLarge()
        return super().parse(stream, media_type, parser_context)
