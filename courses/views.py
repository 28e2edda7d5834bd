from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse

from courses import services
from courses.selectors import (
    official_channels_by_purpose,
    search_lessons,
    with_course_titles,
)
from literacy_site.addresses import absolute_url

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


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
