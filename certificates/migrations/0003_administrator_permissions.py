"""Administrators edit the certificate settings (numbering, signatory)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ADMINISTRATOR = "Administrator"


def grant(apps, schema_editor):
    app_config = apps.get_app_config("certificates")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=ADMINISTRATOR)
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="certificates",
            codename="change_certificatesettings",
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0002_print_jobs"),
        ("literacy_site", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
