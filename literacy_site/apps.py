from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiteracySiteConfig(AppConfig):
    name = "literacy_site"
    verbose_name = _("Site")
