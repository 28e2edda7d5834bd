"""Wagtail's group screens, each role with the line saying what it allows."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.users.views import groups as wagtail_groups

from literacy_site.roles import ROLE_DESCRIPTIONS


def description_of(group):
    return ROLE_DESCRIPTIONS.get(group.name, "")


class IndexView(wagtail_groups.IndexView):
    columns = [
        *wagtail_groups.IndexView.columns,
        Column("description", accessor=description_of, label=_("What it allows")),
    ]


class EditView(wagtail_groups.EditView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["role_description"] = description_of(self.object)
        return context


class GroupViewSet(wagtail_groups.GroupViewSet):
    index_view_class = IndexView
    edit_view_class = EditView
    edit_template_name = "literacy_site/group_edit.html"
