"""Several app servers, one database: deploy/ run for real on loopback.

nginx (from deploy/nginx/literasi.conf) in front of two gunicorn app servers
(deploy/gunicorn.conf.py, production settings) on one PostgreSQL database and one
Redis, with one task worker. Run in a pass of its own:

    .venv/bin/python -m pytest tests/deploy -p no:randomly

It needs nginx (`apt-get install -y nginx`), PostgreSQL and Redis on 127.0.0.1;
see tests/deploy/stack.py for DEPLOY_DATABASE_URL and DEPLOY_REDIS_URL. Without
nginx it is skipped, except under CI=true, where that fails."""

import io
import os
import re
import threading
import time

import pytest
from pypdf import PdfReader

from certificates.codes import format_code, new_code
from tests.deploy.stack import WORKER_ID, Browser, Stack, nginx_binary

NGINX_PORT = 8800
APP_PORTS = (8811, 8812)
PASSWORD = "kata-sandi-panjang-untuk-uji"
LOCKED_TEXT = "Masuk dikunci untuk sementara"

if nginx_binary() is None and os.environ.get("CI") != "true":
    pytestmark = pytest.mark.skip(
        reason="nginx is not installed; apt-get install -y nginx to run this test"
    )


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    with Stack(
        tmp_path_factory.mktemp("deploy"),
        port=NGINX_PORT,
        app_ports=APP_PORTS,
        # Four threads a process keep the two servers within a few dozen
        # PostgreSQL connections; the requests queue at gunicorn instead.
        gunicorn_env={"GUNICORN_THREADS": "4"},
    ) as running:
        yield running


def all_at_once(function, arguments):
    """Call function(argument) for every argument from its own thread, together."""
    barrier = threading.Barrier(len(arguments))
    results = [None] * len(arguments)

    def run(index, argument):
        barrier.wait()
        try:
            results[index] = function(argument)
        except Exception as error:  # noqa: BLE001 - returned, asserted by the test
            results[index] = error

    threads = [
        threading.Thread(target=run, args=(index, argument))
        for index, argument in enumerate(arguments)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def served_by_each(stack, pattern, total=None):
    """Requests matching pattern in each app server's access log. gunicorn logs a
    request just after answering it, so wait a moment for `total` to show."""
    deadline = time.monotonic() + 10
    while True:
        counts = [stack.requests_served(port, pattern) for port in APP_PORTS]
        if total is None or sum(counts) >= total or time.monotonic() > deadline:
            return counts
        time.sleep(0.1)


def test_200_registrations_at_once_for_20_seats_give_exactly_20_over_both_servers(
    stack,
):
    made = stack.scenario(
        "open_workshop", username="fasilitator_kursi", password=PASSWORD, seats=20
    )
    facilitator = Browser(stack.port)
    assert facilitator.sign_in("fasilitator_kursi", PASSWORD).status == 302
    register = f"/fasilitator/lokakarya/{made['workshop']}/daftar/"
    token = facilitator.csrf_token(register)

    def register_one(number):
        return facilitator.post(
            register,
            {
                "csrfmiddlewaretoken": token,
                "full_name": f"Warga Uji Nomor {number}",
                "birth_year": 1950 + number % 20,
                "gender": "P",
                "desa": made["desa"],
                "phone": "",
                "needs": "",
                "consent": "on",
                "submission_key": f"00000000-0000-4000-8000-{number:012d}",
            },
        )

    answers = all_at_once(register_one, list(range(200)))

    assert [getattr(a, "status", a) for a in answers] == [302] * 200
    assert stack.scenario("registration_counts", workshop=made["workshop"]) == {
        "registered": 20,
        "waitlisted": 180,
    }
    per_server = served_by_each(stack, rf'"POST {re.escape(register)} ', 200)
    assert sum(per_server) == 200
    assert min(per_server) >= 50, per_server


def test_certificate_guess_limit_is_shared_by_both_servers(stack):
    visitor = Browser(stack.port)
    wrong_codes = [format_code(new_code()) for _ in range(21)]

    # Twenty wrong guesses, each claiming another address: nginx replaces the
    # header, so every one is counted against the visitor's real address.
    answers = [
        visitor.get(
            f"/verifikasi/{code}/", headers={"X-Forwarded-For": f"203.0.113.{n}"}
        )
        for n, code in enumerate(wrong_codes[:20])
    ]
    assert [answer.status for answer in answers] == [404] * 20
    per_server = served_by_each(stack, r'"GET /verifikasi/', 20)
    # Neither server alone saw 20 guesses; the count is kept in Redis.
    assert sum(per_server) == 20
    assert all(0 < count < 20 for count in per_server), per_server

    assert visitor.get(f"/verifikasi/{wrong_codes[20]}/").status == 429
    for port in APP_PORTS:
        answer = visitor.get(
            f"/verifikasi/{wrong_codes[20]}/", port=port, as_proxy_for="127.0.0.1"
        )
        assert answer.status == 429, port


def test_nginx_serves_hashed_static_files_itself_cached_for_a_year(stack):
    manifest = (stack.static_root / "staticfiles.json").read_text()
    hashed = re.search(r'"css/site\.css": "([^"]+)"', manifest).group(1)
    before = served_by_each(stack, r'"GET /static/')

    answer = Browser(stack.port).get(
        f"/static/{hashed}", headers={"Accept-Encoding": "gzip"}
    )

    assert answer.status == 200
    assert answer.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    # Precompressed by collectstatic, sent as is.
    assert answer.headers.get("Content-Encoding") == "gzip"
    assert served_by_each(stack, r'"GET /static/') == before


def test_nginx_serves_uploads_itself_where_they_cannot_run_script(stack):
    (stack.media_root / "images").mkdir(exist_ok=True)
    (stack.media_root / "images" / "peta.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    )

    answer = Browser(stack.port).get("/media/images/peta.svg")

    assert answer.status == 200
    assert answer.headers["Content-Type"] == "image/svg+xml"
    assert "sandbox" in answer.headers["Content-Security-Policy"]
    assert served_by_each(stack, r'"GET /media/') == [0, 0]


def test_plain_http_is_redirected_to_https(stack):
    answer = Browser(stack.redirect_port).get("/kelas/?halaman=2")

    assert answer.status == 301
    assert answer.headers["Location"] == "https://127.0.0.1/kelas/?halaman=2"


def lesson_page_status(stack, port, path):
    if port == stack.port:
        return Browser(port).get(path).status
    return Browser(port).get(path, as_proxy_for="127.0.0.1").status


def test_a_500_certificate_print_job_is_done_by_the_worker_while_both_servers_answer(
    stack,
):
    made = stack.scenario(
        "certified_workshop", username="fasilitator_cetak", password=PASSWORD, count=500
    )
    assert made["certificates"] == 500
    lesson = stack.scenario("lesson_path")["path"]
    facilitator = Browser(stack.port)
    assert facilitator.sign_in("fasilitator_cetak", PASSWORD).status == 302
    certificates = f"/fasilitator/lokakarya/{made['workshop']}/sertifikat/"
    token = facilitator.csrf_token(certificates)

    started = facilitator.post(f"{certificates}cetak/", {"csrfmiddlewaretoken": token})

    assert started.status == 302
    job = int(re.search(r"/cetak/(\d+)/$", started.headers["Location"]).group(1))
    progress = {}

    def watch_job():
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            progress.update(stack.scenario("print_job", job=job))
            if progress["status"] in ("done", "failed"):
                return
            time.sleep(0.5)

    watcher = threading.Thread(target=watch_job)
    watcher.start()
    # Until the job is seen done: the lesson page through nginx and from each
    # app server directly.
    answered = {port: [] for port in (stack.port, *APP_PORTS)}
    while watcher.is_alive():
        for port, statuses in answered.items():
            statuses.append(lesson_page_status(stack, port, lesson))
    watcher.join()

    assert progress["status"] == "done"
    assert (progress["done"], progress["total"]) == (500, 500)
    assert progress["workers"] == [WORKER_ID]
    for port, statuses in answered.items():
        assert statuses and set(statuses) == {200}, (port, statuses)
    download = facilitator.get(f"{certificates}cetak/{job}/unduh/")
    assert download.status == 200
    assert len(PdfReader(io.BytesIO(download.body)).pages) == 500


def test_a_sign_in_lockout_on_one_server_holds_on_the_other(stack):
    stack.scenario("facilitator", username="fasilitator_kunci", password=PASSWORD)
    first, second = APP_PORTS
    guesser = Browser(first)
    # Five wrong passwords at the first server, from the address nginx names;
    # the fifth is answered with the lockout page.
    statuses = [
        guesser.sign_in(
            "fasilitator_kunci", "salah-terus", port=first, as_proxy_for="127.0.0.1"
        ).status
        for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]

    owner = Browser(second)
    answer = owner.sign_in(
        "fasilitator_kunci", PASSWORD, port=second, as_proxy_for="127.0.0.1"
    )
    assert answer.status == 429
    assert LOCKED_TEXT in answer.text
    assert (
        owner.get("/fasilitator/", port=second, as_proxy_for="127.0.0.1").status == 302
    )

    # Through nginx, whichever server answers, and whatever address the client
    # claims: still locked.
    for claimed in ("203.0.113.20", "203.0.113.21"):
        answer = Browser(stack.port).sign_in(
            "fasilitator_kunci", PASSWORD, headers={"X-Forwarded-For": claimed}
        )
        assert answer.status == 429

    # The facilitator herself, reaching the proxy from another address, gets in.
    elsewhere = Browser(second)
    answer = elsewhere.sign_in(
        "fasilitator_kunci", PASSWORD, port=second, as_proxy_for="203.0.113.20"
    )
    assert answer.status == 302
    page = elsewhere.get("/fasilitator/", port=second, as_proxy_for="203.0.113.20")
    assert page.status == 200
