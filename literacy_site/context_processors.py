from django.conf import settings

from literacy_site.reading import CONTRASTS, TEXT_SIZES, preferences_from


def reading_preferences(request):
    return {
        "reading": preferences_from(request),
        "text_size_choices": TEXT_SIZES,
        "text_size_cookie": settings.TEXT_SIZE_COOKIE,
        "contrast_choices": CONTRASTS,
        "contrast_cookie": settings.CONTRAST_COOKIE,
    }
