import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, has_horizontal_scroll

COURSE = "/kelas/waspada-penipuan/"
LESSON = "/kelas/waspada-penipuan/mama-minta-pulsa/"

# Stands in for the phone's speech engine and writes down what it was asked to say.
SPEECH_RECORDER = """
window.__spoken = [];
const recorder = {
  speaking: false, paused: false, pending: false,
  speak(utterance) {
    const {text, lang, rate} = utterance;
    window.__spoken.push({text, lang, rate});
  },
  cancel() { window.__spoken.push({cancel: true}); },
  pause() { window.__spoken.push({pause: true}); },
  resume() { window.__spoken.push({resume: true}); },
  getVoices() { return []; },
  addEventListener() {},
};
Object.defineProperty(window, "speechSynthesis", {value: recorder, configurable: true});
if (typeof window.SpeechSynthesisUtterance !== "function") {
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
}
"""


def test_course_index_course_and_lesson_have_no_accessibility_faults(page):
    for address in ("/kelas/", COURSE, LESSON):
        page.goto(address)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_no_axe_violations(page)


def test_lesson_shows_where_the_learner_is_and_numbered_steps(page):
    page.goto(LESSON)

    expect(page.get_by_role("heading", level=1)).to_have_text(
        'Pesan "Mama Minta Pulsa" dari Nomor Baru'
    )
    expect(page.get_by_text("Materi 1 dari 5")).to_be_visible()
    expect(page.locator("#langkah-1")).to_contain_text("Langkah 1")
    expect(page.locator("#langkah-2")).to_contain_text("Langkah 2 Telepon")
    expect(page.get_by_role("link", name=re.compile("^Berikutnya"))).to_be_visible()


def test_read_aloud_speaks_the_lesson_slowly_in_indonesian(page):
    page.add_init_script(SPEECH_RECORDER)
    page.goto(LESSON)

    # No sound file here: the one "Dengarkan" press opens the controls and reads.
    page.get_by_text("Dengarkan", exact=True).click()

    spoken = [entry for entry in page.evaluate("window.__spoken") if "text" in entry]
    assert spoken, "nothing was read aloud"
    assert {entry["lang"] for entry in spoken} == {"id-ID"}
    assert all(entry["rate"] < 1 for entry in spoken)
    assert spoken[0]["text"] == 'Pesan "Mama Minta Pulsa" dari Nomor Baru'
    assert any(entry["text"].startswith("Langkah 2 Telepon") for entry in spoken)

    page.get_by_role("button", name="Jeda").click()
    assert page.evaluate("window.__spoken").count({"pause": True}) == 1
    expect(page.get_by_role("button", name="Lanjutkan")).to_be_visible()


def test_one_step_can_be_heard_again(page):
    page.add_init_script(SPEECH_RECORDER)
    page.goto(LESSON)

    page.locator("#langkah-2").get_by_role(
        "button", name="Dengarkan langkah ini"
    ).click()

    spoken = [entry for entry in page.evaluate("window.__spoken") if "text" in entry]
    assert len(spoken) == 1
    assert spoken[0]["text"].startswith("Langkah 2 Telepon anak atau saudara")
    assert spoken[0]["lang"] == "id-ID" and spoken[0]["rate"] < 1


def test_practice_question_gives_feedback_at_once(page):
    page.goto(LESSON)
    question = page.locator(".question").first

    question.get_by_label(re.compile("^Langsung mentransfer")).check()
    question.get_by_role("button", name="Periksa jawaban saya").click()

    feedback = question.locator("[data-feedback]:visible")
    expect(feedback).to_have_count(1)
    expect(feedback).to_contain_text("Belum tepat.")
    expect(feedback).to_contain_text("Sebaiknya jangan.")
    expect(feedback).to_be_focused()
    expect(page).to_have_url(re.compile(re.escape(LESSON) + "$"))


def test_practice_question_works_without_javascript(browser, live_site, demo_site):
    context = browser.new_context(base_url=live_site.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(LESSON)
    question = page.locator(".question").first

    question.get_by_label(re.compile("^Menelepon Dewi")).check()
    question.get_by_role("button", name="Periksa jawaban saya").click()

    feedback = page.locator(".question").first.locator("[data-feedback]:visible")
    expect(feedback).to_have_count(1)
    expect(feedback).to_contain_text("Benar!")
    expect(feedback).to_contain_text("Dengan menelepon nomor yang sudah dikenal")
    expect(page.get_by_role("button", name="Bacakan")).to_be_hidden()
    # Without a sound file and without the script there is nothing to play, so
    # no "Dengarkan" row promises it.
    expect(page.get_by_text("Dengarkan", exact=True)).to_be_hidden()
    context.close()


def test_lesson_reflows_at_320_pixels_without_sideways_scrolling(page):
    page.set_viewport_size({"width": 320, "height": 640})
    for address in (LESSON, COURSE, "/kelas/"):
        page.goto(address)
        assert not has_horizontal_scroll(page), address

    page.goto(LESSON)
    page.get_by_text("Tampilan: ukuran huruf & warna", exact=True).click()
    page.get_by_role("button", name="Paling besar").click()
    assert not has_horizontal_scroll(page)


def test_lesson_page_asks_nothing_of_other_hosts(page, live_site):
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(LESSON)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")

    assert requested
    assert all(url.startswith(live_site.url) for url in requested), requested


def test_search_finds_a_lesson_from_the_home_page(page):
    page.goto("/")

    page.get_by_label("Cari materi").fill("pulsa")
    page.get_by_role("button", name="Cari", exact=True).click()

    expect(
        page.get_by_role("link", name=re.compile("Mama Minta Pulsa"))
    ).to_be_visible()
    assert_no_axe_violations(page)
