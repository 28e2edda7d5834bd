import pytest

from literacy_site.roles import EDITOR, MODERATOR
from tests.courses.factories import LessonPageFactory
from tests.courses.test_moderation import edit_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson_in_review(login_as):
    lesson = LessonPageFactory(title="Pesan Suara", publish=False)
    login_as(EDITOR).post(
        f"/admin/pages/{lesson.pk}/edit/", edit_form(lesson, **{"action-submit": "1"})
    )
    lesson.refresh_from_db()
    assert lesson.current_workflow_state.status == "in_progress"
    return lesson


def test_a_moderator_reviewing_a_page_gets_approve_first_and_no_plain_publish(
    login_as, lesson_in_review
):
    page = login_as(MODERATOR).get(f"/admin/pages/{lesson_in_review.pk}/edit/").text
    footer = page[page.index('<footer class="footer') :]

    assert 'name="action-publish"' not in footer
    assert footer.index("Setujui dan terbitkan") < footer.index("Simpan draf")


def test_a_moderator_cannot_publish_a_page_in_review_without_approving(
    login_as, lesson_in_review
):
    moderator = login_as(MODERATOR)
    lesson_in_review.title = "Pesan Suara yang diperbaiki"
    response = moderator.post(
        f"/admin/pages/{lesson_in_review.pk}/edit/",
        edit_form(lesson_in_review, **{"action-publish": "1"}),
        follow=True,
    )

    lesson_in_review.refresh_from_db()
    assert not lesson_in_review.live
    assert lesson_in_review.current_workflow_state.status == "in_progress"
    assert "Setujui untuk menerbitkannya" in response.text
    # The moderator's edits are kept as a draft, not thrown away.
    draft = lesson_in_review.get_latest_revision_as_object()
    assert draft.title == "Pesan Suara yang diperbaiki"


def test_bulk_publish_from_the_page_list_refuses_a_page_in_review(
    login_as, lesson_in_review
):
    moderator = login_as(MODERATOR)
    response = moderator.post(
        f"/admin/bulk/wagtailcore/page/publish/?id={lesson_in_review.pk}"
        f"&next=/admin/pages/{lesson_in_review.get_parent().pk}/",
        {"include_descendants": ""},
        follow=True,
    )

    lesson_in_review.refresh_from_db()
    assert not lesson_in_review.live
    assert lesson_in_review.current_workflow_state.status == "in_progress"
    assert "Tidak ada yang diterbitkan" in response.text
    assert "Pesan Suara" in response.text


def test_a_moderator_still_publishes_a_page_that_is_not_in_review(login_as):
    lesson = LessonPageFactory(title="Pesan Suara", publish=False)
    page = login_as(MODERATOR).get(f"/admin/pages/{lesson.pk}/edit/").text
    assert 'name="action-publish"' in page[page.index('<footer class="footer') :]


def test_moderators_are_told_in_indonesian_that_a_lesson_awaits_them(
    login_as, mailoutbox
):
    moderator = login_as(MODERATOR).user
    lesson = LessonPageFactory(title="Pesan Suara", publish=False)
    login_as(EDITOR).post(
        f"/admin/pages/{lesson.pk}/edit/", edit_form(lesson, **{"action-submit": "1"})
    )

    [message] = [m for m in mailoutbox if moderator.email in m.to]
    assert 'Halaman "Pesan Suara" dikirim untuk disetujui' in message.subject
    assert "Pratinjau halamannya di sini:" in message.body
    assert "has been submitted" not in message.body
    assert "You can preview" not in message.body
