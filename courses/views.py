from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from courses.selectors import search_lessons, with_course_titles

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
