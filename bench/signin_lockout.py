"""Sign-in under guessing: what a wrong password costs before and after the lockout.

A wrong password costs one full password hash (Django's default PBKDF2, as in
production); once locked out, axes refuses before hashing, so a guesser stops
costing the server. Also the cost of a wrong certificate code, now one database row.
Run: .venv/bin/python bench/signin_lockout.py
"""

import logging
import time

from _setup import median, throwaway_database

RUNS = 20


def timed_posts(client, path, data, runs=RUNS):
    times, statuses = [], set()
    for _ in range(runs):
        started = time.perf_counter()
        response = client.post(path, data)
        times.append(time.perf_counter() - started)
        statuses.add(response.status_code)
    return median(times) * 1000, statuses


def main():
    logging.getLogger("axes").setLevel(logging.ERROR)
    from axes.models import AccessAttempt
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client, override_settings

    from certificates.codes import format_code, new_code

    with (
        throwaway_database() as vendor,
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"],
            ALLOWED_HOSTS=["*"],
        ),
    ):
        get_user_model().objects.create_user("bu.rina", password="benar-sekali-123")
        wrong = {"username": "bu.rina", "password": "salah"}
        print(f"database: {vendor}, {settings.AXES_FAILURE_LIMIT} wrong allowed")
        for path in ("/fasilitator/masuk/", "/admin/login/"):
            AccessAttempt.objects.all().delete()
            before, before_status = timed_posts(
                Client(REMOTE_ADDR="198.51.100.7"),
                path,
                wrong,
                runs=settings.AXES_FAILURE_LIMIT - 1,
            )
            Client(REMOTE_ADDR="198.51.100.7").post(path, wrong)
            locked, locked_status = timed_posts(
                Client(REMOTE_ADDR="198.51.100.7"), path, wrong
            )
            print(
                f"{path}: wrong password {before:.1f} ms median "
                f"(status {sorted(before_status)}), locked out {locked:.1f} ms "
                f"(status {sorted(locked_status)})"
            )
        client = Client(REMOTE_ADDR="198.51.100.8")
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            client.get(f"/verifikasi/{format_code(new_code())}/")
            times.append(time.perf_counter() - started)
        print(
            f"wrong certificate code (counted in the database): "
            f"{median(times) * 1000:.1f} ms median"
        )


if __name__ == "__main__":
    main()
