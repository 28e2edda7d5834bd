"""The report pages and exports as each role sees them, and /capaian/."""

import io
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from literacy_site.roles import EDITOR, FACILITATOR, VILLAGE_STAFF
from tests.factories import (
    DesaFactory,
    ParticipantFactory,
    RegistrationFactory,
    UserFactory,
    WorkshopFactory,
    WorkshopSessionFactory,
)
from tests.workshops.report_world import YEAR, build_report_world
from workshops import report_public
from workshops.models import StaffPlace

pytestmark = pytest.mark.django_db

YEAR_QUERY = f"?period=year&year={YEAR}"


@pytest.fixture
def world(db, home_site):
    cache.clear()
    return build_report_world()


@pytest.fixture
def admin_client(client, world):
    client.force_login(world["admin"])
    return client


def text_of(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_administrator_sees_the_years_figures_in_the_admin(admin_client):
    response = admin_client.get(reverse("workshops_reports") + YEAR_QUERY)
    assert response.status_code == 200
    page = text_of(response)
    assert "Desa terjangkau" in page
    assert "2 dari 3" in page
    assert "Pancaroba" in page and "Kuala Dua" in page
    # Charts are drawn on the server with a text alternative.
    assert page.count('<svg class="report-chart"') == 3
    assert 'role="img"' in page and "<desc" in page
    assert "<script" not in page.split('class="report"')[1].split("</main>")[0]


def test_the_report_menu_item_is_for_administrators_only(admin_client, client):
    home = admin_client.get("/admin/")
    assert reverse("workshops_reports") in home.content.decode()
    editor = UserFactory(roles=[EDITOR])
    editor.user_permissions.add(
        __import__(
            "django.contrib.auth.models"
        ).contrib.auth.models.Permission.objects.get(codename="access_admin")
    )
    client.force_login(editor)
    assert reverse("workshops_reports") not in client.get("/admin/").content.decode()
    assert client.get(reverse("workshops_reports")).status_code in (302, 403)


@pytest.mark.parametrize("role", [EDITOR, FACILITATOR, VILLAGE_STAFF])
def test_only_administrators_open_the_admin_report_and_its_exports(client, world, role):
    client.force_login(UserFactory(roles=[role]))
    for name in (
        "workshops_reports",
        "workshops_reports_xlsx",
        "workshops_reports_pdf",
    ):
        response = client.get(reverse(name))
        assert response.status_code != 200, name


def test_table_sorts_by_a_column(admin_client):
    response = admin_client.get(
        reverse("workshops_reports") + YEAR_QUERY + "&urut=desa&arah=turun"
    )
    table = text_of(response).split('id="report-places"')[1]
    assert table.index("Pancaroba") < table.index("Lingga") < table.index("Kuala Dua")


def test_bad_filters_are_explained_and_fall_back_to_this_year(admin_client):
    response = admin_client.get(
        reverse("workshops_reports") + "?period=dates&start=2025-05-01&end=2025-01-01"
    )
    assert response.status_code == 200
    assert "Tanggal akhir tidak boleh sebelum tanggal awal." in text_of(response)


def test_query_count_does_not_grow_with_the_data(admin_client):
    url = reverse("workshops_reports") + YEAR_QUERY
    admin_client.get(url)
    cache.clear()  # the report built afresh each time
    with CaptureQueriesContext(connection) as before:
        admin_client.get(url)
    for n in range(4):
        workshop = WorkshopFactory(venue__desa=DesaFactory())
        WorkshopSessionFactory(workshop=workshop, date=f"{YEAR}-09-0{n + 1}")
        RegistrationFactory(workshop=workshop, participant__desa=workshop.desa)
    cache.clear()
    with CaptureQueriesContext(connection) as after:
        admin_client.get(url)
    assert len(after) == len(before)


def test_the_report_is_kept_until_the_data_changes(admin_client):
    url = reverse("workshops_reports") + YEAR_QUERY
    first = text_of(admin_client.get(url))
    with CaptureQueriesContext(connection) as again:
        admin_client.get(url)
    workshop = WorkshopFactory(venue__desa=DesaFactory(name="Desa Baru Sekali"))
    WorkshopSessionFactory(workshop=workshop, date=f"{YEAR}-09-01")
    changed = text_of(admin_client.get(url))

    assert not [q for q in again.captured_queries if "registration" in q["sql"]]
    assert "Desa Baru Sekali" not in first
    assert "Desa Baru Sekali" in changed


def test_xlsx_opens_and_its_totals_match_the_page(admin_client):
    response = admin_client.get(reverse("workshops_reports_xlsx") + YEAR_QUERY)
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Ringkasan",
        "Per desa",
        "Per kecamatan",
        "Per bulan",
        "Usia dan jenis kelamin",
    ]
    summary = {
        row[0]: row[1] for row in workbook["Ringkasan"].iter_rows(values_only=True)
    }
    assert summary["Periode"] == str(YEAR)
    assert summary["Lansia terdaftar"] == 3
    assert summary["Lansia yang menyelesaikan"] == 2
    assert summary["Sertifikat terbit"] == 3
    assert summary["Desa terjangkau"] == 2
    by_desa = list(workbook["Per desa"].iter_rows(values_only=True))
    header_index = next(
        i for i, row in enumerate(by_desa) if row[:2] == ("Kecamatan", "Desa")
    )
    header = by_desa[header_index]
    rows = by_desa[header_index + 1 :]
    workshops = header.index("Lokakarya terlaksana")
    certificates = header.index("Sertifikat terbit")
    assert sum(row[workshops] for row in rows) == 2
    assert sum(row[certificates] for row in rows) == 3


def test_pdf_report_holds_the_headline_figures(admin_client):
    response = admin_client.get(reverse("workshops_reports_pdf") + YEAR_QUERY)
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    assert "Laporan lokakarya literasi digital" in text
    assert "Lansia terdaftar 3" in text
    assert "Sertifikat terbit 3" in text
    assert "Desa terjangkau 2 dari 3" in text
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # A4 wide


def test_village_staff_see_their_own_desa_only(client, world):
    staff = UserFactory(roles=[VILLAGE_STAFF])
    StaffPlace.objects.create(user=staff, desa=world["desa"]["lingga"])
    client.force_login(staff)
    assert reverse("village_report:report") in text_of(client.get("/fasilitator/"))
    # Asking for another desa changes nothing: the page stays on theirs.
    other = world["desa"]["pancaroba"].pk
    response = client.get(
        reverse("village_report:report") + YEAR_QUERY + f"&desa={other}"
    )
    page = text_of(response)
    assert "Laporan Desa Lingga" in page
    assert "Pancaroba" not in page
    assert "1 dari 1" in page
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("village_report:xlsx") + YEAR_QUERY).content)
    )
    desa = [row[1] for row in workbook["Per desa"].iter_rows(values_only=True)]
    assert "Lingga" in desa and "Pancaroba" not in desa


def test_village_staff_with_two_desa_choose_one_and_exports_name_it(client, world):
    staff = UserFactory(roles=[VILLAGE_STAFF])
    StaffPlace.objects.create(user=staff, desa=world["desa"]["lingga"])
    StaffPlace.objects.create(user=staff, desa=world["desa"]["pancaroba"])
    client.force_login(staff)
    chosen = world["desa"]["pancaroba"].pk
    first = text_of(client.get(reverse("village_report:report") + YEAR_QUERY))
    # The form offers both desa, so pressing "Tampilkan" keeps the one chosen.
    assert f'<option value="{chosen}"' in first
    query = YEAR_QUERY + f"&desa={chosen}"
    page = text_of(client.get(reverse("village_report:report") + query))
    assert "Laporan Desa Pancaroba" in page
    assert f'<option value="{chosen}" selected>' in page
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("village_report:xlsx") + query).content)
    )
    cells = [
        value
        for row in workbook.worksheets[0].iter_rows(values_only=True)
        for value in row
        if value
    ]
    assert "Desa" in cells and any("Pancaroba" in str(value) for value in cells)
    desa = [row[1] for row in workbook["Per desa"].iter_rows(values_only=True)]
    assert "Pancaroba" in desa and "Lingga" not in desa


def test_facilitators_see_no_report_pages(client, world):
    client.force_login(UserFactory(roles=[FACILITATOR]))
    assert reverse("village_report:report") not in text_of(client.get("/fasilitator/"))
    assert client.get(reverse("village_report:report")).status_code == 403
    assert client.get(reverse("village_report:pdf")).status_code == 403


def test_anonymous_visitors_see_only_capaian(client, world):
    assert client.get(reverse("village_report:report")).status_code == 302
    assert client.get(reverse("workshops_reports")).status_code == 302
    assert client.get("/capaian/").status_code == 200


def test_capaian_hides_small_counts_and_shows_no_personal_data(client, world, settings):
    settings.TIME_ZONE = "Asia/Pontianak"
    from django.utils import timezone

    this_year = timezone.localdate().year
    # Six women of 60 in one desa this year: shown; a man alone: hidden.
    desa = world["desa"]["kuala_dua"]
    workshop = WorkshopFactory(venue__desa=desa, status="closed")
    WorkshopSessionFactory(workshop=workshop, date=f"{this_year}-02-03")
    for n in range(6):
        RegistrationFactory(
            workshop=workshop,
            participant=ParticipantFactory(
                full_name=f"Ibu Rahasia {n}", birth_year=this_year - 60, desa=desa
            ),
        )
    RegistrationFactory(
        workshop=workshop,
        participant=ParticipantFactory(
            full_name="Pak Sendirian",
            birth_year=this_year - 72,
            gender="L",
            desa=desa,
            phone="081311112222",
        ),
    )
    page = text_of(client.get("/capaian/"))
    assert "Capaian program" in page
    # Perempuan 55–59, 60–64, 65–69, 70+; then Laki-laki the same: lansia only.
    assert capaian_row(page, this_year, "Kuala Dua") == [
        "&lt; 5", "6", "&lt; 5", "&lt; 5", "&lt; 5", "&lt; 5", "&lt; 5", "&lt; 5"
    ]
    assert "Di bawah 55" not in page.split(f'id="capaian-{this_year}"')[1]
    for private in ("Rahasia", "Sendirian", "Siti", "0813", "0812", "+62"):
        assert private not in page
    cells = report_public.figures()["years"][0]["desa_rows"][0]["cells"]
    assert sorted(cell.shown for cell in cells if cell.shown is not None) == [6]


def test_capaian_is_served_from_the_cache_and_rebuilt_when_data_changes(client, world):
    client.get("/capaian/")
    with CaptureQueriesContext(connection) as cached:
        client.get("/capaian/")
    report_queries = [
        q for q in cached.captured_queries if "workshops_registration" in q["sql"]
    ]
    assert report_queries == []
    built = report_public.figures()["built_at"]
    RegistrationFactory(workshop=world["workshops"]["a"])
    assert report_public.figures()["built_at"] > built


def test_capaian_page_never_outlives_its_figures(world):
    from workshops.models import Registration

    def render(data):
        return str(data["years"][1]["headline"].registered)

    assert report_public.cached_html(render) == "3"
    # A write that sends no signal, then the figures' hour runs out: the
    # page's HTML, kept beside them, is made again from the new figures.
    Registration.objects.filter(participant__full_name__startswith="Siti").update(
        status=Registration.Status.CANCELLED
    )
    cache.delete(f"capaian:{report_public._version()}")
    assert report_public.cached_html(render) == "2"


def test_marking_everyone_present_and_merging_refresh_capaian(world):
    from workshops import services

    workshop = WorkshopFactory()
    # Yesterday's: today's 09:00 session has not started before 09:00 in Pontianak.
    session = WorkshopSessionFactory(workshop=workshop, ended=True)
    RegistrationFactory(workshop=workshop)
    built = report_public.figures()["built_at"]
    services.attendance_mark_all_present(session=session, marked_by=None)
    assert report_public.figures()["built_at"] > built
    keep, remove = ParticipantFactory(), ParticipantFactory()
    built = report_public.figures()["built_at"]
    services.participants_merge(keep=keep, remove=remove, by=world["admin"])
    assert report_public.figures()["built_at"] > built


def capaian_row(page, year, name):
    """The cells of the row headed `name` in that year's section of /capaian/."""
    section = page.split(f'id="capaian-{year}"')[1].split("</section>")[0]
    row = re.search(rf'<th scope="row">{name}\b.*?</tr>', section).group(0)
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<td>(.*?)</td>", row)
    ]


def test_capaian_does_not_reveal_a_small_kecamatan_with_one_desa(client, world):
    from django.utils import timezone

    this_year = timezone.localdate().year
    desa = world["desa"]["kuala_dua"]  # the only desa of Kecamatan Kuala Mandor
    workshop = WorkshopFactory(venue__desa=desa, status="closed")
    WorkshopSessionFactory(workshop=workshop, date=f"{this_year}-01-10")
    for _n in range(3):
        RegistrationFactory(
            workshop=workshop,
            participant=ParticipantFactory(birth_year=this_year - 66, desa=desa),
        )
    page = text_of(client.get("/capaian/"))
    registered, completed = capaian_row(page, this_year, "Kuala Mandor")
    assert registered == "&lt; 5" and completed == "0"
    assert "Kuala Mandor: &lt; 5" in page  # the chart's text alternative
    assert "3" not in capaian_row(page, this_year, "Kuala Dua")
    assert "Kuala Mandor: 3" not in page


def test_one_hidden_count_in_a_kecamatan_hides_another():
    cells = [report_public.Cell(people=n, shown=None) for n in (2, 9, 7, 30)]
    report_public.suppress({"Sungai Ambawang": cells})
    assert [cell.shown for cell in cells] == [None, 9, None, 30]


def test_capaian_is_in_the_sitemap(client, world):
    assert "/capaian/" in client.get("/sitemap.xml").content.decode()
