from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets.button import Button
from wagtail.snippets.views.snippets import (
    EditView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from courses.models import GlossaryTerm, OfficialChannel


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


class OfficialChannelViewSet(SnippetViewSet):
    model = OfficialChannel
    icon = "link"
    menu_label = _("Official channels")
    edit_view_class = OfficialChannelEditView
    list_display = ["name", "purpose", "platform", "address", "facts_checked_at"]
    list_filter = ["purpose", "platform", "live"]
    search_fields = ["name", "address"]
    ordering = ["name"]


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "doc-full"
    menu_label = _("Glossary")
    list_display = ["term", "explanation"]
    list_filter = ["live"]
    search_fields = ["term", "explanation"]
    ordering = ["term"]


class LessonContentViewSetGroup(SnippetViewSetGroup):
    """The lists lessons draw from, together in one admin menu."""

    items = (OfficialChannelViewSet, GlossaryTermViewSet)
    menu_icon = "snippet"
    menu_label = _("Lesson lists")
    menu_name = "lesson-lists"
