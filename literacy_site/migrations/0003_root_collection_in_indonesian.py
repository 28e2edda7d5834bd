"""Wagtail names its root collection "Root"; editors see it in every image and
document form, so it gets an Indonesian name."""

from django.db import migrations

WAGTAIL_NAME = "Root"
OUR_NAME = "Koleksi utama"


def rename(apps, schema_editor, old=WAGTAIL_NAME, new=OUR_NAME):
    Collection = apps.get_model("wagtailcore", "Collection")
    Collection.objects.filter(depth=1, name=old).update(name=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, old=OUR_NAME, new=WAGTAIL_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("literacy_site", "0002_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]
