"""Reading preferences (text size, contrast), kept in cookies on the device."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

TEXT_SIZES = {
    "normal": _("Normal"),
    "large": _("Large"),
    "largest": _("Largest"),
}
CONTRASTS = {
    "normal": _("Normal"),
    "high": _("High contrast"),
}
COOKIE_MAX_AGE = 60 * 60 * 24 * 365 * 2


def chosen(request, cookie_name, choices):
    value = request.COOKIES.get(cookie_name, "normal")
    return value if value in choices else "normal"


def preferences_from(request):
    return {
        "text_size": chosen(request, settings.TEXT_SIZE_COOKIE, TEXT_SIZES),
        "contrast": chosen(request, settings.CONTRAST_COOKIE, CONTRASTS),
    }
