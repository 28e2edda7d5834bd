"""A corrected name on a certificate is written the same way as a participant's."""

import pytest
from django.urls import reverse

from certificates.models import Certificate

pytestmark = pytest.mark.django_db


def test_a_corrected_name_is_normalised_and_emoji_are_refused(
    issued_certificate, login_as
):
    admin = login_as("Administrator")
    url = reverse(
        "facilitator_certificates:correct_name",
        args=[issued_certificate.workshop_id, issued_certificate.pk],
    )

    refused = admin.post(url, {"name": "Siti Aminah 🌸", "reason": "permintaan"})
    assert "Nama hanya boleh berisi huruf, tanpa emoji" in refused.content.decode()
    assert Certificate.objects.count() == 1

    admin.post(url, {"name": " Siti\u200b  Aminah\u202e Lubis", "reason": "salah"})
    issued_certificate.refresh_from_db()
    assert issued_certificate.replacement.name_as_printed == "Siti Aminah Lubis"
