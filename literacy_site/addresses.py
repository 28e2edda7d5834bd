"""Absolute addresses, always on SITE_URL.

Printed handouts, certificates and shared messages outlive the request that made
them, so their links must hold the public address, never the Host header of
whoever happened to ask (a facilitator on 127.0.0.1, a worker with no request).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from wagtail.models import Site


def absolute_url(path):
    """`path` (starting with "/") on the public address."""
    return settings.SITE_URL + path


def page_full_url(page):
    """The page's public address: SITE_URL plus its path in the page tree."""
    _site_id, _root_url, page_path = page.get_url_parts()
    return absolute_url(page_path)


def site_record_update():
    """Write SITE_URL's host and port into Wagtail's default Site record.

    Wagtail builds the admin's "view live" links and the sitemap from that record.
    Returns the site and whether it changed; running it again changes nothing.
    """
    address = urlsplit(settings.SITE_URL)
    port = address.port or (443 if address.scheme == "https" else 80)
    with transaction.atomic():
        site = Site.objects.select_for_update().filter(is_default_site=True).first()
        if site is None:
            raise Site.DoesNotExist("No default site: run migrate and load_demo.")
        changed = (site.hostname, site.port) != (address.hostname, port)
        if changed:
            site.hostname = address.hostname
            site.port = port
            site.save(update_fields=["hostname", "port"])
    return site, changed
