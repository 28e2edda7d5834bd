"""A facilitator's phone at the end of the day: the signed paper sheet typed in,
everyone marked present at once, and who did not come followed up."""

import datetime

import pytest
from playwright.sync_api import expect

from literacy_site.roles import FACILITATOR
from tests.browser.conftest import assert_no_axe_violations, has_horizontal_scroll
from tests.browser.test_facilitator import sign_in
from tests.factories import (
    RegistrationFactory,
    UserFactory,
    WorkshopFactory,
    WorkshopSessionFactory,
)
from workshops.models import Attendance


@pytest.fixture
def three_sessions(demo_site):
    facilitator = UserFactory(username="bu.rina", roles=[FACILITATOR])
    workshop = WorkshopFactory(title="Aman Bermedia Sosial", capacity=10)
    workshop.facilitators.add(facilitator)
    today = datetime.date.today()
    sessions = [
        WorkshopSessionFactory(workshop=workshop, date=today - datetime.timedelta(n))
        for n in (2, 1, 0)
    ]
    registrations = [
        RegistrationFactory(
            workshop=workshop,
            participant__full_name=name,
            participant__desa=workshop.desa,
        )
        for name in (
            "Abdul Hamid",
            "Raden Roro Siti Khadijah Nurul Hidayah Kusumawardhani",
            "Yohanes Paulus",
        )
    ]
    return {"workshop": workshop, "sessions": sessions, "people": registrations}


def test_every_session_of_the_paper_sheet_is_typed_in_on_a_360_px_phone(
    page, three_sessions
):
    page.set_viewport_size({"width": 360, "height": 800})
    sign_in(page)
    workshop = three_sessions["workshop"]
    page.goto(f"/fasilitator/lokakarya/{workshop.pk}/isi-daftar-hadir/")

    assert not has_horizontal_scroll(page)
    person = page.get_by_role(
        "group", name="Raden Roro Siti Khadijah Nurul Hidayah Kusumawardhani"
    )
    boxes = person.get_by_role("combobox")
    expect(boxes).to_have_count(3)
    for index in range(3):
        box = boxes.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert_no_axe_violations(page)

    boxes.nth(2).select_option(label="H Hadir")
    page.get_by_role("button", name="Simpan daftar hadir").click()

    saved = page.get_by_text("1 catatan dari daftar hadir kertas tersimpan.")
    expect(saved).to_be_visible()
    page.goto(f"/fasilitator/lokakarya/{workshop.pk}/isi-daftar-hadir/")
    boxes.nth(2).select_option(label="Hapus tanda")
    page.get_by_role("button", name="Simpan daftar hadir").click()

    expect(page.get_by_text("1 tanda dihapus.")).to_be_visible()
    assert not Attendance.objects.filter(session__workshop=workshop).exists()


def test_everyone_present_then_one_change_keeps_the_count_right(page, three_sessions):
    sign_in(page)
    session = three_sessions["sessions"][1]  # yesterday: started, whatever the hour
    page.goto(f"/fasilitator/sesi/{session.pk}/kehadiran/")
    count = page.locator("[data-attendance-count]")
    expect(count).to_have_text("0 dari 3 sudah ditandai")
    assert not has_horizontal_scroll(page)
    assert_no_axe_violations(page)

    abdul = page.get_by_role("group", name="Abdul Hamid")
    abdul.get_by_label("Tidak hadir").check()
    expect(abdul.get_by_text("Tersimpan")).to_be_visible()
    expect(count).to_have_text("1 dari 3 sudah ditandai")

    page.get_by_role("button", name="Semua hadir").click()
    expect(page.get_by_text("2 orang ditandai hadir.")).to_be_visible()
    expect(count).to_have_text("3 dari 3 sudah ditandai")

    yohanes = page.get_by_role("group", name="Yohanes Paulus")
    yohanes.get_by_label("Terlambat").check()
    expect(yohanes.get_by_text("Tersimpan")).to_be_visible()
    expect(count).to_have_text("3 dari 3 sudah ditandai")
    assert_no_axe_violations(page)

    marks = dict(
        Attendance.objects.filter(session=session).values_list(
            "registration__participant__full_name", "status"
        )
    )
    assert marks == {
        "Abdul Hamid": "absent",
        "Raden Roro Siti Khadijah Nurul Hidayah Kusumawardhani": "present",
        "Yohanes Paulus": "late",
    }


def test_the_follow_up_list_calls_who_did_not_come(page, three_sessions):
    first_session = three_sessions["sessions"][0]
    abdul = three_sessions["people"][0]
    Attendance.objects.create(
        registration=abdul, session=first_session, status="absent"
    )
    sign_in(page)
    page.goto(f"/fasilitator/sesi/{first_session.pk}/kehadiran/")

    page.get_by_role("link", name="Yang tidak datang").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Yang tidak datang")
    expect(page.get_by_role("link", name="Telepon 0812-3456-7890")).to_have_count(3)
    assert not has_horizontal_scroll(page)
    assert_no_axe_violations(page)
