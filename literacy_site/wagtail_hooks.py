from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from literacy_site import page_cache
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


def _can_approve(page, user):
    task = page.current_workflow_task
    return task is not None and any(
        name == "approve" for name, _label, _modal in task.get_actions(page, user)
    )


@hooks.register("construct_page_action_menu")
def approve_before_publish(menu_items, request, context):
    """While a page is in review, whoever can approve it gets Approve first and no
    plain Publish, which would publish it and cancel the review unapproved."""
    page = context.get("page")
    if page is None or not _can_approve(page, request.user):
        return
    menu_items[:] = [item for item in menu_items if item.name != "action-publish"]
    menu_items.sort(key=lambda item: item.name != "approve")


@hooks.register("before_edit_page")
def refuse_publish_that_skips_review(request, page):
    """Publish on a page in review is saved as a draft instead: the edits are
    kept, the page stays in review until approved."""
    if request.method != "POST" or "action-publish" not in request.POST:
        return None
    if not _can_approve(page, request.user):
        return None
    data = request.POST.copy()
    del data["action-publish"]
    request.POST = data
    messages.error(
        request,
        _(
            "This page is waiting for review, so your changes were saved as a "
            "draft and not published. Approve it to publish it, or request changes."
        ),
    )
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_publish_that_skips_review(request, action_type, objects, view):
    if action_type != "publish":
        return None
    waiting = [
        page
        for page in objects
        if hasattr(page, "current_workflow_task") and _can_approve(page, request.user)
    ]
    if not waiting:
        return None
    messages.error(
        request,
        _(
            "Nothing was published: %(pages)s waiting for review. Open each page "
            "and approve it to publish it, or request changes."
        )
        % {"pages": ", ".join(f"“{page.title}”" for page in waiting)},
    )
    return redirect(view.next_url)


@hooks.register("before_serve_page")
def allow_page_cache(page, request, serve_args, serve_kwargs):
    page_cache.mark_cacheable(page, request)
