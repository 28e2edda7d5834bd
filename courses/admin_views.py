"""Admin screens for the facts check: mark a lesson's or channel's facts as
checked, and the dashboard panel of those not checked for a while."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permission_policies.pages import PagePermissionPolicy

from courses import selectors, services
from courses.models import LessonPage, OfficialChannel
from courses.viewsets import FACTS_DUE

# The address names what is checked: /admin/fakta/materi/12/, /admin/fakta/saluran/3/
CHECKED_KINDS = {"materi": LessonPage, "saluran": OfficialChannel}


def may_check_facts(user, item):
    """Whoever may publish it: Moderators (lessons and channels) and
    Administrators (channels), not Editors."""
    if isinstance(item, LessonPage):
        return item.permissions_for_user(user).can_publish()
    return may_publish_channels(user)


def may_publish_lessons(user):
    return PagePermissionPolicy().user_has_permission(user, "publish")


def may_publish_channels(user):
    return user.has_perm("courses.publish_officialchannel")


def facts_check_url(item):
    kind = "materi" if isinstance(item, LessonPage) else "saluran"
    return reverse("courses_facts_check", args=[kind, item.pk])


def edit_url(item):
    if isinstance(item, LessonPage):
        return reverse("wagtailadmin_pages:edit", args=[item.pk])
    return reverse("wagtailsnippets_courses_officialchannel:edit", args=[item.pk])


def facts_due_list_url(listing):
    """The admin listing, filtered to what is due a facts check, oldest first."""
    query = urlencode({"fakta": FACTS_DUE, "ordering": "facts_checked_at"})
    return f"{reverse(listing)}?{query}"


class FactsCheckView(WagtailAdminTemplateMixin, TemplateView):
    """Tandai fakta sudah diperiksa: asks, then records who checked and when."""

    page_title = gettext_lazy("Mark the facts as checked")
    header_icon = "tick"
    template_name = "courses/admin/facts_check.html"

    def dispatch(self, request, kind, pk):
        model = CHECKED_KINDS.get(kind)
        if model is None:
            raise Http404
        self.item = model.objects.filter(pk=pk).first()
        if self.item is None:
            raise Http404
        if not may_check_facts(request.user, self.item):
            raise PermissionDenied
        return super().dispatch(request, kind, pk)

    def get_page_subtitle(self):
        return str(self.item)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            item=self.item,
            is_lesson=isinstance(self.item, LessonPage),
            edit_url=edit_url(self.item),
        )
        return context

    def post(self, request, kind, pk):
        services.facts_mark_checked(item=self.item, user=request.user)
        messages.success(
            request,
            _("Facts of “%(item)s” marked as checked today.") % {"item": self.item},
        )
        return redirect(request.POST.get("next") or edit_url(self.item))


class FactsToCheckPanel(Component):
    """Lessons and channels whose facts were last checked over six months ago,
    or never: the oldest first, with links to check them. Each group only for
    those who may publish it (Administrators publish channels, not lessons)."""

    order = 60
    template_name = "courses/admin/facts_to_check_panel.html"

    def __init__(self, user):
        self.user = user

    @staticmethod
    def is_shown_to(user):
        return may_publish_lessons(user) or may_publish_channels(user)

    def get_context_data(self, parent_context):
        groups = []
        if may_publish_lessons(self.user):
            groups.append(
                self.group(
                    LessonPage,
                    _("Lessons"),
                    _(
                        "lessons whose facts were last checked over six months "
                        "ago, or never"
                    ),
                    facts_due_list_url("materi:index"),
                    ngettext_lazy(
                        "See the %(count)s lesson", "See all %(count)s lessons", "count"
                    ),
                )
            )
        if may_publish_channels(self.user):
            groups.append(
                self.group(
                    OfficialChannel,
                    _("Official channels"),
                    _(
                        "official channels whose facts were last checked over six "
                        "months ago, or never"
                    ),
                    facts_due_list_url("wagtailsnippets_courses_officialchannel:list"),
                    ngettext_lazy(
                        "See the %(count)s official channel",
                        "See all %(count)s official channels",
                        "count",
                    ),
                )
            )
        if len(groups) == 1:
            summary = groups[0]["summary"]
        else:
            summary = _(
                "lessons and channels whose facts were last checked over six "
                "months ago, or never"
            )
        return {
            "count": sum(group["count"] for group in groups),
            "summary": summary,
            "groups": groups,
        }

    def group(self, model, heading, summary, all_url, all_label):
        items, count = selectors.facts_to_check(model)
        return {
            "heading": heading,
            "summary": summary,
            "count": count,
            "items": [self.row(item) for item in items],
            "all_url": all_url,
            "all_label": all_label % {"count": count},
        }

    @staticmethod
    def row(item):
        return {
            "label": item.title if isinstance(item, LessonPage) else str(item),
            "checked_on": item.facts_checked_on,
            "edit_url": edit_url(item),
            "check_url": facts_check_url(item),
        }
