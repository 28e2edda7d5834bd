from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from wagtail import hooks
from wagtail.models import Site
from wagtail.views import serve

from courses.models import CoursePage, LessonPage
from courses.selectors import glossary_with_lessons, search_lessons, with_course_titles
from courses.tasks import handout_pdf_or_none

RESULTS_PER_PAGE = 10
TERMS_PER_PAGE = 30
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
    route = page_route(request, page_path)
    if (
        route is None
        or not isinstance(route.page, (CoursePage, LessonPage))
        or version not in HANDOUT_VERSIONS
    ):
        return serve(request, request.path)
    short = HANDOUT_VERSIONS[version]

    # Served as Wagtail serves the page itself, through the same hooks (privacy).
    def respond(page, request, args, kwargs):
        return handout_response(request, page, short)

    for wrap in reversed(hooks.get_hooks("on_serve_page")):
        respond = wrap(respond)
    for hook in hooks.get_hooks("before_serve_page"):
        refusal = hook(route.page, request, route.args, route.kwargs)
        if isinstance(refusal, HttpResponse):
            return refusal
    return respond(route.page, request, route.args, route.kwargs)


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
