import uuid

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from workshops import consent
from workshops.models import Attendance, Desa, Participant


def desa_choices(desas=None):
    """Desa (all, or those given) grouped by kecamatan, for an easy select."""
    groups = {}
    desas = Desa.objects.all() if desas is None else desas
    for desa in desas.select_related("kecamatan").order_by("kecamatan__name", "name"):
        groups.setdefault(desa.kecamatan.name, []).append((desa.pk, desa.name))
    return [("", _("Choose a desa"))] + list(groups.items())


class ParticipantForm(forms.ModelForm):
    """A new participant: only what the work needs, and their consent. The
    rules on each value are the model's (Participant.clean)."""

    consent = forms.BooleanField(
        label=consent.TEXTS[consent.CURRENT_VERSION],
        error_messages={"required": consent.REQUIRED_MESSAGE},
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    class Meta:
        model = Participant
        fields = ["full_name", "birth_year", "gender", "desa", "phone", "needs"]
        widgets = {
            "gender": forms.RadioSelect,
            "birth_year": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "full_name": forms.TextInput(attrs={"autocomplete": "off"}),
        }
        help_texts = {
            "full_name": _("As it should be printed on the certificate."),
            "birth_year": _("For example 1958."),
            "phone": _("Only if the participant wants to be called or messaged."),
        }

    def __init__(self, *args, default_desa=None, desa_options=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desa"].choices = desa_options or desa_choices()
        self.fields["gender"].choices = Participant.Gender.choices
        if default_desa is not None and not self.is_bound:
            self.initial.setdefault("desa", default_desa.pk)
        self.initial.setdefault("submission_key", uuid.uuid4())
        self.helper = FormHelper()
        self.helper.add_input(
            Submit("save", _("Register"), css_class="button button--primary")
        )


class ParticipantSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find a participant by name or desa"), required=False, max_length=100
    )


class CancelRegistrationForm(forms.Form):
    """Only a confirmation: the registration comes from the address."""


ATTENDANCE_CHOICES = [
    (Attendance.Status.PRESENT, _("Present")),
    (Attendance.Status.LATE, _("Late")),
    (Attendance.Status.EXCUSED, _("Excused")),
    (Attendance.Status.ABSENT, _("Absent")),
]

# One letter per status for typing a paper sheet quickly (A for "alpa").
PAPER_CODES = {
    Attendance.Status.PRESENT: "H",
    Attendance.Status.LATE: "T",
    Attendance.Status.EXCUSED: "I",
    Attendance.Status.ABSENT: "A",
}


class ParticipantImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel (.xlsx) file"),
        help_text=_(
            "Columns: Nama, Tahun lahir, Jenis kelamin (P or L), Desa, Setuju (ya); "
            "Kecamatan, Telepon and Kebutuhan may be added. The first row holds "
            "the column names. A list exported from this site imports back as it is."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-"
                "officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(
            Submit("import", _("Check and import"), css_class="button button--primary")
        )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(too_large_message())
        return file


class ChooseDesaForm(forms.Form):
    """An administrator picks whose residents' certificates to print."""

    desa = forms.TypedChoiceField(label=_("Desa"), coerce=int)

    def __init__(self, *args, desas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desa"].choices = desa_choices(desas)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.add_input(
            Submit("", _("Show the certificates"), css_class="button button--primary")
        )


def too_large_message():
    return _(
        "The file is larger than %(size)s, so it was not read. Split the list "
        "into several files, or save it as .xlsx, which is smaller."
    ) % {"size": filesizeformat(settings.IMPORT_MAX_BYTES)}


class ReopenWorkshopForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the workshop reopened?"),
        help_text=_("For example: attendance of session 2 was marked wrongly."),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(
            Submit(
                "reopen", _("Reopen the workshop"), css_class="button button--primary"
            )
        )
