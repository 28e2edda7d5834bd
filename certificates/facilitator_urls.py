from django.urls import path

from certificates import facilitator_views as views
from workshops import print_views

app_name = "facilitator_certificates"

urlpatterns = [
    path("<int:pk>/sertifikat/", views.workshop_certificates, name="list"),
    path("<int:pk>/sertifikat/terbitkan/", views.issue_for_workshop, name="issue"),
    path("<int:pk>/sertifikat/semua.pdf", views.print_all, name="print_all"),
    path("<int:pk>/sertifikat/cetak/", views.start_print_job, name="start_print_job"),
    path(
        "<int:pk>/sertifikat/cetak/<int:job_pk>/",
        views.print_job,
        name="print_job",
    ),
    path(
        "<int:pk>/sertifikat/cetak/<int:job_pk>/unduh/",
        views.print_job_file,
        name="print_job_file",
    ),
    path(
        "<int:pk>/sertifikat/peserta/<int:participant_pk>/terbitkan/",
        views.issue_outside_rule,
        name="issue_outside_rule",
    ),
    path(
        "<int:pk>/sertifikat/peserta/<int:participant_pk>/terbitkan-lagi/",
        views.reissue,
        name="reissue",
    ),
    path(
        "<int:pk>/sertifikat/<int:certificate_pk>/perbaiki-nama/",
        views.correct_name,
        name="correct_name",
    ),
    path(
        "<int:pk>/sertifikat/<int:certificate_pk>/cetak.pdf",
        print_views.workshop_certificate_pdf,
        name="print_one",
    ),
    path(
        "<int:pk>/sertifikat/<int:certificate_pk>/tetap-berlaku/",
        views.keep_despite_rule,
        name="keep_despite_rule",
    ),
    path(
        "<int:pk>/sertifikat/<int:certificate_pk>/cabut/",
        views.revoke,
        name="revoke",
    ),
]
