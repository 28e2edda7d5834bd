from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, has_horizontal_scroll


def test_kamus_reads_on_a_small_phone_and_leads_to_a_lesson_that_explains(page):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/kamus/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Kamus")
    assert_no_axe_violations(page)
    assert not has_horizontal_scroll(page)
    entry = page.locator("#kata-kode-otp")
    expect(entry).to_contain_text("Kode OTP")
    explanation = entry.locator("dd > p").first.inner_text()
    link = entry.get_by_role("link").first
    box = link.bounding_box()
    assert box["height"] >= 48

    link.click()

    # Explained where the lesson first uses it, in brackets or in a box of its own.
    body = page.locator(".lesson__body")
    expect(body.locator("dfn", has_text="Kode OTP").first).to_be_visible()
    expect(body.get_by_text(explanation).first).to_be_visible()
    assert_no_axe_violations(page)
