"""The files in deploy/ agree with the code that reads them."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.deploy.stack import nginx_binary, nginx_main_conf

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
# Settings every installation runs with; test.py and dev.py are not deployed.
READERS = [
    REPO / "literacy_site" / "settings" / "base.py",
    REPO / "literacy_site" / "settings" / "production.py",
    DEPLOY / "gunicorn.conf.py",
]
READS = re.compile(
    r"""(?:os\.environ\.get\(|os\.environ\[|env_list\(|env_flag\()\s*["'](\w+)["']"""
)


def test_environment_template_names_every_variable_the_settings_read():
    read = {name for path in READERS for name in READS.findall(path.read_text())}
    template = (DEPLOY / "literasi.env.example").read_text()
    named = set(re.findall(r"^#?([A-Z][A-Z0-9_]*)=", template, flags=re.MULTILINE))

    assert read - named == set()


def test_units_run_files_that_exist_with_the_production_settings():
    for unit in (
        "literasi-web.service",
        "literasi-worker.service",
        "literasi-periodic.service",
    ):
        text = (DEPLOY / "systemd" / unit).read_text()
        assert (
            "Environment=DJANGO_SETTINGS_MODULE=literacy_site.settings.production"
            in (text)
        )
        assert "EnvironmentFile=/etc/literasi/literasi.env" in text
        for path in re.findall(r"/srv/literasi/app/([\w./-]+\.py)", text):
            assert (REPO / path).exists(), (unit, path)
    web = (DEPLOY / "systemd" / "literasi-web.service").read_text()
    assert "--config deploy/gunicorn.conf.py" in web


@pytest.mark.skipif(
    nginx_binary() is None and os.environ.get("CI") != "true",
    reason="nginx is not installed; apt-get install -y nginx to run this test",
)
def test_the_tls_site_as_shipped_passes_nginx_check(tmp_path):
    """The loopback test replaces the TLS lines; this checks them as shipped, with
    a throwaway certificate in place of the real one."""
    assert shutil.which("openssl"), "openssl is needed: apt-get install -y openssl"
    certificate, key = tmp_path / "fullchain.pem", tmp_path / "privkey.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=literasi.example.go.id"]
        + ["-keyout", str(key), "-out", str(certificate)],
        check=True,
        capture_output=True,
    )
    site = (DEPLOY / "nginx" / "literasi.conf").read_text()
    site = site.replace("/etc/ssl/literasi/fullchain.pem", str(certificate))
    site = site.replace("/etc/ssl/literasi/privkey.pem", str(key))
    (tmp_path / "literasi.conf").write_text(site)
    conf = tmp_path / "nginx.conf"
    conf.write_text(nginx_main_conf(tmp_path, tmp_path / "literasi.conf"))

    checked = subprocess.run(
        [nginx_binary(), "-t", "-p", str(tmp_path), "-c", str(conf)]
        + ["-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
    )

    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr
