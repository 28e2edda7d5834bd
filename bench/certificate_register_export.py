"""The certificate register's XLSX (and CSV) export at 60,000 certificates.

Budget (issue 10): the XLSX export of 60,000 rows in 15 s or less, with memory
bounded (rows read in chunks, a write-only workbook written to a temporary
file). Prints the time, the file size and the peak RSS of the export itself.
The wall time counts waiting for a busy machine's CPU too; the CPU time is
what the export itself used.
Run: .venv/bin/python bench/certificate_register_export.py [count]
(PostgreSQL: set DATABASE_URL)
"""

import gc
import io
import sys
import time
from pathlib import Path

from _setup import throwaway_database

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 60_000
WORKSHOPS = 600
BATCH = 5_000
BUDGET_SECONDS = 15


def rss_kb(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def reset_peak_rss():
    # Linux: writing 5 to clear_refs starts VmHWM (peak RSS) again from now.
    Path("/proc/self/clear_refs").write_text("5")


def build():
    from django.utils import timezone

    from certificates.models import Certificate
    from workshops.models import Desa, Kecamatan, Participant, Venue, Workshop

    now = timezone.now()
    kecamatan = Kecamatan.objects.create(code="99.01.01", name="Bench")
    desa = [
        Desa.objects.create(
            code=f"99.01.01.{2001 + n}", name=f"Desa {n}", kecamatan=kecamatan
        )
        for n in range(20)
    ]
    venue = Venue.objects.create(name="Balai", desa=desa[0])
    Workshop.objects.bulk_create(
        Workshop(
            title=f"Aman Bermedia Sosial {n}",
            venue=venue,
            desa=desa[n % len(desa)],
            capacity=200,
            status="closed",
        )
        for n in range(WORKSHOPS)
    )
    workshop_ids = list(Workshop.objects.values_list("pk", flat=True))
    for start in range(0, COUNT, BATCH):
        size = min(BATCH, COUNT - start)
        Participant.objects.bulk_create(
            Participant(
                full_name=f"Peserta Nomor {start + n}",
                birth_year=1950 + n % 20,
                gender="P" if n % 2 else "L",
                desa=desa[n % len(desa)],
                consent_given_at=now,
            )
            for n in range(size)
        )
        people = Participant.objects.order_by("-pk").values_list("pk", flat=True)[:size]
        Certificate.objects.bulk_create(
            Certificate(
                participant_id=person,
                workshop_id=workshop_ids[(start + n) % WORKSHOPS],
                number=f"{start + n + 1:05d}/LD/DISKOMINFO/{now.year}",
                year=now.year,
                sequence=start + n + 1,
                verification_code=f"B{start + n:09d}",
                name_as_printed=f"Peserta Nomor {start + n}",
                issued_at=now,
                revoked_at=now if n % 50 == 0 else None,
                revocation_reason="Bench" if n % 50 == 0 else "",
            )
            for n, person in enumerate(people)
        )


def export(client, file_format):
    gc.collect()
    before = rss_kb("VmRSS")
    reset_peak_rss()
    started, cpu_started = time.perf_counter(), time.process_time()
    response = client.get("/admin/certificates/", {"export": file_format})
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    peak = rss_kb("VmHWM")
    return response, elapsed, cpu, size, before, peak


def main():
    from django.contrib.auth import get_user_model
    from django.test import Client
    from openpyxl import load_workbook

    with throwaway_database() as vendor:
        build()
        user = get_user_model().objects.create_superuser("bench", "b@example.org", "x")
        client = Client()
        client.force_login(user)
        print(f"database: {vendor}, certificates: {COUNT:,}")
        for file_format in ("xlsx", "csv"):
            response, elapsed, cpu, size, before, peak = export(client, file_format)
            verdict = (
                f"budget {BUDGET_SECONDS} s: "
                + ("ok" if elapsed <= BUDGET_SECONDS else "OVER")
                if file_format == "xlsx"
                else "no budget"
            )
            print(
                f"{file_format}: {elapsed:.1f} s ({verdict}; CPU {cpu:.1f} s), "
                f"{size / 1_000_000:.1f} MB, RSS before {before / 1024:.0f} MB, "
                f"peak during export {peak / 1024:.0f} MB "
                f"(+{(peak - before) / 1024:.0f} MB)"
            )
        body = b"".join(
            client.get("/admin/certificates/", {"export": "xlsx"}).streaming_content
        )
        sheet = load_workbook(io.BytesIO(body), read_only=True).active
        rows = sum(1 for _row in sheet.iter_rows(values_only=True))
        print(f"xlsx rows (with the header): {rows:,}")


if __name__ == "__main__":
    main()
