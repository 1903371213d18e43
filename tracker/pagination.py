"""Pagination for the API: cursors for the large lists, pages for the small ones."""

from rest_framework.pagination import CursorPagination, PageNumberPagination

MAX_PAGE_SIZE = 100


class TrackerCursorPagination(CursorPagination):
    """Assignments, obligations, reports, notifications: stable under inserts."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = "-id"


class TrackerPagePagination(PageNumberPagination):
    """Units, groups, directives, items, periods, extension requests."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
