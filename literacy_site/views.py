from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

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
