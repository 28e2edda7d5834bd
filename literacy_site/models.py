from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from literacy_site.addresses import whatsapp_link
from workshops.fields import PhoneNumberField


class ReadOnlySafeSiteSetting(BaseSiteSetting):
    """A site setting that reading never writes.

    Wagtail creates the row on first read (get_or_create), so a page read while
    the database is read-only would fail; here a site without the row gets a
    blank, unsaved one, which the settings screen saves on the first edit.
    """

    class Meta:
        abstract = True

    @classmethod
    def for_site(cls, site):
        if site is None:
            raise cls.DoesNotExist(f"{cls.__name__} does not exist for site None.")
        return cls.base_queryset().filter(site=site).first() or cls(site=site)


class BackgroundJob(models.Model):
    """Work done by the task worker while a person watches its page: who asked,
    how far it is, and what lets a job whose worker died be tried once more,
    then shown as failed. Subclasses add their status, target and result."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    # A worker that dies (killed, out of memory, power cut) stops reporting
    # progress; these let the job be retried once and then shown as failed.
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    progress_at = models.DateTimeField(_("last progress at"), null=True, blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-requested_at"]

    @property
    def percent_done(self):
        return round(100 * self.done / self.total) if self.total else 0


@register_setting(icon="site")
class OrganisationSettings(ReadOnlySafeSiteSetting):
    """Who runs this site: shown in the header, the help box and every printout."""

    name = models.CharField(
        _("organisation name"),
        max_length=200,
        help_text=_("In full, for example the name of the regency's office."),
    )
    short_name = models.CharField(
        _("short name"),
        max_length=60,
        blank=True,
        help_text=_("Shown on small screens, for example an abbreviation."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    address = models.TextField(_("address"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    whatsapp_number = models.CharField(
        _("WhatsApp number"),
        max_length=30,
        blank=True,
        help_text=_("With the country code, for example 6281234567890."),
    )
    website = models.URLField(_("official website"), blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("short_name"), FieldPanel("logo")],
            heading=_("Organisation"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("contact_phone"),
                FieldPanel("whatsapp_number"),
                FieldPanel("website"),
            ],
            heading=_("Contact"),
        ),
    ]

    class Meta:
        verbose_name = _("organisation")

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return self.short_name or self.name

    @property
    def whatsapp_link(self):
        return whatsapp_link(self.whatsapp_number)


class SignInPhone(models.Model):
    """A phone number its user may sign in with instead of the user name
    (literacy_site.signin); one account per number."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="sign_in_phone",
    )
    phone = PhoneNumberField(_("phone number"), max_length=20, unique=True)

    class Meta:
        verbose_name = _("sign-in phone number")
        verbose_name_plural = _("sign-in phone numbers")

    def __str__(self):
        return self.phone
