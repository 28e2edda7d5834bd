"""Bring names and phone numbers already stored into the one written form.

Names: NFC, no zero-width or direction characters, single spaces. Phones: +62….
A phone number that cannot be read as an Indonesian number is left as it was
typed (nothing is thrown away), and so is a name holding emoji; the migration
says how many of each it left, by participant number, for someone to correct in
the admin (its form then asks for a readable number and a name without emoji).
"""

import sys

from django.core.exceptions import ValidationError
from django.db import migrations

from workshops.normalise import normalise_name, phone_number_or_none, validate_name

BATCH = 500


def _has_emoji(name):
    try:
        validate_name(name)
    except ValidationError:
        return True
    return False


def normalise(apps, schema_editor):
    Participant = apps.get_model("workshops", "Participant")
    changed, unreadable_phones, names_with_emoji = [], [], []
    rows = Participant.objects.only("pk", "full_name", "phone").order_by("pk")
    for participant in rows.iterator(chunk_size=BATCH):
        name = normalise_name(participant.full_name)
        phone = participant.phone
        if phone:
            phone = phone_number_or_none(phone)
            if phone is None:
                unreadable_phones.append(participant.pk)
                phone = participant.phone
        if _has_emoji(name):
            names_with_emoji.append(participant.pk)
        if (name, phone) != (participant.full_name, participant.phone):
            participant.full_name, participant.phone = name, phone
            changed.append(participant)
        if len(changed) >= BATCH:
            Participant.objects.bulk_update(changed, ["full_name", "phone"])
            changed = []
    Participant.objects.bulk_update(changed, ["full_name", "phone"])
    for what, numbers in (
        ("phone numbers that are not Indonesian numbers", unreadable_phones),
        ("names with emoji", names_with_emoji),
    ):
        if numbers:
            sys.stdout.write(
                f"\n  Left as they were, {len(numbers)} {what}: participants "
                f"{', '.join(map(str, numbers))}. Correct them in the admin."
            )


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0004_names_and_phones_in_one_form"),
    ]

    operations = [
        # Nothing to undo: the old spellings were the same names and numbers.
        migrations.RunPython(normalise, migrations.RunPython.noop, elidable=True),
    ]
