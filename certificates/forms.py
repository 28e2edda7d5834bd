from django import forms
from django.utils.translation import gettext_lazy as _

from certificates.codes import normalise_code
from workshops.fields import PersonNameFormField


class VerificationForm(forms.Form):
    code = forms.CharField(
        label=_("Certificate code"),
        max_length=30,
        help_text=_("Printed beside the QR code, for example K7QF-3MXD-9R."),
        widget=forms.TextInput(
            attrs={
                "autocapitalize": "characters",
                "autocomplete": "off",
                "spellcheck": "false",
            }
        ),
    )

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                _("A code has 10 letters and digits, for example K7QF-3MXD-9R.")
            )
        return code


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        help_text=_("Kept with the certificate's record."),
    )


class CorrectNameForm(ReasonForm):
    name = PersonNameFormField(label=_("Name as it should be printed"), max_length=200)
    field_order = ["name", "reason"]


class EarlyIssueForm(forms.Form):
    early_reason = forms.CharField(
        label=_("Why issue before the last session has ended"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=500,
        help_text=_("Only administrators. Kept in the certificates' history."),
    )
