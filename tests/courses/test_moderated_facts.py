"""Official channels and glossary terms are moderated like lessons; the facts
check is its own act; handouts follow exactly what they print."""

import datetime
import io
import re

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone, translation
from pypdf import PdfReader
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry, Page, Revision

from courses import services
from courses.models import GlossaryTerm, LessonPage, OfficialChannel
from literacy_site.demo import load_organisation
from literacy_site.roles import ADMINISTRATOR, EDITOR, MODERATOR
from tests.courses.factories import (
    CoursePageFactory,
    GlossaryTermFactory,
    LessonPageFactory,
    OfficialChannelFactory,
    step,
)

pytestmark = pytest.mark.django_db

OLD_NUMBER = "0811-9224-545"
NEW_NUMBER = "0811-0000-999"
EDIT_URL = "/admin/snippets/courses/officialchannel/edit/{pk}/"


def pdf_text(data):
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def stored_handout(page):
    """The handout as the worker drew it, in the site's language."""
    page = Page.objects.get(pk=page.pk).specific  # as a new request reads it
    with translation.override("id"):
        path = services.handout_of(page).path
    with default_storage.open(path, "rb") as stored:
        return stored.read()


def channel_form(channel, **changes):
    data = {
        "platform": channel.platform,
        "purpose": channel.purpose,
        "name": channel.name,
        "address": channel.address,
        "how_to_recognise": channel.how_to_recognise,
    }
    data.update(changes)
    return data


def channels_block(*channels):
    return ("channels", {"heading": "Saluran resmi", "channels": list(channels)})


@pytest.fixture
def world(db):
    """Two courses: one lesson prints the WhatsApp channel, another prints an
    unrelated channel, a third prints none."""
    load_organisation()
    whatsapp = OfficialChannelFactory(
        name="Aduan Konten lewat WhatsApp",
        platform="whatsapp",
        address=OLD_NUMBER,
    )
    other = OfficialChannelFactory(name="Layanan Polisi 110", address="110")
    first_course = CoursePageFactory(title="Waspada Penipuan")
    second_course = CoursePageFactory(title="Melapor")
    with_whatsapp = LessonPageFactory(
        parent=first_course,
        title="Melapor Lewat WhatsApp",
        body=[step("Simpan nomornya."), channels_block(whatsapp)],
    )
    without = LessonPageFactory(parent=first_course, title="Tanpa Saluran")
    with_other = LessonPageFactory(
        parent=second_course,
        title="Menelepon Polisi",
        body=[step("Tekan 110."), channels_block(other)],
    )
    pages = [with_whatsapp, without, with_other, first_course, second_course]
    with translation.override("id"):
        for page in pages:
            services.handout_build(page=page)
    return {
        "whatsapp": whatsapp,
        "lesson": with_whatsapp,
        "course": first_course,
        "untouched": [without, with_other, second_course],
    }


@pytest.fixture
def task_queue(settings):
    """The database queue of production, with no worker: tasks wait in it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.HANDOUTS_BUILD_ON_PUBLISH = True
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path="courses.tasks.build_handout")


def run_queued(task_queue):
    for queued in task_queue.ready():
        queued.task.call(*queued.task_result.args, **queued.task_result.kwargs)
        queued.delete()


def submit_change(editor, channel, **changes):
    response = editor.post(
        EDIT_URL.format(pk=channel.pk),
        {**channel_form(channel, **changes), "action-submit": "1"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    channel.refresh_from_db()
    return channel.current_workflow_state


def test_an_editors_change_reaches_nothing_until_a_moderator_approves_it(
    client, login_as, world, task_queue, django_capture_on_commit_callbacks
):
    channel, lesson = world["whatsapp"], world["lesson"]
    with translation.override("id"):
        untouched = {
            page.pk: services.handout_of(page).path for page in world["untouched"]
        }
    editor = login_as(EDITOR)

    with django_capture_on_commit_callbacks(execute=True):
        state = submit_change(editor, channel, address=NEW_NUMBER)

    assert state.status == "in_progress"
    assert OfficialChannel.objects.get(pk=channel.pk).address == OLD_NUMBER
    assert OLD_NUMBER in client.get(lesson.url).text
    assert NEW_NUMBER not in client.get(lesson.url).text
    assert NEW_NUMBER not in client.get("/saluran-resmi/").text
    assert NEW_NUMBER not in pdf_text(stored_handout(lesson))
    assert NEW_NUMBER not in pdf_text(client.get("/saluran-resmi/kartu-a4.pdf").content)
    assert not task_queue.exists()

    # The editor can neither approve nor publish it.
    editor.post(
        f"/admin/snippets/courses/officialchannel/workflow/action/{channel.pk}"
        f"/approve/{state.current_task_state.pk}/",
        {"comment": ""},
    )
    editor.post(
        EDIT_URL.format(pk=channel.pk),
        {**channel_form(channel, address=NEW_NUMBER), "action-publish": "1"},
    )
    assert OfficialChannel.objects.get(pk=channel.pk).address == OLD_NUMBER

    moderator = login_as(MODERATOR)
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator.post(
            f"/admin/snippets/courses/officialchannel/workflow/action/{channel.pk}"
            f"/approve/{state.current_task_state.pk}/",
            {"comment": "Sudah dicek di aduankonten.id"},
        )
    assert response.status_code == 302

    assert OfficialChannel.objects.get(pk=channel.pk).address == NEW_NUMBER
    assert NEW_NUMBER in client.get(lesson.url).text
    assert NEW_NUMBER in client.get("/saluran-resmi/").text
    # Exactly the handouts that print the channel are drawn again: its lesson
    # (in full and short) and that lesson's course.
    queued = sorted(task.args_kwargs["args"][0] for task in task_queue.ready())
    assert queued == sorted([lesson.pk, lesson.pk, world["course"].pk])
    run_queued(task_queue)
    assert NEW_NUMBER in pdf_text(stored_handout(lesson))
    # The course prints short by default (steps and warnings, no channels); its
    # new version is stored all the same, keyed by what the lessons hold.
    assert stored_handout(world["course"]).startswith(b"%PDF")
    with translation.override("id"):
        for page in world["untouched"]:
            assert services.handout_of(page).path == untouched[page.pk]
            assert default_storage.exists(untouched[page.pk])


def test_the_history_shows_who_changed_the_number_and_who_approved_it(login_as, world):
    channel = world["whatsapp"]
    editor, moderator = login_as(EDITOR), login_as(MODERATOR)
    state = submit_change(editor, channel, address=NEW_NUMBER)
    moderator.post(
        f"/admin/snippets/courses/officialchannel/workflow/action/{channel.pk}"
        f"/approve/{state.current_task_state.pk}/",
        {"comment": ""},
    )

    entries = {
        (entry.action, entry.user_id)
        for entry in ModelLogEntry.objects.for_instance(channel)
    }
    assert ("wagtail.edit", editor.user.pk) in entries
    assert ("wagtail.workflow.approve", moderator.user.pk) in entries
    assert ("wagtail.publish", moderator.user.pk) in entries
    history = moderator.get(
        f"/admin/snippets/courses/officialchannel/history/{channel.pk}/"
    ).text
    assert editor.user.get_full_name() in history
    assert moderator.user.get_full_name() in history


def test_a_new_channel_or_term_not_yet_approved_is_shown_nowhere(client, world):
    draft_channel = OfficialChannelFactory(
        name="Saluran Belum Disetujui", address="0899-1111-2222", publish=False
    )
    draft_term = GlossaryTermFactory(term="Istilah Draf", publish=False)
    lesson = LessonPageFactory(
        parent=world["course"],
        body=[
            step("Baca baik-baik."),
            channels_block(draft_channel),
            ("glossary", {"term": draft_term}),
        ],
    )

    page = client.get(lesson.url).text
    listing = client.get("/saluran-resmi/").text
    printed = pdf_text(services.handout_of(lesson).render())

    assert not draft_channel.live and not draft_term.live
    for text in (page, listing, printed):
        assert "0899-1111-2222" not in text
        assert "Istilah Draf" not in text


def test_existing_channels_and_terms_are_live_with_a_first_revision(world):
    # Rows made before the migration are covered by the data migration; rows made
    # since, by the loader and factories, are made the same way.
    for snippet in (*OfficialChannel.objects.all(), *GlossaryTerm.objects.all()):
        assert snippet.live and snippet.live_revision_id
        assert Revision.objects.for_instance(snippet).exists()


def test_only_who_may_publish_marks_facts_as_checked(login_as, world):
    channel, lesson = world["whatsapp"], world["lesson"]

    editor = login_as(EDITOR)
    editor.post(f"/admin/fakta/saluran/{channel.pk}/")
    editor.post(f"/admin/fakta/materi/{lesson.pk}/")
    assert editor.get(f"/admin/fakta/saluran/{channel.pk}/").url == "/admin/"
    channel.refresh_from_db()
    lesson.refresh_from_db()
    assert channel.facts_checked_at is None and lesson.facts_checked_at is None
    moderator = login_as(MODERATOR)
    moderator.post(f"/admin/fakta/saluran/{channel.pk}/")
    moderator.post(f"/admin/fakta/materi/{lesson.pk}/")

    page_editor = f"/admin/pages/{lesson.pk}/edit/"
    assert f"/admin/fakta/materi/{lesson.pk}/" in moderator.get(page_editor).text
    assert "/admin/fakta/" not in editor.get(page_editor).text
    for item in (channel, lesson):
        item.refresh_from_db()
        assert item.facts_checked_by == moderator.user
        assert item.facts_checked_on == timezone.localdate()
        assert (
            log_registry.get_logs_for_instance(item)
            .filter(action="courses.facts_checked", user=moderator.user)
            .exists()
        )


def test_publishing_a_change_later_keeps_the_facts_check(login_as, world):
    channel, lesson = world["whatsapp"], world["lesson"]
    moderator = login_as(MODERATOR)
    moderator.post(f"/admin/fakta/saluran/{channel.pk}/")
    moderator.post(f"/admin/fakta/materi/{lesson.pk}/")

    # The revisions being published were saved before the check.
    channel.refresh_from_db()
    channel.how_to_recognise = "Nomor ini diumumkan Kominfo."
    channel.save_revision().publish()
    lesson.refresh_from_db()
    lesson.title = "Melapor Lewat WhatsApp (diperbarui)"
    lesson.save_revision().publish()

    channel.refresh_from_db()
    lesson = LessonPage.objects.get(pk=lesson.pk)
    assert channel.facts_checked_by == moderator.user
    assert lesson.facts_checked_by == moderator.user


def test_dashboard_lists_what_was_never_checked_or_checked_long_ago(login_as, world):
    channel, lesson = world["whatsapp"], world["lesson"]
    long_ago = timezone.now() - datetime.timedelta(days=200)
    OfficialChannel.objects.filter(pk=channel.pk).update(facts_checked_at=long_ago)
    fresh = OfficialChannelFactory(name="Baru Saja Diperiksa")
    OfficialChannel.objects.filter(pk=fresh.pk).update(facts_checked_at=timezone.now())

    moderator_home = login_as(MODERATOR).get("/admin/").text
    editor_home = login_as(EDITOR).get("/admin/").text

    assert "Fakta yang perlu diperiksa" in moderator_home
    assert "Aduan Konten lewat WhatsApp" in moderator_home
    assert lesson.title in moderator_home  # never checked
    assert f"/admin/fakta/saluran/{channel.pk}/" in moderator_home
    assert "Baru Saja Diperiksa" not in moderator_home
    assert "Fakta yang perlu diperiksa" not in editor_home


def listed_in_order(html, pattern):
    found = re.findall(pattern, html)
    return list(dict.fromkeys(found))


def test_the_dashboard_links_to_everything_due_a_facts_check_in_full(login_as):
    course = CoursePageFactory(title="Kelas Fakta")
    lessons = [
        LessonPageFactory(parent=course, title=f"Materi Lama {n:02d}")
        for n in range(12)
    ]
    long_ago = timezone.now() - datetime.timedelta(days=200)
    LessonPage.objects.filter(pk__in=[lesson.pk for lesson in lessons[:6]]).update(
        facts_checked_at=long_ago
    )
    fresh = LessonPageFactory(parent=course, title="Materi Baru Diperiksa")
    LessonPage.objects.filter(pk=fresh.pk).update(facts_checked_at=timezone.now())
    for n in range(11):
        OfficialChannelFactory(name=f"Saluran Lama {n:02d}")
    moderator = login_as(MODERATOR)

    home = moderator.get("/admin/").text

    query = "?fakta=perlu-diperiksa&amp;ordering=facts_checked_at"
    assert f'<a href="/admin/materi/{query}">Lihat semua 12 materi</a>' in home
    assert (
        f'<a href="/admin/snippets/courses/officialchannel/{query}">'
        "Lihat semua 11 saluran resmi</a>"
    ) in home
    every_lesson = moderator.get(
        "/admin/materi/?fakta=perlu-diperiksa&ordering=facts_checked_at"
    ).text
    # Never checked first, then the oldest check; a fresh check is not due.
    assert listed_in_order(every_lesson, r"Materi Lama \d\d") == [
        f"Materi Lama {n:02d}" for n in [*range(6, 12), *range(6)]
    ]
    assert "Materi Baru Diperiksa" not in every_lesson
    assert moderator.get("/admin/materi/").status_code == 200
    every_channel = moderator.get(
        "/admin/snippets/courses/officialchannel/"
        "?fakta=perlu-diperiksa&ordering=facts_checked_at"
    ).text
    assert len(listed_in_order(every_channel, r"Saluran Lama \d\d")) == 11


@pytest.fixture
def channels(db):
    load_organisation()
    return [
        OfficialChannelFactory(
            name="Cek Rekening", address="cekrekening.id", purpose="cek-nomor"
        ),
        OfficialChannelFactory(
            name="Nomor darurat", platform="phone", address="112", purpose="darurat"
        ),
        OfficialChannelFactory(
            name="TurnBackHoax",
            address="https://turnbackhoax.id/",
            purpose="cek-hoaks",
        ),
    ]


def test_official_channels_page_groups_the_live_channels_by_purpose(client, channels):
    response = client.get("/saluran-resmi/")
    text = re.sub(r"\s+", " ", response.text)

    assert response.status_code == 200
    headings = re.findall(
        r'<section class="channels" aria-labelledby="([a-z-]+)"', response.text
    )
    assert headings == ["cek-nomor", "cek-hoaks", "darurat"]
    assert text.rindex("Memeriksa hoaks") < text.index("TurnBackHoax")
    assert text.index("TurnBackHoax") < text.rindex("Keadaan darurat")
    assert 'href="tel:112"' in response.text
    assert 'href="/saluran-resmi/kartu-a4.pdf"' in response.text
    assert 'href="/saluran-resmi/kartu-dompet.pdf"' in response.text


def test_every_page_links_to_the_official_channels(client, channels):
    lesson = LessonPageFactory(body=[step("Baca."), channels_block(channels[0])])

    html = client.get(lesson.url).text

    # the header, the footer and the lesson's channel block
    assert html.count('href="/saluran-resmi/"') == 3


def test_the_a4_card_prints_each_group_with_qr_codes_to_the_sites(
    client, channels, settings
):
    import pypdfium2
    import zxingcpp

    response = client.get("/saluran-resmi/kartu-a4.pdf")
    text = pdf_text(response.content)

    assert response["Content-Type"] == "application/pdf"
    assert text.index("Memeriksa nomor atau rekening") < text.index("Cek Rekening")
    assert "Telepon: 112" in text or "Phone: 112" in text
    first_page = pypdfium2.PdfDocument(response.content)[0].render(scale=3).to_pil()
    codes = {code.text for code in zxingcpp.read_barcodes(first_page)}
    assert codes == {
        settings.SITE_URL + "/saluran-resmi/",
        "https://cekrekening.id",
        "https://turnbackhoax.id/",
    }


def test_the_wallet_card_fits_every_demo_channel_on_one_sheet(client, db):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)

    response = client.get("/saluran-resmi/kartu-dompet.pdf")
    reader = PdfReader(io.BytesIO(response.content))
    text = pdf_text(response.content)

    assert len(reader.pages) == 1
    assert "Gunting pada garis utuh" in text
    for channel in OfficialChannel.objects.all():
        assert channel.address in text, channel.name


def test_every_demo_channel_says_what_it_is_for():
    from courses.demo import demo_content
    from courses.models import ChannelPurpose

    for channel in demo_content()["channels"]:
        assert channel["purpose"] in ChannelPurpose.values, channel["key"]
        assert "last_checked" not in channel, channel["key"]


def test_an_editor_can_submit_a_channel_but_is_offered_no_publish(login_as, channels):
    html = login_as(EDITOR).get(EDIT_URL.format(pk=channels[0].pk)).text
    footer = html[html.index('<footer class="footer') :]

    assert 'name="action-submit"' in footer
    assert 'name="action-publish"' not in footer


def test_publishing_again_without_a_change_keeps_the_handout(channels):
    lesson = LessonPageFactory(body=[step("Baca."), channels_block(channels[0])])
    before = services.handout_of(lesson).path

    lesson.save_revision().publish()  # a new revision and time, the same print
    unrelated = OfficialChannelFactory(name="Tidak Dicetak")
    unrelated.how_to_recognise = "Berubah."
    unrelated.save_revision().publish()
    lesson = LessonPage.objects.get(pk=lesson.pk)

    assert services.handout_of(lesson).path == before
    channels[0].address = "cekrekening.go.id"
    channels[0].save_revision().publish()
    lesson = LessonPage.objects.get(pk=lesson.pk)
    assert services.handout_of(lesson).path != before


def test_a_handout_explains_the_terms_its_text_uses_and_follows_their_approval(
    world, task_queue, django_capture_on_commit_callbacks
):
    term = GlossaryTermFactory(
        term="Kode OTP", explanation="Kode angka rahasia dari bank."
    )
    lesson = LessonPageFactory(
        parent=world["course"],
        title="Menjaga Kode",
        body=[step("Jangan berikan kode OTP kepada siapa pun.")],
    )
    with translation.override("id"):
        services.handout_build(page=lesson)
    printed = pdf_text(stored_handout(lesson))
    assert "Arti kata" in printed
    assert "Kode OTP: Kode angka rahasia dari bank." in printed
    # A lesson that does not use the word explains nothing.
    assert "Arti kata" not in pdf_text(stored_handout(world["untouched"][1]))

    term.explanation = "Kode angka sekali pakai yang dikirim bank lewat SMS."
    with django_capture_on_commit_callbacks(execute=True):
        term.save_revision().publish()

    queued = sorted(task.args_kwargs["args"][0] for task in task_queue.ready())
    assert queued == sorted([lesson.pk, lesson.pk, world["course"].pk])
    run_queued(task_queue)
    assert "Kode angka sekali pakai yang dikirim bank lewat SMS." in pdf_text(
        stored_handout(lesson)
    )


def test_a_moderator_searches_within_the_facts_due(login_as):
    course = CoursePageFactory(title="Kelas Fakta")
    LessonPageFactory(parent=course, title="Kode OTP Itu Rahasia")
    LessonPageFactory(parent=course, title="Mengirim Pesan")
    OfficialChannelFactory(name="Aduan Penipuan")
    OfficialChannelFactory(name="Cek Rekening")
    moderator = login_as(MODERATOR)

    lessons = moderator.get("/admin/materi/?fakta=perlu-diperiksa&q=otp")
    channels = moderator.get(
        "/admin/snippets/courses/officialchannel/?fakta=perlu-diperiksa&q=aduan"
    )

    assert lessons.status_code == 200
    assert "Kode OTP Itu Rahasia" in lessons.text
    assert "Mengirim Pesan" not in lessons.text
    assert channels.status_code == 200
    assert "Aduan Penipuan" in channels.text
    assert "Cek Rekening" not in channels.text


def test_an_editor_searches_channels_and_glossary_terms_in_the_admin(login_as):
    OfficialChannelFactory(name="Aduan Penipuan", address="0811-0000-111")
    OfficialChannelFactory(name="Cek Rekening", address="cekrekening.id")
    GlossaryTermFactory(term="Kode OTP", explanation="Angka rahasia dari SMS.")
    GlossaryTermFactory(term="Tautan", explanation="Alamat yang bisa diketuk.")
    editor = login_as(EDITOR)

    by_name = editor.get("/admin/snippets/courses/officialchannel/?q=aduan")
    by_address = editor.get("/admin/snippets/courses/officialchannel/?q=cekrekening")
    terms = editor.get("/admin/snippets/courses/glossaryterm/?q=rahasia")

    assert "Aduan Penipuan" in by_name.text
    assert "Cek Rekening" not in by_name.text
    assert "Cek Rekening" in by_address.text
    assert "Kode OTP" in terms.text
    assert "Tautan" not in terms.text


def test_an_administrator_sees_only_the_channels_due_a_facts_check(login_as):
    LessonPageFactory(title="Materi Belum Diperiksa")
    OfficialChannelFactory(name="Saluran Belum Diperiksa")
    administrator = login_as(ADMINISTRATOR)

    home = administrator.get("/admin/").text

    assert "Fakta yang perlu diperiksa" in home
    assert "Saluran Belum Diperiksa" in home
    assert "Materi Belum Diperiksa" not in home
    assert "saluran resmi yang faktanya terakhir diperiksa" in home
    assert "materi dan saluran" not in home
