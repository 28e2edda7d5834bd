"""Speech made at publish for the demo lessons, against the budgets of issue 12.

    .venv/bin/python bench/speech.py

Builds a throwaway SQLite database with the demo content, then speaks every demo
lesson from nothing (as its first publication does) and prints, per lesson: CPU
seconds (this process and espeak-ng/opusenc), seconds of speech, bytes, and KB
per 5 minutes of speech. Then it speaks the same lessons again (nothing changed:
nothing is made) and once more with one step changed (one file is made).
Budgets: at most 2 s of CPU per lesson and 300 KB of audio per 5 minutes.
"""

import os
import resource
import struct
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = tempfile.mkdtemp(prefix="literacy-bench-")
os.environ["SQLITE_PATH"] = str(Path(WORK) / "bench.sqlite3")
os.environ["MEDIA_ROOT"] = str(Path(WORK) / "media")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "literacy_site.settings.test")
os.environ.pop("DATABASE_URL", None)

import django  # noqa: E402

django.setup()

from django.core.files.storage import default_storage  # noqa: E402
from django.core.management import call_command  # noqa: E402

from courses import services, speech  # noqa: E402
from courses.models import LessonPage  # noqa: E402

BUDGET_CPU_SECONDS = 2.0
BUDGET_KB_PER_5_MINUTES = 300


def cpu_seconds():
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def ogg_opus_seconds(data):
    """Length of an Ogg Opus file: the last page's granule position (48 kHz
    samples) less the pre-skip in the OpusHead packet (RFC 7845)."""
    last = data.rfind(b"OggS")
    granule = struct.unpack_from("<q", data, last + 6)[0]
    head = data.find(b"OpusHead")
    pre_skip = struct.unpack_from("<H", data, head + 10)[0]
    return (granule - pre_skip) / 48_000


def speak(lesson):
    before = cpu_seconds()
    made = services.lesson_speech_build(lesson=lesson)
    return made, cpu_seconds() - before


def main():
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    lessons = list(LessonPage.objects.live().order_by("path"))
    print(f"espeak-ng voice '{speech.VOICE}', {speech.WORDS_PER_MINUTE} words/min;")
    print(f"opusenc {' '.join(speech.OPUS_ARGUMENTS)}")
    print(f"{'lesson':<42} {'parts':>5} {'CPU s':>6} {'speech s':>8} "
          f"{'KB':>6} {'KB/5 min':>8}")  # fmt: skip
    worst_cpu = worst_rate = 0.0
    total_bytes = total_seconds = 0.0
    for lesson in lessons:
        made, cpu = speak(lesson)
        paths = {part.path for part in speech.spoken_parts(lesson)}
        data = [default_storage.open(path).read() for path in paths]
        seconds = sum(ogg_opus_seconds(file) for file in data)
        size = sum(len(file) for file in data)
        rate = size / 1000 / seconds * 300
        worst_cpu, worst_rate = max(worst_cpu, cpu), max(worst_rate, rate)
        total_bytes += size
        total_seconds += seconds
        print(f"{lesson.slug[:42]:<42} {made:>5} {cpu:>6.2f} {seconds:>8.0f} "
              f"{size / 1000:>6.0f} {rate:>8.0f}")  # fmt: skip
    print()
    print(
        f"Worst CPU per lesson: {worst_cpu:.2f} s (budget {BUDGET_CPU_SECONDS} s): "
        + ("OK" if worst_cpu <= BUDGET_CPU_SECONDS else "OVER")
    )
    print(
        f"Worst KB per 5 minutes: {worst_rate:.0f} KB "
        f"(all lessons: {total_bytes / 1000 / total_seconds * 300:.0f} KB; "
        f"budget {BUDGET_KB_PER_5_MINUTES} KB): "
        + ("OK" if worst_rate <= BUDGET_KB_PER_5_MINUTES else "OVER")
    )

    again = sum(speak(lesson)[0] for lesson in lessons)
    print(f"Spoken again with nothing changed: {again} files made (expected 0)")
    lesson = lessons[0]
    blocks = [(child.block_type, child.value) for child in lesson.body]
    first_step = next(value for kind, value in blocks if kind == "step")
    first_step["text"] += " Lalu tunggu sebentar."
    lesson.body = blocks
    lesson.save_revision().publish()
    made, cpu = speak(LessonPage.objects.get(pk=lesson.pk))
    print(f"One step changed: {made} file made in {cpu:.2f} s CPU (expected 1)")


if __name__ == "__main__":
    main()
