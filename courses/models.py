from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class HomePage(Page):
    """The root of the public site: a greeting and the ways in."""

    greeting = models.CharField(
        _("greeting"),
        max_length=120,
        help_text=_("A short, warm welcome, for example 'Selamat datang'."),
    )
    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Two or three short sentences on what residents can do here."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("greeting"),
        FieldPanel("intro"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")
