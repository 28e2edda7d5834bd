"""The files in deploy/ agree with the code that reads them."""

import re
from pathlib import Path

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
    for unit in ("literasi-web.service", "literasi-worker.service"):
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
