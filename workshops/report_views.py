"""The Laporan pages: in the admin for administrators, in the facilitator area for
village staff (their own desa), and the public /capaian/ page."""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from literacy_site import pdf
from literacy_site.models import OrganisationSettings
from workshops import report_charts, report_exports, report_public, reports, selectors
from workshops.access import desas_for, facilitator_area
from workshops.report_forms import MONTHS, ReportFilterForm

SORTABLE = ("kecamatan", "desa") + tuple(name for name, _label in reports.COLUMNS)
MONTH_NAMES = dict(MONTHS)


def month_label(year, month):
    return f"{str(MONTH_NAMES[month])[:3]} {year}"


def charts(report):
    """The three charts a head of office reads at a glance."""
    return {
        "kecamatan": report_charts.bar_chart(
            _("Lansia trained per kecamatan"),
            [(name, figures.registered) for name, figures in report.kecamatan],
        ),
        "months": report_charts.line_chart(
            _("Lansia trained per month"),
            [
                (str(MONTH_NAMES[month])[:3], figures.registered)
                for (_year, month), figures in report.months
            ],
            second_labels=[
                str(year) if month == 1 or number == 0 else ""
                for number, ((year, month), _figures) in enumerate(report.months)
            ],
        ),
        "ages": report_charts.grouped_bar_chart(
            _("People registered by age and gender"),
            [
                (str(reports.AGE_BAND_LABELS[band]), [female, male])
                for band, female, male in age_table(report)
            ],
            [str(label) for label in reports.Participant.Gender.labels],
        ),
    }


def age_table(report):
    """[(band, female, male)]: everyone registered, by age band and gender."""
    counts = {
        (band, gender): count
        for band, gender, count in reports.people_by_band(report.ages)
    }
    return [
        (band, counts[(band, "P")], counts[(band, "L")])
        for band, *_rest in reports.AGE_BANDS
    ]


def sorted_rows(rows, key, descending):
    if key in ("kecamatan", "desa"):
        return sorted(
            rows, key=lambda row: (getattr(row, key), row.desa), reverse=descending
        )

    def value(row):
        figure = getattr(row.figures, key)
        return -1 if figure is None else figure

    return sorted(rows, key=lambda row: (value(row), row.desa), reverse=descending)


def report_context(request, *, desa_id=None, desas=None):
    """The report for the filters in the address, ready for the page."""
    form = ReportFilterForm(request.GET, desas=desas)
    filters = form.filters()
    if desa_id is not None:
        filters = filters.limited_to_desa(desa_id)
    report = report_public.cached_report(filters)
    key = request.GET.get("urut", "")
    if key not in SORTABLE:
        key = ""
    descending = request.GET.get("arah") == "turun"
    rows = (
        sorted_rows(report.places.rows, key, descending) if key else report.places.rows
    )
    kept = {
        name: value
        for name, value in request.GET.items()
        if name not in ("urut", "arah")
    }
    query = urlencode(kept)

    def sort_link(name):
        if key == name:
            direction = "naik" if descending else "turun"
        else:
            # Names A to Z; figures largest first, which is what one looks for.
            direction = "naik" if name in ("kecamatan", "desa") else "turun"
        return "?" + urlencode({**kept, "urut": name, "arah": direction})

    headers = [
        {
            "name": name,
            "label": label,
            "link": sort_link(name),
            "sort": (
                ("descending" if descending else "ascending") if key == name else ""
            ),
        }
        for name, label in (
            ("kecamatan", gettext_lazy("Kecamatan")),
            ("desa", gettext_lazy("Desa")),
            *reports.COLUMNS,
        )
    ]
    return {
        "form": form,
        "filters": filters,
        "described_filters": form.described(),
        "report": report,
        "headline": [
            (label, shown(report.headline, name)) for name, label in reports.COLUMNS
        ],
        "rows": [(row.kecamatan, row.desa, values_of(row.figures)) for row in rows],
        "headers": headers,
        "figure_labels": [label for _name, label in reports.COLUMNS],
        "kecamatan_rows": [
            (name, values_of(figures)) for name, figures in report.kecamatan
        ],
        "month_rows": [
            (month_label(year, month), values_of(figures))
            for (year, month), figures in report.months
        ],
        "age_rows": [
            (reports.AGE_BAND_LABELS[band], female, male, female + male)
            for band, female, male in age_table(report)
        ],
        "charts": charts(report),
        "query": query,
    }


def shown(figures, name):
    value = getattr(figures, name)
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return value


def values_of(figures):
    return [shown(figures, name) for name, _label in reports.COLUMNS]


class AdministratorsOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not selectors.is_administrator(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ReportView(AdministratorsOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """Laporan: the year's figures by place, month, age and gender, with exports."""

    page_title = gettext_lazy("Reports")
    header_icon = "table"
    template_name = "workshops/reports/admin_report.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(report_context(self.request))
        context["xlsx_url"] = reverse("workshops_reports_xlsx")
        context["pdf_url"] = reverse("workshops_reports_pdf")
        return context


def _export_response(body, content_type, filename):
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _export(request, file_format, *, desa_id=None, desas=None):
    context = report_context(request, desa_id=desa_id, desas=desas)
    report, described = context["report"], context["described_filters"]
    name = f"laporan-{report.filters.start:%Y%m%d}-{report.filters.end:%Y%m%d}"
    if file_format == "xlsx":
        return _export_response(
            report_exports.report_xlsx(report, described),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            f"{name}.xlsx",
        )
    organisation = pdf.organisation_data(OrganisationSettings.for_request(request))
    return _export_response(
        report_exports.report_pdf(report, described, context["charts"], organisation),
        "application/pdf",
        f"{name}.pdf",
    )


class ReportExportView(AdministratorsOnlyMixin, TemplateView):
    file_format = "xlsx"

    def get(self, request, *args, **kwargs):
        return _export(request, self.file_format)


def _staff_desa(request):
    """The desa village staff report on (`?desa=` picks among the ones they
    serve); None for administrators (everything)."""
    if selectors.is_administrator(request.user):
        return None
    served = desas_for(request.user).order_by("name")
    chosen = request.GET.get("desa", "")
    desa = (served.filter(pk=chosen).first() if chosen.isdigit() else None) or (
        served.first()
    )
    if desa is None:
        raise PermissionDenied
    return desa


@facilitator_area
def village_report(request, file_format=None):
    """Village staff: the same figures, for their own desa only."""
    desa = _staff_desa(request)
    desa_id = desa.pk if desa else None
    desas = (
        desas_for(request.user).select_related("kecamatan").order_by("name")
        if desa
        else None
    )
    if file_format:
        return _export(request, file_format, desa_id=desa_id, desas=desas)
    context = report_context(request, desa_id=desa_id, desas=desas)
    context["desa"] = desa
    return render(request, "workshops/reports/village_report.html", context)


def _capaian_body(data):
    years = [
        {
            **year,
            "chart": report_charts.bar_chart(
                _("Lansia registered per kecamatan, %(year)s") % {"year": year["year"]},
                [(name, shown.shown) for name, shown, _done in year["kecamatan"]],
                hidden_allowed=True,
            ),
        }
        for year in data["years"]
    ]
    return render_to_string(
        "workshops/reports/_capaian_body.html",
        {
            "years": years,
            "built_at": data["built_at"],
            "genders": reports.GENDERS,
            "bands": [label for _key, label, *_rest in report_public.LANSIA_BANDS],
        },
    )


def capaian(request):
    """Capaian program: this year's and last year's figures, no personal data."""
    body = mark_safe(report_public.cached_html(_capaian_body))  # our own template
    return render(request, "workshops/reports/capaian.html", {"body": body})
