"""Wagtail admin views that go through the services: corrections, erasure on
request, exports of one person's data, cancelling instead of deleting, and
delete pages that refuse, with the reason, instead of failing."""

import copy
import json
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, View
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import CreateView, DeleteView, EditView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import log

from literacy_site import pdf
from literacy_site.models import OrganisationSettings
from workshops import selectors, services
from workshops.forms import ParticipantForm
from workshops.models import Desa, Participant, Venue, Workshop
from workshops.personal_data import render_personal_data

LISTED_AT_MOST = 20


@dataclass
class Refusal:
    """Why an object cannot be deleted, what uses it, and what to do instead."""

    reason: str
    uses: list = field(default_factory=list)
    more: int = 0
    instead_url: str = ""
    instead_label: str = ""


class RefusingDeleteView(DeleteView):
    """Wagtail's delete page, but an object still in use is refused with a page
    saying why instead of failing with ProtectedError."""

    template_name = "workshops/admin/confirm_delete.html"

    def get_refusal(self):
        """Anything that protects the object from deletion, by Django's rules."""
        try:
            Collector(using=DEFAULT_DB_ALIAS).collect([self.object])
        except ProtectedError as error:
            return self.refusal_for(error.protected_objects)
        except RestrictedError as error:
            return self.refusal_for(error.restricted_objects)
        return None

    def refusal_for(self, objects, reason=None, **instead):
        objects = list(objects)
        return Refusal(
            reason=reason
            or _("This %(model)s cannot be deleted: it is still used by:")
            % {"model": capfirst(self.object._meta.verbose_name)},
            uses=[
                f"{capfirst(obj._meta.verbose_name)}: {obj}"
                for obj in objects[:LISTED_AT_MOST]
            ],
            more=max(len(objects) - LISTED_AT_MOST, 0),
            **instead,
        )

    @cached_property
    def refusal(self):
        return self.get_refusal()

    def form_valid(self, form):
        if self.refusal is None:
            try:
                with transaction.atomic():
                    return super().form_valid(form)
            except (ProtectedError, RestrictedError):
                # Something came to use it since the page was shown.
                self.__dict__.pop("refusal", None)
        messages.error(self.request, self.refusal.reason if self.refusal else "")
        return redirect(self.get_delete_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["refusal"] = self.refusal
        return context


class ParticipantDeleteView(RefusingDeleteView):
    def delete_action(self):
        services.participant_delete(participant=self.object, by=self.request.user)

    def get_refusal(self):
        registrations = self.object.registrations.count()
        certificates = self.object.certificates.count()
        if not registrations and not certificates:
            return super().get_refusal()
        return Refusal(
            reason=_(
                "This participant cannot be deleted: they have %(registrations)d "
                "registrations and %(certificates)d certificates, which the "
                "workshop records and the certificate register must keep. To "
                "remove their personal data, erase it instead: the counts stay, "
                "the name, phone and needs go."
            )
            % {"registrations": registrations, "certificates": certificates},
            instead_url=reverse("participants:erase", args=[quote(self.object.pk)]),
            instead_label=_("Erase this participant's personal data"),
        )


class WorkshopDeleteView(RefusingDeleteView):
    def get_refusal(self):
        registrations = self.object.registrations.count()
        if not registrations:
            return super().get_refusal()
        instead = {}
        if self.object.status not in (
            Workshop.Status.CANCELLED,
            Workshop.Status.CLOSED,
        ):
            instead = {
                "instead_url": reverse(
                    "workshops:cancel", args=[quote(self.object.pk)]
                ),
                "instead_label": _("Cancel this workshop"),
            }
        return Refusal(
            reason=_(
                "This workshop cannot be deleted: %(count)d people registered for "
                "it, and their registrations and attendance must be kept. Cancel "
                "the workshop instead."
            )
            % {"count": registrations},
            **instead,
        )


class VenueDeleteView(RefusingDeleteView):
    def get_refusal(self):
        workshops = list(self.object.workshops.order_by("title"))
        if not workshops:
            return super().get_refusal()
        return self.refusal_for(
            workshops,
            reason=_(
                "This venue cannot be deleted: these workshops are held there. "
                "Choose another venue for them first."
            ),
        )


class ParticipantAdminForm(WagtailAdminModelForm):
    """The model's checks, as on the facilitators' form; a new person needs
    consent."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.fields["consent"] = copy.deepcopy(
                ParticipantForm.base_fields["consent"]
            )


def add_refusal_to_form(form, error):
    """Show a service's ValidationError on the fields it names, the rest on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class RefusalAsFormErrorMixin:
    """A create or edit view whose save_instance calls a service: what the
    service refuses is shown on the form, with nothing saved, never a 500."""

    refusals = (ValidationError,)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except self.refusals as error:
            if isinstance(error, ValidationError):
                add_refusal_to_form(form, error)
            else:
                form.add_error(None, str(error))
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class VenueSaveMixin(RefusalAsFormErrorMixin):
    """Save through services.venue_update, which logs; its refusals become
    form errors."""

    def save_instance(self):
        return services.venue_update(
            venue=self.form.save(commit=False), by=self.request.user
        )


class VenueCreateView(VenueSaveMixin, CreateView):
    """The admin's new-venue form, saved through services.venue_update."""


class VenueEditView(VenueSaveMixin, EditView):
    """The admin's venue form; a venue other desa's workshops use keeps its
    desa and its shared tick."""


class ParticipantCreateView(RefusalAsFormErrorMixin, CreateView):
    """Enter a person through the same service as the facilitators, with consent."""

    def save_instance(self):
        participant, _created = services.participant_create(
            **{
                name: self.form.cleaned_data[name]
                for name in services.CORRECTABLE_FIELDS
            }
        )
        return participant


class ParticipantEditView(RefusalAsFormErrorMixin, EditView):
    """Correct a participant's data through the service, and reach their export
    and erasure from the same page."""

    # ParticipantError: the page was open while the person was erased.
    refusals = (ValidationError, services.ParticipantError)

    def save_instance(self):
        return services.participant_correct(
            participant=self.object,
            by=self.request.user,
            changes=self.form.cleaned_data,
        )

    @cached_property
    def header_more_buttons(self):
        pk = quote(self.object.pk)
        buttons = [
            Button(
                _("Export data (PDF)"),
                url=reverse("participants:export", args=[pk, "pdf"]),
                icon_name="download",
                priority=40,
            ),
            Button(
                _("Export data (JSON)"),
                url=reverse("participants:export", args=[pk, "json"]),
                icon_name="download",
                priority=41,
            ),
        ]
        if self.object.anonymised_at is None and self.user_has_permission("delete"):
            buttons.append(
                Button(
                    _("Erase on request"),
                    url=reverse("participants:erase", args=[pk]),
                    icon_name="bin",
                    priority=42,
                )
            )
        return super().header_more_buttons + buttons


class ParticipantExportView(PermissionCheckedMixin, View):
    """Everything held about one participant, as a file to give them."""

    model = Participant
    permission_required = "change"

    def get(self, request, pk, file_format):
        if file_format not in ("json", "pdf"):
            raise Http404
        participant = get_object_or_404(Participant, pk=pk)
        record = services.participant_export(
            participant=participant, by=request.user, file_format=file_format
        )
        name = f"data-peserta-{participant.pk}"
        if file_format == "json":
            response = HttpResponse(
                json.dumps(record, ensure_ascii=False, indent=2),
                content_type="application/json; charset=utf-8",
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.json"'
            return response
        organisation = pdf.organisation_data(OrganisationSettings.for_request(request))
        response = HttpResponse(
            render_personal_data(record, organisation=organisation),
            content_type="application/pdf",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why (for example: the participant asked on 3 March)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
    )


class ParticipantEraseView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Erase one person on request (UU PDP No. 27/2022), with the reason."""

    model = Participant
    permission_required = "delete"
    form_class = ReasonForm
    template_name = "workshops/admin/participant_erase.html"
    page_title = gettext_lazy("Erase personal data")
    header_icon = "user"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(Participant, pk=kwargs["pk"])

    def get_page_subtitle(self):
        return str(self.object)

    def form_valid(self, form):
        try:
            services.participant_anonymise(
                participant=self.object,
                by=self.request.user,
                reason=form.cleaned_data["reason"],
            )
        except services.ParticipantError as error:
            messages.error(self.request, str(error))
        else:
            messages.success(
                self.request,
                _(
                    "The personal data was erased. The certificates stay valid "
                    "with the name hidden."
                ),
            )
        return redirect("participants:edit", quote(self.object.pk))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["participant"] = self.object
        context["edit_url"] = reverse("participants:edit", args=[quote(self.object.pk)])
        return context


CLOSED_NOT_CANCELLED = gettext_lazy(
    "This workshop is closed: it took place and cannot be cancelled."
)


class WorkshopCancelView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Call a workshop off instead of deleting it: its records stay."""

    model = Workshop
    permission_required = "change"
    form_class = forms.Form
    template_name = "workshops/admin/workshop_cancel.html"
    page_title = gettext_lazy("Cancel workshop")
    header_icon = "date"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = get_object_or_404(Workshop, pk=kwargs["pk"])

    def get_page_subtitle(self):
        return str(self.object)

    def form_valid(self, form):
        if self.object.status == Workshop.Status.CLOSED:
            messages.error(self.request, CLOSED_NOT_CANCELLED)
            return redirect("workshops:edit", quote(self.object.pk))
        services.workshop_cancel(workshop=self.object, cancelled_by=self.request.user)
        messages.success(
            self.request,
            _("The workshop is cancelled. Its registrations are kept."),
        )
        return redirect("workshops:edit", quote(self.object.pk))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["workshop"] = self.object
        context["registrations"] = self.object.registrations.count()
        context["edit_url"] = reverse("workshops:edit", args=[quote(self.object.pk)])
        return context


class WorkshopAdminForm(WagtailAdminModelForm):
    """Offers only users who may run workshops, and asks why a closed one reopens."""

    reopen_reason = forms.CharField(
        label=gettext_lazy("Reason for reopening"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "Only to open a closed or cancelled workshop again: its attendance "
            "and certificates can then be changed. The reason is kept in the "
            "history."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "facilitators" in self.fields:
            self.fields["facilitators"].queryset = selectors.facilitator_candidates()
        if "desa" in self.fields:
            self.fields["desa"].queryset = Desa.objects.select_related("kecamatan")
        if "venue" in self.fields:
            self.fields["venue"].queryset = Venue.objects.select_related("desa")


class WorkshopSaveMixin(RefusalAsFormErrorMixin):
    """Save through services.workshop_update; its refusals become form errors."""

    log_action = "wagtail.edit"

    def save_instance(self):
        data = self.form.cleaned_data
        workshop = services.workshop_update(
            workshop=self.form.save(commit=False),
            by=self.request.user,
            facilitators=list(data.get("facilitators", [])),
            courses=list(data.get("courses", [])),
            reopen_reason=data.get("reopen_reason", ""),
        )
        log(workshop, self.log_action, user=self.request.user)
        return workshop


class WorkshopCreateView(WorkshopSaveMixin, CreateView):
    log_action = "wagtail.create"


class WorkshopEditView(WorkshopSaveMixin, EditView):
    """The admin's edit form, saved through services.workshop_update."""
