"""Facilitators and administrators correct a participant's data, and reissue
the certificates that print the old name."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certificates import services as certificate_services
from certificates.models import Certificate
from workshops import selectors, services
from workshops.access import facilitator_area, workshop_for
from workshops.forms import ParticipantForm, desa_choices
from workshops.models import Participant

FIELDS = ["full_name", "birth_year", "desa", "phone"]


class CorrectParticipantForm(forms.ModelForm):
    """The same checks as when the person was entered."""

    class Meta:
        model = Participant
        fields = FIELDS
        widgets = {
            name: widget
            for name, widget in ParticipantForm.Meta.widgets.items()
            if name in FIELDS
        }
        help_texts = {
            "full_name": gettext_lazy("As it should be printed on the certificate.")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desa"].choices = desa_choices()


def _certificates_to_reissue(request, participant):
    """Valid certificates, of workshops this user may see, printing another name."""
    return (
        Certificate.objects.filter(
            participant=participant,
            revoked_at__isnull=True,
            workshop__in=selectors.workshops_for(request.user),
        )
        .exclude(name_as_printed=participant.full_name)
        .order_by("year", "sequence")
    )


@facilitator_area
def correct_participant(request, pk, participant_pk):
    workshop = workshop_for(request, pk)
    if not selectors.runs_workshop(request.user, workshop):
        # Phone numbers and certificates are for those who run the workshop.
        raise Http404
    participant = get_object_or_404(
        Participant.objects.filter(registrations__workshop=workshop).distinct(),
        pk=participant_pk,
        anonymised_at__isnull=True,
    )
    if request.method == "POST" and "reissue" in request.POST:
        return _reissue(request, workshop, participant)
    form = CorrectParticipantForm(request.POST or None, instance=participant)
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_correct(
                participant=participant, by=request.user, changes=form.cleaned_data
            )
        except services.ParticipantError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The participant's data is corrected."))
            if _certificates_to_reissue(request, participant).exists():
                return redirect(request.path)
            return redirect(workshop)
    return render(
        request,
        "workshops/correct_participant.html",
        {
            "workshop": workshop,
            "participant": participant,
            "form": form,
            "to_reissue": list(_certificates_to_reissue(request, participant)),
        },
    )


def _reissue(request, workshop, participant):
    if not selectors.runs_workshop(request.user, workshop):
        raise Http404
    try:
        new = certificate_services.certificates_reissue_with_current_name(
            participant=participant,
            certificates=_certificates_to_reissue(request, participant),
            corrected_by=request.user,
            reason=_("the participant's data was corrected"),
        )
    except (certificate_services.CertificateError, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect(request.path)
    if new:
        messages.success(
            request,
            _("Reissued with the corrected name: %(numbers)s.")
            % {
                "numbers": "; ".join(
                    _("%(new)s replaces %(old)s")
                    % {"new": certificate.number, "old": certificate.replaces.number}
                    for certificate in new
                )
            },
        )
    return redirect(workshop)
