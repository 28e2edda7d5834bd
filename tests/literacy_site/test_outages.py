"""When the database cannot be reached or written, the answer is 503 with
Retry-After and a page saying the last action was NOT saved; reading goes on."""

import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from workshops.models import Participant

BASE_DIR = Path(__file__).resolve().parents[2]
NOT_SAVED = "Yang baru saja Anda kirim TIDAK tersimpan."
TRY_AGAIN = "Tunggu satu menit, lalu coba lagi."
# The generic 500 page's promise, which a failed write must never make.
NOTHING_LOST = "tidak hilang"


def new_person(workshop):
    return {
        "full_name": "Siti Aminah",
        "birth_year": "1957",
        "gender": "P",
        "desa": workshop.desa.pk,
        "phone": "0812 3456 7890",
        "needs": "",
        "consent": "on",
        "submission_key": "0b8f0d49-0f3f-4f7e-8d38-0c0c7f3f2e11",
    }


def writes_fail_with(message):
    """Make every write fail as the database would (used with execute_wrapper)."""

    def fail_writes(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            raise OperationalError(message)
        return execute(sql, params, many, context)

    return fail_writes


def assert_outage_page_for_a_write(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert NOT_SAVED in html
    assert TRY_AGAIN in html
    assert NOTHING_LOST not in html


@pytest.fixture
def facilitator(workshop_world):
    client = Client(raise_request_exception=False)
    client.force_login(workshop_world["users"]["own_facilitator"])
    return client


@pytest.mark.django_db
def test_a_registration_the_full_disk_refuses_answers_503_not_saved(
    workshop_world, facilitator
):
    workshop = workshop_world["workshop"]

    with connection.execute_wrapper(writes_fail_with("database or disk is full")):
        response = facilitator.post(
            reverse("facilitator:register", args=[workshop.pk]),
            new_person(workshop),
        )

    assert_outage_page_for_a_write(response)
    assert not Participant.objects.filter(full_name="Siti Aminah").exists()


@pytest.mark.django_db
def test_signing_in_while_the_database_stays_locked_answers_503(workshop_world):
    user = workshop_world["users"]["own_facilitator"]
    client = Client(raise_request_exception=False)

    with connection.execute_wrapper(writes_fail_with("database is locked")):
        response = client.post(
            reverse("facilitator:login"),
            {"username": user.username, "password": "kata-sandi-uji"},
        )

    assert_outage_page_for_a_write(response)
    user.refresh_from_db()
    assert user.last_login is None


@pytest.mark.django_db
def test_any_other_failed_write_does_not_promise_that_it_was_kept(
    workshop_world, facilitator
):
    workshop = workshop_world["workshop"]

    def fail_inserts(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT"):
            raise ValueError("a bug, not an outage")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail_inserts):
        response = facilitator.post(
            reverse("facilitator:register", args=[workshop.pk]),
            new_person(workshop),
        )

    assert response.status_code == 500
    assert "Retry-After" not in response
    html = response.content.decode()
    assert "Mungkin belum tersimpan" in html
    assert NOTHING_LOST not in html


# In processes of their own: an unreachable or read-only database.


def run_site(argument, **environment):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "SQLITE_READ_ONLY"}
    }
    env.update(DJANGO_SETTINGS_MODULE="literacy_site.settings.test", **environment)
    result = subprocess.run(
        [sys.executable, "-m", "tests.literacy_site.outage_client", argument],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    # The last line: load_demo prints a summary before it.
    return json.loads(result.stdout.strip().splitlines()[-1])


def send(requests, **environment):
    return run_site(json.dumps(requests), **environment)


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_with_the_database_unreachable_writes_and_pages_answer_503():
    sign_in = ["POST", "/fasilitator/masuk/", {"username": "a", "password": "b"}, {}]
    register = [
        "POST",
        "/fasilitator/lokakarya/1/daftar/",
        {"full_name": "Siti Aminah", "birth_year": "1957"},
        # A facilitator who signed in before the database went away.
        {"sessionid": "k3b0v9c7y1q2w8e4r5t6y7u8i9o0p1a2"},
    ]
    lesson = ["GET", "/kelas/mulai-whatsapp/mengirim-pesan/", {}, {}]
    health = ["GET", "/healthz", {}, {}]
    robots = ["GET", "/robots.txt", {}, {}]

    signed_in, registered, read, checked, robots_txt = send(
        [sign_in, register, lesson, health, robots],
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{closed_port()}/nothing",
    )

    for write in (signed_in, registered):
        assert write["status"] == 503
        assert write["retry_after"] == "60"
        assert NOT_SAVED in write["body"]
        assert NOTHING_LOST not in write["body"]
    assert read["status"] == 503
    assert read["retry_after"] == "60"
    assert TRY_AGAIN in read["body"]
    assert NOT_SAVED not in read["body"]
    assert checked["status"] == 503
    assert json.loads(checked["body"])["checks"]["database"] == {
        "ok": False,
        "error": "OperationalError",
    }
    # What needs no database keeps answering.
    assert robots_txt["status"] == 200


@pytest.fixture(scope="module")
def read_only_site():
    """A migrated demo site in an SQLite file nobody may write."""
    folder = Path(tempfile.mkdtemp(prefix="literacy-read-only-"))
    database = folder / "db.sqlite3"
    environment = {"SQLITE_PATH": str(database), "MEDIA_ROOT": str(folder / "media")}
    site = run_site("build", **environment)
    database.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    yield {**site, **environment, "SQLITE_READ_ONLY": "1"}
    shutil.rmtree(folder)


def server_environment(site):
    return {
        key: value
        for key, value in site.items()
        if key not in {"lesson_url", "lesson_title"}
    }


def test_with_the_sqlite_file_read_only_public_pages_still_answer(read_only_site):
    lesson = read_only_site["lesson_url"]
    environment = server_environment(read_only_site)
    requests = [
        ["GET", lesson, {}, {}],
        ["GET", "/", {}, {}],
        ["GET", "/kelas/", {}, {}],
        ["GET", "/lokakarya/", {}, {}],
        ["GET", "/verifikasi/", {}, {}],
        # Reading preferences live in cookies, so choosing one writes nothing.
        ["POST", "/tampilan/", {"text_size": "largest", "next": lesson}, {}],
        ["GET", lesson, {}, {"ukuran_huruf": "largest"}],
        ["GET", "/fasilitator/masuk/", {}, {}],
    ]
    responses = send(requests, **environment)

    statuses = [response["status"] for response in responses]
    assert statuses == [200, 200, 200, 200, 200, 302, 200, 200], statuses
    lesson_html = responses[0]["body"]
    assert read_only_site["lesson_title"] in lesson_html
    # Its pictures were sized when it was published: reading writes none.
    assert 'src="/media/images/' in lesson_html
    assert "not-found" not in lesson_html
    assert 'class="text-largest' in responses[6]["body"]


def test_with_the_sqlite_file_read_only_writes_answer_503(read_only_site):
    from tests.literacy_site.outage_client import FACILITATOR

    environment = server_environment(read_only_site)

    signed_in, checked = send(
        [
            ["POST", "/fasilitator/masuk/", FACILITATOR, {}],
            ["GET", "/healthz", {}, {}],
        ],
        **environment,
    )

    assert signed_in["status"] == 503
    assert signed_in["retry_after"] == "60"
    assert NOT_SAVED in signed_in["body"]
    assert NOTHING_LOST not in signed_in["body"]
    assert checked["status"] == 503
    database = json.loads(checked["body"])["checks"]["database"]
    assert database["ok"] is False
    assert database["writable"] is False
    assert "readonly" in database["write_error"]


@pytest.mark.django_db
def test_the_outage_page_is_plain_indonesian_without_the_database(workshop_world):
    """Rendered from a static template: no organisation settings, no session."""
    client = Client(raise_request_exception=False)
    user = get_user_model().objects.get(pk=workshop_world["users"]["editor"].pk)

    with connection.execute_wrapper(writes_fail_with("database or disk is full")):
        response = client.post(
            reverse("facilitator:login"),
            {"username": user.username, "password": "kata-sandi-uji"},
        )

    assert response.status_code == 503
    assert "Set-Cookie" not in response or "sessionid" not in response["Set-Cookie"]
    assert '<html lang="id">' in response.content.decode()
