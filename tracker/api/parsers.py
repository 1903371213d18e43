"""Request parsers that refuse oversized bodies before reading them (413, not 500), and
JSON nested deeper than any payload of the API before decoding it (400, not a
RecursionError)."""

import codecs
import io
import re
from itertools import accumulate

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

from tracker.api.exceptions import PayloadTooLarge

# The deepest payload of the API (an import preview: directive → sections → items →
# units) nests under ten levels; 32 leaves room and stays far below Python's recursion
# limit, which the json module's decoder (and everything that walks the result) recurses to.
MAX_JSON_DEPTH = 32

# A JSON string, to its closing quote or to the end of a malformed text (so that every
# match succeeds and the scan stays linear); then anything but a bracket.
_STRINGS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z)', re.DOTALL)
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
_DEPTH_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def json_depth(text: str) -> int:
    """How deep arrays and objects nest in `text` (well-formed or not), without decoding;
    at most MAX_JSON_DEPTH when the text holds no more opening brackets than that."""
    opening = text.count("[") + text.count("{")
    if opening <= MAX_JSON_DEPTH:
        return opening
    brackets = _NOT_BRACKETS.sub("", _STRINGS.sub("", text))
    return max(accumulate(map(_DEPTH_STEP.__getitem__, brackets)), default=0)


def too_deep_message() -> str:
    return str(_("Dữ liệu JSON lồng nhau quá sâu (tối đa %(n)s cấp).") % {"n": MAX_JSON_DEPTH})


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except (TypeError, ValueError):
        return 0


class LimitedJSONParser(JSONParser):
    """JSON bodies up to DATA_UPLOAD_MAX_MEMORY_SIZE, nested up to MAX_JSON_DEPTH."""

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        request = parser_context.get("request")
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if request is not None and limit and _content_length(request) > limit:
            raise PayloadTooLarge()
        raw = stream.read() if stream is not None else b""
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.decode(raw, encoding)
        except (UnicodeError, LookupError) as exc:
            raise ParseError(f"JSON parse error - {exc}") from exc
        if json_depth(text) > MAX_JSON_DEPTH:
            raise ParseError(too_deep_message())
        try:
            return super().parse(io.BytesIO(raw), media_type, parser_context)
        except RecursionError as exc:  # not reachable under the bound; never a 500
            raise ParseError(too_deep_message()) from exc


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
