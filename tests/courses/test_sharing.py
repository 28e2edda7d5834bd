"""Sharing a lesson: a WhatsApp message that teaches on its own, and the picture
chat apps show beside the link."""

import pytest
from django.core.files.storage import default_storage

from courses.models import share_message
from courses.services import preview_image_path
from tests.courses.factories import LessonPageFactory, step

pytestmark = pytest.mark.django_db


def test_share_message_puts_warnings_before_steps_and_ends_with_the_address():
    lesson = LessonPageFactory(
        title="Kode *OTP* Rahasia",
        summary="Kode OTP tidak boleh diberikan kepada siapa pun.",
        body=[
            step("Baca pesan dengan tenang."),
            ("warning", {"text": "Petugas bank tidak pernah meminta kode OTP."}),
            step("Jangan balas pesannya."),
            step("Hapus pesannya."),
        ],
    )

    message = share_message(lesson, "https://literasi.example.id/kode-otp/")

    assert message.split("\n") == [
        "*Kode OTP Rahasia*",
        "Kode OTP tidak boleh diberikan kepada siapa pun.",
        "",
        "⚠️ Petugas bank tidak pernah meminta kode OTP.",
        "1. Baca pesan dengan tenang.",
        "2. Jangan balas pesannya.",
        "",
        "Baca materi lengkapnya: https://literasi.example.id/kode-otp/",
    ]


def test_preview_picture_is_drawn_once_and_drawn_again_after_a_new_title(client):
    lesson = LessonPageFactory(title="Pesan Suara")

    first = client.get(lesson.url + "pratinjau/")

    assert first.status_code == 200
    assert first["Content-Type"] == "image/png"
    kept = preview_image_path(page=lesson)
    assert default_storage.exists(kept)
    lesson.title = "Pesan Suara untuk Cucu"
    lesson.save_revision().publish()
    client.get(lesson.url + "pratinjau/")
    assert preview_image_path(page=lesson) != kept
    assert not default_storage.exists(kept)
    assert default_storage.exists(preview_image_path(page=lesson))
