"""Model and form fields that keep names and phone numbers in one written form.

Every form built from the Participant model (the facilitator's, the Wagtail
admin's) gets the form fields below, and every save stores the normalised value,
so no way in can store a name or a number in a second spelling.
"""

from django import forms
from django.db import models

from workshops.normalise import (
    normalise_name,
    phone_local,
    phone_number_or_none,
    validate_name,
    validate_phone,
)


class PersonNameFormField(forms.CharField):
    def to_python(self, value):
        return normalise_name(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        validate_name(value)


class PhoneNumberFormField(forms.CharField):
    """Takes any common spelling of an Indonesian number; shows the local one."""

    def to_python(self, value):
        text = super().to_python(value)
        # An unreadable number stays as typed, so validate() names the problem.
        return phone_number_or_none(text) or text

    def validate(self, value):
        super().validate(value)
        if value:
            validate_phone(value)

    def prepare_value(self, value):
        return phone_local(value) if isinstance(value, str) else value


class PersonNameField(models.CharField):
    """A person's name, stored normalised (see workshops.normalise)."""

    default_validators = [validate_name]

    def pre_save(self, model_instance, add):
        value = normalise_name(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PersonNameFormField, **kwargs})


class PhoneNumberField(models.CharField):
    """An Indonesian phone number, stored as +62…; shown with phone_local()."""

    default_validators = [validate_phone]

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        # A number that cannot be read is kept as typed rather than lost; the
        # forms never let one through, only old records and raw code can.
        value = phone_number_or_none(value) or value
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PhoneNumberFormField, **kwargs})
