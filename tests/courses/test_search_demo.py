"""What residents type, and the demo lesson each must bring up in the first
three results of /cari/ (lessons on main; the content work keeps their slugs)."""

import re

import pytest

from courses.demo import load_courses

pytestmark = pytest.mark.django_db

CASES = [
    # Word forms of "tipu" (cheat): every one finds the lesson on reporting.
    ("penipuan", "segera-lapor"),
    ("penipu", "segera-lapor"),
    ("menipu", "segera-lapor"),
    ("tertipu", "segera-lapor"),
    ("sudah terlanjur tertipu", "segera-lapor"),
    # Spellings and English words residents use.
    ("hoax", "cek-hoaks-sebelum-berbagi"),
    ("hoaks", "cek-hoaks-sebelum-berbagi"),
    ("berita bohong", "cek-hoaks-sebelum-berbagi"),
    ("watsap", "grup-whatsapp"),
    ("wa", "grup-whatsapp"),
    ("grup WA", "grup-whatsapp"),
    ("video call", "panggilan-video"),
    ("vc", "panggilan-video"),
    ("telepon video", "panggilan-video"),
    ("voice note", "pesan-suara"),
    ("vn", "pesan-suara"),
    ("pesan suara", "pesan-suara"),
    # Scams by what they ask for or send.
    ("pulsa", "mama-minta-pulsa"),
    ("mama minta pulsa", "mama-minta-pulsa"),
    ("apk", "file-apk-berbahaya"),
    ("undangan nikah", "file-apk-berbahaya"),
    ("foto paket", "file-apk-berbahaya"),
    ("hadiah", "cs-bank-dan-hadiah-palsu"),
    ("cs bank", "cs-bank-dan-hadiah-palsu"),
    ("bansos", "bansos-palsu"),
    ("bantuan sosial", "bansos-palsu"),
    ("link bansos", "bansos-palsu"),
    # Accounts.
    ("otp", "kode-otp-rahasia"),
    ("kode", "kode-otp-rahasia"),
    ("apa itu kode otp", "kode-otp-rahasia"),
    ("verifikasi dua langkah", "verifikasi-dua-langkah"),
    ("pin whatsapp", "verifikasi-dua-langkah"),
    ("akun dibajak", "perangkat-tertaut-dan-akun-dibajak"),
    ("perangkat tertaut", "perangkat-tertaut-dan-akun-dibajak"),
    ("centang biru", "situs-dan-akun-resmi"),
    ("go.id", "situs-dan-akun-resmi"),
    # Sharing, community, complaints.
    ("cek fakta", "cek-hoaks-sebelum-berbagi"),
    ("sopan di grup", "santun-di-grup-keluarga"),
    ("privasi", "jaga-privasi-keluarga"),
    ("data pribadi", "jaga-privasi-keluarga"),
    ("cara kirim pesan", "mengirim-pesan"),
    ("centang dua", "mengirim-pesan"),
    ("keluhan", "lapor-keluhan"),
    ("lapor jalan rusak", "lapor-keluhan"),
    ("perbedaan", "rukun-dalam-perbedaan"),
    ("rekam cerita", "merekam-cerita-kampung"),
]

RESULT = re.compile(
    r'<li class="card result result--(\w+)">\s*<h2[^>]*>(?:<a href="([^"]*)")?'
)


def first_three(client, query):
    html = client.get("/cari/", {"q": query}).content.decode()
    return [href or kind for kind, href in RESULT.findall(html)[:3]]


def test_what_residents_type_finds_the_lesson_meant_in_the_first_three(
    client, home_site
):
    load_courses()

    misses = []
    for query, slug in CASES:
        shown = first_three(client, query)
        if not any(address.endswith(f"/{slug}/") for address in shown):
            misses.append(f"{query!r} -> {slug}: {shown}")

    hit_rate = 1 - len(misses) / len(CASES)
    assert not misses, f"hit rate {hit_rate:.0%} of {len(CASES)}:\n" + "\n".join(
        misses
    )
