"""Administrators plan workshops and keep reference data in the Wagtail admin."""

import django_filters
from django.forms import modelform_factory
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from workshops import admin_views, participant_admin_views
from workshops.models import (
    Desa,
    Kecamatan,
    Participant,
    Venue,
    Workshop,
)


class PlaceFilterSet(WagtailFilterSet):
    """Kecamatan and desa filters whose choices are read in one query each."""

    kecamatan = django_filters.ModelChoiceFilter(
        label=_("Kecamatan"),
        field_name="desa__kecamatan",
        queryset=Kecamatan.objects.all(),
    )
    desa = django_filters.ModelChoiceFilter(
        label=_("Desa"),
        # Desa.__str__ names its kecamatan.
        queryset=Desa.objects.select_related("kecamatan"),
    )


class WorkshopFilterSet(PlaceFilterSet):
    date = django_filters.DateFromToRangeFilter(
        label=_("Session date"), field_name="sessions__date", distinct=True
    )

    class Meta:
        model = Workshop
        fields = ["status"]


class ParticipantFilterSet(PlaceFilterSet):
    class Meta:
        model = Participant
        fields = ["gender"]


class VenueFilterSet(PlaceFilterSet):
    class Meta:
        model = Venue
        fields = ["shared"]


class DesaChoicesMixin:
    """Desa choices in forms are read with their kecamatan, which they name."""

    def formfield_for_dbfield(self, db_field, **kwargs):
        if db_field.is_relation and db_field.related_model is Desa:
            kwargs.setdefault("queryset", Desa.objects.select_related("kecamatan"))
        return super().formfield_for_dbfield(db_field, **kwargs)


class WorkshopViewSet(ModelViewSet):
    model = Workshop
    icon = "date"
    menu_label = _("Workshops")
    list_display = ["title", "desa", "venue", "status", "capacity"]
    filterset_class = WorkshopFilterSet
    add_view_class = admin_views.WorkshopCreateView
    edit_view_class = admin_views.WorkshopEditView
    delete_view_class = admin_views.WorkshopDeleteView
    list_export = ["title", "desa.name", "venue.name", "get_status_display", "capacity"]
    export_headings = {
        "title": _("Title"),
        "desa.name": _("Desa"),
        "venue.name": _("Venue"),
        "get_status_display": _("Status"),
        "capacity": _("Seats"),
    }
    search_fields = ["title"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("description"),
            MultiFieldPanel(
                [FieldPanel("desa"), FieldPanel("venue")], heading=_("Place")
            ),
            FieldPanel("courses"),
            FieldPanel("facilitators"),
            MultiFieldPanel(
                [
                    FieldPanel("capacity"),
                    FieldPanel("status"),
                    FieldPanel("reopen_reason"),
                    FieldPanel("minimum_sessions_for_certificate"),
                ],
                heading=_("Seats and certificate"),
            ),
            InlinePanel("sessions", heading=_("Sessions"), label=_("Session")),
        ],
        base_form_class=admin_views.WorkshopAdminForm,
    )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            queryset=Workshop.objects.select_related("desa__kecamatan", "venue"),
            **kwargs,
        )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "cancel/<str:pk>/",
                admin_views.WorkshopCancelView.as_view(),
                name="cancel",
            ),
        ]


class VenueViewSet(DesaChoicesMixin, ModelViewSet):
    model = Venue
    icon = "home"
    menu_label = _("Venues")
    list_display = ["name", "desa", "shared"]
    filterset_class = VenueFilterSet
    search_fields = ["name"]
    search_backend_name = None
    form_fields = ["name", "desa", "address", "shared"]
    add_view_class = admin_views.VenueCreateView
    edit_view_class = admin_views.VenueEditView
    delete_view_class = admin_views.VenueDeleteView

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            queryset=Venue.objects.select_related("desa__kecamatan"), **kwargs
        )

    list_export = ["name", "desa.name", "address"]
    export_headings = {
        "name": _("Name"),
        "desa.name": _("Desa"),
        "address": _("Address"),
    }


class ParticipantViewSet(DesaChoicesMixin, ModelViewSet):
    model = Participant
    icon = "user"
    menu_label = _("Participants")
    list_display = ["full_name", "birth_year", "desa"]
    filterset_class = ParticipantFilterSet
    search_fields = ["full_name"]
    search_backend_name = None
    form_fields = ["full_name", "birth_year", "gender", "desa", "phone", "needs"]
    add_view_class = admin_views.ParticipantCreateView
    edit_view_class = admin_views.ParticipantEditView
    delete_view_class = admin_views.ParticipantDeleteView
    inspect_view_enabled = True
    inspect_view_class = participant_admin_views.ParticipantInspectView
    # Wagtail's list export (?export=csv or xlsx) writes these columns; without
    # them it wrote one empty line per participant.
    list_export = [
        "full_name",
        "birth_year",
        "get_gender_display",
        "desa.name",
        "desa.kecamatan.name",
        "phone_local",
        "needs",
        "created_at",
        "anonymised_at",
    ]
    export_headings = {
        "full_name": _("Full name"),
        "birth_year": _("Year of birth"),
        "get_gender_display": _("Gender"),
        "desa.name": _("Desa"),
        "desa.kecamatan.name": _("Kecamatan"),
        "phone_local": _("Phone"),
        "needs": _("Needs"),
        "created_at": _("Entered at"),
        "anonymised_at": _("Anonymised at"),
    }
    export_filename = "peserta"

    def get_index_view_kwargs(self, **kwargs):
        # One query for the listed rows and their desa, exported or shown.
        return super().get_index_view_kwargs(
            queryset=Participant.objects.select_related("desa__kecamatan"), **kwargs
        )

    def get_form_class(self, for_update=False):
        return modelform_factory(
            Participant,
            form=admin_views.ParticipantAdminForm,
            fields=self.form_fields,
            formfield_callback=self.formfield_for_dbfield,
        )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "export/<str:pk>/<str:file_format>/",
                admin_views.ParticipantExportView.as_view(),
                name="export",
            ),
            path(
                "erase/<str:pk>/",
                admin_views.ParticipantEraseView.as_view(),
                name="erase",
            ),
        ]


class KecamatanViewSet(ModelViewSet):
    model = Kecamatan
    icon = "site"
    menu_label = _("Kecamatan")
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    search_backend_name = None
    form_fields = ["code", "name"]


class DesaViewSet(ModelViewSet):
    model = Desa
    icon = "site"
    menu_label = _("Desa")
    list_display = ["name", "kecamatan", "code"]
    list_filter = ["kecamatan"]
    search_fields = ["name", "code"]
    search_backend_name = None
    form_fields = ["code", "name", "kecamatan"]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            queryset=Desa.objects.select_related("kecamatan"), **kwargs
        )


class WorkshopsAdminGroup(ModelViewSetGroup):
    menu_label = _("Workshops")
    menu_icon = "date"
    menu_order = 300
    items = (
        WorkshopViewSet("workshops"),
        VenueViewSet("venues"),
        ParticipantViewSet("participants"),
        KecamatanViewSet("kecamatan"),
        DesaViewSet("desa"),
    )
