import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from literacy_site.models import BackgroundJob
from workshops import normalise
from workshops.fields import PersonNameField, PhoneNumberField


class Kecamatan(models.Model):
    """A district of the regency, identified by its official area code."""

    code = models.CharField(_("area code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")

    def __str__(self):
        return self.name


class Desa(models.Model):
    """A village, inside one kecamatan, identified by its official area code."""

    code = models.CharField(_("area code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kecamatan = models.ForeignKey(
        Kecamatan,
        verbose_name=_("kecamatan"),
        on_delete=models.PROTECT,
        related_name="desa",
    )

    class Meta:
        ordering = ["kecamatan__name", "name"]
        verbose_name = _("desa")
        verbose_name_plural = _("desa")

    def __str__(self):
        return f"{self.name}, {self.kecamatan.name}"


class Venue(models.Model):
    """A place where workshops are held, such as a village hall."""

    name = models.CharField(_("name"), max_length=150)
    desa = models.ForeignKey(
        Desa, verbose_name=_("desa"), on_delete=models.PROTECT, related_name="venues"
    )
    address = models.TextField(_("address"), blank=True)
    shared = models.BooleanField(
        _("shared venue (other desa may use it)"),
        default=False,
        help_text=_(
            "Tick for a place that serves several villages, such as a kecamatan "
            "hall: workshops for other desa may then be held here."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self):
        return self.name


class Workshop(ClusterableModel):
    """An in-person workshop of one or more sessions with a fixed number of seats."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for registration")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    courses = models.ManyToManyField(
        "courses.CoursePage",
        verbose_name=_("courses taught"),
        blank=True,
        related_name="workshops",
    )
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("venue"),
        on_delete=models.PROTECT,
        related_name="workshops",
    )
    desa = models.ForeignKey(
        Desa,
        verbose_name=_("desa"),
        on_delete=models.PROTECT,
        related_name="workshops",
        help_text=_("The village this workshop is for. Its village staff see it."),
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitators"),
        blank=True,
        related_name="facilitated_workshops",
    )
    capacity = models.PositiveIntegerField(
        _("seats"), validators=[MinValueValidator(1)]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    minimum_sessions_for_certificate = models.PositiveSmallIntegerField(
        _("sessions needed for a certificate"),
        default=1,
        help_text=_("Present or late counts as attended."),
    )
    created_at = models.DateTimeField(
        _("created at"), default=timezone.now, editable=False
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="workshop_capacity_positive"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("facilitator:workshop", args=[self.pk])

    def clean(self):
        if (
            self.venue_id
            and self.desa_id
            and self.venue.desa_id != self.desa_id
            and not self.venue.shared
        ):
            raise ValidationError(
                {
                    "venue": _(
                        "This venue is in desa %(venue_desa)s, not in %(desa)s. "
                        "Choose a venue in %(desa)s, or mark this venue as shared "
                        "under Venues."
                    )
                    % {"venue_desa": self.venue.desa.name, "desa": self.desa.name}
                }
            )

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    @property
    def attendance_frozen(self):
        """Closed or cancelled: its attendance is the record now, and only an
        administrator's reopening allows a change."""
        return self.status in (self.Status.CLOSED, self.Status.CANCELLED)


class WorkshopSession(Orderable):
    """One meeting of a workshop, on one day."""

    workshop = ParentalKey(
        Workshop,
        verbose_name=_("workshop"),
        on_delete=models.CASCADE,
        related_name="sessions",
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"))
    topic = models.CharField(_("topic"), max_length=200, blank=True)

    panels = [
        FieldPanel("date"),
        FieldPanel("start_time"),
        FieldPanel("end_time"),
        FieldPanel("topic"),
    ]

    class Meta(Orderable.Meta):
        ordering = ["date", "start_time"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")),
                name="session_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return f"{self.workshop.title}, {date_format(self.date, 'j F Y')}"

    def _at(self, time):
        return timezone.make_aware(
            datetime.datetime.combine(self.date, time),
            timezone.get_current_timezone(),
        )

    @property
    def starts_at(self):
        return self._at(self.start_time)

    @property
    def ends_at(self):
        return self._at(self.end_time)

    @property
    def has_started(self):
        return self.starts_at <= timezone.now()

    @property
    def has_ended(self):
        return self.ends_at <= timezone.now()

    def clean(self):
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError(
                {"end_time": _("A session must end after it starts.")}
            )


class Participant(models.Model):
    """A resident who takes part. Only what the work needs (UU PDP No. 27/2022)."""

    class Gender(models.TextChoices):
        FEMALE = "P", _("Female")
        MALE = "L", _("Male")

    OLDEST_AGE = 110
    YOUNGEST_AGE = 10

    full_name = PersonNameField(_("full name"), max_length=120)
    # Its range moves with the years, so clean() checks it, not a validator.
    birth_year = models.PositiveSmallIntegerField(_("year of birth"))
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    desa = models.ForeignKey(
        Desa,
        verbose_name=_("desa"),
        on_delete=models.PROTECT,
        related_name="participants",
    )
    phone = PhoneNumberField(_("phone"), max_length=20, blank=True)
    needs = models.CharField(
        _("needs"),
        max_length=200,
        blank=True,
        help_text=_("For example reading glasses, hard of hearing, wheelchair."),
    )
    consent_given_at = models.DateTimeField(_("consent given at"))
    consent_version = models.CharField(
        _("consent text version"),
        max_length=20,
        blank=True,
        help_text=_("Which wording of the consent text the participant agreed to."),
    )
    created_at = models.DateTimeField(
        _("created at"), default=timezone.now, editable=False
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    # The form submission that created this person: a repeated submit of the same
    # form finds them instead of entering them twice.
    submission_key = models.UUIDField(
        null=True, blank=True, unique=True, editable=False
    )

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        indexes = [models.Index(fields=["desa", "birth_year"])]

    def __str__(self):
        return self.full_name

    def clean(self):
        """The rules every way in shares (forms, admin, import, services): a
        name of two letters or more, stored cleaned; a year of birth that fits
        a living participant; a phone in its one stored form. The fields
        themselves refuse emoji and numbers that are not Indonesian."""
        errors = {}
        self.full_name = normalise.normalise_name(self.full_name)
        # An empty name is the field's own "required"; not said twice.
        if self.full_name and len(self.full_name) < 2:
            errors["full_name"] = _("Write the participant's full name.")
        if isinstance(self.birth_year, int):
            first, last = self.birth_years()
            if not first <= self.birth_year <= last:
                errors["birth_year"] = _(
                    "Write a year of birth between %(first)d and %(last)d."
                ) % {"first": first, "last": last}
        # One that cannot be read stays as typed, for its validator to name.
        self.phone = normalise.phone_number_or_none(self.phone) or self.phone
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def birth_years():
        """The first and last year of birth accepted this year."""
        this_year = timezone.localdate().year
        return this_year - Participant.OLDEST_AGE, this_year - Participant.YOUNGEST_AGE

    @property
    def phone_local(self):
        """The phone as people here write it (0812-3456-7890)."""
        return normalise.phone_local(self.phone)

    def age_in(self, year):
        return year - self.birth_year


class Registration(models.Model):
    """A participant's place in a workshop: a seat, the waiting list, or cancelled."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    class Source(models.TextChoices):
        FACILITATOR = "facilitator", _("Registered by a facilitator")
        WALK_IN = "walk_in", _("Walk-in")
        PAPER = "paper", _("Paper sheet")
        ONLINE = "online", _("Online")

    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("workshop"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    source = models.CharField(_("how"), max_length=12, choices=Source.choices)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    # When the status last changed: the waiting list is served in this order.
    status_changed_at = models.DateTimeField(
        _("status changed at"), default=timezone.now
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "participant"],
                name="one_registration_per_workshop_and_participant",
            ),
        ]
        indexes = [models.Index(fields=["workshop", "status", "status_changed_at"])]

    def __str__(self):
        return f"{self.participant} – {self.workshop}"

    @property
    def is_active(self):
        return self.status != self.Status.CANCELLED


class Attendance(models.Model):
    """Whether a registered participant came to one session."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        EXCUSED = "excused", _("Excused")
        ABSENT = "absent", _("Absent")

    # The marks that count as having attended (for certificates and reports).
    ATTENDED = (Status.PRESENT, Status.LATE)

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    # A session with marks is not deleted (the marks would go with it); the
    # marks still go when their registration or whole workshop is deleted.
    session = models.ForeignKey(
        WorkshopSession,
        verbose_name=_("session"),
        on_delete=models.RESTRICT,
        related_name="attendances",
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    marked_at = models.DateTimeField(_("marked at"), default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"],
                name="one_attendance_per_registration_and_session",
            ),
        ]

    def __str__(self):
        return f"{self.registration.participant} – {self.session}: {self.status}"


class StaffPlace(models.Model):
    """A desa a village staff member (operator desa) works for; one row per desa."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="staff_places",
    )
    desa = models.ForeignKey(
        Desa, verbose_name=_("desa"), on_delete=models.CASCADE, related_name="staff"
    )

    class Meta:
        verbose_name = _("village staff place")
        verbose_name_plural = _("village staff places")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "desa"], name="staff_place_once_per_desa"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.desa}"


class ParticipantImportJob(BackgroundJob):
    """A long participant list being imported by the task worker, all or nothing."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        CHECKING = "checking", _("Checking the rows")
        IMPORTING = "importing", _("Registering the people")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Nothing imported")

    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("workshop"),
        on_delete=models.CASCADE,
        related_name="import_jobs",
    )
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    # The uploaded file itself, until the import has finished: it holds names
    # and phone numbers, so it is emptied as soon as it is no longer needed.
    content = models.BinaryField(_("file content"), blank=True, default=b"")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(_("rows"), default=0)
    done = models.PositiveIntegerField(_("rows done so far"), default=0)
    errors = models.JSONField(_("problems found"), default=list, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)

    class Meta(BackgroundJob.Meta):
        verbose_name = _("participant import")
        verbose_name_plural = _("participant imports")

    def __str__(self):
        return f"{self.workshop} – {self.file_name} ({self.get_status_display()})"

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)
