"""Checks over the demo lessons as written, before any of it reaches a database.

They hold the content to what the fact-check asked for: sources on every lesson,
practice questions that cannot be guessed from the length of an answer, one action
per step, difficult words explained where they first appear, and no reader-facing
doubt or unconfirmed number.
"""

import json
import re

import pytest

from courses.demo import CONTENT_DIR, demo_content

CONTENT = demo_content()
LESSONS = [
    (course, lesson) for course in CONTENT["courses"] for lesson in course["lessons"]
]
QUESTIONS = [
    block["value"]
    for _, lesson in LESSONS
    for block in lesson["body"]
    if block["type"] == "question"
]

# Blocks whose text a reader sees; glossary and channel blocks only name a key.
TEXT_BLOCKS = {
    "heading",
    "paragraph",
    "step",
    "tip",
    "warning",
    "checklist",
    "question",
    "chat",
}

# Words the fact-check found used before they were explained. The first block of a
# lesson that uses one must be followed (or preceded) by its glossary block, or
# explain the word right after it, in brackets or after "yaitu".
TERMS = {
    "otp": r"\bOTP\b",
    "apk": r"\.apk\b",
    "iasc": r"\bIASC\b",
    "ojk": r"\bOJK\b",
    "spkt": r"\bSPKT\b",
    "m_banking": r"\bm-banking\b",
    "mpin": r"\bMPIN\b",
    "cs": r"\bCS\b",
    "nik": r"\bNIK\b",
    "pinjol": r"(?i)\bpinjol\b",
    "investasi_bodong": r"(?i)\binvestasi bodong\b",
    "deepfake": r"(?i)\bdeepfake\b|\bvideo tiruan\b",
    "ikd": r"\bIKD\b",
    "peramban": r"\bperamban\b",
}
EXPLAINED_IN_PLACE = re.compile(r"(?:</b>)?\s*\(|,? yaitu\b")

# Courses written after the fact-check: every one of their lessons carries a warning.
NEW_SAFETY_COURSES = {
    "uang-aman",
    "nomor-suara-wajah-dikenal",
    "aman-di-facebook",
    "hoaks-di-video",
    "dasar-hp",
}

# Slugs that tests, workshops and search synonyms refer to: renaming one breaks links.
KEPT_COURSE_SLUGS = {
    "mulai-whatsapp",
    "waspada-penipuan",
    "kunci-akun",
    "bijak-di-grup-keluarga",
    "suara-warga-digital",
}
KEPT_LESSON_SLUGS = {
    "mengirim-pesan",
    "pesan-suara",
    "panggilan-video",
    "grup-whatsapp",
    "mama-minta-pulsa",
    "file-apk-berbahaya",
    "cs-bank-dan-hadiah-palsu",
    "bansos-palsu",
    "segera-lapor",
    "kode-otp-rahasia",
    "verifikasi-dua-langkah",
    "perangkat-tertaut-dan-akun-dibajak",
    "situs-dan-akun-resmi",
    "cek-hoaks-sebelum-berbagi",
    "santun-di-grup-keluarga",
    "jaga-privasi-keluarga",
    "lapor-keluhan",
    "rukun-dalam-perbedaan",
    "merekam-cerita-kampung",
}


def block_text(block):
    if block["type"] not in TEXT_BLOCKS:
        return ""
    return json.dumps(block["value"], ensure_ascii=False)


def reader_facing_text():
    """Everything a resident can read: lessons, courses, glossary and channels."""
    yield from (
        json.dumps(course | {"lessons": None}, ensure_ascii=False)
        for course in CONTENT["courses"]
    )
    for _, lesson in LESSONS:
        yield lesson["title"]
        yield lesson["summary"]
        yield from (block_text(block) for block in lesson["body"])
        yield from (reference["source"] for reference in lesson["references"])
    yield from (entry["explanation"] for entry in CONTENT["glossary"])
    yield from (entry["how_to_recognise"] for entry in CONTENT["channels"])


def lesson_id(pair):
    return pair[1]["slug"]


def test_there_are_enough_courses_and_lessons_in_the_safety_pillar():
    safety = [course for course in CONTENT["courses"] if course["pillar"] == "aman"]

    assert len(CONTENT["courses"]) >= 8
    assert len(LESSONS) >= 30
    assert sum(len(course["lessons"]) for course in safety) >= 16
    # The site shows courses by pillar; none of the four may be empty.
    assert {course["pillar"] for course in CONTENT["courses"]} == {
        "cakap",
        "aman",
        "etika",
        "budaya",
    }


def test_slugs_keys_and_names_are_unique():
    course_slugs = [course["slug"] for course in CONTENT["courses"]]
    lesson_slugs = [lesson["slug"] for _, lesson in LESSONS]
    glossary_keys = [entry["key"] for entry in CONTENT["glossary"]]
    glossary_terms = [entry["term"] for entry in CONTENT["glossary"]]
    channel_keys = [entry["key"] for entry in CONTENT["channels"]]
    channel_names = [entry["name"] for entry in CONTENT["channels"]]

    for values in (
        course_slugs,
        lesson_slugs,
        glossary_keys,
        glossary_terms,
        channel_keys,
        channel_names,
    ):
        assert len(values) == len(set(values)), sorted(
            value for value in values if values.count(value) > 1
        )


def test_existing_course_and_lesson_slugs_are_kept():
    assert KEPT_COURSE_SLUGS <= {course["slug"] for course in CONTENT["courses"]}
    assert KEPT_LESSON_SLUGS <= {lesson["slug"] for _, lesson in LESSONS}


def test_every_glossary_channel_and_image_a_lesson_uses_exists():
    glossary = {entry["key"] for entry in CONTENT["glossary"]}
    channels = {entry["key"] for entry in CONTENT["channels"]}
    images = {path.name for path in (CONTENT_DIR / "images").iterdir()}

    for course, lesson in LESSONS:
        assert course.get("cover_image") in images | {None}, course["slug"]
        for block in lesson["body"]:
            if block["type"] == "glossary":
                assert block["value"] in glossary, (lesson["slug"], block["value"])
            if block["type"] == "channels":
                assert set(block["value"]) <= channels, (lesson["slug"], block["value"])
            if block["type"] == "step" and block["value"].get("image"):
                assert block["value"]["image"] in images, lesson["slug"]
                assert block["value"]["alt"], lesson["slug"]


@pytest.mark.parametrize("pair", LESSONS, ids=lesson_id)
def test_every_lesson_has_steps_a_question_a_checklist_and_sources(pair):
    _, lesson = pair
    kinds = [block["type"] for block in lesson["body"]]

    assert "step" in kinds
    # A practice chat is practice too: the reader chooses and sees why.
    assert "question" in kinds or "chat" in kinds
    assert "checklist" in kinds
    assert lesson["references"]
    for reference in lesson["references"]:
        assert reference["title"].strip() and reference["source"].strip()
        assert not reference.get("url") or reference["url"].startswith("http")


@pytest.mark.parametrize(
    "pair",
    [pair for pair in LESSONS if pair[0]["slug"] in NEW_SAFETY_COURSES],
    ids=lesson_id,
)
def test_lessons_of_the_new_safety_courses_also_carry_a_warning(pair):
    _, lesson = pair

    assert any(block["type"] == "warning" for block in lesson["body"])


def test_the_right_answer_is_the_single_longest_in_at_most_a_third_of_questions():
    def right_is_single_longest(question):
        lengths = [len(choice["text"]) for choice in question["choices"]]
        right = [choice["correct"] for choice in question["choices"]].index(True)
        return lengths.count(max(lengths)) == 1 and lengths[right] == max(lengths)

    guessable = [q["question"] for q in QUESTIONS if right_is_single_longest(q)]

    assert len(QUESTIONS) >= 26
    assert len(guessable) * 3 <= len(QUESTIONS), guessable


def test_every_question_has_one_right_answer_and_every_answer_explains_itself():
    for question in QUESTIONS:
        assert [c["correct"] for c in question["choices"]].count(True) == 1
        for choice in question["choices"]:
            assert choice["explanation"].strip(), question["question"]
            # The page already says right or wrong; the explanation says why.
            assert not re.match(r"(Betul|Benar|Belum tepat)\b", choice["explanation"])


def test_no_step_joins_two_actions_with_lalu_or_kemudian():
    """A step holds one action: it never contains "lalu" or "kemudian" at all.

    The fact-check counted steps joined by these words as two actions; a step that
    needs one is split in two. (Other joins, such as "dan", are not checked.)
    """
    joined = [
        (lesson["slug"], block["value"]["text"])
        for _, lesson in LESSONS
        for block in lesson["body"]
        if block["type"] == "step"
        and re.search(r"\b(lalu|kemudian)\b", block["value"]["text"], re.IGNORECASE)
    ]

    assert joined == []


@pytest.mark.parametrize("pair", LESSONS, ids=lesson_id)
def test_difficult_words_are_explained_where_a_lesson_first_uses_them(pair):
    _, lesson = pair
    body = lesson["body"]
    for key, pattern in TERMS.items():
        first = next(
            (
                (index, match)
                for index, block in enumerate(body)
                if (match := re.search(pattern, block_text(block)))
            ),
            None,
        )
        if first is None:
            continue
        index, match = first
        glossary_at = [
            i
            for i, block in enumerate(body)
            if block["type"] == "glossary" and block["value"] == key
        ]
        after_the_word = match.string[match.end() :]
        assert (glossary_at and glossary_at[0] <= index + 1) or (
            EXPLAINED_IN_PLACE.match(after_the_word)
        ), f"{lesson['slug']}: '{match.group()}' is not explained at first use"


def test_readers_never_see_our_own_doubts_or_notes():
    doubts = re.compile(
        r"masih kami pastikan|masih dikonfirmasi|dikutip di berkas|berkas referensi",
        re.IGNORECASE,
    )

    found = [text for text in reader_facing_text() if doubts.search(text)]

    assert found == []


def test_numbers_the_fact_check_could_not_confirm_are_left_out():
    # 112 in Kubu Raya and the Mafindo chatbot were not confirmed in 2026.
    unconfirmed = {"112", "0859-2160-0500", "085921600500"}
    addresses = {entry["address"] for entry in CONTENT["channels"]}
    text = " ".join(reader_facing_text())

    assert not addresses & unconfirmed
    assert not re.search(r"\b112\b|0859-?2160-?0500", text)
