"""The certificate register in the Wagtail admin: find any certificate by name,
number, code, workshop or desa; export; revoke or correct through the services.

Certificates are issued by the service only, so there is no add or edit form."""

import datetime
import tempfile

import django_filters
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.db.models import Case, CharField, Q, Value, When
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from certificates import services
from certificates.codes import format_code, normalise_code
from certificates.forms import CorrectNameForm, ReasonForm
from certificates.models import Certificate
from literacy_site.roles import ADMINISTRATOR
from workshops.exports import FORMULA_STARTS, as_spreadsheet_text
from workshops.models import Kecamatan
from workshops.selectors import is_administrator

VALID, REVOKED, REPLACED = "valid", "revoked", "replaced"
STATUS_LABELS = {
    VALID: gettext_lazy("Valid"),
    REVOKED: gettext_lazy("Revoked"),
    REPLACED: gettext_lazy("Replaced"),
}
# Rows read from the database at a time while exporting: memory stays flat
# however long the register grows.
EXPORT_CHUNK = 2000


class AdministratorsOnlyPolicy(BasePermissionPolicy):
    """Administrators see the register and revoke or correct from it; nobody
    adds or deletes certificates here (issuing is the service's job)."""

    permission_cache_name = "_certificate_register_administrator"
    actions = ("view", "change")

    def get_all_permissions_for_user(self, user):
        return set(self.actions) if is_administrator(user) else set()

    def user_has_permission(self, user, action):
        if not user.is_authenticated or not user.is_active:
            return False
        return action in self.get_cached_permissions_for_user(user)

    def users_with_any_permission(self, actions):
        if not set(actions) & set(self.actions):
            return get_user_model().objects.none()
        return (
            get_user_model()
            .objects.filter(
                Q(is_superuser=True) | Q(groups__name=ADMINISTRATOR), is_active=True
            )
            .distinct()
        )


register_permission_policy(Certificate, AdministratorsOnlyPolicy(Certificate))


def register_queryset():
    """Every certificate with what the register shows: one query per page."""
    return Certificate.objects.select_related(
        "participant__desa__kecamatan",
        "workshop__desa",
        "replaces",
        "replacement",
    ).annotate(
        register_status=Case(
            When(revoked_at__isnull=True, then=Value(VALID)),
            When(replacement__isnull=False, then=Value(REPLACED)),
            default=Value(REVOKED),
            output_field=CharField(),
        )
    )


def status_label(certificate):
    return STATUS_LABELS[certificate.register_status]


def replacement_of(certificate):
    return getattr(certificate, "replacement", None)


class CertificateFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=list(STATUS_LABELS.items()),
        method="filter_status",
    )
    year = django_filters.NumberFilter(label=gettext_lazy("Year"), field_name="year")
    kecamatan = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Kecamatan"),
        field_name="participant__desa__kecamatan",
        queryset=Kecamatan.objects.all(),
    )

    class Meta:
        model = Certificate
        fields = []

    def filter_status(self, queryset, name, value):
        return queryset.filter(register_status=value)


# What the search box looks in: the name (as printed and as recorded), the
# number, the workshop and the desa (of the person and of the workshop).
SEARCH_FIELDS = [
    "name_as_printed",
    "participant__full_name",
    "number",
    "workshop__title",
    "participant__desa__name",
    "workshop__desa__name",
]

# The export reads plain values, not model instances: 60,000 rows stay quick.
# Each column: (heading, the value read from the database, how it is written).
EXPORT_COLUMNS = {
    "number": (gettext_lazy("Number"), "number", None),
    "name": (gettext_lazy("Name as printed"), "name_as_printed", None),
    "code": (gettext_lazy("Verification code"), "verification_code", format_code),
    "workshop": (gettext_lazy("Workshop"), "workshop__title", None),
    "workshop_desa": (gettext_lazy("Workshop desa"), "workshop__desa__name", None),
    "desa": (gettext_lazy("Participant's desa"), "participant__desa__name", None),
    "kecamatan": (
        gettext_lazy("Kecamatan"),
        "participant__desa__kecamatan__name",
        None,
    ),
    "issued_at": (gettext_lazy("Issued at"), "issued_at", None),
    "status": (gettext_lazy("Status"), "register_status", "status"),
    "revoked_at": (gettext_lazy("Revoked at"), "revoked_at", None),
    "revocation_reason": (gettext_lazy("Why revoked"), "revocation_reason", None),
    "replaced_by": (gettext_lazy("Replaced by"), "replacement__number", None),
}


def certificate_links(certificate):
    """The public pages of a certificate: its verification page, and its PDF
    while it is valid and its owner's name is not erased."""
    links = {"verify": certificate.get_absolute_url()}
    if certificate.is_valid and certificate.participant.anonymised_at is None:
        links["pdf"] = reverse("certificates:download", args=[certificate.display_code])
    return links


class CertificateIndexView(generic.IndexView):
    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        query = self.search_query.strip()
        condition = Q()
        for field in SEARCH_FIELDS:
            condition |= Q(**{f"{field}__icontains": query})
        # A code is found however it is typed: "k7qf 3mxd 9r", "K7QF-3MXD-9R".
        if code := normalise_code(query):
            condition |= Q(verification_code=code)
        return queryset.filter(condition)

    def get_edit_url(self, instance):
        return None

    def get_list_more_buttons(self, instance):
        links = certificate_links(instance)
        buttons = [
            Button(
                _("Details"),
                url=self.get_inspect_url(instance),
                icon_name="info-circle",
                priority=10,
            ),
            Button(
                _("Verification page"),
                url=links["verify"],
                icon_name="link-external",
                priority=20,
                attrs={"target": "_blank", "rel": "noreferrer"},
            ),
        ]
        if "pdf" in links:
            buttons.append(
                Button(
                    _("Certificate PDF"),
                    url=links["pdf"],
                    icon_name="download",
                    priority=30,
                )
            )
        if instance.is_valid and self.user_has_permission("change"):
            pk = quote(instance.pk)
            buttons += [
                Button(
                    _("Correct the name"),
                    url=reverse("certificate_register:correct_name", args=[pk]),
                    icon_name="edit",
                    priority=40,
                ),
                Button(
                    _("Revoke"),
                    url=reverse("certificate_register:revoke", args=[pk]),
                    icon_name="cross",
                    priority=50,
                ),
            ]
        return buttons

    def get(self, request, *args, **kwargs):
        if self.is_export:
            # Only the rows: the listing's table and counts would read the
            # whole register once more before the export starts.
            return self.as_spreadsheet(self.get_queryset(), request.GET["export"])
        return super().get(request, *args, **kwargs)

    @cached_property
    def _status_labels(self):
        return {key: str(label) for key, label in STATUS_LABELS.items()}

    def to_row_dict(self, item):
        row = {}
        for key, (_label, source, written) in EXPORT_COLUMNS.items():
            value = item[source]
            if written == "status":
                value = self._status_labels[value]
            elif written is not None:
                value = written(value)
            elif isinstance(value, datetime.datetime):
                # As the office reads the time: Pontianak, not UTC.
                value = timezone.localtime(value).replace(tzinfo=None)
            row[key] = value if value is not None else ""
        return row

    def write_xlsx(self, queryset, output):
        """Plain values appended to a write-only sheet: Wagtail's cell-by-cell
        writer took four times as long for the same file."""
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=str(_("Certificates")))
        sheet.append([self.get_heading(queryset, field) for field in self.list_export])
        for item in queryset:
            row = []
            for value in self.to_row_dict(item).values():
                if isinstance(value, datetime.datetime):
                    value = WriteOnlyCell(sheet, value)
                    value.number_format = "DD-MM-YYYY HH:MM"
                elif isinstance(value, str) and value.startswith(FORMULA_STARTS):
                    # Typed text (a reason) is never run as a formula.
                    value = WriteOnlyCell(sheet, value)
                    value.data_type = "s"
                row.append(value)
            sheet.append(row)
        workbook.save(output)

    def get_heading(self, queryset, field):
        return str(EXPORT_COLUMNS[field][0])

    def _export_rows(self, queryset):
        sources = [source for _label, source, _written in EXPORT_COLUMNS.values()]
        return queryset.values(*sources).iterator(chunk_size=EXPORT_CHUNK)

    def stream_csv(self, queryset):
        yield from super().stream_csv(self._ExportRows(self, queryset))

    def write_csv_row(self, writer, row_dict):
        # A name or reason typed as "=…" or "+…" is shown as text, never run.
        return super().write_csv_row(
            writer,
            {
                key: as_spreadsheet_text(value) if isinstance(value, str) else value
                for key, value in row_dict.items()
            },
        )

    def write_xlsx_response(self, queryset):
        # Written to a temporary file and streamed from there, so neither the
        # rows nor the finished workbook are held in memory.
        output = tempfile.TemporaryFile()
        self.write_xlsx(self._ExportRows(self, queryset), output)
        output.seek(0)
        return FileResponse(
            output,
            as_attachment=True,
            content_type=(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            ),
            filename=f"{self.get_filename()}.xlsx",
        )

    class _ExportRows:
        """The queryset read in chunks; Wagtail's writers only iterate it."""

        def __init__(self, view, queryset):
            self.view, self.queryset, self.model = view, queryset, queryset.model

        def __iter__(self):
            return self.view._export_rows(self.queryset)


class CertificateInspectView(generic.InspectView):
    template_name = "certificates/admin/inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(register_queryset(), pk=self.pk)

    def get_edit_url(self):
        return None

    @cached_property
    def header_more_buttons(self):
        if not self.user_has_permission("change"):
            return []
        if not self.object.is_valid:
            return self._reissue_buttons()
        pk = quote(self.object.pk)
        return [
            Button(
                _("Correct the name"),
                url=reverse("certificate_register:correct_name", args=[pk]),
                icon_name="edit",
                priority=10,
            ),
            Button(
                _("Revoke"),
                url=reverse("certificate_register:revoke", args=[pk]),
                icon_name="cross",
                priority=20,
            ),
        ]

    def _reissue_buttons(self):
        """A revoked certificate whose holder has none valid for the workshop
        now: the certificates page's *Issue again*, with its reason."""
        holds_one = Certificate.objects.filter(
            participant_id=self.object.participant_id,
            workshop_id=self.object.workshop_id,
            revoked_at__isnull=True,
        ).exists()
        if holds_one or self.object.participant.anonymised_at is not None:
            return []
        return [
            Button(
                _("Issue again"),
                url=reverse(
                    "facilitator_certificates:reissue",
                    args=[self.object.workshop_id, self.object.participant_id],
                ),
                icon_name="doc-full",
                priority=10,
            )
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["status"] = status_label(self.object)
        context["links"] = certificate_links(self.object)
        context["replacement"] = replacement_of(self.object)
        context["participant_url"] = reverse(
            "participants:inspect", args=[quote(self.object.participant_id)]
        )
        return context


class CertificateActionView(
    PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView
):
    """A form about one valid certificate that calls a service with its reason."""

    model = Certificate
    permission_required = "change"
    header_icon = "doc-full"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(register_queryset(), pk=kwargs["pk"])

    def get_page_subtitle(self):
        return f"{self.object.number} – {self.object.name_as_printed}"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self.object.is_valid:
            messages.error(request, _("This certificate is already revoked."))
            return redirect(self.inspect_url)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def inspect_url(self):
        return reverse("certificate_register:inspect", args=[quote(self.object.pk)])

    def form_valid(self, form):
        try:
            message, certificate = self.act(form.cleaned_data)
        except services.CertificateError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, message)
        return redirect("certificate_register:inspect", quote(certificate.pk))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            certificate=self.object, inspect_url=self.inspect_url, **kwargs
        )


class CertificateRevokeView(CertificateActionView):
    form_class = ReasonForm
    page_title = gettext_lazy("Revoke the certificate")
    template_name = "certificates/admin/revoke.html"

    def act(self, data):
        certificate = services.certificate_revoke(
            certificate=self.object, revoked_by=self.request.user, reason=data["reason"]
        )
        return (
            _("Certificate %(number)s is revoked.") % {"number": certificate.number},
            certificate,
        )


class CertificateCorrectNameView(CertificateActionView):
    form_class = CorrectNameForm
    page_title = gettext_lazy("Correct the name")
    template_name = "certificates/admin/correct_name.html"

    def get_initial(self):
        return {"name": self.object.name_as_printed}

    def act(self, data):
        new = services.certificate_correct_name(
            certificate=self.object,
            name=data["name"],
            corrected_by=self.request.user,
            reason=data["reason"],
        )
        return (
            _("Certificate %(old)s is replaced by %(new)s with the corrected name.")
            % {"old": self.object.number, "new": new.number},
            new,
        )


class CertificateURLFinder(ModelAdminURLFinder):
    """Log entries and search results link to the certificate's details."""

    def construct_edit_url(self, instance):
        return reverse("certificate_register:inspect", args=[quote(instance.pk)])


class CertificateViewSet(ModelViewSet):
    model = Certificate
    icon = "doc-full"
    menu_label = gettext_lazy("Certificate register")
    menu_order = 310
    url_prefix = "certificates"
    add_to_admin_menu = True
    index_view_class = CertificateIndexView
    inspect_view_class = CertificateInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    list_display = [
        "number",
        "name_as_printed",
        "workshop",
        Column(
            "desa",
            label=gettext_lazy("Desa"),
            accessor="participant.desa.name",
            sort_key="participant__desa__name",
        ),
        DateColumn("issued_at", label=gettext_lazy("Issued at"), sort_key="issued_at"),
        StatusTagColumn(
            "status",
            label=gettext_lazy("Status"),
            accessor=status_label,
            primary=lambda certificate: certificate.is_valid,
        ),
    ]
    filterset_class = CertificateFilterSet
    search_fields = SEARCH_FIELDS
    search_backend_name = None
    list_export = list(EXPORT_COLUMNS)
    export_filename = "register-sertifikat"
    list_per_page = 50
    # Wagtail builds an edit form class for every viewset; this one is never
    # routed (see get_urlpatterns): names change through certificate_correct_name.
    form_fields = ["name_as_printed"]
    ordering = "-issued_at"

    @property
    def url_finder_class(self):
        return CertificateURLFinder

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(queryset=register_queryset(), **kwargs)

    def get_urlpatterns(self):
        # Only the register, the details, and the two actions: no add, edit,
        # copy or delete.
        keep = {"index", "index_results", "inspect", "history", "history_results"}
        return [
            pattern for pattern in super().get_urlpatterns() if pattern.name in keep
        ] + [
            path("revoke/<int:pk>/", CertificateRevokeView.as_view(), name="revoke"),
            path(
                "correct-name/<int:pk>/",
                CertificateCorrectNameView.as_view(),
                name="correct_name",
            ),
        ]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{
                "add_url_name": None,
                "edit_url_name": None,
                "delete_url_name": None,
                **kwargs,
            }
        )
