"""Every report figure against a small year whose answer is known (report_world)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.workshops.report_world import YEAR, build_report_world
from workshops import reports
from workshops.reports import ReportFilters

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_report_world()


def year(**kwargs):
    return ReportFilters.for_year(YEAR, **kwargs)


def test_headline_figures_count_each_person_once_and_keep_under_55_apart(world):
    figures = reports.headline(year())
    assert figures.workshops == 2  # the cancelled one and the 2024 one are not
    assert figures.sessions == 3
    assert figures.registered == 3  # Siti, Budi, Wati; Rudi cancelled, Joko waits
    assert figures.attended == 3
    assert figures.completed == 2  # Siti and Wati; Budi came once of two
    assert figures.repeat_learners == 1  # Budi, in A and B
    assert figures.under_55_registered == 1  # Ani
    assert figures.under_55_attended == 1
    assert figures.under_55_completed == 1
    # Siti's corrected certificate, Ani's and erased Wati's; Budi's was revoked,
    # Siti's first one replaced, which is not a revocation.
    assert figures.certificates_valid == 3
    assert figures.certificates_revoked == 1
    # Present or late 6 of 8 marks (Siti 2, Budi 1 of 3, Ani 2, Wati 1).
    assert figures.attendance_marked == 8
    assert figures.attendance_rate == 75.0
    assert figures.waitlisted == 1  # Joko


def test_the_year_before_holds_only_its_own_workshop(world):
    figures = reports.headline(ReportFilters.for_year(YEAR - 1))
    assert (figures.workshops, figures.registered, figures.certificates_valid) == (
        1,
        1,
        1,
    )


def test_table_by_desa_includes_desa_without_a_workshop(world):
    table = reports.by_desa(year())
    rows = {row.desa: row.figures for row in table.rows}
    pancaroba, lingga = rows["Pancaroba"], rows["Lingga"]
    assert (pancaroba.workshops, pancaroba.sessions) == (1, 2)
    assert (pancaroba.registered, pancaroba.attended, pancaroba.completed) == (2, 2, 1)
    assert pancaroba.repeat_learners == 1
    assert pancaroba.under_55_completed == 1
    assert (pancaroba.certificates_valid, pancaroba.certificates_revoked) == (2, 0)
    assert pancaroba.waitlisted == 1
    assert round(pancaroba.attendance_rate, 1) == 83.3
    assert (lingga.registered, lingga.attended, lingga.completed) == (2, 1, 1)
    assert (lingga.certificates_valid, lingga.certificates_revoked) == (1, 1)
    assert lingga.attendance_rate == 50.0
    assert rows["Kuala Dua"].workshops == 0
    assert (table.reached, table.total) == (2, 3)


def test_kecamatan_filter_keeps_only_its_desa(world):
    table = reports.by_desa(year(kecamatan_id=world["kecamatan"]["mandor"].pk))
    assert [row.desa for row in table.rows] == ["Kuala Dua"]
    assert (
        reports.headline(year(kecamatan_id=world["kecamatan"]["mandor"].pk)).workshops
        == 0
    )


def test_by_month_puts_each_workshop_in_the_month_of_its_first_session(world):
    months = dict(reports.by_month(year()))
    assert len(months) == 12
    assert months[(YEAR, 3)].workshops == 1
    assert months[(YEAR, 3)].registered == 2
    assert months[(YEAR, 5)].registered == 2
    assert months[(YEAR, 6)].workshops == 0


def test_by_age_and_gender_uses_the_age_at_the_workshop(world):
    people = {
        (band, gender): count
        for band, gender, count in reports.people_by_band(
            reports.by_age_and_gender(year())
        )
    }
    assert people[("70+", "P")] == 1  # Siti
    assert people[("60-64", "L")] == 1  # Budi
    assert people[("65-69", "P")] == 1  # Wati, erased, still counted
    assert people[("u55", "P")] == 1  # Ani
    assert people[("70+", "L")] == 0  # Joko only waits


def test_gender_and_age_filters(world):
    men = reports.headline(year(gender="L"))
    assert (men.registered, men.certificates_valid, men.certificates_revoked) == (
        1,
        0,
        1,
    )
    assert men.workshops == 2
    oldest = reports.headline(year(age_band="70+"))
    assert (oldest.registered, oldest.waitlisted, oldest.under_55_registered) == (
        1,
        1,
        0,
    )
    young = reports.headline(year(age_band="u55"))
    assert (young.registered, young.under_55_registered) == (0, 1)


def test_course_filter_counts_only_workshops_teaching_it(world):
    from tests.courses.factories import CoursePageFactory

    course = CoursePageFactory()
    world["workshops"]["b"].courses.add(course)
    figures = reports.headline(year(course_id=course.pk))
    assert (figures.workshops, figures.registered) == (1, 2)


def test_periods_quarter_and_month():
    quarter = ReportFilters.for_quarter(2025, 2)
    assert (quarter.start, quarter.end) == (
        datetime.date(2025, 4, 1),
        datetime.date(2025, 6, 30),
    )
    assert list(ReportFilters.for_month(2024, 2).months()) == [(2024, 2)]
    assert ReportFilters.for_month(2024, 2).end == datetime.date(2024, 2, 29)


def test_report_queries_do_not_grow_with_desa_or_workshops(world):
    with CaptureQueriesContext(connection) as small:
        reports.build_report(year())
    build_report_world_more()
    with CaptureQueriesContext(connection) as large:
        reports.build_report(year())
    assert len(large) == len(small)


def build_report_world_more():
    from tests.factories import (
        DesaFactory,
        RegistrationFactory,
        WorkshopFactory,
        WorkshopSessionFactory,
    )

    for n in range(5):
        desa = DesaFactory()
        workshop = WorkshopFactory(venue__desa=desa)
        WorkshopSessionFactory(workshop=workshop, date=datetime.date(YEAR, 8, n + 1))
        RegistrationFactory(workshop=workshop, participant__desa=desa)


def test_a_planned_workshop_is_not_held_in_the_report_nor_on_the_dashboard(db):
    from django.utils import timezone

    from tests.factories import DesaFactory, WorkshopFactory, WorkshopSessionFactory
    from workshops import panels

    today = timezone.localdate()
    held = WorkshopFactory(venue__desa=DesaFactory(name="Sudah"))
    WorkshopSessionFactory(workshop=held, date=today - datetime.timedelta(days=3))
    planned = WorkshopFactory(venue__desa=DesaFactory(name="Nanti"))
    WorkshopSessionFactory(workshop=planned, date=today + datetime.timedelta(days=3))
    around_today = ReportFilters(
        start=today - datetime.timedelta(days=20),
        end=today + datetime.timedelta(days=20),
    )
    assert reports.headline(around_today).workshops == 1
    assert [
        row.desa for row in reports.by_desa(around_today).rows if row.figures.workshops
    ] == ["Sudah"]
    not_reached = [desa.name for desa in panels.desa_not_reached(today)]
    assert "Nanti" in not_reached and "Sudah" not in not_reached
