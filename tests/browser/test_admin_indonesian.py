"""Wagtail's admin in Indonesian: every screen an editor, a moderator and an
administrator use is read as they see it, and any English word on it is listed.

English words are those of Wagtail's English catalogues and of the project's own
msgids; a word is allowed when it is a proper noun or is written the same in
Indonesian."""

import re
from functools import cache
from pathlib import Path

import pytest
import wagtail
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import RequestFactory
from playwright.sync_api import expect
from wagtail.admin.menu import SubmenuMenuItem, admin_menu
from wagtail.images import get_image_model
from wagtail.models import Page

from courses.demo import demo_content
from courses.models import GlossaryTerm, LessonPage, OfficialChannel, SearchSynonym
from literacy_site.roles import ADMINISTRATOR, EDITOR, MODERATOR, VILLAGE_STAFF
from tests.browser.conftest import assert_no_axe_violations
from tests.factories import DesaFactory, UserFactory

ALLOWED = {
    # Proper nouns and names of formats.
    "wagtail", "whatsapp", "facebook", "instagram", "tiktok", "youtube", "google",
    "android", "javascript", "embedly", "url", "csv", "xlsx", "pdf", "api", "json",
    "utc", "id", "english",
    # Written the same in Indonesian.
    "admin", "administrator", "editor", "moderator", "alias", "avatar", "area",
    "data", "dialog", "format", "label", "logo", "menu", "meta", "minimum", "mode",
    "model", "panel", "port", "server", "status", "tab", "tablet", "tag", "token",
    "total", "valid", "web", "host", "blog", "video", "internet", "online",
    # Indonesian words Wagtail's English also has: "per kecamatan", "Min" (Minggu,
    # Sunday, in the date picker).
    "per", "min",
    # Wagtail 8.0's page search passes no model name to its results header, which
    # then reads "1-2 dari 2 None" (in English too): to be reported upstream.
    "none",
}  # fmt: skip
WORD = re.compile(r"[A-Za-z]{3,}")
# Addresses, file names, time zones (Asia/Pontianak) and {placeholders}.
IDENTIFIER = re.compile(r"\S*[/_@{}]\S*|\b[\w-]+\.(?:com|id|org|net)\b\S*")
MARKUP = re.compile(r"%\(\w+\)[sd]|\{\w+\}|<[^>]+>")


def _entries(po_file):
    """The msgids (with their plurals) and the msgstrs of a .po file."""
    msgids, msgstrs, current = [], [], None
    for line in Path(po_file).read_text(encoding="utf-8").splitlines():
        if line.startswith(("msgid ", "msgid_plural ")):
            current = msgids
        elif line.startswith("msgstr"):
            current = msgstrs
        elif not line.startswith('"'):
            continue
        current.append(line[line.index('"') :].strip('"'))
    return msgids, msgstrs


def _words(texts):
    return {
        word.lower() for text in texts for word in WORD.findall(MARKUP.sub(" ", text))
    }


@cache
def english_words():
    wagtail_dir = Path(wagtail.__file__).parent
    wagtail_english = _words(
        msgid
        for po_file in wagtail_dir.glob("**/locale/en/LC_MESSAGES/*.po")
        for msgid in _entries(po_file)[0]
    )
    # The project's msgids hold Indonesian place and role names too: those are the
    # words its translations keep.
    project_po = settings.BASE_DIR / "locale/id/LC_MESSAGES/django.po"
    project_msgids, project_msgstrs = _entries(project_po)
    project_english = _words(project_msgids) - _words(project_msgstrs)
    return (wagtail_english | project_english) - ALLOWED


@cache
def content_texts():
    """What the site's editors wrote (titles, glossary, references): their English
    loanwords and sources ("Pusat Bantuan WhatsApp: How to ...") are content."""
    texts = set()

    def collect(value):
        if isinstance(value, str):
            texts.add(value)
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    collect(demo_content())
    for model in (GlossaryTerm, OfficialChannel, SearchSynonym, get_image_model()):
        collect(list(model.objects.values()))
    collect(list(Page.objects.values_list("title", flat=True)))
    return sorted((text for text in texts if len(text) > 2), key=len, reverse=True)


@cache
def content_words():
    return {word.lower() for text in content_texts() for word in WORD.findall(text)}


@cache
def code_names():
    """App and model names, which some reports show as they are."""
    return {
        name
        for model in apps.get_models()
        for name in (model._meta.app_label, model._meta.model_name)
    }


def english_on(page):
    """English words in the screen's visible text and its inputs' placeholders,
    leaving out the site's own content."""
    text = " ".join(
        [
            page.locator("body").inner_text(),
            *page.eval_on_selector_all(
                "input[placeholder], textarea[placeholder]",
                "fields => fields.map(field => field.placeholder)",
            ),
        ]
    )
    # A stream block's heading previews its content, cut short; a closed select
    # shows only its chosen option (time zones are names of places).
    shown_elsewhere = page.eval_on_selector_all(
        ".c-sf-block__title, option:not(:checked)",
        "elements => elements.map(element => element.textContent)",
    )
    for content in [*shown_elsewhere, *content_texts()]:
        text = text.replace(content, " ")
    text = IDENTIFIER.sub(" ", text)
    # Content shown cut short somewhere else (a reference title in a collapsed
    # block's summary) leaves only some of its words: those are content too.
    english = english_words() - code_names() - content_words()
    return sorted({word for word in WORD.findall(text) if word.lower() in english})


def menu_addresses(user):
    """Every admin screen in this user's menu, submenus included."""
    request = RequestFactory().get("/admin/")
    request.user = user
    addresses = []

    def walk(items):
        for item in items:
            if isinstance(item, SubmenuMenuItem):
                walk(item.menu.menu_items_for_request(request))
            elif item.url.startswith("/admin/"):
                addresses.append(item.url)

    walk(admin_menu.menu_items_for_request(request))
    return addresses


def sign_in(page, username):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("kata-sandi-uji")
    page.locator("button[type=submit]").click()
    # The sign-in page has a #main too: wait until it has sent us on.
    page.wait_for_url("**/admin/")


def english_on_screens(page, addresses):
    found = {}
    for address in dict.fromkeys(addresses):
        response = page.goto(address)
        assert response.ok, f"{address}: {response.status}"
        page.wait_for_load_state("networkidle")
        if words := english_on(page):
            found[address] = words
    return found


def report(found):
    return "English left on these screens:\n" + "\n".join(
        f"  {address}: {' '.join(words)}" for address, words in found.items()
    )


@pytest.fixture
def lesson(demo_site):
    return LessonPage.objects.live().first()


def test_an_editor_meets_no_english_from_dashboard_to_lesson_editor(page, lesson):
    editor = UserFactory(username="bu.editor", roles=[EDITOR])
    course = lesson.get_parent()
    image = get_image_model().objects.first()
    term = GlossaryTerm.objects.first()
    sign_in(page, "bu.editor")

    found = english_on_screens(
        page,
        [
            *menu_addresses(editor),
            "/admin/",
            "/admin/pages/",
            f"/admin/pages/{course.pk}/",
            f"/admin/pages/{lesson.pk}/edit/",
            f"/admin/pages/{lesson.pk}/history/",
            f"/admin/pages/add/courses/lessonpage/{course.pk}/",
            f"/admin/pages/{course.pk}/add_subpage/",
            "/admin/pages/search/?q=WhatsApp",
            f"/admin/images/{image.pk}/",
            "/admin/images/multiple/add/",
            "/admin/documents/multiple/add/",
            f"/admin/snippets/courses/glossaryterm/edit/{term.pk}/",
            "/admin/snippets/courses/glossaryterm/add/",
            "/admin/account/",
        ],
    )

    # A lesson saved with a missing title and a slug its sibling has.
    sibling = lesson.get_siblings(inclusive=False).first()
    page.goto(f"/admin/pages/{lesson.pk}/edit/")
    page.locator("#id_title").fill("")
    page.get_by_role("tab", name="Promosi").click()
    page.locator("#id_slug").fill(sibling.slug)
    page.get_by_role("button", name="Simpan draf").click()
    expect(page.get_by_text("Ke galat pertama")).to_be_visible()
    if words := english_on(page):
        found["lesson saved with errors"] = words

    assert not found, report(found)


def test_the_page_editor_tabs_read_as_wagtail_means_them(page, lesson):
    UserFactory(username="bu.editor", roles=[EDITOR])
    sign_in(page, "bu.editor")
    page.goto(f"/admin/pages/{lesson.pk}/edit/")

    tabs = [text.split()[0] for text in page.get_by_role("tab").all_inner_texts()]
    # An editor has no Settings tab (privacy and scheduling are not theirs).
    assert tabs == ["Konten", "Promosi"]
    expect(page.locator("#id_title")).to_have_attribute("placeholder", "Judul halaman*")


def test_a_moderator_reviews_a_lesson_without_meeting_english(page, lesson):
    moderator = UserFactory(username="pak.moderator", roles=[MODERATOR])
    lesson.save_revision()
    lesson.get_workflow().start(lesson, UserFactory(roles=[EDITOR]))
    sign_in(page, "pak.moderator")

    found = english_on_screens(
        page,
        [
            *menu_addresses(moderator),
            "/admin/",
            f"/admin/pages/{lesson.pk}/edit/",
            "/admin/reports/workflow/",
            "/admin/reports/workflow_tasks/",
        ],
    )

    page.goto(f"/admin/pages/{lesson.pk}/edit/")
    page.get_by_role("button", name="Tindakan lain").click()
    page.get_by_role("button", name="Setujui dengan komentar dan terbitkan").click()
    expect(page.get_by_role("dialog")).to_be_visible()
    if words := english_on(page):
        found["approve with comment"] = words

    assert not found, report(found)


def test_an_administrator_meets_no_english_on_people_settings_and_workshops(
    page, demo_site
):
    administrator = UserFactory(username="pak.admin", roles=[ADMINISTRATOR])
    staffer = UserFactory(roles=[VILLAGE_STAFF])
    sign_in(page, "pak.admin")

    found = english_on_screens(
        page,
        [
            *menu_addresses(administrator),
            "/admin/",
            "/admin/users/new/",
            f"/admin/users/edit/{staffer.pk}/",
            f"/admin/groups/edit/{Group.objects.get(name=EDITOR).pk}/",
            f"/admin/pages/{Page.objects.get(depth=2).pk}/",
        ],
    )

    assert not found, report(found)


def test_the_office_makes_a_village_staffer_with_two_desa_on_one_screen(
    page, demo_site
):
    UserFactory(username="pak.admin", roles=[ADMINISTRATOR])
    first, second = DesaFactory(name="Desa Satu"), DesaFactory(name="Desa Dua")
    sign_in(page, "pak.admin")
    page.goto("/admin/users/new/")
    assert_no_axe_violations(page)

    page.locator("#id_first_name").fill("Rahmat")
    page.locator("#id_username").fill("rahmat")
    page.get_by_label(re.compile("Operator desa –")).check()
    page.get_by_label(first.name, exact=True).check()
    page.get_by_label(second.name, exact=True).check()
    page.locator("#id_password1").fill("desa-kami-2026")
    page.locator("#id_password2").fill("desa-kami-2026")
    page.get_by_role("button", name="Buat").click()

    expect(page.get_by_text("Pengguna 'rahmat' dibuat.")).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Rahmat"))
    expect(row).to_contain_text("Operator desa")
    expect(row).to_contain_text("Desa Dua, Desa Satu")
