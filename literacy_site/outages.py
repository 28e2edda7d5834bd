"""What a visitor sees when the database cannot be reached or written.

A restarting PostgreSQL, a read-only or locked SQLite file and a full disk are
outages, not bugs: the answer is 503 with Retry-After and a page that says plainly
that the last action was not saved. The page is a static template rendered without
the request, so showing it needs neither the database nor the session.
"""

import errno

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

RETRY_AFTER_SECONDS = 60
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# Writing a file fails this way when the disk is full or mounted read-only.
OUTAGE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS}


def is_outage(exc):
    """True when exc, or an exception it was raised from, is a storage outage."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, (OperationalError, InterfaceError)):
            return True
        if isinstance(exc, OSError) and exc.errno in OUTAGE_ERRNOS:
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def outage_response(request):
    template = loader.get_template("503.html")
    content = template.render({"was_write": request.method not in SAFE_METHODS})
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # A cache or proxy must not keep this page in place of the real one.
    response["Cache-Control"] = "no-store"
    return response
