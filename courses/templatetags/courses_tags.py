from django import template

from courses.offline import size_label
from courses.pictures import CARD_PICTURE, COVER_PICTURE, STEP_PICTURE

register = template.Library()

PICTURE_SIZES = {"step": STEP_PICTURE, "cover": COVER_PICTURE, "card": CARD_PICTURE}


@register.filter
def data_size(size):
    """Bytes as a reader thinks of data: '± 180 KB', '± 2,1 MB'."""
    return size_label(size)


@register.simple_tag
def responsive_picture(image, kind, **attrs):
    """Wagtail's <picture> for a step, cover or card picture, in the formats and
    widths courses/pictures.py names (the {% picture %} tag takes its specs only
    as literals, so it could not follow what Pillow can write)."""
    if not image:
        return ""
    return PICTURE_SIZES[kind].picture(image, **attrs)
