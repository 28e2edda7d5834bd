"""The figures the office accounts for: who was trained, where and how well.

Every figure is read with aggregate queries: a table costs the same few queries
whether it has one desa or a thousand. A workshop belongs to the period, and to a
month, by the date of its first session; it belongs to the desa it was held for.
A person's age is the year of that first session minus their year of birth (kept
after erasure, as are gender and desa), so the figures survive
`anonymise_participants`. People under 55 are counted apart from the lansia.
"""

import calendar
import datetime
from dataclasses import dataclass, field, fields, replace

from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils.translation import gettext_lazy as _

from certificates.models import Certificate
from workshops.models import (
    Attendance,
    Desa,
    Kecamatan,
    Participant,
    Registration,
    Workshop,
    WorkshopSession,
)

ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.LATE)
LANSIA_AGE = 55

# (key, label, lowest age, highest age); None leaves that side open.
AGE_BANDS = (
    ("u55", _("Under 55"), None, 54),
    ("55-59", _("55–59"), 55, 59),
    ("60-64", _("60–64"), 60, 64),
    ("65-69", _("65–69"), 65, 69),
    ("70+", _("70 and over"), 70, None),
)
AGE_BAND_LABELS = {key: label for key, label, _low, _high in AGE_BANDS}
LANSIA_BANDS = tuple(key for key, *_rest in AGE_BANDS if key != "u55")
GENDERS = tuple(Participant.Gender)


@dataclass(frozen=True)
class ReportFilters:
    """Which workshops and people a report counts. Empty means everything."""

    start: datetime.date
    end: datetime.date
    kecamatan_id: int | None = None
    desa_id: int | None = None
    gender: str = ""
    age_band: str = ""
    course_id: int | None = None
    period_label: str = ""

    @classmethod
    def for_year(cls, year, **kwargs):
        return cls(
            start=datetime.date(year, 1, 1),
            end=datetime.date(year, 12, 31),
            period_label=str(year),
            **kwargs,
        )

    @classmethod
    def for_quarter(cls, year, quarter, **kwargs):
        first_month = 3 * (quarter - 1) + 1
        last_month = first_month + 2
        return cls(
            start=datetime.date(year, first_month, 1),
            end=datetime.date(
                year, last_month, calendar.monthrange(year, last_month)[1]
            ),
            period_label=f"Q{quarter} {year}",
            **kwargs,
        )

    @classmethod
    def for_month(cls, year, month, **kwargs):
        return cls(
            start=datetime.date(year, month, 1),
            end=datetime.date(year, month, calendar.monthrange(year, month)[1]),
            period_label=f"{month:02d}/{year}",
            **kwargs,
        )

    def limited_to_desa(self, desa_id):
        """The same filters, held to one desa (village staff see only theirs)."""
        return replace(self, desa_id=desa_id, kecamatan_id=None)

    def months(self):
        """Every (year, month) the period touches, in order."""
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            yield year, month
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)


@dataclass
class Figures:
    """One row of a report: the headline, a desa, a month or an age band."""

    workshops: int = 0
    sessions: int = 0
    registered: int = 0
    attended: int = 0
    completed: int = 0
    repeat_learners: int = 0
    under_55_registered: int = 0
    under_55_attended: int = 0
    under_55_completed: int = 0
    certificates_valid: int = 0
    certificates_revoked: int = 0
    attendance_marked: int = 0
    attendance_present: int = 0
    waitlisted: int = 0

    @property
    def attendance_rate(self):
        """Present or late among the attendance marked, in percent; None if none."""
        if not self.attendance_marked:
            return None
        return round(100 * self.attendance_present / self.attendance_marked, 1)

    def add(self, values):
        for name, value in values.items():
            if hasattr(self, name) and value is not None:
                setattr(self, name, getattr(self, name) + value)
        return self


# Columns of every table and export, in order: (attribute, label).
COLUMNS = (
    ("workshops", _("Workshops held")),
    ("sessions", _("Sessions held")),
    ("registered", _("Lansia registered")),
    ("attended", _("Lansia who attended")),
    ("completed", _("Lansia who completed")),
    ("repeat_learners", _("Lansia repeat learners")),
    ("under_55_registered", _("Under 55 registered")),
    ("under_55_attended", _("Under 55 who attended")),
    ("under_55_completed", _("Under 55 who completed")),
    ("certificates_valid", _("Certificates issued")),
    ("certificates_revoked", _("Certificates revoked")),
    ("attendance_rate", _("Attendance rate (%)")),
    ("waitlisted", _("Waiting list at closing")),
)
PEOPLE_COLUMNS = tuple(
    (name, label) for name, label in COLUMNS if name not in ("workshops", "sessions")
)


def _first_session_date(workshop_ref):
    return Subquery(
        WorkshopSession.objects.filter(workshop=workshop_ref)
        .order_by("date")
        .values("date")[:1]
    )


def _age_band_case(age):
    whens = []
    for key, _label, _low, high in AGE_BANDS:
        if high is not None:
            whens.append(When(**{f"{age}__lte": high}, then=Value(key)))
    return Case(*whens, default=Value(AGE_BANDS[-1][0]))


def _age_band_q(band, age):
    for key, _label, low, high in AGE_BANDS:
        if key == band:
            q = Q()
            if low is not None:
                q &= Q(**{f"{age}__gte": low})
            if high is not None:
                q &= Q(**{f"{age}__lte": high})
            return q
    raise ValueError(band)


def workshops_in_scope(filters):
    """Workshops held in the period (first session inside it), not cancelled or
    draft, in the chosen places and teaching the chosen course."""
    workshops = Workshop.objects.exclude(
        status__in=[Workshop.Status.DRAFT, Workshop.Status.CANCELLED]
    ).annotate(held_on=_first_session_date(OuterRef("pk")))
    workshops = workshops.filter(held_on__gte=filters.start, held_on__lte=filters.end)
    if filters.desa_id:
        workshops = workshops.filter(desa_id=filters.desa_id)
    elif filters.kecamatan_id:
        workshops = workshops.filter(desa__kecamatan_id=filters.kecamatan_id)
    if filters.course_id:
        workshops = workshops.filter(
            pk__in=Workshop.courses.through.objects.filter(
                coursepage_id=filters.course_id
            ).values("workshop_id")
        )
    return workshops


def _held_in(filters, workshop_field, periods):
    """An expression naming the period (year or month) each row's workshop was
    held in: one uncorrelated subquery per period, read once by the database,
    instead of looking up every row's first session again and again."""
    if len(periods) == 1:
        return Value(periods[0][0])
    return Case(
        *(
            When(
                **{
                    f"{workshop_field}__in": workshops_in_scope(
                        replace(filters, start=start, end=end)
                    ).values("pk")
                },
                then=Value(key),
            )
            for key, start, end in periods
        ),
        default=Value(None),
    )


def _years(filters):
    return [
        (
            year,
            max(filters.start, datetime.date(year, 1, 1)),
            min(filters.end, datetime.date(year, 12, 31)),
        )
        for year in range(filters.start.year, filters.end.year + 1)
    ]


def _month_periods(filters):
    return [
        (
            year * 100 + month,
            max(filters.start, datetime.date(year, month, 1)),
            min(
                filters.end,
                datetime.date(year, month, calendar.monthrange(year, month)[1]),
            ),
        )
        for year, month in filters.months()
    ]


def _with_age(queryset, filters, workshop_field, participant_field):
    """The person's age in the year of the workshop, held to the chosen gender
    and age band."""
    queryset = queryset.filter(
        **{f"{workshop_field}__in": workshops_in_scope(filters).values("pk")}
    ).annotate(
        age=ExpressionWrapper(
            _held_in(filters, workshop_field, _years(filters))
            - F(f"{participant_field}__birth_year"),
            output_field=IntegerField(),
        )
    )
    if filters.gender:
        queryset = queryset.filter(**{f"{participant_field}__gender": filters.gender})
    if filters.age_band:
        queryset = queryset.filter(_age_band_q(filters.age_band, "age"))
    return queryset


def registrations_in_scope(filters):
    """Registrations (any status) of the workshops in scope, of the chosen people,
    with the person's age at the workshop."""
    return _with_age(Registration.objects.all(), filters, "workshop", "participant")


def certificates_in_scope(filters):
    return _with_age(Certificate.objects.all(), filters, "workshop", "participant")


def attendance_in_scope(filters):
    """Attendance marked for people with a seat in the workshops in scope."""
    return _with_age(
        Attendance.objects.filter(registration__status=Registration.Status.REGISTERED),
        filters,
        "registration__workshop",
        "registration__participant",
    )


def _attended_registrations(filters):
    return (
        Attendance.objects.filter(
            status__in=ATTENDED,
            registration__workshop__in=workshops_in_scope(filters).values("pk"),
        )
        .values("registration_id")
        .distinct()
    )


def _completed_registrations(filters):
    """Registrations whose attendance met their workshop's certificate rule."""
    return (
        Attendance.objects.filter(
            status__in=ATTENDED,
            registration__workshop__in=workshops_in_scope(filters).values("pk"),
        )
        .values("registration_id")
        .annotate(
            attended=Count("pk"),
            needed=Max("registration__workshop__minimum_sessions_for_certificate"),
        )
        .filter(attended__gte=F("needed"))
        .values("registration_id")
    )


def _repeat_learner_ids(filters):
    """People registered (with a seat) in two or more workshops in scope."""
    return (
        Registration.objects.filter(
            status=Registration.Status.REGISTERED,
            workshop__in=workshops_in_scope(filters).values("pk"),
        )
        .values("participant_id")
        .annotate(workshop_count=Count("workshop_id"))
        .filter(workshop_count__gte=2)
        .values("participant_id")
    )


def _registration_aggregates(filters):
    registered = Q(status=Registration.Status.REGISTERED)
    lansia = Q(age__gte=LANSIA_AGE)
    under_55 = Q(age__lt=LANSIA_AGE)
    attended = Q(pk__in=_attended_registrations(filters))
    completed = Q(pk__in=_completed_registrations(filters)) | Q(
        workshop__minimum_sessions_for_certificate=0
    )
    repeat = Q(participant_id__in=_repeat_learner_ids(filters))

    def people(condition):
        return Count("participant_id", distinct=True, filter=registered & condition)

    return {
        "registered": people(lansia),
        "attended": people(lansia & attended),
        "completed": people(lansia & completed),
        "repeat_learners": people(lansia & repeat),
        "under_55_registered": people(under_55),
        "under_55_attended": people(under_55 & attended),
        "under_55_completed": people(under_55 & completed),
        "waitlisted": Count(
            "pk",
            filter=Q(status=Registration.Status.WAITLISTED)
            & Q(workshop__status=Workshop.Status.CLOSED),
        ),
    }


def _attendance_aggregates():
    return {
        "attendance_marked": Count("pk"),
        "attendance_present": Count("pk", filter=Q(status__in=ATTENDED)),
    }


def _certificate_aggregates():
    return {
        "certificates_valid": Count("pk", filter=Q(revoked_at__isnull=True)),
        # A certificate replaced by a corrected one was not taken away.
        "certificates_revoked": Count(
            "pk", filter=Q(revoked_at__isnull=False, replacement__isnull=True)
        ),
    }


def _workshop_aggregates():
    return {
        "workshops": Count("pk", distinct=True),
        "sessions": Count("sessions", distinct=True),
    }


def _grouped(queryset, group, aggregates):
    """{group key: {figure: value}} from one GROUP BY query."""
    if group is None:
        return {None: queryset.aggregate(**aggregates)}
    names = list(group)
    rows = queryset.annotate(**group).values(*names).annotate(**aggregates)
    result = {}
    for row in rows.order_by():
        key = tuple(row.pop(name) for name in names)
        result[key[0] if len(key) == 1 else key] = row
    return result


def _figures_by(filters, *, workshop_group, person_group):
    """Figures keyed by group: four queries, whatever the number of groups.

    `person_group(workshop_field, participant_field)` gives the grouping of rows
    that belong to a person (registrations, certificates, attendance)."""
    tables = []
    if workshop_group is not False:
        workshops = workshops_in_scope(filters)
        tables.append(_grouped(workshops, workshop_group, _workshop_aggregates()))
    for queryset, workshop_field, participant_field, aggregates in (
        (
            registrations_in_scope(filters),
            "workshop",
            "participant",
            _registration_aggregates(filters),
        ),
        (
            certificates_in_scope(filters),
            "workshop",
            "participant",
            _certificate_aggregates(),
        ),
        (
            attendance_in_scope(filters),
            "registration__workshop",
            "registration__participant",
            _attendance_aggregates(),
        ),
    ):
        group = person_group and person_group(workshop_field, participant_field)
        tables.append(_grouped(queryset, group, aggregates))
    figures = {}
    for table in tables:
        for key, values in table.items():
            figures.setdefault(key, Figures()).add(values)
    return figures


def headline(filters) -> Figures:
    """The figures for everything in scope, each person counted once."""
    figures = _figures_by(filters, workshop_group=None, person_group=None)
    return figures.get(None, Figures())


@dataclass
class PlaceRow:
    kecamatan: str
    desa: str
    desa_id: int
    figures: Figures

    @property
    def reached(self):
        return self.figures.workshops > 0


@dataclass
class PlaceTable:
    rows: list = field(default_factory=list)

    @property
    def reached(self):
        return sum(1 for row in self.rows if row.reached)

    @property
    def total(self):
        return len(self.rows)


def by_desa(filters) -> PlaceTable:
    """Every desa in the chosen places, reached or not, with its figures.

    A person trained in two desa counts in both rows."""
    figures = _figures_by(
        filters,
        workshop_group={"place": F("desa_id")},
        person_group=lambda workshop, _person: {"place": F(f"{workshop}__desa_id")},
    )
    desa = Desa.objects.select_related("kecamatan").order_by("kecamatan__name", "name")
    if filters.desa_id:
        desa = desa.filter(pk=filters.desa_id)
    elif filters.kecamatan_id:
        desa = desa.filter(kecamatan_id=filters.kecamatan_id)
    return PlaceTable(
        rows=[
            PlaceRow(
                kecamatan=place.kecamatan.name,
                desa=place.name,
                desa_id=place.pk,
                figures=figures.get(place.pk, Figures()),
            )
            for place in desa
        ]
    )


def by_kecamatan(filters):
    """[(kecamatan name, Figures)] for every kecamatan in the chosen places."""
    figures = _figures_by(
        filters,
        workshop_group={"place": F("desa__kecamatan_id")},
        person_group=lambda workshop, _person: {
            "place": F(f"{workshop}__desa__kecamatan_id")
        },
    )
    kecamatan = Kecamatan.objects.order_by("name")
    if filters.desa_id:
        kecamatan = kecamatan.filter(desa__pk=filters.desa_id)
    elif filters.kecamatan_id:
        kecamatan = kecamatan.filter(pk=filters.kecamatan_id)
    return [(place.name, figures.get(place.pk, Figures())) for place in kecamatan]


def by_month(filters):
    """[((year, month), Figures)] for every month of the period."""
    periods = _month_periods(filters)
    figures = _figures_by(
        filters,
        workshop_group={
            "period": ExtractYear("held_on") * 100 + ExtractMonth("held_on")
        },
        person_group=lambda workshop, _person: {
            "period": _held_in(filters, workshop, periods)
        },
    )
    return [
        ((year, month), figures.get(year * 100 + month, Figures()))
        for year, month in filters.months()
    ]


def by_age_and_gender(filters):
    """[(age band key, gender, Figures)] for every band and gender: people only."""
    figures = _figures_by(
        filters,
        workshop_group=False,
        person_group=lambda _workshop, person: {
            "band": _age_band_case("age"),
            "gender": F(f"{person}__gender"),
        },
    )
    return [
        (band, gender, figures.get((band, gender.value), Figures()))
        for band, *_rest in AGE_BANDS
        for gender in GENDERS
    ]


def people_by_band(rows):
    """Everyone registered in each band (lansia and under 55 alike)."""
    return [
        (band, gender, row.registered + row.under_55_registered)
        for band, gender, row in rows
    ]


@dataclass
class Report:
    filters: ReportFilters
    headline: Figures
    places: PlaceTable
    kecamatan: list
    months: list
    ages: list


def build_report(filters) -> Report:
    return Report(
        filters=filters,
        headline=headline(filters),
        places=by_desa(filters),
        kecamatan=by_kecamatan(filters),
        months=by_month(filters),
        ages=by_age_and_gender(filters),
    )


def figure_names():
    return [f.name for f in fields(Figures)]


def people_by_desa_age_and_gender(filters):
    """{(desa id, age band, gender): people registered}, one query; only the
    cells with anyone in them."""
    rows = (
        registrations_in_scope(filters)
        .filter(status=Registration.Status.REGISTERED)
        .annotate(band=_age_band_case("age"))
        .values("workshop__desa_id", "band", "participant__gender")
        .annotate(people=Count("participant_id", distinct=True))
        .order_by()
    )
    return {
        (row["workshop__desa_id"], row["band"], row["participant__gender"]): row[
            "people"
        ]
        for row in rows
    }
