"""The sizes and formats pages show their pictures in: the quick ones made as
a page is published, the slow ones (AVIF) by the task worker; loaded for many
pictures in one query, drawn as Wagtail's <picture>."""

import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import Prefetch, prefetch_related_objects
from PIL import features
from wagtail.images import get_image_model
from wagtail.images.models import Filter, Picture
from wagtail.images.shortcuts import get_renditions_or_not_found

from literacy_site.page_cache import CACHE_DOWN

# AVIF is about half the size of WebP for screenshots, but Pillow writes it only
# when built with libavif. Every phone browser we serve reads WebP.
FORMATS = ("avif", "webp") if features.check("avif") else ("webp",)
# Text on a 720 px screenshot stays crisp at these; with Wagtail's defaults
# (80, 80) a screenshot is 1.7 times as heavy (bench/lesson_weight.py).
QUALITY = {"avif": 40, "webp": 70}
# AVIF takes about 0.7 s of CPU a size (WebP 0.05 s): the publish makes the
# quick formats at once and the task worker the slow ones; a page read before
# the worker is done offers WebP alone.
SLOW_FORMATS = {"avif"}
# A page that finds a slow format missing asks the worker for it at most this
# often per picture (an editor replaced the file, a worker died mid-way).
ASK_AGAIN_SECONDS = 10 * 60

logger = logging.getLogger(__name__)


def format_of(spec):
    """'avif' for 'format-avif|avifquality-40|max-360x800'; None for a drawing."""
    first = spec.split("|")[0]
    return first.removeprefix("format-") if first.startswith("format-") else None


@dataclass(frozen=True)
class PictureSize:
    """How a page shows one kind of picture.

    `boxes` bound each rendition, smallest first, all of one shape, so the
    browser picks the width its screen needs; `sizes` says how wide the page
    draws the picture (the CSS in static/css/courses.css)."""

    name: str
    boxes: tuple
    sizes: str
    formats: tuple = FORMATS
    # The box a 360 px phone at twice the density takes (for the data cost).
    phone_box: int = -1

    def specs(self, image, *, quick_only=False):
        # A drawing stays a drawing: one SVG file is sharp at every width.
        if image.is_svg():
            width, height = self.boxes[-1]
            return [f"max-{width}x{height}"]
        return [
            f"format-{kind}|{kind}quality-{QUALITY[kind]}|max-{width}x{height}"
            for kind in self.formats
            if not (quick_only and kind in SLOW_FORMATS)
            for width, height in self.boxes
        ]

    def slow_specs(self, image):
        """The specs only the task worker makes (none for a drawing)."""
        return [spec for spec in self.specs(image) if format_of(spec) in SLOW_FORMATS]

    def phone_specs(self):
        """The renditions a 360 px phone at twice the density may be shown, the
        likeliest first: a drawing's one file, or a raster picture's `phone_box`
        in each format, AVIF before WebP (WebP alone until the worker made AVIF)."""
        width, height = self.boxes[-1]
        phone_width, phone_height = self.boxes[self.phone_box]
        return [f"max-{width}x{height}"] + [
            f"format-{kind}|{kind}quality-{QUALITY[kind]}"
            f"|max-{phone_width}x{phone_height}"
            for kind in self.formats
        ]

    def shown_specs(self, image):
        """The specs a page can show now, without a reader waiting for AVIF: the
        quick formats (made at once when missing), and a slow format once the
        worker has made all its sizes."""
        specs = self.specs(image)
        made = {f.spec for f in image.find_existing_renditions(*map(Filter, specs))}
        waiting = {
            format_of(spec)
            for spec in specs
            if spec not in made and format_of(spec) in SLOW_FORMATS
        }
        return [spec for spec in specs if format_of(spec) not in waiting]

    def picture(self, image, **attrs):
        """The <picture> Wagtail's {% picture %} tag draws for these specs."""
        shown = self.shown_specs(image)
        if len(shown) < len(self.specs(image)):
            ask_worker_for_sizes(image, self)
        renditions = get_renditions_or_not_found(image, shown)
        return Picture(renditions, {"sizes": self.sizes, **attrs})


# Drawn at most 24rem (480 px) wide; on a phone the column less its gaps and
# the step's border and padding: 276 px of a 360 px screen at the normal text
# size (less at larger ones), so a phone at twice the density takes 560 px.
# Lengths here are in px: rem in `sizes` would be the browser's 16 px, not ours.
STEP_PICTURE = PictureSize(
    name="step",
    boxes=((360, 800), (560, 1244), (720, 1600)),
    sizes="(max-width: 500px) calc(100vw - 84px), 480px",
    phone_box=1,
)
# Drawn at most 32rem (640 px) wide on the course page; the column on a phone.
COVER_PICTURE = PictureSize(
    name="cover",
    boxes=((320, 180), (480, 270), (640, 360)),
    sizes="(max-width: 660px) calc(100vw - 36px), 640px",
)
# A course card on /kelas/: a list of many, so two sizes in one format keep
# the list's HTML short.
CARD_PICTURE = PictureSize(
    name="card",
    boxes=((320, 180), (640, 360)),
    sizes="(max-width: 660px) 100vw, 640px",
    formats=("webp",),
)


PICTURE_SIZES = {
    size.name: size for size in (STEP_PICTURE, COVER_PICTURE, CARD_PICTURE)
}


def ask_worker_for_sizes(image, size):
    """Have the task worker make the sizes a page found missing, once in
    ASK_AGAIN_SECONDS at most; a read-only database or an unreachable cache
    loses only the asking, never the page."""
    from courses.tasks import make_image_sizes

    try:
        key = f"picture-sizes-asked:{size.name}:{image.pk}"
        if cache.add(key, True, ASK_AGAIN_SECONDS):
            make_image_sizes.enqueue(image.pk, size.name)
    except (DatabaseError, *CACHE_DOWN):
        logger.warning("Picture sizes not asked for", exc_info=True)


def renditions_create(image, size, *, quick_only=False) -> bool:
    """Make the renditions `size` shows of `image`: the quick formats as a page
    is published, all of them on the task worker. True when any was missing."""
    specs = size.specs(image, quick_only=quick_only)
    missing = len(image.find_existing_renditions(*map(Filter, specs))) < len(specs)
    get_renditions_or_not_found(image, specs)
    return missing


def prefetch_renditions(images, *sizes):
    """Load the renditions of many images in one query instead of one each,
    as Wagtail's `ImageQuerySet.prefetch_renditions` does for a queryset."""
    images = [image for image in images if image is not None]
    if not images:
        return
    specs = {spec for image in images for size in sizes for spec in size.specs(image)}
    Rendition = get_image_model().get_rendition_model()
    prefetch_related_objects(
        images,
        Prefetch(
            "renditions",
            queryset=Rendition.objects.filter(filter_spec__in=specs),
            to_attr="prefetched_renditions",
        ),
    )
