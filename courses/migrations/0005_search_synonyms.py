"""A first list of the ways residents write what the lessons call by one name,
and the right for Editors and Moderators to extend it and to pin search answers."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SYNONYMS = {
    "WhatsApp": "WA, watsap, wasap, whatsap, wassap, whats app, wa app",
    "hoaks": "hoax, hoak, hoaxs, berita bohong",
    "panggilan video": "video call, vc, videocall, vidcall, video call wa",
    "pesan suara": "voice note, vn, rekaman suara, pesan rekaman",
    "pinjaman online": "pinjol, pinjaman daring, pinjam online",
    "bansos": "bantuan sosial, bantuan pemerintah, blt",
    "penipuan": "scam, tipu-tipu",
    "kode OTP": "OTP, one time password",
    "tautan": "link, lingk, url",
    "tangkapan layar": "screenshot, ss, skrinsut",
    "HP": "handphone, hape, ponsel, telepon genggam, smartphone",
    "Facebook": "FB, fesbuk, pesbuk, facebuk",
    "Instagram": "IG, insta",
    "YouTube": "yutub, YT, you tube",
    "TikTok": "tik tok",
    "media sosial": "medsos, sosmed, sosial media",
    "verifikasi dua langkah": (
        "two step verification, 2fa, verifikasi 2 langkah, pin whatsapp"
    ),
    "centang biru": "verified, tanda biru, akun resmi",
    "kata sandi": "password, pasword, sandi",
    "grup": "group, grub",
    "santun": "sopan, sopan santun, tata krama",
    "Wi-Fi": "wifi, wi fi",
    "pesan berantai": "chain message, pesan terusan",
}
EDITOR = "Editor"
MODERATOR = "Moderator"
PERMISSIONS = [
    ("courses", "searchsynonym", ("add", "change", "delete", "view")),
    ("wagtailsearchpromotions", "searchpromotion", ("add", "change", "delete")),
]


def ensure_permissions_exist(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None


def seed(apps, schema_editor):
    SearchSynonym = apps.get_model("courses", "SearchSynonym")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for term, variants in SYNONYMS.items():
        SearchSynonym.objects.get_or_create(term=term, defaults={"variants": variants})
    ensure_permissions_exist(apps)
    for name in (EDITOR, MODERATOR):
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for app_label, model, actions in PERMISSIONS:
            for action in actions:
                group.permissions.add(
                    Permission.objects.get(
                        content_type__app_label=app_label,
                        codename=f"{action}_{model}",
                    )
                )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0004_search_index"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
