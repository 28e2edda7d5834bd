"""The Laporan section of the admin: its menu item and addresses (registration only)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from workshops.report_views import ReportExportView, ReportView
from workshops.selectors import is_administrator


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return is_administrator(request.user)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("laporan/", ReportView.as_view(), name="workshops_reports"),
        path(
            "laporan/xlsx/",
            ReportExportView.as_view(file_format="xlsx"),
            name="workshops_reports_xlsx",
        ),
        path(
            "laporan/pdf/",
            ReportExportView.as_view(file_format="pdf"),
            name="workshops_reports_pdf",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    return ReportsMenuItem(
        _("Training reports"),
        reverse("workshops_reports"),
        name="laporan-pelatihan",
        icon_name="table",
        order=350,
    )
