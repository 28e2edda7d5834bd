"""Taking a person's name out of text that was written while they were known.

Used when a participant is erased (UU PDP No. 27/2022): Wagtail's log entries and
free-text reasons may quote the name, and must stop doing so.
"""

import re

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import ModelLogEntry

from workshops.normalise import BIDI_CONTROLS, ZERO_WIDTH, normalise_name


def name_pattern(names):
    """One case-insensitive pattern for every spelling in `names`, longest first,
    so "Siti Aminah" is replaced whole before "Siti" could be. Words may stand
    apart by any spaces or invisible characters, or none: "Siti  Aminah",
    "Siti\u200bAminah" and "SitiAminah" are the same person to the duplicate
    finder (workshops.normalise.name_key), so to erasure too."""
    spellings = {normalise_name(name) for name in names} - {""}
    if not spellings:
        return None
    between_words = f"[\\s{re.escape(ZERO_WIDTH + BIDI_CONTROLS)}]*"
    alternatives = [
        between_words.join(re.escape(word) for word in spelling.split())
        for spelling in sorted(spellings, key=len, reverse=True)
    ]
    return re.compile("|".join(alternatives), re.IGNORECASE)


def without_names(value, pattern, replacement):
    """`value` (text, or JSON-like lists and dicts) with every match replaced."""
    if pattern is None:
        return value
    if isinstance(value, str):
        return pattern.sub(replacement, value)
    if isinstance(value, list):
        return [without_names(item, pattern, replacement) for item in value]
    if isinstance(value, dict):
        return {
            key: without_names(item, pattern, replacement)
            for key, item in value.items()
        }
    return value


def log_entries_about(objects):
    """Wagtail's log entries of `objects` (of any models), oldest first."""
    condition = Q(pk__in=[])
    by_type = {}
    for obj in objects:
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        by_type.setdefault(content_type.pk, []).append(str(obj.pk))
    for content_type_pk, object_ids in by_type.items():
        condition |= Q(content_type_id=content_type_pk, object_id__in=object_ids)
    return ModelLogEntry.objects.filter(condition).order_by("timestamp", "pk")


def forget_names_in_log(objects, *, names, replacement):
    """Rewrite the log entries of `objects`: each label becomes the object's
    current text, and any of `names` in the entry's data becomes `replacement`."""
    objects = list(objects)
    current_label = {
        (ContentType.objects.get_for_model(obj, for_concrete_model=False).pk,
         str(obj.pk)): str(obj)
        for obj in objects
    }
    if not current_label:
        return 0
    pattern = name_pattern(names)
    changed = list(log_entries_about(objects))
    for entry in changed:
        entry.label = current_label[(entry.content_type_id, entry.object_id)]
        entry.data = without_names(entry.data, pattern, replacement)
    ModelLogEntry.objects.bulk_update(changed, ["label", "data"], batch_size=500)
    return len(changed)
