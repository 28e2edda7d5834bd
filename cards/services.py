"""Issuing learner cards and checking people in with them."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cards.models import CODE_LENGTH, LearnerCard
from certificates.codes import new_code, normalise_code
from workshops import services as workshop_services
from workshops.models import Attendance, Registration, WorkshopSession

# A clash of two random codes is about one in 10**11; a few tries always do.
CODE_TRIES = 5


class CardRefused(Exception):
    """A typed or scanned code that names no valid card; the message says why."""


class CardReplaced(CardRefused):
    """The code of a card withdrawn when a new one was issued."""


def _valid_card(participant):
    return participant.cards.filter(withdrawn_at__isnull=True).first()


def card_of(participant, *, by=None) -> LearnerCard:
    """The participant's valid card, issued the first time it is needed.

    Two people printing at once get the same card: the second insert breaks the
    one-valid-card constraint and finds the first one's card instead."""
    for _try in range(CODE_TRIES):
        card = _valid_card(participant)
        if card is not None:
            return card
        try:
            with transaction.atomic():
                return LearnerCard.objects.create(
                    participant=participant,
                    code=new_code(CODE_LENGTH),
                    issued_by=by if by and by.is_authenticated else None,
                )
        except IntegrityError:
            continue  # someone else's card for this person, or a code clash
    raise IntegrityError("no free card code after several tries")


def cards_of(participants, *, by=None) -> dict:
    """Each participant's valid card by participant pk, issuing the missing ones
    in one insert (for a sheet of hundreds)."""
    participants = list(participants)
    cards = {
        card.participant_id: card
        for card in LearnerCard.objects.filter(
            participant__in=participants, withdrawn_at__isnull=True
        )
    }
    missing = [p for p in participants if p.pk not in cards]
    if missing:
        issuer = by if by and by.is_authenticated else None
        LearnerCard.objects.bulk_create(
            [
                LearnerCard(participant=p, code=new_code(CODE_LENGTH), issued_by=issuer)
                for p in missing
            ],
            ignore_conflicts=True,
        )
        cards.update(
            (card.participant_id, card)
            for card in LearnerCard.objects.filter(
                participant__in=missing, withdrawn_at__isnull=True
            )
        )
        # A code clash was ignored above: those few get their card one by one.
        for participant in missing:
            if participant.pk not in cards:
                cards[participant.pk] = card_of(participant, by=by)
    return cards


def card_reissue(*, participant, by) -> LearnerCard:
    """A new card for a lost one: the old code stops working at once. Logged."""
    with transaction.atomic():
        old = (
            LearnerCard.objects.select_for_update()
            .filter(participant=participant, withdrawn_at__isnull=True)
            .first()
        )
        if old is not None:
            old.withdrawn_at = timezone.now()
            old.save(update_fields=["withdrawn_at"])
        card = card_of(participant, by=by)
        log(participant, "cards.card.reissued", user=by)
    return card


def card_by_code(text) -> LearnerCard:
    """The valid card a typed or scanned code names. Raises CardRefused."""
    code = normalise_code(code_from_scan(text), CODE_LENGTH)
    card = (
        LearnerCard.objects.select_related("participant__desa")
        .filter(code=code, participant__anonymised_at__isnull=True)
        .first()
        if code
        else None
    )
    if card is None:
        raise CardRefused(
            _(
                "No card has this code. Check the letters and numbers, "
                "or find the person by name."
            )
        )
    if not card.is_valid:
        raise CardReplaced(
            _(
                "This card was replaced by a new one and no longer works. "
                "Ask for the new card, or find the person by name."
            )
        )
    return card


def code_from_scan(text):
    """The code from what a scanner read: the card's QR code holds the address
    of the resident's page (…/kartu/ABCD-EFGH/), a person types only the code."""
    text = str(text).strip()
    if "/kartu/" in text:
        text = text.split("/kartu/", 1)[1].split("/", 1)[0]
    return text


@dataclass
class CheckIn:
    """What scanning a card at a session did.

    outcome: "marked" (now present), "already" (was present or late: nothing
    changed), "waiting" (on the waiting list) or "not_registered"."""

    outcome: str
    card: LearnerCard
    registration: Registration | None = None


def check_in(*, session: WorkshopSession, code: str, by) -> CheckIn:
    """Mark the card holder present at the session. Scanning twice marks once.

    Raises CardRefused for an unknown or replaced code, and the attendance
    services' errors (closed workshop, session not started)."""
    card = card_by_code(code)
    registration = (
        session.workshop.registrations.filter(participant=card.participant)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )
    if registration is None:
        return CheckIn("not_registered", card)
    if registration.status == Registration.Status.WAITLISTED:
        return CheckIn("waiting", card, registration)
    mark = Attendance.objects.filter(registration=registration, session=session)
    if mark.filter(status__in=Attendance.ATTENDED).exists():
        return CheckIn("already", card, registration)
    workshop_services.attendance_mark(
        registration=registration,
        session=session,
        status=Attendance.Status.PRESENT,
        marked_by=by,
    )
    return CheckIn("marked", card, registration)


def check_in_walk_in(*, session: WorkshopSession, code: str, by) -> CheckIn:
    """Seat a card holder who is in the room but not registered (or waiting),
    on an extra chair when the workshop is full, and mark them present.

    All or nothing; raises CardRefused or the registration services' errors."""
    card = card_by_code(code)
    workshop = session.workshop
    with transaction.atomic():
        registration = (
            workshop.registrations.filter(participant=card.participant)
            .exclude(status=Registration.Status.CANCELLED)
            .first()
        )
        if registration is None:
            registration = workshop_services.registration_create(
                workshop=workshop,
                participant=card.participant,
                registered_by=by,
                source=Registration.Source.WALK_IN,
            )
        if registration.status == Registration.Status.WAITLISTED:
            registration = workshop_services.registration_seat_with_extra_chair(
                registration=registration, seated_by=by
            )
        session.workshop = registration.workshop
        workshop_services.attendance_mark(
            registration=registration,
            session=session,
            status=Attendance.Status.PRESENT,
            marked_by=by,
        )
    return CheckIn("marked", card, registration)
