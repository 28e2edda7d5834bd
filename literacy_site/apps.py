from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class LiteracySiteConfig(AppConfig):
    name = "literacy_site"
    verbose_name = _("Site")


class UsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app with the office's user and group screens."""

    user_viewset = "literacy_site.users.UserViewSet"
    group_viewset = "literacy_site.groups.GroupViewSet"
