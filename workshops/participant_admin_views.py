"""A participant's page in the admin (workshops, attendance, certificates), and
merging two records of the same person through services.participants_merge."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import Button

from certificates.viewsets import register_queryset, status_label
from workshops import services
from workshops.models import Attendance, Participant, WorkshopSession

CANDIDATES_AT_MOST = 20


@dataclass
class WorkshopRow:
    registration: object
    marks: list
    attended: int
    certificates: list


def participant_history(participant):
    """The participant's registrations with each session's mark and the
    certificates of each workshop, plus certificates of workshops they are no
    longer registered in. Four queries, however many workshops."""
    registrations = list(
        participant.registrations.select_related("workshop__desa")
        .prefetch_related(
            Prefetch(
                "workshop__sessions",
                queryset=WorkshopSession.objects.order_by("date", "start_time"),
            ),
            "attendances",
        )
        .order_by("-created_at")
    )
    certificates = list(
        register_queryset().filter(participant=participant).order_by("issued_at")
    )
    for certificate in certificates:
        certificate.status_label = status_label(certificate)
    by_workshop = {}
    for certificate in certificates:
        by_workshop.setdefault(certificate.workshop_id, []).append(certificate)
    rows = []
    for registration in registrations:
        marks = {a.session_id: a for a in registration.attendances.all()}
        sessions = registration.workshop.sessions.all()
        rows.append(
            WorkshopRow(
                registration=registration,
                marks=[(session, marks.get(session.pk)) for session in sessions],
                attended=sum(
                    1
                    for a in marks.values()
                    if a.status in (Attendance.Status.PRESENT, Attendance.Status.LATE)
                ),
                certificates=by_workshop.pop(registration.workshop_id, []),
            )
        )
    elsewhere = [c for group in by_workshop.values() for c in group]
    return rows, certificates, elsewhere


def possible_duplicates(participant):
    """Others with the same name (ignoring case and spaces), year and desa."""
    if participant.anonymised_at is not None:
        return Participant.objects.none()
    return services.participants_matching(
        full_name=participant.full_name,
        birth_year=participant.birth_year,
        desa=participant.desa_id,
    ).exclude(pk=participant.pk)


def merge_url(keep, other=None):
    url = reverse("workshops_participant_merge", args=[quote(keep.pk)])
    return f"{url}?other={other.pk}" if other is not None else url


class ParticipantInspectView(generic.InspectView):
    """Who the person is, and every workshop, mark and certificate of theirs."""

    template_name = "workshops/admin/participant_inspect.html"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Participant.objects.select_related("desa__kecamatan"), pk=self.pk
        )

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.object.anonymised_at is None and self.user_has_permission("delete"):
            buttons.append(
                Button(
                    _("Merge with another record"),
                    url=merge_url(self.object),
                    icon_name="resubmit",
                    priority=30,
                )
            )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows, certificates, elsewhere = participant_history(self.object)
        context.update(
            participant=self.object,
            rows=rows,
            certificates=certificates,
            certificates_elsewhere=elsewhere,
            duplicates=[
                (other, merge_url(self.object, other))
                for other in possible_duplicates(self.object)[:CANDIDATES_AT_MOST]
            ],
            may_merge=self.user_has_permission("delete"),
        )
        return context


class ResolutionForm(forms.Form):
    """One workshop both records are registered in: what stays."""

    registration = forms.ChoiceField(
        label=gettext_lazy("Registration to keep"), widget=forms.RadioSelect
    )
    attendance = forms.ChoiceField(
        label=gettext_lazy("Attendance"),
        widget=forms.RadioSelect,
        choices=[
            ("best", gettext_lazy("For each session, the better of the two marks")),
            ("registration", gettext_lazy("The kept registration's marks")),
        ],
        initial="best",
    )

    def __init__(self, *args, conflict, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = conflict
        self.fields["registration"].choices = [
            ("keep", self.describe(conflict.kept, _("this record"))),
            ("remove", self.describe(conflict.removed, _("the other record"))),
        ]

    @staticmethod
    def describe(registration, whose):
        return _("%(whose)s: %(status)s, registered %(date)s") % {
            "whose": whose,
            "status": registration.get_status_display(),
            "date": timezone.localtime(registration.created_at).strftime("%d-%m-%Y"),
        }


def detail_shown(participant, field):
    """A participant's detail as the administrator reads it."""
    if field == "gender":
        return participant.get_gender_display()
    if field == "desa":
        return str(participant.desa)
    if field == "phone":
        return participant.phone_local or _("(none)")
    return str(getattr(participant, field))


class DetailsForm(forms.Form):
    """The details in which the two records differ: whose value stays, and
    the needs after the merge (both records' needs, combined)."""

    def __init__(self, *args, keep, other, **kwargs):
        super().__init__(*args, **kwargs)
        self.keep, self.other = keep, other
        for field in services.participants_merge_differences(keep=keep, remove=other):
            self.fields[field] = forms.ChoiceField(
                label=Participant._meta.get_field(field).verbose_name,
                widget=forms.RadioSelect,
                choices=[
                    ("keep", detail_shown(keep, field)),
                    ("remove", detail_shown(other, field)),
                ],
                initial=services.merge_field_default(field, keep=keep, remove=other),
                error_messages={"required": _("Choose which value to keep.")},
            )
        self.combined_needs = services.needs_combined(keep.needs, other.needs)
        if keep.needs != other.needs:
            self.fields["needs"] = forms.CharField(
                label=_("Needs after the merge"),
                help_text=_("Both records' needs, combined. You may shorten them."),
                max_length=services.NEEDS_MAX_LENGTH,
                required=False,
                initial=self.combined_needs,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def chosen_fields(self):
        return {
            field: self.cleaned_data[field]
            for field in services.MERGE_CHOSEN_FIELDS
            if field in self.fields
        }

    def chosen_needs(self):
        """None (combine) unless the administrator wrote something else."""
        if "needs" not in self.fields:
            return None
        needs = self.cleaned_data["needs"].strip()
        return None if needs == self.combined_needs else needs

    def consent_from_other(self):
        """The newer consent stays: is it the other record's?"""
        return self.other.consent_given_at > self.keep.consent_given_at


class ParticipantMergeView(
    PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView
):
    """Pick the other record of the same person, see what moves, resolve
    conflicts and confirm. The record this page is about is the one kept."""

    model = Participant
    permission_required = "delete"
    template_name = "workshops/admin/participant_merge.html"
    page_title = gettext_lazy("Merge duplicate records")
    header_icon = "user"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.keep = get_object_or_404(
            Participant.objects.select_related("desa"), pk=kwargs["pk"]
        )
        other = request.GET.get("other") or request.POST.get("other")
        self.other = (
            Participant.objects.select_related("desa")
            .filter(pk=other, anonymised_at__isnull=True)
            .exclude(pk=self.keep.pk)
            .first()
            if other and str(other).isdigit()
            else None
        )

    def get_page_subtitle(self):
        return str(self.keep)

    @cached_property
    def conflicts(self):
        if self.other is None:
            return []
        return services.participants_merge_conflicts(keep=self.keep, remove=self.other)

    def resolution_forms(self, data=None):
        return [
            ResolutionForm(data, conflict=c, prefix=f"w{c.workshop.pk}")
            for c in self.conflicts
        ]

    def candidates(self):
        query = self.request.GET.get("q", "").strip()
        people = possible_duplicates(self.keep)
        if query:
            people = (
                Participant.objects.filter(
                    full_name__icontains=query, anonymised_at__isnull=True
                )
                .exclude(pk=self.keep.pk)
                .select_related("desa")
            )
        return [
            (person, merge_url(self.keep, person))
            for person in people.order_by("full_name")[:CANDIDATES_AT_MOST]
        ], query

    def details_form(self, data=None):
        return DetailsForm(data, keep=self.keep, other=self.other, prefix="detail")

    def get_context_data(self, forms=None, details=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context["keep"] = self.keep
        context["keep_url"] = reverse("participants:inspect", args=[self.keep.pk])
        if self.keep.anonymised_at is not None:
            context["refused"] = _("This participant's data has been removed.")
            return context
        if self.other is None:
            context["candidates"], context["query"] = self.candidates()
            return context
        rows, certificates, _elsewhere = participant_history(self.other)
        conflicting = {c.workshop.pk for c in self.conflicts}
        context.update(
            other=self.other,
            moving=[
                row for row in rows if row.registration.workshop_id not in conflicting
            ],
            moving_certificates=certificates,
            forms=forms if forms is not None else self.resolution_forms(),
            details=details if details is not None else self.details_form(),
            swap_url=merge_url(self.other, self.keep),
        )
        return context

    def post(self, request, *args, **kwargs):
        if self.other is None or self.keep.anonymised_at is not None:
            return redirect(merge_url(self.keep))
        forms = self.resolution_forms(request.POST)
        details = self.details_form(request.POST)
        if not all([form.is_valid() for form in forms] + [details.is_valid()]):
            return self.render_to_response(
                self.get_context_data(forms=forms, details=details)
            )
        resolutions = {
            form.conflict.workshop.pk: services.MergeResolution(
                registration=form.cleaned_data["registration"],
                attendance=form.cleaned_data["attendance"],
            )
            for form in forms
        }
        try:
            services.participants_merge(
                keep=self.keep,
                remove=self.other,
                by=request.user,
                resolutions=resolutions,
                fields=details.chosen_fields(),
                needs=details.chosen_needs(),
            )
        except services.MergeConflict as conflict:
            # Someone registered one of them somewhere meanwhile: show it.
            messages.error(request, str(conflict))
            return redirect(merge_url(self.keep, self.other))
        except services.ParticipantError as error:
            messages.error(request, str(error))
            return redirect(merge_url(self.keep))
        messages.success(
            request,
            _("The records are merged: everything is now on this record."),
        )
        return redirect("participants:inspect", quote(self.keep.pk))
