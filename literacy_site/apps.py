from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig

# What saving a draft writes on the live row: no reader sees any of it.
# (Its comments are a relation, which modelcluster leaves out of update_fields.)
DRAFT_BOOKKEEPING = {
    "draft_title",
    "has_unpublished_changes",
    "latest_revision",
    "latest_revision_created_at",
    "locked",
    "locked_at",
    "locked_by",
}


def _shown_on_pages(instance, update_fields=None):
    """Whether saving or deleting this row can change a public page: a page or
    a moderated snippet (unless only its draft bookkeeping was written), the
    organisation's settings, the Site's address, a picture, a recording, or who
    may see a page (making a page private saves only its restriction)."""
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.images.models import AbstractImage
    from wagtail.models import BaseViewRestriction, DraftStateMixin, Page, Site
    from wagtailmedia.models import AbstractMedia

    if isinstance(instance, (Page, DraftStateMixin)):
        return not (update_fields and set(update_fields) <= DRAFT_BOOKKEEPING)
    return isinstance(
        instance,
        (
            BaseSiteSetting,
            BaseGenericSetting,
            Site,
            AbstractImage,
            AbstractMedia,
            BaseViewRestriction,
        ),
    )


def forget_kept_pages(sender, instance, update_fields=None, **kwargs):
    if _shown_on_pages(instance, update_fields):
        from literacy_site import page_cache

        page_cache.invalidate()


class LiteracySiteConfig(AppConfig):
    # The module holds two configs; without this Django used neither's ready().
    default = True
    name = "literacy_site"
    verbose_name = _("Site")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import (
            page_published,
            page_unpublished,
            post_page_move,
            published,
            unpublished,
        )

        from literacy_site import page_cache

        # Signals, not admin hooks: approvals, scheduled publishing and load_demo
        # publish too. Any of them forgets every page kept for anonymous readers.
        for signal in (
            page_published,
            page_unpublished,
            post_page_move,
            published,
            unpublished,
        ):
            signal.connect(page_cache.invalidate_on_signal, dispatch_uid="page-cache")
        post_save.connect(forget_kept_pages, dispatch_uid="page-cache-saved")
        post_delete.connect(forget_kept_pages, dispatch_uid="page-cache-deleted")


class UsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app with the office's user and group screens."""

    user_viewset = "literacy_site.users.UserViewSet"
    group_viewset = "literacy_site.groups.GroupViewSet"
