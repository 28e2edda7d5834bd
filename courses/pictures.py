"""Picture sizes a page shows, loaded for many pictures at once."""

from django.db.models import Prefetch, prefetch_related_objects
from wagtail.images import get_image_model


def prefetch_renditions(images, spec):
    """Load the renditions of many images in one query instead of one each."""
    images = [image for image in images if image is not None]
    if not images:
        return
    # Wagtail stores an SVG's rendition without the "preserve-svg" marker, and a
    # raster image's too.
    filter_spec = "|".join(part for part in spec.split("|") if part != "preserve-svg")
    Rendition = get_image_model().get_rendition_model()
    prefetch_related_objects(
        images,
        Prefetch(
            "renditions", queryset=Rendition.objects.filter(filter_spec=filter_spec)
        ),
    )
