from django import template

from literacy_site.roles import VILLAGE_STAFF
from workshops.normalise import phone_local
from workshops.selectors import office_administrators

register = template.Library()


@register.filter
def local_phone(stored):
    """A stored +62 number as written here: {{ participant.phone|local_phone }}."""
    return phone_local(stored)


@register.inclusion_tag("workshops/includes/no_workshops.html")
def no_workshops_help(user):
    """Why a facilitator or village staffer sees no workshops, and whom to ask."""
    roles = set(user.groups.values_list("name", flat=True))
    return {
        "village_staff": VILLAGE_STAFF in roles,
        "staff_without_desa": VILLAGE_STAFF in roles and not user.staff_places.exists(),
        "administrators": office_administrators(),
    }
