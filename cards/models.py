"""Learner cards: a short code on a printed card, for residents without a phone."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from certificates.codes import format_code
from workshops.models import Participant

# Eight characters of the certificate codes' alphabet (no 0/O, 1/I/L): 31**8 is
# about 2**39.6, far beyond guessing at the rate the resident page allows, and
# shorter than a certificate code to read aloud at the door.
CODE_LENGTH = 8
CODE_GROUPS = (4, 4)


class LearnerCard(models.Model):
    """One printed card. A lost card is withdrawn and a new one issued, so the
    old code stops working; the code itself holds nothing about the person."""

    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="cards",
    )
    code = models.CharField(_("card code"), max_length=CODE_LENGTH, unique=True)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("learner card")
        verbose_name_plural = _("learner cards")
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_valid_card_per_participant",
            )
        ]

    def __str__(self):
        return self.display_code

    def get_absolute_url(self):
        return reverse("cards:resident", kwargs={"code": self.display_code})

    @property
    def display_code(self):
        return format_code(self.code, CODE_GROUPS)

    @property
    def is_valid(self):
        return self.withdrawn_at is None
