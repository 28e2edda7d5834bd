from django.utils.functional import SimpleLazyObject

from workshops.selectors import can_use_facilitator_area


def facilitator_area(request):
    # Lazy: only pages that show the menu pay for the group lookup.
    return {
        "uses_facilitator_area": SimpleLazyObject(
            lambda: can_use_facilitator_area(request.user)
        )
    }
