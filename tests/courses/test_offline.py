"""Reading without signal: the service worker, the manifest, the offline page and
the data cost a reader sees before saving."""

import io
import json
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache, caches
from django.core.files.images import ImageFile
from django.templatetags.static import static
from PIL import Image
from wagtail.images import get_image_model

from courses.offline import size_label
from tests.courses.factories import LessonPageFactory, step

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def forget_earlier_renditions():
    # Wagtail caches renditions by image id, and ids come back after an earlier
    # test's rollback: a cached rendition would stand in for a missing one.
    cache.clear()


def test_the_service_worker_is_served_from_the_root_with_the_offline_page(client):
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    head = response.content.decode().splitlines()[:3]
    core = json.loads(head[1].removeprefix("var CORE = ").rstrip(";"))
    assert core[0] == "/tanpa-sinyal/"
    assert static("css/site.css") in core and static("js/offline.js") in core


def test_the_manifest_names_the_site_and_our_own_icons(client):
    manifest = client.get("/manifest.webmanifest").json()

    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert sizes == {"192x192", "512x512"}
    for icon in manifest["icons"]:
        name = icon["src"].removeprefix("/static/")
        assert finders.find(name), icon["src"]


def test_the_offline_page_says_in_indonesian_that_there_is_no_signal(client):
    page = client.get("/tanpa-sinyal/").content.decode()

    assert "Tidak ada sinyal" in page
    assert "belum disimpan untuk dibaca tanpa sinyal" in page
    assert 'href="/"' in page


def test_sizes_are_written_as_a_reader_reads_them():
    assert size_label(180_400) == "± 180 KB"
    assert size_label(2_149_000) == "± 2,1 MB"


def photo():
    """A photo-like picture: 200×200 pixels of noise, about 120 KB as PNG."""
    pixels = Image.frombytes("RGB", (200, 200), os.urandom(200 * 200 * 3))
    file = io.BytesIO()
    pixels.save(file, "PNG")
    return get_image_model().objects.create(
        title="foto", file=ImageFile(file, name="foto.png")
    )


def test_a_course_shows_each_lessons_data_cost_counting_its_pictures(client):
    picture = photo()
    with_picture = LessonPageFactory(
        body=[step("Lihat gambar ini.", image=picture, alt="Layar HP")]
    )
    course = with_picture.get_parent()
    LessonPageFactory(parent=course, body=[step("Tanpa gambar.")])
    # What a 360 px phone at twice the density downloads, as its browser picks:
    # in the first format offered, the narrowest picture at least as wide as
    # the step's column (360 - 84 px) needs, or else the widest.
    lesson_html = client.get(with_picture.url).content.decode()
    srcset = re.search(r'<source [^>]*srcset="([^"]+)"', lesson_html)[1]
    offered = sorted(
        (int(width), address) for address, width in re.findall(r"(\S+) (\d+)w", srcset)
    )
    needed = 2 * (360 - 84)
    _width, address = next((o for o in offered if o[0] >= needed), offered[-1])
    shown = Path(settings.MEDIA_ROOT, address.removeprefix(settings.MEDIA_URL))

    page = client.get(course.url).content.decode()

    costs = [int(kb) for kb in re.findall(r"· data ± (\d+) KB", page)]
    assert len(costs) == 2
    # Each cost is rounded to the kilobyte.
    assert abs(costs[0] - costs[1] - shown.stat().st_size / 1000) <= 2
    assert re.search(r"Seluruh kelas dengan gambarnya: data ± \d+ KB\.", page)
    assert "Simpan untuk dibaca tanpa sinyal" in page
    assert 'id="simpan-halaman"' in page


def test_a_picture_counts_as_its_webp_until_the_worker_made_its_avif(client):
    picture = photo()
    lesson = LessonPageFactory(body=[step("Lihat ini.", image=picture, alt="HP")])
    course = lesson.get_parent()
    with_avif = re.findall(r"· data ± (\d+) KB", client.get(course.url).text)
    picture.renditions.filter(filter_spec__startswith="format-avif").delete()
    cache.clear()
    caches["pages"].clear()

    webp_only = re.findall(r"· data ± (\d+) KB", client.get(course.url).text)

    # Noise compresses badly, and WebP more so: the cost grows, it is not lost.
    assert int(webp_only[0]) > int(with_avif[0]) > 1
