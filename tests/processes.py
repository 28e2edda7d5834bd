"""Helpers for the tests that start real processes: servers, workers, make."""

import http.client
import os
import re
import socket
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

BASE_DIR = Path(__file__).resolve().parents[1]
PYTHON = str(BASE_DIR / ".venv" / "bin" / "python")
# The range of ports this project's process tests may use on a shared machine.
PORTS = range(8100, 8200)

# Variables of the test run that must not leak into a process started as a user
# would start it.
TEST_ONLY_VARIABLES = {
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "SITE_URL",
    "PORT",
    "VAR_DIR",
    "MEDIA_ROOT",
    "PRIVATE_FILES_ROOT",
    "STATIC_ROOT",
    "SQLITE_PATH",
    "MAKEFLAGS",
    "MFLAGS",
    "MAKELEVEL",
}


def clean_environment(**overrides):
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
    env.update({k: str(v) for k, v in overrides.items()})
    return env


def free_port():
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("No free port in 8100-8199.")


def database_environment(connection):
    """Variables that point a child process at the database this test uses."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return {"SQLITE_PATH": settings["NAME"]}
    user = settings["USER"] or "postgres"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    host = settings["HOST"] or "127.0.0.1"
    port = settings["PORT"] or 5432
    return {
        "DATABASE_URL": f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"
    }


class Browser:
    """Just enough of a browser: cookies (Secure ones too, as browsers keep them
    for 127.0.0.1) and form posts with the CSRF token of the last page read."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, form=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": f"127.0.0.1:{self.port}"}
        body = None
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if form is not None:
            form = {"csrfmiddlewaretoken": self.csrf_token, **form}
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.body = response.read()
        connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        if b"csrfmiddlewaretoken" in response.body:
            self.csrf_token = re.search(
                rb'name="csrfmiddlewaretoken" value="([^"]+)"', response.body
            ).group(1).decode()
        return response

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, form):
        return self.request("POST", path, form)


def wait_until(check, *, timeout, every=0.5, what="the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(every)
    raise AssertionError(f"Timed out after {timeout} s waiting for {what}.")
