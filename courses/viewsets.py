from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from courses.models import GlossaryTerm, OfficialChannel, SearchSynonym


class OfficialChannelViewSet(SnippetViewSet):
    model = OfficialChannel
    icon = "link"
    menu_label = _("Official channels")
    list_display = ["name", "platform", "address", "last_checked"]
    list_filter = ["platform"]
    search_fields = ["name", "address"]
    ordering = ["name"]


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "doc-full"
    menu_label = _("Glossary")
    list_display = ["term", "explanation"]
    search_fields = ["term", "explanation"]
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
