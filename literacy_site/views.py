import sys

from django.conf import settings
from django.http import HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from literacy_site.addresses import absolute_url
from literacy_site.outages import SAFE_METHODS, is_outage, outage_response
from literacy_site.reading import CONTRASTS, COOKIE_MAX_AGE, TEXT_SIZES


def safe_next_url(request, fallback="/"):
    url = request.POST.get("next") or request.GET.get("next")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return fallback


@require_POST
def reading_preferences(request):
    """Remember text size and contrast on this device, then go back to the page.

    The buttons work without JavaScript through this view; with JavaScript the
    same cookies are written in the browser and no reload is needed.
    """
    response = HttpResponseRedirect(safe_next_url(request))
    for field, cookie_name, choices in (
        ("text_size", settings.TEXT_SIZE_COOKIE, TEXT_SIZES),
        ("contrast", settings.CONTRAST_COOKIE, CONTRASTS),
    ):
        value = request.POST.get(field)
        if value in choices:
            response.set_cookie(
                cookie_name,
                value,
                max_age=COOKIE_MAX_AGE,
                samesite="Lax",
                secure=request.is_secure(),
            )
    return response


def server_error(request):
    """Every uncaught exception ends here: an outage gets 503, the rest 500.

    Unlike a middleware's process_exception, a handler500 also sees exceptions
    raised outside the view, such as a session save that fails after it.
    """
    if is_outage(sys.exc_info()[1]):
        return outage_response(request)
    template = loader.get_template("500.html")
    return HttpResponseServerError(
        template.render({"was_write": request.method not in SAFE_METHODS})
    )


def robots_txt(request):
    return render(
        request,
        "robots.txt",
        {"sitemap_url": absolute_url("/sitemap.xml")},
        content_type="text/plain; charset=utf-8",
    )
