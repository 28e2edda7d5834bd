"""Create the five roles. Wagtail's own Editors and Moderators groups are renamed,
so they keep the page and collection permissions Wagtail gave them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = "Editor"
MODERATOR = "Moderator"
FACILITATOR = "Fasilitator"
VILLAGE_STAFF = "Operator desa"
ADMINISTRATOR = "Administrator"

ADMIN_ACCESS = ("wagtailadmin", "access_admin")
ROLE_PERMISSIONS = {
    EDITOR: [ADMIN_ACCESS],
    MODERATOR: [ADMIN_ACCESS],
    FACILITATOR: [],
    VILLAGE_STAFF: [],
    ADMINISTRATOR: [
        ADMIN_ACCESS,
        ("auth", "add_user"),
        ("auth", "change_user"),
        ("auth", "delete_user"),
        ("auth", "view_user"),
        ("literacy_site", "change_organisationsettings"),
        ("workshops", "add_kecamatan"),
        ("workshops", "change_kecamatan"),
        ("workshops", "view_kecamatan"),
        ("workshops", "add_desa"),
        ("workshops", "change_desa"),
        ("workshops", "view_desa"),
    ],
}


def ensure_permissions_exist(apps):
    # Permissions are normally made after all migrations; this one needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ensure_permissions_exist(apps)
    for wagtail_name, ours in (("Editors", EDITOR), ("Moderators", MODERATOR)):
        if not Group.objects.filter(name=ours).exists():
            Group.objects.filter(name=wagtail_name).update(name=ours)
    for name, permissions in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, codename in permissions:
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                )
            )


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(
        name__in=[FACILITATOR, VILLAGE_STAFF, ADMINISTRATOR]
    ).delete()
    Group.objects.filter(name=EDITOR).update(name="Editors")
    Group.objects.filter(name=MODERATOR).update(name="Moderators")


class Migration(migrations.Migration):
    dependencies = [
        ("literacy_site", "0001_initial"),
        ("workshops", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
