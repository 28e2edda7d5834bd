"""One written form for names and phone numbers, whichever way they come in.

The participant's model fields, forms, the CSV import, the services and the data
migration all use these functions, so the duplicate finder compares like with like.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Invisible characters that come along with text copied from chats and web pages.
# They change nothing on paper but make "Siti Aminah" a different string. Javanese
# and other scripts are written without them (the fonts join the letters).
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
# Direction controls: they can make a name display reversed or hide part of it.
BIDI_CONTROLS = (
    "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_INVISIBLE = dict.fromkeys(map(ord, ZERO_WIDTH + BIDI_CONTROLS))

# What gives emoji away beyond their own code points: colour and text variation
# selectors, the keycap ring, skin tones and flag tags.
_EMOJI_PARTS = re.compile(
    "[\ufe0e\ufe0f\u20e3\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f]"
)


def normalise_name(name: str) -> str:
    """A name as it is stored: NFC, no invisible characters, single spaces."""
    text = unicodedata.normalize("NFC", name or "").translate(_INVISIBLE)
    # Control characters (NUL, escape…) are never part of a name; tabs and
    # line breaks are whitespace and become a single space below.
    text = "".join(
        char for char in text if char.isspace() or unicodedata.category(char) != "Cc"
    )
    return " ".join(text.split())


def name_key(name: str) -> str:
    """What the duplicate finder compares: case and spaces do not count."""
    return normalise_name(name).casefold().replace(" ", "")


def _is_emoji_or_picture(char):
    # "So" (other symbol) holds the emoji and pictographs (😀 ❤ ☎ ✅ 🇮🇩); no
    # script writes letters with it. "Co"/"Cn" are private and unassigned code
    # points, which no font here can draw.
    return unicodedata.category(char) in {"So", "Co", "Cn", "Cs"} or bool(
        _EMOJI_PARTS.match(char)
    )


def validate_name(name: str) -> None:
    """Refuse emoji and pictures in a name; letters of every script are welcome.

    The team decided to refuse emoji rather than draw them: the certificate is an
    official record of the regency, and a name on it is written in letters.
    """
    pictures = []
    for char in normalise_name(name):
        if _is_emoji_or_picture(char) and char not in pictures:
            pictures.append(char)
    if pictures:
        shown = " ".join(char for char in pictures if not _EMOJI_PARTS.match(char))
        raise ValidationError(
            _(
                "Remove %(symbols)s from the name. A name may hold letters only, "
                "without emoji or pictures, because the certificate is an official "
                "record."
            ),
            code="emoji",
            params={"symbols": shown or _("the emoji")},
        )


class PhoneNumberError(ValueError):
    """The text is not an Indonesian phone number."""


COUNTRY_CODE = "62"
# Area codes of two digits (Jakarta, Bandung, Semarang, Surabaya, Medan); the
# others have three. Used only to place the dash when showing a landline.
TWO_DIGIT_AREA_CODES = {"21", "22", "24", "31", "61"}
_PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ()./\-]+$")


def normalise_phone(text: str) -> str:
    """An Indonesian number in its stored form, +62…, or "" for no number.

    Accepts 0812…, 62812…, +62 812-…, (0812) …, 0062…, with spaces, dashes and
    dots. Raises PhoneNumberError for anything that is not an Indonesian number.
    """
    text = unicodedata.normalize("NFKC", text or "").translate(_INVISIBLE).strip()
    if not text:
        return ""
    if not _PHONE_CHARACTERS.match(text):
        raise PhoneNumberError(text)
    digits = re.sub(r"\D", "", text)
    if text.startswith("+") or digits.startswith("00"):
        digits = digits.lstrip("0")
        if not digits.startswith(COUNTRY_CODE):
            raise PhoneNumberError(text)  # another country
        national = digits[len(COUNTRY_CODE) :]
    elif digits.startswith("0"):
        national = digits[1:]
    elif digits.startswith(COUNTRY_CODE):
        national = digits[len(COUNTRY_CODE) :]
    else:
        raise PhoneNumberError(text)
    # "+62 (0)812…" keeps the trunk zero by habit.
    national = national.removeprefix("0")
    if not _is_national_number(national):
        raise PhoneNumberError(text)
    return f"+{COUNTRY_CODE}{national}"


def _is_national_number(national):
    if not national.isdigit():
        return False
    if national.startswith("8"):  # mobile: 0812-3456-7890 and its shorter kin
        return 9 <= len(national) <= 12
    # Landlines: an area code (21 Jakarta, 561 Pontianak…) and the line's number.
    return national[0] in "2345679" and 7 <= len(national) <= 11


def phone_number_or_none(text: str) -> str | None:
    try:
        return normalise_phone(text)
    except PhoneNumberError:
        return None


def validate_phone(text: str) -> None:
    if phone_number_or_none(text) is None:
        raise ValidationError(
            _(
                "Write an Indonesian phone number with its digits, for example "
                "0812-3456-7890."
            ),
            code="phone",
        )


def phone_local(stored: str) -> str:
    """A stored +62 number as people here write it: 0812-3456-7890.

    Anything else (a number an old record holds as it was typed) is shown as it is.
    """
    if not stored or not stored.startswith("+" + COUNTRY_CODE):
        return stored or ""
    national = stored[len(COUNTRY_CODE) + 1 :]
    if not _is_national_number(national):
        return stored
    if national.startswith("8"):
        rest = national[3:]
        middle = 4 if len(rest) >= 7 else 3
        groups = [national[:3], rest[:middle], rest[middle:]]
    else:
        area = 2 if national[:2] in TWO_DIGIT_AREA_CODES else 3
        groups = [national[:area], national[area:]]
    return "0" + "-".join(group for group in groups if group)
