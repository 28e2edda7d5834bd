"""`make run` on a fresh folder serves the site as production does, with its worker."""

import os
import re
import signal
import subprocess

import pytest

from tests.processes import (
    BASE_DIR,
    PYTHON,
    Browser,
    clean_environment,
    free_port,
    wait_until,
)

# Issue certificates for the first demo workshop, as a facilitator would after it.
ISSUE_CERTIFICATES = """
from django.contrib.auth import get_user_model
from certificates.services import certificates_issue_for_workshop
from workshops.models import Workshop
from workshops.services import attendance_mark
admin = get_user_model().objects.get(username="admin")
workshop = Workshop.objects.order_by("pk").first()
for registration in workshop.registrations.all():
    for session in workshop.sessions.all():
        attendance_mark(registration=registration, session=session,
                        status="present", marked_by=admin)
certificates_issue_for_workshop(workshop=workshop, issued_by=admin,
                                early_reason="Uji coba sebelum sesi terakhir")
print(workshop.pk)
"""


@pytest.fixture
def make_run(tmp_path):
    """`make run` in its own process group, on a port of ours and a fresh var/."""
    port = free_port()
    env = clean_environment(
        PORT=port, VAR_DIR=tmp_path / "var", STATIC_ROOT=tmp_path / "static"
    )
    log = (tmp_path / "make-run.log").open("w+")
    process = subprocess.Popen(
        ["make", "run"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    server = Browser(port)
    server.process = process
    server.env = env
    server.log = lambda: (tmp_path / "make-run.log").read_text()
    try:
        wait_until(
            lambda: process.poll() is not None or _answers(server),
            timeout=300,
            what="make run to serve",
        )
        assert process.poll() is None, server.log()
        yield server
    finally:
        # Ctrl+C in the terminal: SIGINT to the whole foreground group.
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        log.close()


def _answers(server):
    try:
        return server.get("/").status == 200
    except OSError:
        return False


def test_make_run_serves_with_debug_off_and_its_worker_does_the_tasks(make_run):
    port = make_run.port
    log = make_run.log()
    assert "Starting gunicorn" in log
    with open(make_run.env["VAR_DIR"] + "/admin-password.txt") as file:
        password = file.read().strip()
    # create_admin prints the login and the address to use it at.
    assert f"admin / {password} di http://127.0.0.1:{port}/admin/" in log

    missing = make_run.get("/tidak-ada-di-sini/")
    page = missing.body.decode()
    assert missing.status == 404
    assert "Halaman tidak ditemukan" in page
    assert "Kembali ke beranda" in page
    assert "Traceback" not in page and "URLconf" not in page
    assert make_run.get("/").getheader("Server") == "gunicorn"
    # With no nginx in front, the lessons' pictures come from gunicorn too.
    lesson = make_run.get("/kelas/waspada-penipuan/file-apk-berbahaya/").body.decode()
    picture = re.search(r'<img[^>]* src="(/media/[^"]+)"', lesson).group(1)
    assert make_run.get(picture).status == 200

    workshop_pk = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", ISSUE_CERTIFICATES],
        cwd=BASE_DIR,
        env=make_run.env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()[-1]
    make_run.get("/fasilitator/masuk/")
    signed_in = make_run.post(
        "/fasilitator/masuk/", {"username": "admin", "password": password}
    )
    assert signed_in.status == 302, signed_in.body.decode()[:500]
    make_run.get(f"/fasilitator/lokakarya/{workshop_pk}/sertifikat/")

    started = make_run.post(
        f"/fasilitator/lokakarya/{workshop_pk}/sertifikat/cetak/", {}
    )
    assert started.status == 302
    job_page = started.getheader("Location")

    # The web server only queued the job; the worker beside it draws the PDF.
    pdf = wait_until(
        lambda: (r := make_run.get(job_page + "unduh/")).status == 200 and r,
        timeout=120,
        what="the worker to finish the print job",
    )
    assert pdf.getheader("Content-Type") == "application/pdf"
    assert pdf.body.startswith(b"%PDF")
    assert "print_certificates" in make_run.log() and "state=SUCCESSFUL" in (
        make_run.log()
    )
