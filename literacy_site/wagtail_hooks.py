from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from literacy_site.admin_views import LockoutsView
from workshops.selectors import is_administrator


class AdministratorMenuItem(MenuItem):
    def is_shown(self, request):
        return is_administrator(request.user)


@hooks.register("register_admin_urls")
def register_lockout_urls():
    return [
        path("kunci-masuk/", LockoutsView.as_view(), name="literacy_site_lockouts"),
    ]


@hooks.register("register_settings_menu_item")
def register_lockouts_menu_item():
    return AdministratorMenuItem(
        _("Sign-in lockouts"),
        reverse("literacy_site_lockouts"),
        icon_name="lock",
        order=900,
    )


@hooks.register("register_log_actions")
def register_lockout_log_actions(actions):
    actions.register_action(
        "literacy_site.lockout.released", _("Unlock sign-in"), _("Sign-in unlocked")
    )
