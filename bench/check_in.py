"""Checking people in at the door: by learner card vs by name search.

Issue 13 asks for the median time to check in one person by card against by
name. Measured in Chromium at 360 px against a live server, for a workshop of
PEOPLE registrations, CHECK_INS people each way:
- by name: type the first word of the name, search, tap "Hadir" on the row,
  wait until it is saved;
- by card, typed: type the eight-character code, tap "Tandai hadir", wait;
- by card, photo: give the QR photo to "Foto kartu" (what the phone's camera
  app returns), wait for the page that says the person is present.
The figures are machine time (requests, rendering, decoding): a person's typing
is left out, so the keystrokes and taps each way are printed beside them.
Run: .venv/bin/python bench/check_in.py  (needs /usr/bin/chromium)
"""

import os
import tempfile
import time
from pathlib import Path

from _setup import median, throwaway_database

PEOPLE = 200
CHECK_INS = 15


def main():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with throwaway_database() as vendor:
        import segno
        from django.test.testcases import LiveServerThread, _StaticFilesHandler
        from playwright.sync_api import sync_playwright

        from cards import services
        from literacy_site.roles import FACILITATOR
        from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS
        from tests.factories import (
            RegistrationFactory,
            UserFactory,
            WorkshopFactory,
            WorkshopSessionFactory,
        )

        facilitator = UserFactory(username="bu.rina", roles=[FACILITATOR])
        workshop = WorkshopFactory(capacity=PEOPLE)
        workshop.facilitators.add(facilitator)
        session = WorkshopSessionFactory(workshop=workshop)
        registrations = RegistrationFactory.create_batch(
            PEOPLE, workshop=workshop, participant__desa=workshop.desa
        )
        cards = [services.card_of(r.participant) for r in registrations]
        photos = Path(tempfile.mkdtemp())
        for card in cards[2 * CHECK_INS : 3 * CHECK_INS]:
            segno.make_qr(f"http://x/kartu/{card.display_code}/").save(
                photos / f"{card.code}.png", scale=8
            )
        server = LiveServerThread("127.0.0.1", _StaticFilesHandler, port=0)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        base = f"http://127.0.0.1:{server.port}"
        attendance = f"{base}/fasilitator/sesi/{session.pk}/kehadiran/"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            page = browser.new_page(viewport={"width": 360, "height": 740})
            page.goto(f"{base}/fasilitator/")
            page.get_by_label("Nama pengguna").fill("bu.rina")
            page.get_by_label("Kata sandi").fill("kata-sandi-uji")
            page.get_by_role("button", name="Masuk").click()
            page.wait_for_url(f"{base}/fasilitator/")
            page.goto(attendance)

            # Finding a person is folded above the list; it stays open while a
            # search is shown and after a card check-in.
            folded = page.locator("details.find-person")

            def unfold():
                if not folded.evaluate("details => details.open"):
                    page.get_by_text("Cari nama atau kartu", exact=True).click()

            by_name, by_code, by_photo = [], [], []
            for registration in registrations[:CHECK_INS]:
                name = registration.participant.full_name
                start = time.perf_counter()
                unfold()
                page.get_by_label("Cari nama").fill(name.split()[0])
                page.get_by_role("button", name="Cari", exact=True).click()
                page.wait_for_load_state()
                row = page.get_by_role("group", name=name).first
                row.get_by_label("Hadir", exact=True).check()
                row.get_by_text("Tersimpan").wait_for()
                by_name.append(time.perf_counter() - start)
                page.goto(attendance)
            for card in cards[CHECK_INS : 2 * CHECK_INS]:
                start = time.perf_counter()
                unfold()
                page.get_by_label("Kode kartu peserta").fill(card.code)
                page.get_by_role("button", name="Tandai hadir").click()
                page.get_by_text("ditandai hadir.").wait_for()
                by_code.append(time.perf_counter() - start)
            for card in cards[2 * CHECK_INS : 3 * CHECK_INS]:
                start = time.perf_counter()
                page.get_by_label("Foto kartu").set_input_files(
                    photos / f"{card.code}.png"
                )
                page.wait_for_url(attendance + "?kartu=1")
                page.get_by_text(f"{card.participant.full_name} ditandai").wait_for()
                by_photo.append(time.perf_counter() - start)
            browser.close()
        server.terminate()

    def row(label, times, actions):
        print(f"  {label:<22} median {median(times) * 1000:6.0f} ms   {actions}")

    print(
        f"Check-in at one session, {PEOPLE} registered, {CHECK_INS} each way, {vendor}"
    )
    row(
        "by name search",
        by_name,
        "tap Cari nama atau kartu, type a name (~6 keys), Cari, tap Hadir",
    )
    row(
        "by card, typed code",
        by_code,
        "(Cari nama atau kartu once) type 8 characters, Tandai hadir",
    )
    row("by card, photo/scan", by_photo, "tap Foto kartu, take the photo")


if __name__ == "__main__":
    main()
