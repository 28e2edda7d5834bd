import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import register_setting

from certificates.codes import format_code
from literacy_site.models import BackgroundJob, ReadOnlySafeSiteSetting


@register_setting(icon="doc-full")
class CertificateSettings(ReadOnlySafeSiteSetting):
    """How certificates are numbered and who signs them."""

    number_format = models.CharField(
        _("number format"),
        max_length=100,
        default="{seq:03d}/LD/DISKOMINFO/{year}",
        help_text=_(
            "{seq} is the certificate's number in its year, {year} the year; "
            "{seq:03d} writes 7 as 007."
        ),
    )
    place_of_signing = models.CharField(
        _("place of signing"), max_length=100, blank=True
    )
    signatory_title = models.CharField(
        _("signatory's position"),
        max_length=200,
        blank=True,
        help_text=_("For example: Kepala Dinas Komunikasi dan Informatika."),
    )
    signatory_name = models.CharField(
        _("signatory's name"),
        max_length=150,
        blank=True,
        help_text=_("With academic titles, as it should be printed."),
    )
    signatory_rank = models.CharField(_("signatory's rank"), max_length=100, blank=True)
    signatory_nip = models.CharField(_("signatory's NIP"), max_length=30, blank=True)
    signature = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("signature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("number_format"),
        MultiFieldPanel(
            [
                FieldPanel("place_of_signing"),
                FieldPanel("signatory_title"),
                FieldPanel("signatory_name"),
                FieldPanel("signatory_rank"),
                FieldPanel("signatory_nip"),
                FieldPanel("signature"),
            ],
            heading=_("Signature"),
        ),
    ]

    class Meta:
        verbose_name = _("certificates")

    def clean(self):
        try:
            example = self.format_number(sequence=7, year=2026)
        except (KeyError, IndexError, ValueError) as error:
            raise ValidationError(
                {"number_format": _("Use only {seq} and {year} in the format.")}
            ) from error
        if example == self.format_number(sequence=8, year=2026):
            raise ValidationError(
                {"number_format": _("The format must contain {seq}.")}
            )
        if example == self.format_number(sequence=7, year=2027):
            # Numbers start again each year; without the year they would repeat.
            raise ValidationError(
                {"number_format": _("The format must contain {year}.")}
            )

    def format_number(self, *, sequence, year):
        return self.number_format.format(seq=sequence, year=year)


class CertificateSequence(models.Model):
    """The last number given in a year. Its row is locked while numbering, so
    numbers are never given twice and never skipped."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("certificate numbering")

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class Certificate(models.Model):
    """Proof that a participant took part in a workshop."""

    participant = models.ForeignKey(
        "workshops.Participant",
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    workshop = models.ForeignKey(
        "workshops.Workshop",
        verbose_name=_("workshop"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    number = models.CharField(_("number"), max_length=100, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("number in the year"))
    verification_code = models.CharField(
        _("verification code"), max_length=16, unique=True
    )
    name_as_printed = models.CharField(_("name as printed"), max_length=200)
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outside_rule_reason = models.TextField(_("why issued outside the rule"), blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replacement",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revocation_reason = models.TextField(_("why revoked"), blank=True)
    # Attendance changed after issuing so that the holder no longer meets the
    # rule, and an administrator or facilitator decided the certificate stands.
    kept_despite_rule_at = models.DateTimeField(
        _("kept despite the rule at"), null=True, blank=True
    )
    kept_despite_rule_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("kept despite the rule by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kept_despite_rule_reason = models.TextField(
        _("why kept despite the rule"), blank=True
    )

    class Meta:
        ordering = ["year", "sequence"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "workshop"],
                condition=Q(revoked_at__isnull=True),
                name="one_valid_certificate_per_participant_and_workshop",
            ),
            models.UniqueConstraint(
                fields=["year", "sequence"], name="one_certificate_per_number"
            ),
        ]

    def __str__(self):
        return f"{self.number} – {self.name_as_printed}"

    def get_absolute_url(self):
        return reverse("certificates:verify", args=[self.display_code])

    @property
    def display_code(self):
        return format_code(self.verification_code)

    @property
    def is_valid(self):
        return self.revoked_at is None


def private_storage():
    return FileSystemStorage(location=settings.PRIVATE_FILES_ROOT)


def print_job_file_name(job, filename):
    return f"certificates/{uuid.uuid4().hex}.pdf"


class PrintJob(BackgroundJob):
    """A large PDF being drawn in the background: a workshop's certificates, a
    desa's certificates, or a workshop's print pack."""

    class Kind(models.TextChoices):
        WORKSHOP_CERTIFICATES = "workshop", _("A workshop's certificates")
        DESA_CERTIFICATES = "desa", _("A desa's certificates")
        PRINT_PACK = "pack", _("A workshop's print pack")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Being prepared")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Removed after some days")

    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.WORKSHOP_CERTIFICATES,
    )
    workshop = models.ForeignKey(
        "workshops.Workshop",
        verbose_name=_("workshop"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="certificate_print_jobs",
    )
    desa = models.ForeignKey(
        "workshops.Desa",
        verbose_name=_("desa"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="certificate_print_jobs",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(_("certificates"), default=0)
    done = models.PositiveIntegerField(_("drawn so far"), default=0)
    # Kept outside MEDIA_ROOT: the file holds every name and verification code of
    # the workshop, and is served only through a view that checks who asks.
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=print_job_file_name, blank=True
    )

    class Meta(BackgroundJob.Meta):
        verbose_name = _("certificate print job")
        verbose_name_plural = _("certificate print jobs")
        constraints = [
            # A desa batch belongs to a desa, the other kinds to a workshop.
            models.CheckConstraint(
                condition=(
                    Q(kind="desa", desa__isnull=False, workshop__isnull=True)
                    | (
                        Q(kind__in=["workshop", "pack"], workshop__isnull=False)
                        & Q(desa__isnull=True)
                    )
                ),
                name="print_job_of_a_workshop_or_a_desa",
            )
        ]

    def __str__(self):
        return f"{self.workshop or self.desa} ({self.get_status_display()})"

    def get_absolute_url(self):
        """The job's page: progress, then the download."""
        return reverse(self._url_names()[0], args=self._url_args())

    @property
    def download_url(self):
        return reverse(self._url_names()[1], args=self._url_args())

    @property
    def start_again_url(self):
        return reverse(self._url_names()[2], args=self._url_args()[:1])

    @property
    def back_url(self):
        if self.kind == self.Kind.DESA_CERTIFICATES:
            return reverse("facilitator:desa_certificates", args=[self.desa_id])
        if self.kind == self.Kind.PRINT_PACK:
            return reverse("facilitator:workshop", args=[self.workshop_id])
        return reverse("facilitator_certificates:list", args=[self.workshop_id])

    def _url_names(self):
        if self.kind == self.Kind.DESA_CERTIFICATES:
            return (
                "facilitator:desa_print_job",
                "facilitator:desa_print_job_file",
                "facilitator:desa_start_print_job",
            )
        if self.kind == self.Kind.PRINT_PACK:
            return (
                "facilitator:print_pack_job",
                "facilitator:print_pack_file",
                "facilitator:start_print_pack",
            )
        return (
            "facilitator_certificates:print_job",
            "facilitator_certificates:print_job_file",
            "facilitator_certificates:start_print_job",
        )

    def _url_args(self):
        if self.kind == self.Kind.DESA_CERTIFICATES:
            return [self.desa_id, self.pk]
        return [self.workshop_id, self.pk]

    @property
    def is_finished(self):
        return self.status in (
            self.Status.DONE,
            self.Status.FAILED,
            self.Status.EXPIRED,
        )

    @property
    def file_name(self):
        """Where the finished PDF is kept; one name per job, so a job drawn
        twice still leaves one file."""
        return f"certificates/print-job-{self.pk}.pdf"


class WrongGuess(models.Model):
    """One unknown verification code typed from one address, kept 10 minutes.

    In the database so every worker and every app server counts the same guesses,
    with or without a shared cache."""

    address = models.CharField(_("address"), max_length=64)
    guessed_at = models.DateTimeField(_("guessed at"), db_index=True)

    class Meta:
        verbose_name = _("wrong verification code")
        verbose_name_plural = _("wrong verification codes")
        indexes = [models.Index(fields=["address", "guessed_at"])]

    def __str__(self):
        return f"{self.address} {self.guessed_at:%Y-%m-%d %H:%M}"
