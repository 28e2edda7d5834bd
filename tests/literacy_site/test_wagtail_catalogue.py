"""locale_wagtail/: Wagtail's admin in Indonesian, complete and offerable upstream."""

import subprocess
from pathlib import Path

import pytest
import wagtail
from django.conf import settings
from django.utils import translation

CATALOGUE = settings.BASE_DIR / "locale_wagtail/id/LC_MESSAGES"
WAGTAIL = Path(wagtail.__file__).parent
# The Wagtail apps this site installs; their English catalogues list every message.
APPS = [
    "admin", ".", "users", "images", "documents", "snippets", "sites", "search",
    "embeds", "locales", "contrib/settings", "contrib/redirects", "contrib/forms",
]  # fmt: skip
# One msgid the project's catalogue translates for its own screens (the
# certificate's number); Wagtail's form builder, unused here, shares it.
LEFT_TO_THE_PROJECT = {"Number"}


def msgids(po_file):
    """The msgids of a .po file, each joined from its lines, header left out."""
    ids, current, reading = set(), [], False
    for line in Path(po_file).read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("msgid "):
            current, reading = [line[6:].strip('"')], True
        elif line.startswith('"') and reading:
            current.append(line.strip('"'))
        else:
            if reading and "".join(current):
                ids.add("".join(current))
            reading = False
    return ids


def wagtail_msgids(domain):
    return set().union(
        *(
            msgids(po_file)
            for app in APPS
            for po_file in (WAGTAIL / app / "locale/en/LC_MESSAGES").glob(
                f"{domain}.po"
            )
        )
    )


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_wagtail_message_of_the_installed_apps_is_translated(domain):
    ours = msgids(CATALOGUE / f"{domain}.po")
    missing = wagtail_msgids(domain) - ours - LEFT_TO_THE_PROJECT
    assert not missing, "Not yet in locale_wagtail:\n" + "\n".join(sorted(missing))
    # Exactly Wagtail's msgids, so the catalogue could be offered upstream.
    assert ours <= wagtail_msgids(domain)


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_committed_mo_is_compiled_from_the_po(domain, tmp_path):
    compiled = tmp_path / f"{domain}.mo"
    subprocess.run(
        ["msgfmt", "--check", "-o", compiled, CATALOGUE / f"{domain}.po"], check=True
    )
    assert compiled.read_bytes() == (CATALOGUE / f"{domain}.mo").read_bytes()


def test_wagtail_promote_tab_and_the_waiting_list_promote_are_different_words():
    with translation.override("id"):
        assert translation.gettext("Promote") == "Promosi"
        assert translation.pgettext("waiting list", "Promote") == (
            "Naik dari daftar tunggu"
        )
