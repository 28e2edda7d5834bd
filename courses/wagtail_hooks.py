from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet

from courses.admin_views import (
    FactsCheckView,
    FactsToCheckPanel,
    facts_check_url,
    may_check_facts,
)
from courses.models import LessonPage
from courses.services import FACTS_CHECKED_ACTION
from courses.viewsets import (
    LessonContentViewSetGroup,
    LessonListingViewSet,
    SearchReportView,
    UnansweredSearchReportView,
    can_see_search_report,
)

register_snippet(LessonContentViewSetGroup)


@hooks.register("register_admin_viewset")
def register_lesson_listing():
    return LessonListingViewSet("materi")


@hooks.register("register_admin_urls")
def register_facts_check_urls():
    return [
        path(
            "fakta/<str:kind>/<int:pk>/",
            FactsCheckView.as_view(),
            name="courses_facts_check",
        )
    ]


@hooks.register("register_log_actions")
def register_facts_check_log_action(actions):
    actions.register_action(
        FACTS_CHECKED_ACTION, _("Check facts"), _("Facts marked as checked")
    )


@hooks.register("register_page_header_buttons")
def facts_check_page_button(page, user, view_name, next_url=None):
    page = page.specific_deferred
    if isinstance(page, LessonPage) and page.live and may_check_facts(user, page):
        yield Button(
            _("Mark the facts as checked"),
            url=facts_check_url(page),
            icon_name="tick",
            priority=62,
        )


@hooks.register("construct_homepage_panels")
def add_facts_to_check_panel(request, panels):
    if FactsToCheckPanel.is_shown_to(request.user):
        panels.append(FactsToCheckPanel(request.user))


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
