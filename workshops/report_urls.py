from django.urls import path

from workshops import report_views

app_name = "village_report"

urlpatterns = [
    path("", report_views.village_report, name="report"),
    path("xlsx/", report_views.village_report, {"file_format": "xlsx"}, name="xlsx"),
    path("pdf/", report_views.village_report, {"file_format": "pdf"}, name="pdf"),
]
