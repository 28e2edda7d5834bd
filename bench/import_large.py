"""A long participant list imported as the task worker does, and a file too large
refused by the upload page.

    .venv/bin/python bench/import_large.py [--rows 5000]
    DATABASE_URL=postgres://… .venv/bin/python bench/import_large.py

Prints: the time the upload request spends reading and queueing the list, the
time the task takes to check and to import it (budget: 5,000 rows in under
60 s of CPU; the wall time depends on the machine's load, and on SQLite it is
how long the import holds the database's write lock), the process's peak
memory over the import (budget: under 150 MB more than before), and the time
the page takes to refuse a 10 MB file (budget: no more than 50 ms over showing
the empty import page: the body is never read).
"""

import argparse
import csv
import io
import os
import resource
import time

from _setup import throwaway_database
from django.conf import settings
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from literacy_site.roles import FACILITATOR
from tests.factories import DesaFactory, UserFactory, WorkshopFactory
from workshops import services
from workshops.models import ParticipantImportJob
from workshops.tasks import import_participants

TASK_BUDGET_SECONDS = 60
MEMORY_BUDGET_MB = 150
REFUSAL_BUDGET_MS = 50
REFUSED_SIZE = 10 * 1024 * 1024


def peak_memory_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def participant_list(desa, rows):
    """A `;` list with a byte-order mark, as Excel saves it in Indonesia."""
    lines = [["Nama", "Tahun lahir", "Jenis kelamin", "Desa", "Telepon", "Setuju"]]
    lines += [
        [
            f"Peserta Lokakarya Nomor {n}",
            1940 + n % 40,
            "P" if n % 2 else "L",
            desa.name,
            f"0812{n:08d}",
            "ya",
        ]
        for n in range(rows)
    ]
    output = io.StringIO()
    csv.writer(output, delimiter=";").writerows(lines)
    return ("\ufeff" + output.getvalue()).encode()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    options = parser.parse_args()

    with throwaway_database() as vendor:
        desa = DesaFactory()
        workshop = WorkshopFactory(venue__desa=desa, capacity=options.rows)
        facilitator = UserFactory(roles=[FACILITATOR])
        workshop.facilitators.add(facilitator)
        content = participant_list(desa, options.rows)
        print(
            f"{vendor}: {options.rows} rows, {len(content) / 1024:.0f} KB "
            f"(limit {settings.IMPORT_MAX_BYTES / 1024 / 1024:.1f} MB)"
        )

        started = time.perf_counter()
        total = services.registrations_import_count(content=content)
        job = ParticipantImportJob.objects.create(
            workshop=workshop,
            requested_by=facilitator,
            content=content,
            file_name="peserta.csv",
            total=total,
        )
        queued = time.perf_counter() - started
        print(f"upload request: read, counted and queued in {queued * 1000:.0f} ms")

        phases = {}
        real_progress = services.import_job_progress

        def progress(**kwargs):
            if kwargs.get("imported") == 0:
                phases["checked"] = time.perf_counter()
            real_progress(**kwargs)

        services.import_job_progress = progress
        memory_before = peak_memory_mb()
        started, cpu_started = time.perf_counter(), time.process_time()
        import_participants.call(job.pk)
        finished, cpu = time.perf_counter(), time.process_time() - cpu_started
        services.import_job_progress = real_progress
        job.refresh_from_db()
        assert job.status == "done", job.errors[:3]
        registered = workshop.registrations.count()
        assert registered == options.rows, registered
        seconds = finished - started
        print(
            f"task: {options.rows} rows checked in "
            f"{phases['checked'] - started:.1f} s, imported in "
            f"{finished - phases['checked']:.1f} s, {seconds:.1f} s in all "
            f"({seconds / options.rows * 1000:.1f} ms a row), {cpu:.1f} s of CPU "
            f"(budget {TASK_BUDGET_SECONDS} s of CPU): "
            f"{'within' if cpu <= TASK_BUDGET_SECONDS else 'OVER'}; load average "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )
        if vendor == "sqlite":
            print(
                f"  SQLite's write lock was held {finished - phases['checked']:.1f} s "
                f"by the import; other writers wait up to "
                f"{settings.DATABASES['default']['OPTIONS']['timeout']} s, then fail"
            )
        extra = peak_memory_mb() - memory_before
        print(
            f"peak memory: {peak_memory_mb():.0f} MB, {extra:.0f} MB more than "
            f"before the import (budget {MEMORY_BUDGET_MB} MB): "
            f"{'within' if extra <= MEMORY_BUDGET_MB else 'OVER'}"
        )

        client = Client()
        client.force_login(facilitator)
        big = io.BytesIO(b"Nama;Tahun lahir\n" + b"x" * REFUSED_SIZE)
        big.name = "besar.csv"
        body = encode_multipart(BOUNDARY, {"file": big})
        url = reverse("facilitator:import", args=[workshop.pk])
        timings, page = [], []
        for _ in range(5):
            started = time.perf_counter()
            client.get(url)
            page.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            response = client.generic(
                "POST",
                url,
                body,
                content_type=MULTIPART_CONTENT,
            )
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 413, response.status_code
        refusal = sorted(timings)[len(timings) // 2]
        empty_page = sorted(page)[len(page) // 2]
        print(
            f"{len(body) / 1024 / 1024:.0f} MB upload refused in {refusal:.1f} ms, "
            f"showing the empty import page {empty_page:.1f} ms (medians of 5; "
            f"budget: the page plus {REFUSAL_BUDGET_MS} ms): "
            f"{'within' if refusal <= empty_page + REFUSAL_BUDGET_MS else 'OVER'}"
        )


if __name__ == "__main__":
    main()
