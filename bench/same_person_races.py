"""The races of issue 14: one person sent twice at once, one file imported twice.

Expected: every trial ends with one registration per person, no errors, and the
second form answered "sudah terdaftar". Run on both databases:
    .venv/bin/python bench/same_person_races.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/same_person_races.py
"""

import time
import uuid

from _setup import throwaway_database

from tests.concurrency import run_at_once

FORM_TRIALS = 10
IMPORT_TRIALS = 3
IMPORT_ROWS = 10


def form_trial(number):
    """Two facilitators' phones send the same new person's form together."""
    from django.test import Client
    from django.urls import reverse

    from literacy_site.roles import FACILITATOR
    from tests.factories import RegistrationFactory, UserFactory, WorkshopFactory

    # Odd trials: the last seat; even trials: plenty of seats.
    workshop = WorkshopFactory(capacity=5 if number % 2 else 50)
    if number % 2:
        RegistrationFactory.create_batch(4, workshop=workshop)
    phones = [UserFactory(roles=[FACILITATOR]) for _ in range(2)]
    workshop.facilitators.add(*phones)
    url = reverse("facilitator:register", args=[workshop.pk])
    form = {
        "full_name": f"Siti Aminah {number}",
        "birth_year": "1957",
        "gender": "P",
        "desa": workshop.desa.pk,
        "phone": "0812 3456 7890",
        "consent": "on",
    }

    clients = []
    for user in phones:  # signed in beforehand: only the forms are sent at once
        clients.append(Client())
        clients[-1].force_login(user)

    def send(client):
        data = {**form, "submission_key": str(uuid.uuid4())}
        return client.post(url, data, follow=True).content.decode()

    pages, errors = run_at_once(send, clients)
    registrations = workshop.registrations.filter(
        participant__full_name=form["full_name"]
    ).count()
    already = sum("sudah terdaftar untuk lokakarya ini" in page for page in pages)
    return registrations, already, errors


def import_trial():
    from tests.factories import WorkshopFactory
    from workshops import services

    workshop = WorkshopFactory(capacity=50)
    marker = uuid.uuid4().hex[:6]
    text = "nama,tahun_lahir,jenis_kelamin,desa,telepon,kebutuhan,setuju\n" + "".join(
        f"Peserta {marker} {n},{1950 + n},P,{workshop.desa.code},,,ya\n"
        for n in range(IMPORT_ROWS)
    )
    _results, errors = run_at_once(
        lambda _: services.registrations_import_csv(
            workshop=workshop, text=text, imported_by=None
        ),
        [1, 2],
    )
    return workshop.registrations.count(), errors


def main():
    with throwaway_database() as vendor:
        print(f"database: {vendor}")
        started = time.perf_counter()
        outcomes = [form_trial(number) for number in range(FORM_TRIALS)]
        print(
            f"{FORM_TRIALS} trials, the same person's form sent from two phones at "
            "once (odd trials: the last seat)"
        )
        print(
            "  registrations per trial: "
            + " ".join(str(registrations) for registrations, _a, _e in outcomes)
        )
        print(
            '  answered "sudah terdaftar": '
            + " ".join(str(already) for _r, already, _e in outcomes)
        )
        form_errors = [error for _r, _a, errors in outcomes for error in errors]
        print(f"  errors: {len(form_errors)} {form_errors[:3]}")
        imports = [import_trial() for _ in range(IMPORT_TRIALS)]
        print(f"{IMPORT_TRIALS} trials, a {IMPORT_ROWS}-row CSV imported twice at once")
        print(
            "  registrations per trial: "
            + " ".join(str(count) for count, _errors in imports)
        )
        import_errors = [error for _c, errors in imports for error in errors]
        print(f"  errors: {len(import_errors)} {import_errors[:3]}")
        print(f"time: {time.perf_counter() - started:.1f} s")
        ok = (
            all(r == 1 and a == 1 for r, a, _e in outcomes)
            and all(count == IMPORT_ROWS for count, _e in imports)
            and not form_errors
            and not import_errors
        )
        print("result: " + ("as expected" if ok else "NOT as expected"))


if __name__ == "__main__":
    main()
