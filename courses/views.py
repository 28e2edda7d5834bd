from django.template.response import TemplateResponse

from courses import search as site_search
from courses.models import CourseIndexPage
from courses.selectors import courses_by_pillar

MAX_QUERY_LENGTH = 200


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
            context["pillars"] = courses_by_pillar(index) if index else []
    return TemplateResponse(request, "courses/search.html", context)
