from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, has_horizontal_scroll


def test_a_resident_finds_the_official_channels_from_the_footer(page):
    page.goto("/kelas/")
    page.locator("footer").get_by_role("link", name="Saluran resmi").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Saluran resmi")
    expect(page.get_by_role("heading", name="Keadaan darurat")).to_be_visible()
    emergencies = page.locator(
        "section", has=page.get_by_role("heading", name="Keadaan darurat")
    )
    expect(emergencies.get_by_role("link", name="110")).to_have_attribute(
        "href", "tel:110"
    )
    expect(page.get_by_role("link", name="Cetak kartu dompet")).to_be_visible()
    assert not has_horizontal_scroll(page)
    assert_no_axe_violations(page)


def test_the_group_links_lead_to_their_channels_at_360_px(page):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/saluran-resmi/")

    page.get_by_role("link", name="Memeriksa hoaks").click()

    expect(page.get_by_role("heading", name="Memeriksa hoaks")).to_be_in_viewport()
    box = page.get_by_role("link", name="Memeriksa hoaks").bounding_box()
    assert box["height"] >= 48
    assert not has_horizontal_scroll(page)
