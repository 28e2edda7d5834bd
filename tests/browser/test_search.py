import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations


def test_a_mistyped_search_offers_the_right_word_and_the_courses(page):
    page.goto("/cari/")
    page.get_by_label("Cari materi").fill("penipuab")
    page.get_by_role("button", name="Cari", exact=True).click()

    expect(page.get_by_role("status")).to_have_text(
        "Tidak ditemukan apa pun untuk “penipuab”."
    )
    expect(page.get_by_role("heading", name="Atau pilih kelas")).to_be_visible()
    expect(
        page.get_by_role("link", name=re.compile("Waspada Penipuan"))
    ).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("link", name="penipuan", exact=True).click()

    expect(page.get_by_role("status")).to_contain_text("hasil ditemukan")
    expect(
        page.get_by_role("link", name=re.compile("Mama Minta Pulsa"))
    ).to_be_visible()
    assert_no_axe_violations(page)
