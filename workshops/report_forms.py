"""The report filter form: what period, which places, which people, which course."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workshops.models import Desa, Kecamatan, Participant
from workshops.reports import AGE_BANDS, ReportFilters

MAX_DAYS = 366 * 5
MONTHS = [
    (1, _("January")),
    (2, _("February")),
    (3, _("March")),
    (4, _("April")),
    (5, _("May")),
    (6, _("June")),
    (7, _("July")),
    (8, _("August")),
    (9, _("September")),
    (10, _("October")),
    (11, _("November")),
    (12, _("December")),
]


class ReportFilterForm(forms.Form):
    """Read from the address (GET), so a report can be bookmarked and shared."""

    PERIODS = [
        ("year", _("Year")),
        ("quarter", _("Quarter")),
        ("month", _("Month")),
        ("dates", _("From – to")),
    ]

    period = forms.ChoiceField(label=_("Period"), choices=PERIODS, initial="year")
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        choices=[("", "—")] + [(q, q) for q in range(1, 5)],
        coerce=int,
        required=False,
    )
    month = forms.TypedChoiceField(
        label=_("Month"), choices=[("", "—")] + MONTHS, coerce=int, required=False
    )
    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"),
        queryset=Kecamatan.objects.order_by("name"),
        required=False,
        empty_label=_("All"),
    )
    desa = forms.ModelChoiceField(
        label=_("Desa"),
        queryset=Desa.objects.select_related("kecamatan").order_by(
            "kecamatan__name", "name"
        ),
        required=False,
        empty_label=_("All"),
    )
    gender = forms.ChoiceField(
        label=_("Gender"),
        choices=[("", _("All"))] + list(Participant.Gender.choices),
        required=False,
    )
    age_band = forms.ChoiceField(
        label=_("Age at the workshop"),
        choices=[("", _("All"))] + [(key, label) for key, label, *_r in AGE_BANDS],
        required=False,
    )
    course = forms.ModelChoiceField(
        label=_("Course taught"), queryset=None, required=False, empty_label=_("All")
    )

    def __init__(self, data=None, *, desas=None, **kwargs):
        """`desas`: the desa village staff serve; they choose among these only
        (a hidden field when there is one) and the first is used otherwise."""
        from courses.models import CoursePage

        data = data.copy() if data is not None else {}
        today = timezone.localdate()
        data.setdefault("period", "year")
        data.setdefault("year", str(today.year))
        if desas is not None:
            served = [str(pk) for pk in desas.values_list("pk", flat=True)]
            if served and data.get("desa") not in served:
                data["desa"] = served[0]
        super().__init__(data, **kwargs)
        self.fields["course"].queryset = CoursePage.objects.order_by("title")
        if desas is not None:
            # Village staff see their own desa only.
            del self.fields["kecamatan"]
            desa = self.fields["desa"]
            desa.queryset = desas
            desa.required = True
            desa.empty_label = None
            if len(served) < 2:
                desa.widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        period = data.get("period")
        if period == "quarter" and not data.get("quarter"):
            self.add_error("quarter", _("Choose the quarter."))
        if period == "month" and not data.get("month"):
            self.add_error("month", _("Choose the month."))
        if period == "dates":
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                self.add_error("start", _("Fill in both dates."))
            elif end < start:
                self.add_error("end", _("The end date must not be before the start."))
            elif (end - start).days > MAX_DAYS:
                self.add_error("end", _("Choose at most five years."))
        return data

    def filters(self) -> ReportFilters:
        """The filters chosen; the current year when the form is invalid."""
        if not self.is_valid():
            return ReportFilters.for_year(timezone.localdate().year)
        data = self.cleaned_data
        chosen = {
            "kecamatan_id": getattr(data.get("kecamatan"), "pk", None),
            "desa_id": getattr(data.get("desa"), "pk", None),
            "gender": data.get("gender") or "",
            "age_band": data.get("age_band") or "",
            "course_id": getattr(data.get("course"), "pk", None),
        }
        year = data["year"]
        if data["period"] == "quarter":
            return ReportFilters.for_quarter(year, data["quarter"], **chosen)
        if data["period"] == "month":
            return ReportFilters.for_month(year, data["month"], **chosen)
        if data["period"] == "dates":
            start, end = data["start"], data["end"]
            return ReportFilters(
                start=start,
                end=end,
                period_label=f"{start:%d-%m-%Y} – {end:%d-%m-%Y}",
                **chosen,
            )
        return ReportFilters.for_year(year, **chosen)

    def described(self):
        """The filters in words, [(label, value)], for the top of every export."""
        if not self.is_valid():
            return [(_("Period"), str(timezone.localdate().year))]
        data = self.cleaned_data
        rows = [(_("Period"), self.filters().period_label)]
        for name in ("kecamatan", "desa", "gender", "age_band", "course"):
            if name not in self.fields:
                continue
            value = data.get(name)
            if value in (None, ""):
                shown = _("All")
            elif isinstance(self.fields[name], forms.ChoiceField):
                shown = dict(self.fields[name].choices).get(value, value)
            else:
                shown = str(value)
            rows.append((self.fields[name].label, shown))
        return rows
