from django.conf import settings
from django.utils import translation


class ChosenLanguageMiddleware:
    """Use the language the visitor chose on this site, else the site's language.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language:
    many residents' phones are set to English though they read Indonesian best.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
