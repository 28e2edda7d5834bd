from django import template

from workshops.normalise import phone_local

register = template.Library()


@register.filter
def local_phone(stored):
    """A stored +62 number as written here: {{ participant.phone|local_phone }}."""
    return phone_local(stored)
