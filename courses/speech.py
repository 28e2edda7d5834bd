"""Speech made on the server, for lessons and steps with no recorded voice.

espeak-ng's Indonesian voice (Debian package espeak-ng) speaks; opusenc (Debian
package opus-tools) encodes. Opus at 7 kbit/s in 60 ms Ogg pages keeps a
synthetic voice clear at about 0.9 KB a second (≈ 270 KB per 5 minutes, under
the 300 KB budget): MP3 or AAC need 24–32 kbit/s for the same, and every phone
browser this site aims at (Chrome and Firefox on Android) plays Ogg Opus.

A file is named after a hash of its text and of everything that changes the
sound (voice, speed, encoder settings), so unchanged text is never spoken again
and changed text gets a new file. Files are written under a temporary name and
renamed (literacy_site.files.write_in_place): a killed worker leaves no
half-made file. The files end in .ogg, which every web server sends as audio/ogg.
"""

import hashlib
import html
import shutil
import subprocess
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.utils.html import strip_tags
from django.utils.translation import gettext

from literacy_site.files import write_in_place

SPEECH_FOLDER = "speech"
VOICE = "id"
# Slower than espeak-ng's 175 words a minute: listeners are 55 and over, and the
# page offers 0.75× on top.
WORDS_PER_MINUTE = 145
OPUS_ARGUMENTS = (
    "--quiet",
    "--speech",
    "--bitrate",
    "7",
    "--framesize",
    "60",
    "--comp",
    "0",
)
# Anything that changes the sound for the same text; part of every file's name.
SOUND_VERSION = f"espeak-ng:{VOICE}:{WORDS_PER_MINUTE}|opus:{' '.join(OPUS_ARGUMENTS)}"
SPEECH_TIMEOUT_SECONDS = 60


class SpeechUnavailable(Exception):
    """espeak-ng or opusenc is missing or failed."""


@dataclass(frozen=True)
class SpokenPart:
    """A piece of a lesson read aloud on its own: the intro or one block."""

    block_id: str | None
    text: str

    @property
    def path(self):
        return speech_path(self.text)


def speech_path(text):
    digest = hashlib.sha256(f"{SOUND_VERSION}\n{text}".encode()).hexdigest()[:24]
    return f"{SPEECH_FOLDER}/{digest}.ogg"


def _plain(text):
    return " ".join(html.unescape(strip_tags(str(text))).split())


def spoken_parts(lesson):
    """What the lesson's listening says, in order: the title and summary, then
    each heading, paragraph, step, tip and warning. Words added around the
    editor's text are in the language active now. Reads the stored body, so
    lists of lessons need no query per lesson."""
    parts = [SpokenPart(None, _plain(f"{lesson.title}. {lesson.summary}"))]
    step_number = 0
    for child in lesson.body.raw_data:
        kind, value = child["type"], child["value"]
        if kind == "step":
            step_number += 1
            label = gettext("Step %(number)s") % {"number": step_number}
            text = f"{label}. {value['text']}"
        elif kind in ("heading", "paragraph"):
            text = value["text"]
        elif kind == "tip":
            text = f"{gettext('Tip')}: {value['text']}"
        elif kind == "warning":
            text = f"{gettext('Warning')}: {value['text']}"
        else:
            continue
        text = _plain(text)
        if text:
            parts.append(SpokenPart(child["id"], text))
    return parts


def synthesise(text) -> bytes:
    """The text spoken in Indonesian, as Ogg Opus."""
    espeak, opusenc = shutil.which("espeak-ng"), shutil.which("opusenc")
    if not espeak or not opusenc:
        raise SpeechUnavailable(
            "espeak-ng and opusenc are needed: apt-get install espeak-ng opus-tools"
        )
    try:
        wave = subprocess.run(
            [espeak, "-v", VOICE, "-s", str(WORDS_PER_MINUTE), "--stdout", "--stdin"],
            input=text.encode(),
            capture_output=True,
            check=True,
            timeout=SPEECH_TIMEOUT_SECONDS,
        ).stdout
        return subprocess.run(
            [opusenc, *OPUS_ARGUMENTS, "-", "-"],
            input=wave,
            capture_output=True,
            check=True,
            timeout=SPEECH_TIMEOUT_SECONDS,
        ).stdout
    except (subprocess.SubprocessError, OSError) as error:
        raise SpeechUnavailable(str(error)) from error


def speech_build(part) -> bool:
    """Store the part's speech unless it is stored already; True when it was made."""
    if default_storage.exists(part.path):
        return False
    write_in_place(default_storage.path(part.path), synthesise(part.text))
    return True


def speech_url_or_none(part):
    if default_storage.exists(part.path):
        return default_storage.url(part.path)
    return None
