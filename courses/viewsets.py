import django_filters
from django.db.models import F
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import permission_denied
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn
from wagtail.admin.views.pages.listing import IndexView as PageIndexView
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.admin.widgets.button import Button
from wagtail.contrib.search_promotions.models import Query
from wagtail.contrib.search_promotions.views.reports import SearchTermsReportView
from wagtail.snippets.views.snippets import (
    EditView,
    SnippetViewSet,
    SnippetViewSetGroup,
)
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView

from courses.models import GlossaryTerm, LessonPage, OfficialChannel, SearchSynonym
from courses.selectors import FACTS_DUE_ORDER, facts_due

# ?fakta=perlu-diperiksa: what the dashboard's *Fakta yang perlu diperiksa* lists.
FACTS_DUE = "perlu-diperiksa"


class FactsDueFilter(django_filters.ChoiceFilter):
    """Live items whose facts were last checked over six months ago, or never."""

    def __init__(self, **kwargs):
        super().__init__(
            label=_("Facts"),
            choices=[(FACTS_DUE, _("To check: over six months ago or never"))],
            empty_label=_("Any"),
            **kwargs,
        )

    def filter(self, qs, value):
        return qs.filter(facts_due()) if value == FACTS_DUE else qs


class FactsCheckedOrdering:
    """Sorted by the facts check, never-checked items come first (last when
    reversed) on every database, as on the dashboard."""

    def order_queryset(self, queryset):
        if self.ordering == "facts_checked_at" and not self.is_searching:
            return queryset.order_by(FACTS_DUE_ORDER, "pk")
        if self.ordering == "-facts_checked_at" and not self.is_searching:
            return queryset.order_by(F("facts_checked_at").desc(nulls_last=True), "-pk")
        return super().order_queryset(queryset)


class OfficialChannelEditView(EditView):
    """Adds *Tandai fakta sudah diperiksa* for those who may publish."""

    @cached_property
    def header_more_buttons(self):
        from courses.admin_views import facts_check_url, may_check_facts

        buttons = list(super().header_more_buttons)
        if may_check_facts(self.request.user, self.object):
            buttons.append(
                Button(
                    _("Mark the facts as checked"),
                    url=facts_check_url(self.object),
                    icon_name="tick",
                    priority=5,
                )
            )
        return buttons


class OfficialChannelFilterSet(WagtailFilterSet):
    fakta = FactsDueFilter()

    class Meta:
        model = OfficialChannel
        fields = ["purpose", "platform", "live"]


class OfficialChannelIndexView(FactsCheckedOrdering, SnippetIndexView):
    """The channel listing, sortable by when its facts were last checked."""


class OfficialChannelViewSet(SnippetViewSet):
    model = OfficialChannel
    icon = "link"
    menu_label = _("Official channels")
    index_view_class = OfficialChannelIndexView
    edit_view_class = OfficialChannelEditView
    list_display = ["name", "purpose", "platform", "address", "facts_checked_at"]
    filterset_class = OfficialChannelFilterSet
    # No search_fields: the model's own index (name, address) is searched; naming
    # fields makes Wagtail's SQLite backend ask for a column its index lacks.
    ordering = ["name"]


class LessonFilterSet(PageFilterSet):
    fakta = FactsDueFilter()

    class Meta:
        model = LessonPage
        fields = []


class LessonIndexView(FactsCheckedOrdering, PageIndexView):
    """The lesson listing, sortable by when its facts were last checked."""


class LessonListingViewSet(PageListingViewSet):
    """Every lesson in one paged list, to filter and sort by the facts check
    (the dashboard panel links here); no menu item: the page tree is the way
    in for writing."""

    model = LessonPage
    icon = "doc-full-inverse"
    menu_label = _("Lessons")
    add_to_admin_menu = False
    index_view_class = LessonIndexView
    filterset_class = LessonFilterSet
    columns = [
        *PageIndexView.base_columns,
        DateColumn(
            "facts_checked_at",
            label=_("Facts checked"),
            sort_key="facts_checked_at",
        ),
    ]


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "doc-full"
    menu_label = _("Glossary")
    list_display = ["term", "explanation"]
    list_filter = ["live"]
    # Searched through the model's own index, as channels are.
    ordering = ["term"]


class SearchSynonymViewSet(SnippetViewSet):
    """Spellings residents type, so that /cari/ finds what they mean."""

    model = SearchSynonym
    icon = "search"
    menu_label = _("Search synonyms")
    list_display = ["term", "variants"]
    search_fields = ["term", "variants"]
    ordering = ["term"]


class LessonContentViewSetGroup(SnippetViewSetGroup):
    """The lists lessons draw from, together in one admin menu."""

    items = (OfficialChannelViewSet, GlossaryTermViewSet, SearchSynonymViewSet)
    menu_icon = "snippet"
    menu_label = _("Lesson lists")
    menu_name = "lesson-lists"


class SearchReportView(SearchTermsReportView):
    """What residents search for on /cari/, most searched first, with how many
    results each found the last time; `only_unanswered` keeps those that found
    nothing, for editors to add a synonym, a pin or a lesson."""

    only_unanswered = False
    page_title = _("Most searched words")
    index_url_name = "search_report"
    index_results_url_name = "search_report_results"
    default_ordering = "-_hits"
    columns = [
        Column("query_string", label=_("Words searched"), sort_key="query_string"),
        NumberColumn("_hits", label=_("Searches"), sort_key="_hits"),
        NumberColumn("outcome.results", label=_("Results last time")),
        DateColumn("outcome.searched_at", label=_("Last searched")),
    ]
    export_headings = {
        "query_string": _("Words searched"),
        "_hits": _("Searches"),
        "outcome.results": _("Results last time"),
        "outcome.searched_at": _("Last searched"),
    }
    list_export = ["query_string", "_hits", "outcome.results", "outcome.searched_at"]

    def get_base_queryset(self):
        queries = Query.get_most_popular().select_related("outcome")
        if self.only_unanswered:
            queries = queries.filter(outcome__results=0)
        return queries

    def dispatch(self, request, *args, **kwargs):
        if not can_see_search_report(request.user):
            return permission_denied(request)
        # Wagtail's report allows superusers only; editors need this one.
        return super(SearchTermsReportView, self).dispatch(request, *args, **kwargs)


class UnansweredSearchReportView(SearchReportView):
    only_unanswered = True
    page_title = _("Searches that found nothing")
    index_url_name = "search_report_unanswered"
    index_results_url_name = "search_report_unanswered_results"


def can_see_search_report(user):
    return user.has_perm("courses.change_searchsynonym")
