from django.contrib.auth import views as auth_views
from django.urls import path

from workshops import participant_views, print_views, views

app_name = "facilitator"

urlpatterns = [
    path("", views.my_workshops, name="home"),
    path(
        "masuk/",
        auth_views.LoginView.as_view(
            template_name="workshops/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(next_page="/"), name="logout"),
    path("lokakarya/<int:pk>/", views.workshop_detail, name="workshop"),
    path("lokakarya/<int:pk>/daftar/", views.register_participant, name="register"),
    path(
        "lokakarya/<int:pk>/datang-langsung/",
        views.register_participant,
        {"walk_in": True},
        name="walk_in",
    ),
    path(
        "lokakarya/<int:pk>/daftar/peserta/<int:participant_pk>/",
        views.register_existing_participant,
        name="register_existing",
    ),
    path(
        "lokakarya/<int:pk>/pendaftaran/<int:registration_pk>/batal/",
        views.cancel_registration,
        name="cancel_registration",
    ),
    path(
        "lokakarya/<int:pk>/peserta/<int:participant_pk>/perbaiki/",
        participant_views.correct_participant,
        name="correct_participant",
    ),
    path("lokakarya/<int:pk>/tutup/", views.close_workshop, name="close"),
    path("lokakarya/<int:pk>/buka-kembali/", views.reopen_workshop, name="reopen"),
    path(
        "lokakarya/<int:pk>/pendaftaran/<int:registration_pk>/tambah-kursi/",
        views.seat_with_extra_chair,
        name="extra_chair",
    ),
    path(
        "lokakarya/<int:pk>/isi-daftar-hadir/",
        views.paper_sheet_entry,
        name="paper_sheet",
    ),
    path("lokakarya/<int:pk>/impor/", views.import_participants, name="import"),
    path(
        "lokakarya/<int:pk>/impor/<int:job_pk>/",
        views.import_job,
        name="import_job",
    ),
    path(
        "lokakarya/<int:pk>/impor/contoh.csv",
        views.import_template,
        {"file_format": "csv"},
        name="import_template_csv",
    ),
    path(
        "lokakarya/<int:pk>/impor/contoh.xlsx",
        views.import_template,
        {"file_format": "xlsx"},
        name="import_template_xlsx",
    ),
    path(
        "lokakarya/<int:pk>/daftar-hadir.pdf",
        views.attendance_sheet,
        name="attendance_sheet",
    ),
    path(
        "lokakarya/<int:pk>/peserta.csv",
        views.export_participants,
        {"file_format": "csv"},
        name="export_csv",
    ),
    path(
        "lokakarya/<int:pk>/peserta.xlsx",
        views.export_participants,
        {"file_format": "xlsx"},
        name="export_xlsx",
    ),
    path("sesi/<int:session_pk>/kehadiran/", views.mark_attendance, name="attendance"),
    path(
        "sesi/<int:session_pk>/tindak-lanjut/",
        views.attendance_follow_up,
        name="attendance_follow_up",
    ),
    path(
        "lokakarya/<int:pk>/paket-cetak/",
        print_views.print_pack_page,
        name="print_pack",
    ),
    path(
        "lokakarya/<int:pk>/paket-cetak/buat/",
        print_views.start_print_pack,
        name="start_print_pack",
    ),
    path(
        "lokakarya/<int:pk>/paket-cetak/<int:job_pk>/",
        print_views.print_pack_job,
        name="print_pack_job",
    ),
    path(
        "lokakarya/<int:pk>/paket-cetak/<int:job_pk>/unduh/",
        print_views.print_pack_file,
        name="print_pack_file",
    ),
    path("desa/", print_views.choose_desa, name="choose_desa"),
    path(
        "desa/<int:pk>/sertifikat/",
        print_views.desa_certificates_page,
        name="desa_certificates",
    ),
    path(
        "desa/<int:pk>/sertifikat/semua.pdf",
        print_views.desa_certificates_pdf,
        name="desa_certificates_pdf",
    ),
    path(
        "desa/<int:pk>/sertifikat/<int:certificate_pk>/cetak.pdf",
        print_views.desa_certificate_pdf,
        name="desa_certificate_pdf",
    ),
    path(
        "desa/<int:pk>/sertifikat/cetak/",
        print_views.desa_start_print_job,
        name="desa_start_print_job",
    ),
    path(
        "desa/<int:pk>/sertifikat/cetak/<int:job_pk>/",
        print_views.desa_print_job,
        name="desa_print_job",
    ),
    path(
        "desa/<int:pk>/sertifikat/cetak/<int:job_pk>/unduh/",
        print_views.desa_print_job_file,
        name="desa_print_job_file",
    ),
]
