"""Every URL route of the project, for tests that walk them all."""

from django.urls import URLPattern, URLResolver, get_resolver


def all_routes():
    """(regex of the whole path, pattern) of every route, web and API."""

    def walk(patterns, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + p.pattern.regex.pattern.lstrip("^"))
            elif isinstance(p, URLPattern):
                yield prefix + p.pattern.regex.pattern.lstrip("^"), p

    yield from walk(get_resolver().url_patterns, "")
