from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from courses.viewsets import (
    LessonContentViewSetGroup,
    SearchReportView,
    UnansweredSearchReportView,
    can_see_search_report,
)

register_snippet(LessonContentViewSetGroup)


class SearchReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_search_report(request.user)


@hooks.register("register_admin_urls")
def register_search_report_urls():
    return [
        path("laporan-pencarian/", SearchReportView.as_view(), name="search_report"),
        path(
            "laporan-pencarian/hasil/",
            SearchReportView.as_view(results_only=True),
            name="search_report_results",
        ),
        path(
            "laporan-pencarian/tanpa-hasil/",
            UnansweredSearchReportView.as_view(),
            name="search_report_unanswered",
        ),
        path(
            "laporan-pencarian/tanpa-hasil/hasil/",
            UnansweredSearchReportView.as_view(results_only=True),
            name="search_report_unanswered_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_search_report_menu_item():
    return SearchReportMenuItem(
        _("Most searched words"),
        reverse("search_report"),
        name="search-report",
        icon_name="search",
        order=1310,
    )


@hooks.register("register_reports_menu_item")
def register_unanswered_search_report_menu_item():
    return SearchReportMenuItem(
        _("Searches that found nothing"),
        reverse("search_report_unanswered"),
        name="search-report-unanswered",
        icon_name="warning",
        order=1320,
    )
