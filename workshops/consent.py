"""The consent text a participant is asked to agree to, by version.

Each participant records the version they were shown (UU PDP No. 27/2022): when
the wording changes, add the new text under a new version and make it current;
never edit a text that has been shown.
"""

from django.utils.translation import gettext_lazy as _

TEXTS = {
    "1": _(
        "The participant agrees that their name, year of birth, desa and phone "
        "are recorded for this workshop and its certificate."
    ),
}
CURRENT_VERSION = "1"
# What a person is told when the consent is not given, on every way in.
REQUIRED_MESSAGE = _("Ask the participant first; we cannot record them without it.")


def text_of(version):
    """The consent wording shown under `version`, or "" when it is not known."""
    text = TEXTS.get(version)
    return str(text) if text is not None else ""
