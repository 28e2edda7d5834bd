"""The practice chat block: built by an editor, walked by a reader without
JavaScript, printed in the handout."""

import re

import pytest
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.test.utils.form_data import nested_form_data, streamfield

from courses.blocks import ChatSceneBlock
from courses.models import LessonPage
from literacy_site.roles import EDITOR
from tests.courses.factories import CoursePageFactory, LessonPageFactory
from tests.courses.test_handouts import handout, organisation, pdf_text  # noqa: F401

pytestmark = pytest.mark.django_db

PRACTICE = "Latihan — bukan pesan sungguhan"


def message(kind, text, sender="them"):
    return {"sender": sender, "kind": kind, "text": text}


def choice(label, outcome, explanation, replies=(), what_now=""):
    return {
        "label": label,
        "outcome": outcome,
        "replies": list(replies),
        "explanation": explanation,
        "what_now": what_now,
    }


SCENE = {
    "app": "whatsapp",
    "sender_name": "Nomor baru",
    "sender_number": "0813-XXXX-4471",
    "intro": "Bu Maimunah menerima pesan ini.",
    "steps": [
        {
            "messages": [
                message("text", "Mak, ini Rudi. HP rusak, ini nomor baru."),
                message("link", "bit.ly/hadiah-rudi"),
                message("file", "Undangan.apk"),
                message("voice", "0:42"),
                message("code", "Kirim kode 6 angka yang masuk ya Mak."),
            ],
            "choices": [
                choice(
                    "Kirim kodenya",
                    "harm",
                    "Akun WhatsApp Mak diambil penipu.",
                    [message("text", "Makasih Mak!")],
                    "Daftarkan lagi WhatsApp di HP Mak sekarang juga.",
                ),
                choice(
                    "Telepon Rudi di nomor lama",
                    "safe",
                    "Rudi tidak pernah mengirim pesan itu.",
                ),
                choice(
                    "Tanya nama kucing kita",
                    "continue",
                    "Penipu mengelak.",
                    [
                        message("text", "Siapa nama kucing kita?", sender="me"),
                        message("text", "Aduh, jangan banyak tanya."),
                    ],
                ),
            ],
        },
        {
            "messages": [message("text", "Cepat ya Mak, 5 menit lagi.")],
            "choices": [
                choice("Blokir nomor ini", "safe", "Tepat, blokir saja."),
                choice(
                    "Kirim pulsanya",
                    "harm",
                    "Penipu meminta lagi.",
                    what_now="Berhenti membalas dan telepon Rudi.",
                ),
            ],
        },
    ],
}


def listblock(items):
    """Admin form data of a ListBlock, as Wagtail's editor posts it."""
    data = {"count": str(len(items))}
    for index, item in enumerate(items):
        data[str(index)] = {"value": item, "deleted": "", "order": str(index), "id": ""}
    return data


def scene_form_value(scene):
    return {
        **scene,
        "steps": listblock(
            [
                {
                    "messages": listblock(step["messages"]),
                    "choices": listblock(
                        [
                            {**c, "replies": listblock(c["replies"])}
                            for c in step["choices"]
                        ]
                    ),
                }
                for step in scene["steps"]
            ]
        ),
    }


def test_an_editor_builds_a_scene_with_every_bubble_and_three_choices(login_as):
    editor = login_as(EDITOR)
    course = CoursePageFactory()

    response = editor.post(
        f"/admin/pages/add/courses/lessonpage/{course.pk}/",
        nested_form_data(
            {
                "title": "Latihan Pulsa",
                "slug": "latihan-pulsa",
                "summary": "Latihan.",
                "minutes": "5",
                "body": streamfield([("chat", scene_form_value(SCENE))]),
                "references": streamfield([]),
                "comments": {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0"},
            }
        ),
    )

    assert response.status_code == 302
    saved = LessonPage.objects.get(slug="latihan-pulsa").get_latest_revision_as_object()
    [scene] = [block.value for block in saved.body if block.block_type == "chat"]
    first = scene["steps"][0]
    assert [m["kind"] for m in first["messages"]] == [
        "text",
        "link",
        "file",
        "voice",
        "code",
    ]
    assert [c["outcome"] for c in first["choices"]] == ["harm", "safe", "continue"]


@pytest.mark.parametrize(
    "broken, problem",
    [
        ({"what_now": ""}, "tidak aman: tuliskan apa yang harus dilakukan sekarang"),
        ({"outcome": "continue"}, "Langkah terakhir"),
    ],
)
def test_a_scene_that_could_not_end_well_is_refused(broken, problem):
    from django.utils import translation

    scene = {**SCENE, "steps": [dict(step) for step in SCENE["steps"]]}
    last = scene["steps"][-1]
    last["choices"] = [last["choices"][0], {**last["choices"][1], **broken}]
    block = ChatSceneBlock()

    with (
        translation.override("id"),
        pytest.raises(StructBlockValidationError) as refusal,
    ):
        block.clean(block.to_python(scene))

    assert problem in " ".join(str(e) for e in refusal.value.non_block_errors)


@pytest.fixture
def lesson(organisation):  # noqa: F811
    return LessonPageFactory(
        title="Latihan Pulsa", body=[("chat", SCENE)], parent=CoursePageFactory()
    )


def choice_links(html):
    return dict(
        (label, href.replace("&amp;", "&"))
        for href, label in re.findall(
            r'<a class="button[^"]*" href="([^"]+)" data-chat-choice>([^<]+)</a>', html
        )
    )


def test_without_javascript_each_choice_is_a_link_to_what_happens(client, lesson):
    start = client.get(lesson.url).content.decode()
    links = choice_links(start)

    assert PRACTICE in start
    assert "bit.ly/hadiah-rudi" in start and 'href="bit.ly' not in start
    assert "Undangan.apk" in start and "Pesan suara 0:42" in start
    assert list(links) == [
        "Kirim kodenya",
        "Telepon Rudi di nomor lama",
        "Tanya nama kucing kita",
    ]

    harm = client.get(lesson.url + links["Kirim kodenya"]).content.decode()
    safe = client.get(lesson.url + links["Telepon Rudi di nomor lama"]).content.decode()
    goes_on = client.get(lesson.url + links["Tanya nama kucing kita"]).content.decode()

    assert PRACTICE in harm and PRACTICE in safe and PRACTICE in goes_on
    assert "Makasih Mak!" in harm
    assert "Daftarkan lagi WhatsApp di HP Mak sekarang juga." in harm
    assert "Yang harus dilakukan sekarang:" in harm
    assert "Aman!" in safe and "Rudi tidak pernah mengirim pesan itu." in safe
    assert "Aduh, jangan banyak tanya." in goes_on
    assert "Cepat ya Mak, 5 menit lagi." in goes_on
    assert list(choice_links(goes_on))[:2] == ["Blokir nomor ini", "Kirim pulsanya"]
    assert "#obrolan-" in links["Kirim kodenya"]


def test_a_made_up_path_shows_the_start_of_the_scene(client, lesson):
    block_id = lesson.body[0].id

    page = client.get(f"{lesson.url}?obrolan={block_id}&jalan=9.x.7").content.decode()

    assert "Kirim kodenya" in page
    assert "Yang harus dilakukan sekarang" not in page


def test_the_handout_prints_the_chat_with_choices_and_outcomes(client, lesson):
    text = pdf_text(handout(client, lesson))

    assert PRACTICE in text
    assert "Nomor baru (0813-XXXX-4471)" in text
    assert "Undangan.apk" in text and "bit.ly/hadiah-rudi" in text
    assert "Kirim kodenya" in text and "Tanya nama kucing kita" in text
    assert "Daftarkan lagi WhatsApp di HP Mak sekarang juga." in text
