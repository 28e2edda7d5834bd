"""Participant lists in and out: CSV and XLSX that round-trip and hold at size."""

import codecs
import csv
import datetime
import io

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from certificates.codes import new_code
from certificates.models import Certificate
from tests.factories import (
    DesaFactory,
    KecamatanFactory,
    ParticipantFactory,
    RegistrationFactory,
    WorkshopFactory,
    WorkshopSessionFactory,
)
from workshops import services
from workshops.models import Attendance, Participant, ParticipantImportJob
from workshops.tasks import import_participants

pytestmark = pytest.mark.django_db

HEADER = ["Nama", "Tahun lahir", "Jenis kelamin", "Desa", "Telepon", "Setuju"]


@pytest.fixture
def workshop(workshop_world):
    workshop = workshop_world["workshop"]
    workshop.capacity = 50
    workshop.save()
    return workshop


@pytest.fixture
def facilitator_client(workshop_world, client_for):
    return client_for(workshop_world["users"]["own_facilitator"])


def upload(content, name="peserta.csv"):
    file = io.BytesIO(content)
    file.name = name
    return file


def post_file(client, workshop, content, name="peserta.csv", **extra):
    return client.post(
        reverse("facilitator:import", args=[workshop.pk]),
        {"file": upload(content, name)},
        **extra,
    )


def csv_bytes(rows, delimiter=",", encoding="utf-8"):
    output = io.StringIO()
    csv.writer(output, delimiter=delimiter).writerows(rows)
    return output.getvalue().encode(encoding)


def xlsx_bytes(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def names_in(workshop):
    return set(workshop.registrations.values_list("participant__full_name", flat=True))


def test_a_semicolon_csv_as_excel_saves_it_in_indonesia_imports(
    workshop, facilitator_client
):
    desa = workshop.desa
    content = csv_bytes(
        [
            HEADER,
            ["Ahmad Yani", "1955", "L", desa.name, "", "ya"],
            ["Rahmah, S.Pd.", "1960", "P", desa.code, "0812 1111 2222", "ya"],
        ],
        delimiter=";",
    )

    response = post_file(facilitator_client, workshop, content, follow=True)

    assert "2 terdaftar" in response.content.decode()
    assert {"Ahmad Yani", "Rahmah, S.Pd."} <= names_in(workshop)


def test_a_csv_with_a_byte_order_mark_keeps_its_accents(workshop, facilitator_client):
    content = codecs.BOM_UTF8 + csv_bytes(
        [HEADER, ["Paulus Hérve", "1949", "Laki-laki", workshop.desa.name, "", "Ya"]]
    )

    post_file(facilitator_client, workshop, content)

    assert "Paulus Hérve" in names_in(workshop)


def test_an_excel_file_imports_with_numbers_as_excel_stores_them(
    workshop, facilitator_client
):
    # Excel keeps 1958 as a number, and 0812… typed in a cell as 812….
    content = xlsx_bytes(
        [
            HEADER,
            ["Siti Aminah", 1958, "Perempuan", workshop.desa.name, 81234567890, "ya"],
        ]
    )

    post_file(facilitator_client, workshop, content, name="peserta.xlsx")

    person = Participant.objects.get(full_name="Siti Aminah")
    assert (person.birth_year, person.gender, person.phone) == (
        1958,
        "P",
        "+6281234567890",
    )


def test_three_bad_rows_name_every_problem_of_every_row_and_import_nothing(
    workshop, facilitator_client
):
    desa = workshop.desa
    content = csv_bytes(
        [
            HEADER,
            ["Ahmad Yani", "1955", "L", desa.name, "", "ya"],
            ["Rahmah", "seribu", "P", "Desa Entah", "", "ya"],
            ["", "1890", "X", desa.name, "12345", "ya"],
            ["Yanti", "1950", "P", desa.name, "", "tidak"],
        ]
    )

    response = post_file(facilitator_client, workshop, content)

    html = response.content.decode()
    assert "Tidak ada yang diimpor" in html
    assert "Baris 2" not in html
    line_3 = html.split("Baris 3: ")[1].split("</li>")[0]
    assert "desa “Desa Entah” tidak dikenal" in line_3
    assert "Tahun lahir: " in line_3
    line_4 = html.split("Baris 4: ")[1].split("</li>")[0]
    assert "Nama kosong" in line_4
    assert "Tahun lahir: Tulis tahun lahir antara" in line_4
    assert "Jenis kelamin “X” tidak dikenal: tulis P atau L" in line_4
    assert "Telepon: " in line_4
    assert "Baris 5: Setuju: Tanyakan dulu" in html
    assert not Participant.objects.filter(full_name="Ahmad Yani").exists()


def test_a_file_not_saved_as_utf8_is_refused_not_guessed(workshop, facilitator_client):
    content = csv_bytes(
        [HEADER, ["Paulus Hérve", "1949", "L", workshop.desa.name, "", "ya"]],
        encoding="latin-1",
    )

    response = post_file(facilitator_client, workshop, content)

    html = response.content.decode()
    assert "Baris 2: berkas ini tidak disimpan sebagai UTF-8" in html
    assert "CSV UTF-8" in html
    assert not Participant.objects.filter(full_name__startswith="Paulus").exists()


def test_a_file_over_the_limit_is_refused_before_it_is_read(workshop, settings):
    settings.IMPORT_MAX_BYTES = 1024
    content = csv_bytes(
        [HEADER]
        + [
            [f"Peserta {n}", "1950", "P", workshop.desa.name, "", "ya"]
            for n in range(3000)
        ]
    )
    # Refused before the CSRF check, which would read the whole body first.
    client = Client(enforce_csrf_checks=True)
    client.force_login(workshop.facilitators.get())

    response = post_file(client, workshop, content)

    assert response.status_code == 413
    assert "Berkas lebih besar dari 1,0" in response.content.decode()
    assert not Participant.objects.filter(full_name__startswith="Peserta").exists()


def test_a_file_just_over_the_limit_is_refused_by_the_form(
    workshop, facilitator_client, settings
):
    settings.IMPORT_MAX_BYTES = 50
    content = csv_bytes(
        [HEADER, ["Ahmad Yani", "1955", "L", workshop.desa.name, "", "ya"]]
    )

    response = post_file(facilitator_client, workshop, content)

    assert "Berkas lebih besar dari 50" in response.content.decode()
    assert not Participant.objects.filter(full_name="Ahmad Yani").exists()


def test_the_import_page_states_the_size_limit(workshop, facilitator_client):
    html = facilitator_client.get(
        reverse("facilitator:import", args=[workshop.pk])
    ).content.decode()

    assert "paling besar 2,0" in html


def test_a_desa_name_shared_by_two_kecamatan_is_told_apart_by_the_kecamatan(
    workshop, facilitator_client
):
    other = DesaFactory(name=workshop.desa.name, kecamatan=KecamatanFactory())
    header = ["Nama", "Tahun lahir", "Jenis kelamin", "Desa", "Kecamatan", "Setuju"]
    content = csv_bytes(
        [header, ["Ahmad Yani", "1955", "L", other.name, other.kecamatan.name, "ya"]]
    )

    post_file(facilitator_client, workshop, content)

    assert Participant.objects.get(full_name="Ahmad Yani").desa == other


# Exports that import back ----------------------------------------------------


@pytest.fixture
def recorded_workshop(workshop, workshop_world):
    """Two sessions, marks and a certificate, as a workshop is after the fact."""
    first = workshop_world["session"]
    second = WorkshopSessionFactory(
        workshop=workshop, date=first.date + datetime.timedelta(days=7)
    )
    attended = workshop_world["registration"]
    RegistrationFactory(workshop=workshop, participant__desa=DesaFactory())
    Attendance.objects.create(registration=attended, session=first, status="present")
    Attendance.objects.create(registration=attended, session=second, status="late")
    year = timezone.localdate().year
    Certificate.objects.create(
        participant=attended.participant,
        workshop=workshop,
        number=f"001/LD/{year}",
        year=year,
        sequence=1,
        verification_code=new_code(),
        name_as_printed=attended.participant.full_name,
        issued_at=timezone.now(),
    )
    return workshop


def test_the_export_holds_attendance_per_session_and_the_certificate(
    recorded_workshop, facilitator_client
):
    workshop = recorded_workshop
    first, second = workshop.sessions.order_by("date")
    export = facilitator_client.get(
        reverse("facilitator:export_csv", args=[workshop.pk])
    ).content.decode("utf-8-sig")

    rows = list(csv.DictReader(io.StringIO(export)))
    certificate = Certificate.objects.get()
    row = next(r for r in rows if r["Nama"] == certificate.name_as_printed)
    assert row[f"Sesi 1 ({first.date:%d-%m-%Y})"] == "Hadir"
    assert row[f"Sesi 2 ({second.date:%d-%m-%Y})"] == "Terlambat"
    assert row["Sesi dihadiri"] == "2"
    assert row["Memenuhi syarat sertifikat"] == "Ya"
    assert row["Nomor sertifikat"] == certificate.number
    assert row["Kode sertifikat"] == certificate.display_code
    other = next(r for r in rows if r["Nama"] != certificate.name_as_printed)
    assert (other["Sesi dihadiri"], other["Memenuhi syarat sertifikat"]) == (
        "0",
        "Tidak",
    )
    assert other["Nomor sertifikat"] == ""


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_imported_again_into_its_workshop_adds_nobody(
    recorded_workshop, facilitator_client, file_format
):
    workshop = recorded_workshop
    before = workshop.registrations.count()
    export = facilitator_client.get(
        reverse(f"facilitator:export_{file_format}", args=[workshop.pk])
    ).content

    response = post_file(
        facilitator_client, workshop, export, name=f"peserta.{file_format}", follow=True
    )

    assert f"0 peserta baru, {before} sudah terdaftar sebelumnya" in (
        response.content.decode()
    )
    assert workshop.registrations.count() == before
    assert Participant.objects.count() == before


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_imports_into_another_workshop_with_the_same_people(
    recorded_workshop, workshop_world, client_for, file_format
):
    # Village staff export without phone numbers; the list still imports.
    staff = client_for(workshop_world["users"]["own_village_staff"])
    export = staff.get(
        reverse(f"facilitator:export_{file_format}", args=[recorded_workshop.pk])
    ).content
    other = WorkshopFactory(venue=recorded_workshop.venue, capacity=10)
    other.facilitators.add(workshop_world["users"]["own_facilitator"])
    facilitator = client_for(workshop_world["users"]["own_facilitator"])

    post_file(facilitator, other, export, name=f"peserta.{file_format}")

    assert names_in(other) == names_in(recorded_workshop)
    assert Participant.objects.count() == recorded_workshop.registrations.count()
    # Attendance and certificates stay where they were recorded.
    assert not Attendance.objects.filter(registration__workshop=other).exists()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_example_list_downloads_and_imports_back(
    workshop, facilitator_client, file_format
):
    template = facilitator_client.get(
        reverse(f"facilitator:import_template_{file_format}", args=[workshop.pk])
    )
    assert "attachment" in template["Content-Disposition"]

    post_file(
        facilitator_client, workshop, template.content, name=f"contoh.{file_format}"
    )

    person = Participant.objects.get(full_name="Siti Aminah")
    assert (person.desa, person.needs) == (workshop.desa, "Kacamata baca")


def test_the_excel_example_explains_its_columns_on_a_second_sheet(
    workshop, facilitator_client
):
    template = facilitator_client.get(
        reverse("facilitator:import_template_xlsx", args=[workshop.pk])
    )

    workbook = load_workbook(io.BytesIO(template.content))
    assert next(workbook.worksheets[0].iter_rows(values_only=True))[:4] == (
        "Nama",
        "Tahun lahir",
        "Jenis kelamin",
        "Desa",
    )
    notes = [row[0] for row in workbook.worksheets[1].iter_rows(values_only=True)]
    assert any("Ganti baris contoh" in note for note in notes)


# Long lists run as a task ----------------------------------------------------


def many_people(workshop, count):
    return csv_bytes(
        [HEADER]
        + [
            [
                f"Peserta Nomor {n}",
                str(1940 + n % 30),
                "P",
                workshop.desa.code,
                "",
                "ya",
            ]
            for n in range(count)
        ]
    )


@pytest.fixture
def long_lists(settings, monkeypatch):
    settings.IMPORT_TASK_ROWS = 5
    monkeypatch.setattr(services, "IMPORT_PROGRESS_EVERY", 4)


def test_a_long_list_is_imported_by_the_task_with_a_page_that_shows_progress(
    workshop, facilitator_client, long_lists, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        response = post_file(facilitator_client, workshop, many_people(workshop, 12))
    job = ParticipantImportJob.objects.get()
    assert response["Location"] == reverse(
        "facilitator:import_job", args=[workshop.pk, job.pk]
    )
    page = facilitator_client.get(response["Location"]).content.decode()
    assert "Menunggu untuk mulai" in page and 'http-equiv="refresh"' in page

    reports = []
    real_progress = services.import_job_progress

    def progress(**kwargs):
        real_progress(**kwargs)
        job.refresh_from_db()
        reports.append((job.status, job.done))

    services_progress = pytest.MonkeyPatch()
    services_progress.setattr(services, "import_job_progress", progress)
    try:
        for callback in queued:
            callback()
    finally:
        services_progress.undo()

    assert reports[:4] == [
        ("checking", 4),
        ("checking", 8),
        ("checking", 12),
        ("importing", 0),
    ]
    page = facilitator_client.get(response["Location"]).content.decode()
    assert "12 terdaftar, 0 dalam daftar tunggu, 12 peserta baru" in page
    assert 'http-equiv="refresh"' not in page
    job.refresh_from_db()
    assert (job.status, job.done, job.content) == ("done", 12, b"")
    assert len(names_in(workshop)) == 13


def test_the_progress_page_counts_rows_checked(workshop, facilitator_client):
    job = ParticipantImportJob.objects.create(
        workshop=workshop, total=5000, file_name="peserta.csv", content=b"x"
    )
    job = services.import_job_claim(job_pk=job.pk)
    services.import_job_progress(job=job, checked=1200, total=5000)

    page = facilitator_client.get(
        reverse("facilitator:import_job", args=[workshop.pk, job.pk])
    ).content.decode()

    assert "1200 dari 5000 baris sudah diperiksa" in page
    assert '<progress max="5000" value="1200"' in page


def test_a_long_list_failing_at_its_last_row_imports_nobody(
    workshop,
    facilitator_client,
    long_lists,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    real_create = services.registration_create
    calls = []

    def create_failing_at_the_end(**kwargs):
        calls.append(kwargs)
        if len(calls) == 12:
            raise RuntimeError("the disk is full")
        return real_create(**kwargs)

    monkeypatch.setattr(services, "registration_create", create_failing_at_the_end)
    participants_before = Participant.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        post_file(facilitator_client, workshop, many_people(workshop, 12))

    job = ParticipantImportJob.objects.get()
    assert (job.status, job.content) == ("failed", b"")
    assert Participant.objects.count() == participants_before
    assert len(names_in(workshop)) == 1
    page = facilitator_client.get(
        reverse("facilitator:import_job", args=[workshop.pk, job.pk])
    ).content.decode()
    assert "tidak ada yang diimpor" in page


def test_a_long_list_with_bad_rows_lists_them_on_its_page(
    workshop, facilitator_client, long_lists, django_capture_on_commit_callbacks
):
    content = many_people(workshop, 12) + csv_bytes(
        [["", "1890", "P", workshop.desa.code, "", "ya"]]
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = post_file(facilitator_client, workshop, content)

    page = facilitator_client.get(response["Location"]).content.decode()
    assert "Baris 14: Nama kosong; Tahun lahir: Tulis tahun lahir antara" in page
    assert len(names_in(workshop)) == 1


def test_an_import_whose_worker_died_is_tried_again_then_failed(workshop):
    job = ParticipantImportJob.objects.create(
        workshop=workshop, total=300, content=many_people(workshop, 300)
    )
    later = timezone.now() + datetime.timedelta(hours=1)

    services.import_job_claim(job_pk=job.pk)
    assert services.import_jobs_recover(now=later) == {"retried": 1, "failed": 0}
    services.import_job_claim(job_pk=job.pk)
    assert services.import_jobs_recover(now=later) == {"retried": 0, "failed": 1}

    job.refresh_from_db()
    assert (job.status, job.content) == ("failed", b"")
    assert "terputus dua kali" in job.errors[0]


def test_a_job_run_twice_imports_once(workshop, long_lists):
    job = ParticipantImportJob.objects.create(
        workshop=workshop, total=12, content=many_people(workshop, 12)
    )

    import_participants.call(job.pk)
    import_participants.call(job.pk)

    job.refresh_from_db()
    assert (job.status, job.attempts) == ("done", 1)
    assert len(names_in(workshop)) == 13


def test_another_facilitator_cannot_see_an_import(workshop, workshop_world, client_for):
    job = ParticipantImportJob.objects.create(workshop=workshop, total=12)
    other = client_for(workshop_world["users"]["other_facilitator"])

    response = other.get(reverse("facilitator:import_job", args=[workshop.pk, job.pk]))

    assert response.status_code == 404


def test_a_participant_already_entered_is_reused_by_an_import(
    workshop, facilitator_client
):
    known = ParticipantFactory(
        full_name="Ahmad Yani", birth_year=1955, desa=workshop.desa
    )
    content = csv_bytes(
        [HEADER, ["ahmad  yani", "1955", "L", workshop.desa.code, "", "ya"]]
    )

    post_file(facilitator_client, workshop, content)

    assert workshop.registrations.filter(participant=known).exists()
    assert Participant.objects.filter(full_name__iexact="Ahmad Yani").count() == 1


@pytest.mark.parametrize(
    "content, message",
    [
        (b"x" * 300_000, "Berkas tidak bisa dibaca sebagai CSV"),
        (b"Nama\tTahun lahir\tJenis kelamin\tDesa\tSetuju\n", "kolom Nama, Tahun"),
        (b"\xd0\xcf\x11\xe0" + b"\0" * 600, "Ini berkas Excel lama (.xls)"),
        (b"PK\x03\x04 not really a workbook", "Berkas Excel tidak bisa dibuka"),
        (codecs.BOM_UTF16_LE + "Nama".encode("utf-16-le"), "tidak disimpan sebagai"),
    ],
    ids=["one huge cell", "tab-separated", "old excel", "broken xlsx", "utf-16"],
)
def test_a_file_that_cannot_be_read_is_refused_with_what_to_do(
    workshop, facilitator_client, content, message
):
    response = post_file(facilitator_client, workshop, content)

    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_list_longer_than_allowed_is_refused_whole(
    workshop, facilitator_client, settings
):
    settings.IMPORT_MAX_ROWS = 10

    response = post_file(facilitator_client, workshop, many_people(workshop, 11))

    assert "lebih dari 10 baris" in response.content.decode()
    assert not ParticipantImportJob.objects.exists()


def test_an_erased_person_is_left_out_of_the_export_and_so_of_its_import(
    recorded_workshop, workshop_world, facilitator_client
):
    erased = workshop_world["registration"].participant
    services.participant_anonymise(participant=erased, by=None, reason="diminta")
    erased.refresh_from_db()
    export = facilitator_client.get(
        reverse("facilitator:export_csv", args=[recorded_workshop.pk])
    ).content
    assert erased.full_name.encode() not in export
    people = Participant.objects.count()

    post_file(facilitator_client, recorded_workshop, export)

    assert Participant.objects.count() == people


def test_the_upload_form_itself_still_needs_its_csrf_token(workshop):
    client = Client(enforce_csrf_checks=True)
    client.force_login(workshop.facilitators.get())
    content = csv_bytes(
        [HEADER, ["Ahmad Yani", "1955", "L", workshop.desa.name, "", "ya"]]
    )

    response = post_file(client, workshop, content)

    assert response.status_code == 403
    assert not Participant.objects.filter(full_name="Ahmad Yani").exists()


@pytest.mark.django_db(transaction=True)
def test_progress_inside_the_import_transaction_shows_where_the_database_allows():
    """PostgreSQL: written on a second connection, seen while the import runs.
    SQLite (one writer, the import): the page names the step instead."""
    workshop = WorkshopFactory()
    job = ParticipantImportJob.objects.create(workshop=workshop, total=500)
    job = services.import_job_claim(job_pk=job.pk)
    services.import_job_progress(job=job, imported=0, total=500)

    with transaction.atomic():
        services.import_job_progress(job=job, imported=300, total=500)
        seen = ParticipantImportJob.objects.get(pk=job.pk)

    if connection.vendor == "postgresql":
        assert (seen.status, seen.done) == ("importing", 300)
    else:
        assert (seen.status, seen.done) == ("importing", 0)


def test_a_list_with_the_english_headers_of_an_english_export_imports(workshop):
    content = csv_bytes(
        [
            ["Name", "Year of birth", "Gender", "Desa", "Consent"],
            ["Siti Aminah", "1958", "Female", workshop.desa.name, "Yes"],
        ]
    )

    result = services.registrations_import(
        workshop=workshop, content=content, imported_by=None
    )

    assert result.registered == 1
    assert Participant.objects.get(full_name="Siti Aminah").gender == "P"


def test_the_export_lists_the_waiting_list_in_its_queue_order(
    workshop, facilitator_client
):
    from workshops.models import Registration

    now = timezone.now()
    for name, minutes_ago in [("Zainab", 30), ("Ahmad", 10), ("Mariam", 20)]:
        RegistrationFactory(
            workshop=workshop,
            participant__full_name=name,
            status=Registration.Status.WAITLISTED,
            status_changed_at=now - datetime.timedelta(minutes=minutes_ago),
        )

    export = facilitator_client.get(
        reverse("facilitator:export_csv", args=[workshop.pk])
    ).content.decode("utf-8-sig")

    names = [row["Nama"] for row in csv.DictReader(io.StringIO(export))]
    assert [n for n in names if n in ("Zainab", "Ahmad", "Mariam")] == [
        "Zainab",
        "Mariam",
        "Ahmad",
    ]
