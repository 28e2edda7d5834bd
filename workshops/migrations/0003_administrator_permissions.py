"""Administrators plan workshops in the Wagtail admin: give their group the rights."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ADMINISTRATOR = "Administrator"
MODELS = ["venue", "workshop", "workshopsession", "participant", "staffplace"]
ACTIONS = ["add", "change", "delete", "view"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("workshops")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=ADMINISTRATOR)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="workshops",
            codename__in=[f"{a}_{m}" for a in ACTIONS for m in MODELS],
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=ADMINISTRATOR).first()
    if group:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="workshops",
                codename__in=[f"{a}_{m}" for a in ACTIONS for m in MODELS],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0002_workshops_and_registrations"),
        ("literacy_site", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
