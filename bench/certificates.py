"""Certificate PDFs: 500 in one file, one alone, and the verification page.

Budgets (DESIGN.md): 500 in under 2 s and under 10 KB a page; one in under 200 ms;
the verification page under 30 KB transferred. Also prints the floor: a bare
reportlab canvas drawing the same text without QR codes.
Run: .venv/bin/python bench/certificates.py
"""

import gzip
import io
import statistics
import time
from dataclasses import replace

from _setup import throwaway_database

COUNT = 500


def timed(function, runs):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main():
    from django.utils import translation
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    from certificates.codes import format_code, new_code
    from certificates.render import (
        CertificateText,
        Signatory,
        WorkshopWording,
        _draw_qr,
        render_certificates,
    )
    from literacy_site import pdf

    translation.activate("id")
    wording = WorkshopWording(
        organisation=pdf.Organisation(
            name="Dinas Komunikasi dan Informatika Kabupaten Kubu Raya"
        ),
        workshop_title="Aman Bermedia Sosial untuk Lansia",
        dates="25 November – 2 Desember 2026",
        place="Balai Desa Sungai Raya, Sungai Raya",
        signatory=Signatory(
            place="Sungai Raya",
            title="Kepala Dinas Komunikasi dan Informatika",
            name="Nama Pejabat, S.Kom.",
            nip="197001012000031001",
        ),
    )
    certificates = []
    for number in range(1, COUNT + 1):
        code = format_code(new_code())
        certificates.append(
            CertificateText(
                name=f"Peserta Lokakarya Nomor {number} binti Fulan",
                number=f"{number:03d}/LD/DISKOMINFO/2026",
                code=code,
                verify_url=f"https://literasi.kuburayakab.go.id/verifikasi/{code}/",
                signed_on="2 Desember 2026",
            )
        )

    render_certificates(wording, certificates[:1])  # fonts registered, caches warm
    bulk_time, bulk = timed(lambda: render_certificates(wording, certificates), 3)
    single_time, single = timed(
        lambda: render_certificates(wording, certificates[:1]), 20
    )

    def bare_canvas():
        buffer = io.BytesIO()
        canvas = Canvas(buffer, pagesize=landscape(A4), invariant=True)
        for certificate in certificates:
            canvas.setFont(pdf.register_fonts(), 30)
            canvas.drawCentredString(421, 330, certificate.name)
            canvas.setFont(pdf.register_fonts(), 13)
            canvas.drawCentredString(421, 420, certificate.number)
            canvas.drawString(100, 100, certificate.code)
            canvas.showPage()
        canvas.save()
        return buffer.getvalue()

    floor_time, _ = timed(bare_canvas, 3)

    def qr_only():
        buffer = io.BytesIO()
        canvas = Canvas(buffer, pagesize=landscape(A4), invariant=True)
        for certificate in certificates:
            _draw_qr(canvas, certificate.verify_url, 50, 50, 90)
            canvas.showPage()
        canvas.save()

    qr_time, _ = timed(qr_only, 3)

    print(f"{COUNT} certificates in one PDF: {bulk_time:.2f} s (budget 2 s)")
    print(
        f"  size {len(bulk) / 1024:.0f} KB, {len(bulk) / COUNT / 1024:.2f} KB a page "
        "(budget 10 KB)"
    )
    print(f"  bare canvas, same text, no QR codes (floor): {floor_time:.2f} s")
    print(f"  QR codes alone ({COUNT}, one-bit images, fixed mask): {qr_time:.2f} s")
    print(
        f"one certificate: {single_time * 1000:.0f} ms (budget 200 ms), "
        f"{len(single) / 1024:.0f} KB"
    )

    # What the fallback fonts cost: the files, and each PDF that needs one.
    font_files = [
        path
        for fallback in pdf.FALLBACK_FONTS
        for path in (pdf.FONTS_ROOT / fallback.file).parent.iterdir()
    ]
    repository = sum(path.stat().st_size for path in set(font_files))
    print(f"fallback fonts and licences in the repository: {repository / 1024:.0f} KB")
    sample = certificates[0]
    latin = len(render_certificates(wording, [sample]))
    print(f"one certificate, Latin name: {latin / 1024:.1f} KB")
    for script, name in [
        ("Javanese", "ꦱꦶꦠꦶ ꦄꦩꦶꦤꦃ"),
        ("Chinese", "陈美玲"),
        ("Arabic", "سيتي أمينة"),
    ]:
        other = replace(sample, name=name)
        size = len(render_certificates(wording, [other]))
        print(
            f"one certificate, {script} name: {size / 1024:.1f} KB "
            f"(+{(size - latin) / 1024:.1f} KB)"
        )
    mixed_names = ["ꦱꦶꦠꦶ ꦄꦩꦶꦤꦃ", "陈美玲", "سيتي أمينة", "Siti Aminah"]
    mixed = [
        replace(certificate, name=mixed_names[number % 4])
        for number, certificate in enumerate(certificates)
    ]
    mixed_time, mixed_pdf = timed(lambda: render_certificates(wording, mixed), 3)
    print(
        f"{COUNT} certificates, names in four scripts: {mixed_time:.2f} s, "
        f"{len(mixed_pdf) / COUNT / 1024:.2f} KB a page"
    )

    with throwaway_database():
        from django.test import Client

        from certificates import services
        from tests.factories import (
            RegistrationFactory,
            WorkshopFactory,
            WorkshopSessionFactory,
        )
        from workshops import services as workshop_services

        workshop = WorkshopFactory(minimum_sessions_for_certificate=1)
        session = WorkshopSessionFactory(workshop=workshop, ended=True)
        registration = RegistrationFactory(workshop=workshop)
        workshop_services.attendance_mark(
            registration=registration, session=session, status="present", marked_by=None
        )
        (issued,) = services.certificates_issue_for_workshop(
            workshop=workshop, issued_by=None
        )
        client = Client(HTTP_ACCEPT_ENCODING="gzip")
        page = client.get(issued.get_absolute_url())
        css = b"".join(
            client.get(f"/static/{name}").getvalue()
            for name in ("css/site.css", "js/site.js")
        )
        html = page.content
        transferred = len(html) + len(gzip.compress(css))
        print(
            f"verification page: HTML {len(html) / 1024:.1f} KB as sent "
            f"({page.get('Content-Encoding', 'identity')}), with CSS and JS "
            f"gzipped {transferred / 1024:.1f} KB (budget 30 KB)"
        )


if __name__ == "__main__":
    main()
