import hashlib
import json

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext
from wagtail import hooks
from wagtail.models import Site
from wagtail.views import serve

from courses import search as site_search
from courses import services
from courses.models import CourseIndexPage, CoursePage, LessonPage, course_listing
from courses.selectors import glossary_with_lessons, official_channels_by_purpose
from courses.tasks import handout_pdf_or_none
from literacy_site.addresses import absolute_url
from literacy_site.models import OrganisationSettings

TERMS_PER_PAGE = 30
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
    """Lessons, courses, glossary terms and official channels for the words
    typed, editors' pins first; with nothing found, a suggestion and the courses."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    context = {"query": query, "search_field_id": "cari-halaman"}
    if query:
        results = site_search.search(query, page_number=request.GET.get("halaman"))
        context["results"] = results
        if not results.hits and not results.promotions:
            index = CourseIndexPage.objects.live().first()
            context["pillars"] = course_listing(index).groups if index else []
            context["course_index"] = index
    return TemplateResponse(request, "courses/search.html", context)


def official_channels(request):
    """The live, moderated official channels, grouped by what they are for."""
    return TemplateResponse(
        request,
        "courses/official_channels.html",
        {"groups": official_channels_by_purpose(), "card_sizes": services.CARD_SIZES},
    )


def official_channels_card(request, size):
    """The channels as a card to print: A4 in large print, or wallet size."""
    if size not in services.CARD_SIZES:
        raise Http404
    url = absolute_url(reverse("official_channels"))
    response = HttpResponse(
        services.channel_card_pdf(size=size, url=url), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="saluran-resmi-{size}.pdf"'
    return response


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


def glossary(request):
    """/kamus/: every glossary term with its explanation and the lessons using it."""
    page_obj = Paginator(glossary_with_lessons(), TERMS_PER_PAGE).get_page(
        request.GET.get("halaman")
    )
    return TemplateResponse(
        request, "courses/glossary.html", {"page_obj": page_obj, "entries": page_obj}
    )


# cetak/ is the page's usual handout (a lesson in full, a course short); these
# ask for one version.
HANDOUT_VERSIONS = {"": None, "ringkas": True, "lengkap": False}


def handout(request, page_path, version=""):
    """A lesson's or course's handout at the page's address plus cetak/: the PDF,
    or a page that waits for the worker to draw it. Other pages' cetak/ is theirs."""
    if version not in HANDOUT_VERSIONS:
        return serve(request, request.path)
    short = HANDOUT_VERSIONS[version]

    def respond(page, request, args, kwargs):
        return handout_response(request, page, short)

    suffix = f"cetak/{version}" if version else "cetak"
    return serve_for_page(request, page_path, suffix, respond)


def preview_image(request, page_path):
    """The picture a chat app shows beside a shared link to a lesson or course,
    at the page's address plus pratinjau/."""
    return serve_for_page(request, page_path, "pratinjau", preview_image_response)


def serve_for_page(request, page_path, suffix, respond):
    """`respond(page, request, args, kwargs)` for a live lesson or course at the
    path; any other page gets the address as Wagtail would serve it."""
    route = page_route(request, page_path)
    if route is None or not isinstance(route.page, (CoursePage, LessonPage)):
        return serve(request, f"{page_path}/{suffix}/")
    # Served as Wagtail serves the page itself, through the same hooks (privacy).
    for wrap in reversed(hooks.get_hooks("on_serve_page")):
        respond = wrap(respond)
    for hook in hooks.get_hooks("before_serve_page"):
        refusal = hook(route.page, request, route.args, route.kwargs)
        if isinstance(refusal, HttpResponse):
            return refusal
    return respond(route.page, request, route.args, route.kwargs)


def preview_image_response(page, request, args, kwargs):
    response = HttpResponse(services.preview_image(page=page), content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def handout_response(request, page, short):
    pdf_bytes = handout_pdf_or_none(page=page, short=short)
    if pdf_bytes is None:
        return TemplateResponse(
            request, "courses/handout_waiting.html", {"page": page}, status=202
        )
    response = HttpResponse(pdf_bytes, content_type="application/pdf")
    suffix = {None: "", True: "-ringkas", False: "-lengkap"}[short]
    response["Content-Disposition"] = f'inline; filename="{page.slug}{suffix}.pdf"'
    return response


def page_route(request, page_path):
    """The live page at the path on this request's site, as Wagtail finds it."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    try:
        return site.root_page.localized.specific.route(
            request, [part for part in page_path.split("/") if part]
        )
    except Http404:
        return None
