"""The visitor's network address, the one place every limit asks for it.

Behind nginx every request comes from the proxy, and X-Forwarded-For says whom the
proxy saw. A client can send that header itself, so it is believed only when the
request really came from one of settings.TRUSTED_PROXIES."""

import ipaddress
from functools import lru_cache

from django.conf import settings


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
