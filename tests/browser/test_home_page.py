import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, has_horizontal_scroll


def root_font_size(page):
    return page.evaluate(
        "parseFloat(getComputedStyle(document.documentElement).fontSize)"
    )


def test_home_page_greets_residents_in_indonesian_without_accessibility_faults(page):
    page.goto("/")

    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Selamat datang, Bapak dan Ibu"
    )
    expect(page.get_by_role("link", name="Diskominfo Kubu Raya")).to_be_visible()
    expect(page.get_by_role("heading", name="Butuh bantuan?")).to_be_visible()
    assert_no_axe_violations(page)


def test_skip_link_appears_on_tab_and_moves_to_the_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Langsung ke isi")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()

    page.keyboard.press("Enter")

    expect(page.locator("main")).to_be_focused()


def test_text_size_choice_enlarges_the_page_and_survives_a_reload(page):
    page.goto("/")
    assert root_font_size(page) == 20

    page.get_by_text("Tampilan: ukuran huruf & warna", exact=True).click()
    page.get_by_role("button", name="Paling besar").click()

    expect(page.locator("html")).to_have_class(re.compile(r"\btext-largest\b"))
    assert root_font_size(page) == 28
    page.reload()
    assert root_font_size(page) == 28
    # The choices sit in the closed *Tampilan* box again after a reload.
    page.get_by_text("Tampilan: ukuran huruf & warna", exact=True).click()
    expect(page.get_by_role("button", name="Paling besar")).to_have_attribute(
        "aria-pressed", "true"
    )


def test_high_contrast_turns_the_page_white_on_black_and_survives_a_reload(page):
    page.goto("/")
    page.get_by_text("Tampilan: ukuran huruf & warna", exact=True).click()
    page.get_by_role("button", name="Kontras tinggi").click()
    page.reload()

    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(0, 0, 0)"
    page.get_by_text("Tampilan: ukuran huruf & warna", exact=True).click()
    expect(page.get_by_role("button", name="Kontras tinggi")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert_no_axe_violations(page)


def test_reading_controls_work_without_javascript(browser, live_site, demo_site):
    context = browser.new_context(base_url=live_site.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")

    page.get_by_text("Tampilan: ukuran huruf & warna", exact=True).click()
    page.get_by_role("button", name="Besar", exact=True).click()

    expect(page).to_have_url(live_site.url + "/")
    assert root_font_size(page) == 24
    context.close()


def test_narrow_phone_has_no_sideways_scrolling_even_with_the_largest_text(page):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/")
    assert not has_horizontal_scroll(page)

    page.get_by_text("Tampilan: ukuran huruf & warna", exact=True).click()
    page.get_by_role("button", name="Paling besar").click()

    assert not has_horizontal_scroll(page)


def test_touch_targets_are_at_least_48_pixels(page):
    page.goto("/")
    too_small = page.evaluate(
        """() => [...document.querySelectorAll('button, .button, .site-nav a')]
            .filter(el => el.offsetParent !== null)
            .map(el => [el.textContent.trim(), el.getBoundingClientRect()])
            .filter(([, box]) => box.height < 48 || box.width < 48)
            .map(([text, box]) => `${text}: ${box.width}x${box.height}`)"""
    )
    assert too_small == []
