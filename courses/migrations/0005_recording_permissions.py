"""Editors and Moderators may upload and choose recorded voices.

wagtailmedia gives its permissions to groups named "Editors" and "Moderators",
which literacy_site renames; depending on which migration runs first, our groups
would get them or not. Given here either way, on the root collection as
Wagtail's own images and documents are."""

from django.db import migrations

ROLES = ("Editor", "Moderator")
CODENAMES = ("add_media", "change_media", "choose_media")


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Collection = apps.get_model("wagtailcore", "Collection")
    Group = apps.get_model("auth", "Group")
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )
    Permission = apps.get_model("auth", "Permission")
    root = Collection.objects.filter(depth=1).first()
    permissions = Permission.objects.filter(
        content_type__app_label="wagtailmedia", codename__in=CODENAMES
    )
    if root is None:
        return
    for group in Group.objects.filter(name__in=ROLES):
        for permission in permissions:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0004_lesson_recordings"),
        ("literacy_site", "0002_roles"),
        ("wagtailmedia", "0005_alter_media_options"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
