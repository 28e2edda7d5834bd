"""The figures the office accounts for: who was trained, where and how well.

A report reads the data once, in three queries whatever its size (ReportData),
and rolls every table up from that: by desa, kecamatan, month, age and gender.
A workshop belongs to the period, and to a
month, by the date of its first session; it belongs to the desa it was held for.
A person's age is the year of that first session minus their year of birth (kept
after erasure, as are gender and desa), so the figures survive
`anonymise_participants`. People under 55 are counted apart from the lansia.
"""

import calendar
import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    Value,
    When,
)
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from certificates.models import Certificate
from workshops import selectors
from workshops.models import (
    Attendance,
    Desa,
    Kecamatan,
    Participant,
    Registration,
    Workshop,
)

ATTENDED = Attendance.ATTENDED
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
            period_label=gettext("Quarter %(quarter)s %(year)s")
            % {"quarter": quarter, "year": year},
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
    """Workshops held in the period (first session inside it and not in the
    future), not cancelled or draft, in the chosen places and teaching the
    chosen course."""
    workshops = selectors.held_workshops()
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


def band_of(age):
    for key, _label, _low, high in AGE_BANDS:
        if high is None or age <= high:
            return key
    return AGE_BANDS[-1][0]


@dataclass(frozen=True)
class HeldWorkshop:
    held_on: datetime.date
    desa_id: int
    kecamatan_id: int
    minimum_sessions: int
    closed: bool
    sessions: int


class ReportData:
    """What every table of one report is rolled up from, read in three
    aggregate queries: the workshops in scope with their session counts; one
    row per registration with the sessions attended and marked; certificates
    counted per workshop, gender and age band.

    People are counted once per row of a table (a set of ids per figure), which
    SQL would need a COUNT(DISTINCT ...) per figure and table for: at 100,000
    participants that took SQLite seconds per table."""

    def __init__(self, filters):
        self.filters = filters
        self.workshops = {
            pk: HeldWorkshop(held_on, desa_id, kecamatan_id, minimum, status, sessions)
            for pk, held_on, desa_id, kecamatan_id, minimum, status, sessions in (
                workshops_in_scope(filters)
                .annotate(session_count=Count("sessions"))
                .values_list(
                    "pk",
                    "held_on",
                    "desa_id",
                    "desa__kecamatan_id",
                    "minimum_sessions_for_certificate",
                    Case(
                        When(status=Workshop.Status.CLOSED, then=Value(True)),
                        default=Value(False),
                        output_field=BooleanField(),
                    ),
                    "session_count",
                )
                .order_by()
            )
        }

        self.registrations = list(
            registrations_in_scope(filters)
            .exclude(status=Registration.Status.CANCELLED)
            .annotate(
                attended=Count(
                    "attendances", filter=Q(attendances__status__in=ATTENDED)
                ),
                marked=Count("attendances"),
            )
            .values_list(
                "workshop_id",
                "participant_id",
                "status",
                "participant__gender",
                "age",
                "attended",
                "marked",
            )
            .order_by()
        )
        self.certificates = list(
            certificates_in_scope(filters)
            .annotate(band=_age_band_case("age"))
            .values("workshop_id", "participant__gender", "band")
            .annotate(**_certificate_aggregates())
            .values_list(
                "workshop_id",
                "participant__gender",
                "band",
                "certificates_valid",
                "certificates_revoked",
            )
            .order_by()
        )
        seats = Counter(
            participant
            for _w, participant, status, *_rest in self.registrations
            if status == Registration.Status.REGISTERED
        )
        self.repeat_learners = {pk for pk, count in seats.items() if count >= 2}
        # Each registration's facts worked out once, for every table after.
        self.people = []
        for (
            workshop_id,
            person,
            status,
            gender,
            age,
            attended,
            marked,
        ) in self.registrations:
            workshop = self.workshops[workshop_id]
            prefix = "under_55_" if age < LANSIA_AGE else ""
            figures = ()
            if status == Registration.Status.REGISTERED:
                figures = (prefix + "registered",)
                if attended:
                    figures += (prefix + "attended",)
                if attended >= workshop.minimum_sessions:
                    figures += (prefix + "completed",)
                if not prefix and person in self.repeat_learners:
                    figures += ("repeat_learners",)
            self.people.append(
                (
                    workshop,
                    person if person in self.repeat_learners else None,
                    gender,
                    band_of(age),
                    figures,
                    attended,
                    marked,
                )
            )

    def roll_up(self, key, *, people_only=False):
        """{key: Figures}, where key(workshop, gender, band) names the row a
        workshop's figures (gender and band None) or a person's belong to."""
        figures = defaultdict(Figures)
        if not people_only:
            for workshop in self.workshops.values():
                row = figures[key(workshop, None, None)]
                row.workshops += 1
                row.sessions += workshop.sessions
        # Someone in one workshop only is simply counted; only those in two
        # or more (person is then their id) need a set to be counted once.
        once = defaultdict(Counter)
        repeated = defaultdict(lambda: defaultdict(set))
        for workshop, person, gender, band, counted_in, attended, marked in self.people:
            name = key(workshop, gender, band)
            if not counted_in:
                figures[name].waitlisted += workshop.closed
                continue
            row = figures[name]
            row.attendance_marked += marked
            row.attendance_present += attended
            if person is None:
                tally = once[name]
                for figure in counted_in:
                    tally[figure] += 1
            else:
                sets = repeated[name]
                for figure in counted_in:
                    sets[figure].add(person)
        for name, tally in once.items():
            row = figures[name]
            for figure, count in tally.items():
                setattr(row, figure, getattr(row, figure) + count)
        for name, sets in repeated.items():
            row = figures[name]
            for figure, members in sets.items():
                setattr(row, figure, getattr(row, figure) + len(members))
        for workshop_id, gender, band, valid, revoked in self.certificates:
            row = figures[key(self.workshops[workshop_id], gender, band)]
            row.certificates_valid += valid
            row.certificates_revoked += revoked
        return figures


def _certificate_aggregates():
    return {
        "certificates_valid": Count("pk", filter=Q(revoked_at__isnull=True)),
        # A certificate replaced by a corrected one was not taken away.
        "certificates_revoked": Count(
            "pk", filter=Q(revoked_at__isnull=False, replacement__isnull=True)
        ),
    }


def headline(filters, data=None) -> Figures:
    """The figures for everything in scope, each person counted once."""
    data = data or ReportData(filters)
    return data.roll_up(lambda *_: None).get(None, Figures())


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


def by_desa(filters, data=None) -> PlaceTable:
    """Every desa in the chosen places, reached or not, with its figures.

    A person trained in two desa counts in both rows."""
    data = data or ReportData(filters)
    figures = data.roll_up(lambda workshop, *_: workshop.desa_id)
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


def by_kecamatan(filters, data=None):
    """[(kecamatan name, Figures)] for every kecamatan in the chosen places."""
    data = data or ReportData(filters)
    figures = data.roll_up(lambda workshop, *_: workshop.kecamatan_id)
    kecamatan = Kecamatan.objects.order_by("name")
    if filters.desa_id:
        kecamatan = kecamatan.filter(desa__pk=filters.desa_id)
    elif filters.kecamatan_id:
        kecamatan = kecamatan.filter(pk=filters.kecamatan_id)
    return [(place.name, figures.get(place.pk, Figures())) for place in kecamatan]


def by_month(filters, data=None):
    """[((year, month), Figures)] for every month of the period."""
    data = data or ReportData(filters)
    figures = data.roll_up(
        lambda workshop, *_: (workshop.held_on.year, workshop.held_on.month)
    )
    return [(month, figures.get(month, Figures())) for month in filters.months()]


def by_age_and_gender(filters, data=None):
    """[(age band key, gender, Figures)] for every band and gender: people only."""
    data = data or ReportData(filters)
    figures = data.roll_up(
        lambda _workshop, gender, band: (band, gender), people_only=True
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


def people_by_desa_age_and_gender(filters, data=None):
    """{(desa id, age band, gender): people registered}, for the cells with
    anyone (the under-55 band holds those under 55)."""
    data = data or ReportData(filters)
    figures = data.roll_up(
        lambda workshop, gender, band: (workshop.desa_id, band, gender),
        people_only=True,
    )
    return {
        key: row.registered + row.under_55_registered
        for key, row in figures.items()
        if row.registered + row.under_55_registered
    }


@dataclass
class Report:
    filters: ReportFilters
    headline: Figures
    places: PlaceTable
    kecamatan: list
    months: list
    ages: list


def build_report(filters) -> Report:
    """Every table of the report from one read of the data."""
    data = ReportData(filters)
    return Report(
        filters=filters,
        headline=headline(filters, data),
        places=by_desa(filters, data),
        kecamatan=by_kecamatan(filters, data),
        months=by_month(filters, data),
        ages=by_age_and_gender(filters, data),
    )
