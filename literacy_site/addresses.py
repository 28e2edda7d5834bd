"""Addresses: the visitor's (for every limit), and the site's own (for every link).

Behind nginx every request comes from the proxy, and X-Forwarded-For says whom the
proxy saw. A client can send that header itself, so it is believed only when the
request really came from one of settings.TRUSTED_PROXIES.

Printed handouts, certificates and shared messages outlive the request that made
them, so their links must hold the public address, never the Host header of
whoever happened to ask (a facilitator on 127.0.0.1, a worker with no request).
"""

import ipaddress
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from wagtail.models import Site


@lru_cache(maxsize=8)
def _networks(trusted_proxies):
    # Entries may be single addresses or networks ("10.0.0.0/24").
    return tuple(
        ipaddress.ip_network(entry.strip(), strict=False)
        for entry in trusted_proxies
        if entry.strip()
    )


def _parse(address):
    try:
        return ipaddress.ip_address(address.strip())
    except ValueError:
        return None


def is_trusted_proxy(address):
    parsed = _parse(address)
    if parsed is None:
        return False
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    return any(parsed in network for network in networks)


def client_address(request):
    """REMOTE_ADDR; from a trusted proxy, the right-most untrusted forwarded address.

    Each proxy appends the address it was reached from, so reading from the right
    and skipping our own proxies gives the first hop we cannot vouch for; anything
    further left is whatever the client chose to write."""
    address = request.META.get("REMOTE_ADDR", "")
    if not is_trusted_proxy(address):
        return address
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(forwarded):
        hop = hop.strip()
        if _parse(hop) is None:
            # Garbage where an address should be: count the proxy that passed it
            # on, never a value a client could vary at will.
            return address
        if not is_trusted_proxy(hop):
            return hop
        address = hop
    return address


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


def whatsapp_link(phone):
    """A wa.me link for a phone number as people write it (0812…, +62 812…,
    62812…), or "" when it has no digits. wa.me wants the international form
    without "+": 0812… becomes 62812…."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return f"https://wa.me/{digits}" if digits else ""
