from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.utils import translation

from literacy_site.addresses import is_trusted_proxy


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


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's header, with the Wagtail admin's own looser policy.

    The admin's templates and widgets (date pickers, inline panels) still carry
    inline scripts and styles, which the public policy forbids."""

    def process_response(self, request, response):
        # Chromium shows a PDF through a plugin, which object-src 'none' would
        # refuse; a PDF runs no script of ours, so it needs no policy.
        if response.get("Content-Type", "").startswith("application/pdf"):
            return response
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(settings.ADMIN_PATH_PREFIX)
        ):
            parts.config = default_config(
                settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
            )
        return parts


def permissions_policy(**allowed_here):
    """The Permissions-Policy header: the settings' policy, with the features
    named here (camera="self") allowed for this one response."""
    policy = {**settings.PERMISSIONS_POLICY}
    for feature, origin in allowed_here.items():
        policy[feature] = [origin]
    return ", ".join(
        f"{feature}=({' '.join(allowed)})" for feature, allowed in policy.items()
    )


class PermissionsPolicyMiddleware:
    """Switch off the device features no page here uses (camera, location...).

    A view that needs one sets the header itself with permissions_policy()."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy()

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


class UntrustedForwardedProtoMiddleware:
    """Forget X-Forwarded-Proto unless one of our proxies sent the request.

    With SECURE_PROXY_SSL_HEADER set, Django believes that header; a client that
    reaches gunicorn past nginx must not be able to claim HTTPS with it, just as
    it cannot choose its address with X-Forwarded-For."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_trusted_proxy(request.META.get("REMOTE_ADDR", "")):
            request.META.pop("HTTP_X_FORWARDED_PROTO", None)
        return self.get_response(request)
