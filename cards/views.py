"""Learner cards: printing them, checking in with them, and the holder's page."""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.models import Site

from cards import selectors, services
from cards.models import CODE_GROUPS, CODE_LENGTH
from cards.render import CardText, render_cards
from certificates import ratelimit
from certificates.codes import format_code, normalise_code
from literacy_site.addresses import absolute_url
from literacy_site.models import OrganisationSettings
from workshops import services as workshop_services
from workshops.access import desa_for, facilitator_area, workshop_for
from workshops.models import Registration, WorkshopSession
from workshops.selectors import workshops_for


class CardCodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Card code"),
        max_length=200,  # a scanned QR code gives the card page's whole address
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters"}
        ),
        help_text=gettext_lazy("The eight letters and numbers on the card."),
    )

    def clean_code(self):
        code = normalise_code(
            services.code_from_scan(self.cleaned_data["code"]), CODE_LENGTH
        )
        if code is None:
            raise forms.ValidationError(
                _("A card code has eight letters and numbers, such as ABCD-EF23.")
            )
        return format_code(code, CODE_GROUPS)


def _pdf_response(request, participants, file_name):
    cards = services.cards_of(participants, by=request.user)
    site = Site.find_for_request(request)
    organisation = OrganisationSettings.for_site(site)
    body = render_cards(
        [
            CardText(
                name=participant.full_name,
                desa=participant.desa.name,
                code=cards[participant.pk].display_code,
                url=absolute_url(cards[participant.pk].get_absolute_url()),
            )
            for participant in participants
        ],
        organisation_name=organisation.name,
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{file_name}"'
    return response


@facilitator_area
def workshop_cards(request, pk):
    """A card for everyone with a seat in the workshop, by name."""
    workshop = workshop_for(request, pk)
    participants = [
        registration.participant
        for registration in workshop.registrations.filter(
            status=Registration.Status.REGISTERED
        )
        .select_related("participant__desa")
        .order_by("participant__full_name")
    ]
    return _pdf_response(request, participants, f"kartu-lokakarya-{workshop.pk}.pdf")


@facilitator_area
def desa_cards(request, pk):
    """A card for every resident of the desa who has ever registered."""
    desa = desa_for(request, pk)
    participants = list(
        desa.participants.filter(anonymised_at__isnull=True)
        .select_related("desa")
        .order_by("full_name")
    )
    return _pdf_response(request, participants, f"kartu-desa-{desa.pk}.pdf")


@facilitator_area
def participant_card(request, participant_pk):
    """One person's card: print it, or replace a lost one."""
    participant = get_object_or_404(
        selectors.participants_for(request.user).select_related("desa"),
        pk=participant_pk,
    )
    if request.GET.get("cetak"):
        return _pdf_response(request, [participant], f"kartu-{participant.pk}.pdf")
    if request.method == "POST":
        card = services.card_reissue(participant=participant, by=request.user)
        messages.success(
            request,
            _("New card %(code)s made. The old card no longer works: print this one.")
            % {"code": card.display_code},
        )
        return redirect("cards:participant_card", participant_pk=participant.pk)
    back = workshops_for(request.user).filter(pk=request.GET.get("lokakarya") or 0)
    return render(
        request,
        "cards/participant_card.html",
        {
            "participant": participant,
            "card": services.card_of(participant, by=request.user),
            "workshop": back.first(),
        },
    )


def _session_for(request, session_pk):
    return get_object_or_404(
        WorkshopSession.objects.select_related("workshop"),
        pk=session_pk,
        workshop__in=workshops_for(request.user),
    )


def _attendance_page(session):
    # With the card box open, ready for the next person at the door.
    return reverse("facilitator:attendance", args=[session.pk]) + "?kartu=1"


def _checked_in_message(request, check_in):
    name = check_in.card.participant.full_name
    if check_in.outcome == "already":
        messages.info(
            request, _("%(name)s is already marked present.") % {"name": name}
        )
    else:
        messages.success(request, _("%(name)s is marked present.") % {"name": name})


@facilitator_area
@require_POST
def check_in(request, session_pk):
    """A typed or scanned card code: present, or an offer to seat the person."""
    session = _session_for(request, session_pk)
    form = CardCodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["code"][0])
        return redirect(_attendance_page(session))
    try:
        result = services.check_in(
            session=session, code=form.cleaned_data["code"], by=request.user
        )
    except (services.CardRefused, workshop_services.AttendanceError) as error:
        messages.error(request, str(error))
        return redirect(_attendance_page(session))
    if result.outcome in ("not_registered", "waiting"):
        return render(
            request,
            "cards/check_in_offer.html",
            {"session": session, "workshop": session.workshop, "check_in": result},
        )
    _checked_in_message(request, result)
    return redirect(_attendance_page(session))


@facilitator_area
@require_POST
def check_in_walk_in(request, session_pk):
    """Seat a card holder who came without a place, and mark them present."""
    session = _session_for(request, session_pk)
    form = CardCodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["code"][0])
        return redirect(_attendance_page(session))
    try:
        result = services.check_in_walk_in(
            session=session, code=form.cleaned_data["code"], by=request.user
        )
    except (
        services.CardRefused,
        workshop_services.AttendanceError,
        workshop_services.RegistrationError,
    ) as error:
        messages.error(request, str(error))
        return redirect(_attendance_page(session))
    _checked_in_message(request, result)
    return redirect(_attendance_page(session))


def card_form(request):
    """Type the code from a card; the answer has its own address."""
    form = CardCodeForm(request.GET or None)
    if form.is_valid():
        return redirect("cards:resident", code=form.cleaned_data["code"])
    return render(request, "cards/card_form.html", {"form": form})


def resident(request, code):
    """The card holder's own record, for whoever holds the card: no account."""
    if ratelimit.too_many_wrong_guesses(request):
        return render(request, "certificates/too_many_guesses.html", status=429)
    try:
        card = services.card_by_code(code)
    except services.CardRefused as refusal:
        ratelimit.count_wrong_guess(request)
        return render(
            request,
            "cards/not_found.html",
            {"code": code, "replaced": isinstance(refusal, services.CardReplaced)},
            status=404,
        )
    if code != card.display_code:
        return redirect(card)
    response = render(request, "cards/resident.html", selectors.resident_record(card))
    response["X-Robots-Tag"] = "noindex"
    return response
