import pypdfium2
import pytest
import zxingcpp
from django.utils import translation

from cards import services
from cards.models import LearnerCard
from cards.render import CardText, render_cards
from certificates.ratelimit import WRONG_GUESSES_ALLOWED
from certificates.services import certificates_issue_for_workshop
from tests.factories import (
    ParticipantFactory,
    RegistrationFactory,
    UserFactory,
    WorkshopSessionFactory,
)
from workshops.models import Attendance, Registration

pytestmark = pytest.mark.django_db


def _check_in(client, session, code):
    return client.post(
        f"/fasilitator/sesi/{session.pk}/kartu/", {"code": code}, follow=True
    )


def _mark(registration, session):
    return Attendance.objects.filter(registration=registration, session=session)


def test_a_sheet_of_cards_prints_readable_qr_codes_ten_to_a_page():
    cards = [
        CardText(
            name=f"Nyai Siti Aminah binti Haji Abdurrahman {number}",
            desa="Sungai Raya Dalam",
            code=f"ABCD-EF{number:02d}"[:9],
            url=f"https://literasi.example.go.id/kartu/ABCD-EFG{number}/",
        )
        for number in range(2, 10)
    ] + [
        CardText(
            name="Wijayakusuma " * 9 + "Ayu",
            desa="D" * 120,
            code="WXYZ-2345",
            url=f"https://x.id/kartu/{n}/",
        )
        for n in range(4)
    ]

    with translation.override("id"):
        data = render_cards(cards, organisation_name="Diskominfo")
    document = pypdfium2.PdfDocument(data)

    assert len(document) == 2
    read = [
        result.text
        for page in document
        for result in zxingcpp.read_barcodes(page.render(scale=3).to_pil())
    ]
    assert sorted(read) == sorted(card.url for card in cards)
    text = document[0].get_textpage().get_text_range()
    assert "KARTU PESERTA" in text
    assert "ABCD-EF02" in text
    assert "Wijayakusuma " * 8 in document[1].get_textpage().get_text_range().replace(
        "\r\n", " "
    )


def test_scanning_a_card_marks_present_once(workshop_world, client_for):
    session, registration = workshop_world["session"], workshop_world["registration"]
    client = client_for(workshop_world["users"]["own_facilitator"])
    card = services.card_of(registration.participant)

    first = _check_in(
        client, session, f"http://127.0.0.1:8000/kartu/{card.display_code}/"
    )
    second = _check_in(client, session, card.code.lower())

    name = registration.participant.full_name
    assert f"{name} ditandai hadir." in first.content.decode()
    assert f"{name} sudah ditandai hadir." in second.content.decode()
    assert list(_mark(registration, session).values_list("status", flat=True)) == [
        Attendance.Status.PRESENT
    ]


def test_an_unknown_or_replaced_card_is_refused_with_a_message(
    workshop_world, client_for
):
    session, registration = workshop_world["session"], workshop_world["registration"]
    client = client_for(workshop_world["users"]["own_facilitator"])
    old = services.card_of(registration.participant)
    new = services.card_reissue(participant=registration.participant, by=None)

    replaced = _check_in(client, session, old.display_code)
    unknown = _check_in(client, session, "ZZZZ-ZZZZ")
    not_a_code = _check_in(client, session, "12")

    assert new.code != old.code
    assert "diganti dengan kartu baru" in replaced.content.decode()
    assert "Tidak ada kartu dengan kode ini" in unknown.content.decode()
    assert "delapan huruf dan angka" in not_a_code.content.decode()
    assert not _mark(registration, session).exists()


def test_a_card_holder_without_a_seat_is_offered_one_and_then_marked(
    workshop_world, client_for
):
    session, workshop = workshop_world["session"], workshop_world["workshop"]
    client = client_for(workshop_world["users"]["own_facilitator"])
    RegistrationFactory.create_batch(2, workshop=workshop)  # capacity 3: full
    walk_in = ParticipantFactory()
    card = services.card_of(walk_in)

    offer = _check_in(client, session, card.display_code)
    seated = client.post(
        f"/fasilitator/sesi/{session.pk}/kartu/datang-langsung/",
        {"code": card.display_code},
        follow=True,
    )

    assert "tidak terdaftar di lokakarya ini" in offer.content.decode()
    registration = Registration.objects.get(workshop=workshop, participant=walk_in)
    assert registration.status == Registration.Status.REGISTERED
    assert registration.source == Registration.Source.WALK_IN
    workshop.refresh_from_db()
    assert workshop.capacity == 4
    assert _mark(registration, session).get().status == Attendance.Status.PRESENT
    assert f"{walk_in.full_name} ditandai hadir." in seated.content.decode()


def test_another_workshops_facilitator_cannot_check_in_here(workshop_world, client_for):
    session, registration = workshop_world["session"], workshop_world["registration"]
    client = client_for(workshop_world["users"]["other_facilitator"])
    card = services.card_of(registration.participant)

    response = client.post(
        f"/fasilitator/sesi/{session.pk}/kartu/", {"code": card.display_code}
    )

    assert response.status_code == 404
    assert not _mark(registration, session).exists()


def test_the_resident_page_shows_only_the_card_holders_own_record(client):
    session = WorkshopSessionFactory(ended=True)
    mine = RegistrationFactory(
        workshop=session.workshop, participant__phone="081299998888"
    )
    other = RegistrationFactory(workshop=session.workshop)
    Attendance.objects.create(
        registration=mine, session=session, status=Attendance.Status.PRESENT
    )
    [certificate] = certificates_issue_for_workshop(
        workshop=session.workshop, issued_by=UserFactory()
    )
    card = services.card_of(mine.participant)

    page = client.get(f"/kartu/{card.display_code}/").content.decode()

    assert mine.participant.full_name in page
    assert session.workshop.title in page
    assert "Hadir 1 dari 1 sesi." in page
    assert f"/verifikasi/{certificate.display_code}/sertifikat.pdf" in page
    assert other.participant.full_name not in page
    assert "0812" not in page and "9999" not in page


def test_a_typed_card_code_in_other_forms_finds_the_page(client):
    card = services.card_of(ParticipantFactory())

    response = client.get("/kartu/", {"code": card.code.lower()})

    assert response.status_code == 302
    assert response["Location"] == f"/kartu/{card.display_code}/"


def test_guessing_card_codes_is_limited(client):
    card = services.card_of(ParticipantFactory())
    for _ in range(WRONG_GUESSES_ALLOWED):
        assert client.get("/kartu/ZZZZ-ZZZZ/").status_code == 404

    response = client.get(f"/kartu/{card.display_code}/")

    assert response.status_code == 429


def test_a_replaced_card_no_longer_opens_the_page(client):
    participant = ParticipantFactory()
    old = services.card_of(participant)
    services.card_reissue(participant=participant, by=None)

    response = client.get(f"/kartu/{old.display_code}/")

    assert response.status_code == 404
    assert "sudah diganti" in response.content.decode()
    assert LearnerCard.objects.filter(participant=participant).count() == 2


def test_village_staff_print_their_desa_cards_and_not_another(
    workshop_world, client_for
):
    desa = workshop_world["workshop"].desa
    client = client_for(workshop_world["users"]["own_village_staff"])

    own = client.get(f"/fasilitator/desa/{desa.pk}/kartu-peserta.pdf")
    other_client = client_for(workshop_world["users"]["other_village_staff"])
    other = other_client.get(f"/fasilitator/desa/{desa.pk}/kartu-peserta.pdf")

    assert own.status_code == 200
    assert own["Content-Type"] == "application/pdf"
    assert other.status_code == 404
    participant = workshop_world["registration"].participant
    assert participant.cards.filter(withdrawn_at__isnull=True).count() == 1


def test_printing_twice_keeps_the_same_codes(workshop_world, client_for):
    workshop = workshop_world["workshop"]
    client = client_for(workshop_world["users"]["own_facilitator"])

    client.get(f"/fasilitator/lokakarya/{workshop.pk}/kartu-peserta.pdf")
    first = set(LearnerCard.objects.values_list("code", flat=True))
    client.get(f"/fasilitator/lokakarya/{workshop.pk}/kartu-peserta.pdf")

    assert set(LearnerCard.objects.values_list("code", flat=True)) == first
    assert len(first) == 1


def test_a_lost_card_is_replaced_from_the_participant_page(workshop_world, client_for):
    participant = workshop_world["registration"].participant
    client = client_for(workshop_world["users"]["own_facilitator"])
    old = services.card_of(participant)

    response = client.post(f"/fasilitator/peserta/{participant.pk}/kartu/", follow=True)

    new = participant.cards.get(withdrawn_at__isnull=True)
    assert new.code != old.code
    assert new.display_code in response.content.decode()
    other = client_for(workshop_world["users"]["other_facilitator"])
    assert other.get(f"/fasilitator/peserta/{participant.pk}/kartu/").status_code == 404
