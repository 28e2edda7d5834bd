import hashlib
import json

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext

from courses.selectors import search_lessons, with_course_titles
from literacy_site.models import OrganisationSettings

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200
# What the offline page shows itself with (templates/base.html).
OFFLINE_PAGE_ASSETS = (
    "css/site.css",
    "css/print.css",
    "js/site.js",
    "js/offline.js",
    "img/favicon.svg",
)


def search(request):
    """Lessons holding the words typed, ten to a page, each with its course."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    context = {"query": query, "hits": [], "search_field_id": "cari-halaman"}
    if query:
        paginator = Paginator(search_lessons(query), RESULTS_PER_PAGE)
        page_obj = paginator.get_page(request.GET.get("halaman"))
        context.update(
            paginator=paginator,
            page_obj=page_obj,
            hits=with_course_titles(page_obj.object_list),
        )
    return TemplateResponse(request, "courses/search.html", context)


def service_worker(request):
    """static/sw/sw.js at the site's root (a worker controls only pages under
    its own address), headed by the files the offline page needs, whose
    hashed names change with each release and so renew the worker."""
    with open(finders.find("sw/sw.js"), encoding="utf-8") as source:
        body = source.read()
    offline_url = reverse("offline")
    core = [offline_url] + [static(name) for name in OFFLINE_PAGE_ASSETS]
    version = hashlib.sha256((body + "".join(core)).encode()).hexdigest()[:12]
    head = (
        f"var VERSION = {json.dumps(version)};\n"
        f"var CORE = {json.dumps(core)};\n"
        f"var OFFLINE_URL = {json.dumps(offline_url)};\n"
    )
    response = HttpResponse(head + body, content_type="text/javascript")
    # Browsers check for a new worker at least daily anyway; never serve an old one.
    response["Cache-Control"] = "no-cache"
    return response


def web_app_manifest(request):
    """What a phone needs to add the site to its home screen."""
    organisation = OrganisationSettings.for_request(request)
    name = organisation.display_name or gettext("Digital literacy")
    manifest = {
        "name": name,
        "short_name": name[:12],
        "lang": settings.LANGUAGE_CODE,
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5394",
        "icons": [
            {
                "src": static(f"img/icon-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": "any maskable",
            }
            for size in (192, 512)
        ],
    }
    return JsonResponse(manifest, content_type="application/manifest+json")


def offline(request):
    """What a page not saved for reading without signal shows without signal."""
    return TemplateResponse(request, "courses/offline.html", {})
