import pytest
from wagtail.models import GroupPagePermission, Workflow

from literacy_site.roles import EDITOR, MODERATOR
from tests.courses.factories import LessonPageFactory

pytestmark = pytest.mark.django_db


def edit_form(lesson, **actions):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    data = nested_form_data(
        {
            "title": lesson.title,
            "slug": lesson.slug,
            "summary": lesson.summary,
            "minutes": str(lesson.minutes),
            "body": streamfield(
                [("step", {"text": "Buka WhatsApp.", "image": "", "alt": ""})]
            ),
            "references": streamfield([]),
            "comments": {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0"},
        }
    )
    data.update(actions)
    return data


def test_editors_may_add_and_change_pages_but_not_publish():
    codenames = set(
        GroupPagePermission.objects.filter(group__name=EDITOR).values_list(
            "permission__codename", flat=True
        )
    )
    assert codenames == {"add_page", "change_page"}
    assert "publish_page" in set(
        GroupPagePermission.objects.filter(group__name=MODERATOR).values_list(
            "permission__codename", flat=True
        )
    )


def test_one_moderator_approval_workflow_covers_the_whole_site():
    workflow = Workflow.objects.get(workflow_pages__page__depth=1)
    tasks = [task.specific for task in workflow.tasks]
    assert workflow.active
    assert [list(task.groups.values_list("name", flat=True)) for task in tasks] == [
        [MODERATOR]
    ]


def test_an_editor_can_open_a_lesson_with_every_block_in_the_page_editor(login_as):
    from tests.courses.factories import (
        GlossaryTermFactory,
        ImageFactory,
        OfficialChannelFactory,
        every_block_body,
    )

    lesson = LessonPageFactory(
        body=every_block_body(
            image=ImageFactory(),
            channel=OfficialChannelFactory(),
            term=GlossaryTermFactory(),
        )
    )

    response = login_as(EDITOR).get(f"/admin/pages/{lesson.pk}/edit/")

    assert response.status_code == 200
    assert "Langkah" in response.content.decode()


def test_an_editor_cannot_publish_a_lesson(login_as):
    editor = login_as(EDITOR)
    lesson = LessonPageFactory(title="Pesan Suara", publish=False)

    response = editor.post(
        f"/admin/pages/{lesson.pk}/edit/", edit_form(lesson, **{"action-publish": "1"})
    )

    # Without the right to publish, Wagtail keeps the changes as a draft.
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{lesson.pk}/edit/"
    lesson.refresh_from_db()
    assert not lesson.live
    assert editor.get(lesson.url).status_code == 404


def test_a_submitted_lesson_goes_live_when_a_moderator_approves_it(login_as, client):
    editor = login_as(EDITOR)
    lesson = LessonPageFactory(title="Pesan Suara", publish=False)

    response = editor.post(
        f"/admin/pages/{lesson.pk}/edit/", edit_form(lesson, **{"action-submit": "1"})
    )
    assert response.status_code == 302
    lesson.refresh_from_db()
    state = lesson.current_workflow_state
    assert state is not None and state.status == "in_progress"
    assert not lesson.live

    # An editor cannot approve their own lesson.
    task_state = state.current_task_state
    editor.post(
        f"/admin/pages/workflow/action/{lesson.pk}/approve/{task_state.pk}/",
        {"comment": ""},
    )
    lesson.refresh_from_db()
    assert not lesson.live

    moderator = login_as(MODERATOR)
    response = moderator.post(
        f"/admin/pages/workflow/action/{lesson.pk}/approve/{task_state.pk}/",
        {"comment": "Sudah dicek sumbernya."},
    )

    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.live
    page = client.get(lesson.url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Diterbitkan " in text
    # Approving publishes; it is not a check of the facts.
    assert "Fakta diperiksa" not in text


def test_editors_manage_the_glossary_and_official_channels(login_as):
    editor = login_as(EDITOR)

    for url in (
        "/admin/snippets/courses/glossaryterm/",
        "/admin/snippets/courses/officialchannel/",
    ):
        assert editor.get(url).status_code == 200, url
        assert editor.get(url + "add/").status_code == 200, url

    response = editor.post(
        "/admin/snippets/courses/glossaryterm/add/",
        {"term": "Tautan", "explanation": "Alamat internet yang bisa diketuk."},
    )
    assert response.status_code == 302
    assert (
        login_as("Fasilitator").get("/admin/snippets/courses/glossaryterm/").status_code
        == 302
    )
