"""Reads that span pages, for screens other than the pages themselves (each page
reads what it shows in `models.py`; the site's search reads in `search.py`). Each
runs a fixed number of queries, however many courses, lessons or steps there are."""

from wagtail.models import Page


def parent_path(page):
    return page.path[: -Page.steplen]
