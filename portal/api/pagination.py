"""Pagination: page numbers for ordinary lists, cursors for big ones (no COUNT on the hot path)."""

from rest_framework.pagination import CursorPagination, PageNumberPagination


class PagePagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class BigListCursorPagination(CursorPagination):
    """Cursor pagination ordered by descending pk: constant-time pages over millions of rows."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "-pk"
