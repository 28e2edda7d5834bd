"""Screens of our own in the Wagtail admin."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from literacy_site import lockouts
from workshops.selectors import is_administrator


class LockoutsView(WagtailAdminTemplateMixin, TemplateView):
    """Who is locked out of signing in, and a button to let each one in again."""

    page_title = _("Sign-in lockouts")
    header_icon = "lock"
    template_name = "literacy_site/admin/lockouts.html"

    def dispatch(self, request, *args, **kwargs):
        if not is_administrator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(lockouts=lockouts.current_lockouts(), **kwargs)

    def post(self, request):
        username = request.POST.get("username", "")
        removed = lockouts.lockout_release(
            username=username,
            ip_address=request.POST.get("ip_address") or None,
            released_by=request.user,
        )
        if removed:
            messages.success(
                request, _("%(username)s can sign in again.") % {"username": username}
            )
        else:
            messages.info(request, _("That sign-in was no longer locked."))
        return redirect("literacy_site_lockouts")
