"""Counting the database queries a page costs when it is drawn, not kept."""

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_to_draw(client, url):
    """Queries for a second visit with the caches emptied: the first visit makes
    the picture sizes; Wagtail keeps renditions in the default cache and the page
    cache keeps whole pages, and both are empty after every restart."""
    client.get(url)
    caches["default"].clear()
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)
