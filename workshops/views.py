from functools import partial
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, Q, When
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from literacy_site import pdf
from literacy_site.models import OrganisationSettings
from workshops import selectors, services
from workshops.access import facilitator_area, workshop_for
from workshops.exports import ParticipantListExport
from workshops.forms import (
    ATTENDANCE_CHOICES,
    PAPER_CODES,
    ParticipantForm,
    ParticipantImportForm,
    ParticipantSearchForm,
    ReopenWorkshopForm,
)
from workshops.models import Attendance, Participant, Registration, WorkshopSession
from workshops.sheets import (
    AttendanceSheet,
    SheetRow,
    SheetSession,
    render_attendance_sheet,
)

PARTICIPANTS_PER_PAGE = 50
WORKSHOPS_PER_PAGE = 20


def registration_message(registration):
    name = registration.participant.full_name
    if registration.status == Registration.Status.REGISTERED:
        return _("%(name)s is registered.") % {"name": name}
    return _("The workshop is full: %(name)s is on the waiting list.") % {"name": name}


@facilitator_area
def my_workshops(request):
    page = Paginator(selectors.my_workshops(request.user), WORKSHOPS_PER_PAGE).get_page(
        request.GET.get("halaman")
    )
    return render(request, "workshops/my_workshops.html", {"workshops": page})


@facilitator_area
def workshop_detail(request, pk):
    workshop = workshop_for(request, pk)
    search = ParticipantSearchForm(request.GET or None)
    registrations = (
        workshop.registrations.exclude(status=Registration.Status.CANCELLED)
        .select_related("participant__desa")
        # Seated people by name, then the waiting list in its queue order.
        .order_by(
            "status",
            Case(When(status=Registration.Status.WAITLISTED, then="status_changed_at")),
            "participant__full_name",
            "pk",
        )
    )
    search_query = ""
    if search.is_valid() and search.cleaned_data["q"]:
        words = search.cleaned_data["q"]
        search_query = urlencode({"q": words})
        registrations = registrations.filter(
            Q(participant__full_name__icontains=words)
            | Q(participant__desa__name__icontains=words)
        )
    counts = selectors.with_counts(type(workshop).objects.filter(pk=workshop.pk)).get()
    context = {
        "workshop": workshop,
        "counts": counts,
        "present_today": selectors.present_today_count(workshop),
        "sessions": workshop.sessions.all(),
        "today": timezone.localdate(),
        "search": search,
        "search_query": search_query,
        "registrations": Paginator(registrations, PARTICIPANTS_PER_PAGE).get_page(
            request.GET.get("halaman")
        ),
        # Those who run the workshop also see phone numbers and may close it.
        "runs_workshop": selectors.runs_workshop(request.user, workshop),
        "is_administrator": selectors.is_administrator(request.user),
    }
    return render(request, "workshops/workshop_detail.html", context)


PERSON_FIELDS = (
    "full_name",
    "birth_year",
    "gender",
    "desa",
    "phone",
    "needs",
    "submission_key",
)


def _register(request, workshop, register, *, source):
    """Call a registration service (`register`) and say how it went.

    A person who already has a place is shown with that place, on the form's
    page, so the facilitator sees who it is instead of entering them again."""
    try:
        registration = register(
            workshop=workshop, registered_by=request.user, source=source
        )
    except services.AlreadyRegistered as error:
        already = error.registration
        return render(
            request,
            "workshops/register.html",
            {
                "workshop": workshop,
                "already": already,
                "walk_in": source == Registration.Source.WALK_IN,
                "search_query": urlencode({"q": already.participant.full_name}),
            },
        )
    except services.WorkshopNotOpen:
        messages.error(request, _("This workshop is not open for registration."))
    else:
        messages.success(request, registration_message(registration))
    return redirect(workshop)


@facilitator_area
def register_participant(request, pk, walk_in=False):
    """Enter a person and register them; people already entered are offered first."""
    workshop = workshop_for(request, pk)
    source = Registration.Source.WALK_IN if walk_in else Registration.Source.FACILITATOR
    form = ParticipantForm(request.POST or None, default_desa=workshop.desa)
    matches = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        identity = {key: data[key] for key in ("full_name", "birth_year", "desa")}
        already_created = Participant.objects.filter(
            submission_key=data["submission_key"]
        ).first()
        if already_created is not None:
            # The same form sent twice (a double tap): register the first one only.
            register = partial(
                services.registration_create, participant=already_created
            )
            return _register(request, workshop, register, source=source)
        matches = list(services.participants_matching(**identity))
        # Offer those already entered, unless one of them has a place here: then
        # the service refuses and the page shows that place.
        if (
            not matches
            or "confirm_new" in request.POST
            or services.registration_of_same_person(workshop=workshop, **identity)
        ):
            register = partial(
                services.participant_register,
                **{field: data[field] for field in PERSON_FIELDS},
            )
            return _register(request, workshop, register, source=source)
    return render(
        request,
        "workshops/register.html",
        {"workshop": workshop, "form": form, "matches": matches, "walk_in": walk_in},
    )


@facilitator_area
@require_POST
def register_existing_participant(request, pk, participant_pk):
    """Register a person offered as a possible duplicate.

    Only someone matching the name, year and desa the facilitator typed can be
    chosen, so nobody can pull other people into a workshop by their number."""
    workshop = workshop_for(request, pk)
    try:
        birth_year = int(request.POST.get("birth_year", ""))
        desa_id = int(request.POST.get("desa", ""))
    except ValueError as error:
        raise Http404 from error
    participant = get_object_or_404(
        services.participants_matching(
            full_name=request.POST.get("full_name", ""),
            birth_year=birth_year,
            desa=desa_id,
        ),
        pk=participant_pk,
    )
    source = request.POST.get("source", Registration.Source.FACILITATOR)
    if source not in (Registration.Source.FACILITATOR, Registration.Source.WALK_IN):
        source = Registration.Source.FACILITATOR
    register = partial(services.registration_create, participant=participant)
    return _register(request, workshop, register, source=source)


@facilitator_area
def cancel_registration(request, pk, registration_pk):
    workshop = workshop_for(request, pk)
    registration = get_object_or_404(
        workshop.registrations.select_related("participant"), pk=registration_pk
    )
    if request.method == "POST":
        if not registration.is_active:
            messages.info(request, _("This registration is already cancelled."))
            return redirect(workshop)
        promoted = services.registration_cancel(
            registration=registration, cancelled_by=request.user
        )
        messages.success(
            request,
            _("The registration of %(name)s is cancelled.")
            % {"name": registration.participant.full_name},
        )
        if promoted:
            messages.success(
                request,
                _("%(name)s moves from the waiting list to the free seat.")
                % {"name": promoted.participant.full_name},
            )
        return redirect(workshop)
    return render(
        request,
        "workshops/cancel_registration.html",
        {"workshop": workshop, "registration": registration},
    )


@facilitator_area
def close_workshop(request, pk):
    workshop = workshop_for(request, pk)
    if not selectors.runs_workshop(request.user, workshop):
        raise PermissionDenied
    if request.method == "POST":
        services.workshop_close(workshop=workshop, closed_by=request.user)
        messages.success(request, _("The workshop is closed."))
        return redirect(workshop)
    return render(request, "workshops/close_workshop.html", {"workshop": workshop})


@facilitator_area
def reopen_workshop(request, pk):
    """An administrator opens a closed workshop again, saying why."""
    workshop = workshop_for(request, pk)
    if not selectors.is_administrator(request.user):
        raise PermissionDenied
    form = ReopenWorkshopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.workshop_reopen(
                workshop=workshop, by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.WorkshopRefused as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The workshop is open again: attendance can be changed."),
            )
        return redirect(workshop)
    return render(
        request, "workshops/reopen_workshop.html", {"workshop": workshop, "form": form}
    )


@facilitator_area
@require_POST
def seat_with_extra_chair(request, pk, registration_pk):
    """Seat a waiting person who is in the room: the workshop gains a chair."""
    workshop = workshop_for(request, pk)
    if not selectors.runs_workshop(request.user, workshop):
        raise PermissionDenied
    registration = get_object_or_404(workshop.registrations, pk=registration_pk)
    try:
        registration = services.registration_seat_with_extra_chair(
            registration=registration, seated_by=request.user
        )
    except services.RegistrationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "%(name)s has a seat on an extra chair. The workshop now has "
                "%(seats)d seats."
            )
            % {
                "name": registration.participant.full_name,
                "seats": registration.workshop.capacity,
            },
        )
    return redirect(workshop)


def _attendance_rows(session):
    """Registered people with their mark for this session, in two queries."""
    registrations = list(
        session.workshop.registrations.filter(status=Registration.Status.REGISTERED)
        .select_related("participant__desa")
        .order_by("participant__full_name")
    )
    marks = dict(
        Attendance.objects.filter(session=session).values_list(
            "registration_id", "status"
        )
    )
    return [
        {"registration": registration, "status": marks.get(registration.pk, "")}
        for registration in registrations
    ]


@facilitator_area
def mark_attendance(request, session_pk):
    """One session: a large choice per person. Saves each choice at once with
    JavaScript; without it, the whole form is saved with one button."""
    session = get_object_or_404(
        WorkshopSession.objects.select_related("workshop"),
        pk=session_pk,
        workshop__in=selectors.workshops_for(request.user),
    )
    workshop = session.workshop
    if request.method == "POST":
        registrations = {
            r.pk: r
            for r in workshop.registrations.filter(
                status=Registration.Status.REGISTERED
            ).select_related("participant")
        }
        marks, no_longer_registered = [], 0
        for key, status in request.POST.items():
            number = key.removeprefix("status-")
            if key == number or not number.isdigit() or not status:
                continue
            registration = registrations.get(int(number))
            if registration is None:  # cancelled since the page was loaded
                no_longer_registered += 1
            else:
                marks.append((registration, session, status))
        saved, refused = services.attendance_mark_many(
            marks=marks, marked_by=request.user
        )
        failed = no_longer_registered + len(refused)
        if request.headers.get("Accept") == "application/json":
            if failed:
                return JsonResponse(
                    {
                        "message": _(
                            "Not saved: this person is no longer registered. "
                            "Reload the page to see the current list."
                        )
                    },
                    status=400,
                )
            return JsonResponse({"saved": saved, "message": _("Saved")})
        messages.success(
            request, _("Attendance saved for %(count)d people.") % {"count": saved}
        )
        return redirect("facilitator:attendance", session_pk=session.pk)
    return render(
        request,
        "workshops/attendance.html",
        {
            "workshop": workshop,
            "session": session,
            "rows": _attendance_rows(session),
            "choices": ATTENDANCE_CHOICES,
        },
    )


@facilitator_area
def paper_sheet_entry(request, pk):
    """Type in a signed paper sheet: one row per person, one column per session."""
    workshop = workshop_for(request, pk)
    sessions = list(workshop.sessions.all())
    registrations = list(
        workshop.registrations.filter(status=Registration.Status.REGISTERED)
        .select_related("participant__desa")
        .order_by("participant__full_name")
    )
    marks = {
        (registration_id, session_id): status
        for registration_id, session_id, status in Attendance.objects.filter(
            session__workshop=workshop
        ).values_list("registration_id", "session_id", "status")
    }
    if request.method == "POST":
        saved, refused = services.attendance_mark_many(
            marks=[
                (registration, session, status)
                for registration in registrations
                for session in sessions
                if (status := request.POST.get(f"mark-{registration.pk}-{session.pk}"))
                and status != marks.get((registration.pk, session.pk))
            ],
            marked_by=request.user,
        )
        failed = len(refused)
        if failed:
            messages.warning(
                request,
                _(
                    "%(count)d marks could not be saved: the person is no longer "
                    "registered. Check the sheet against the list."
                )
                % {"count": failed},
            )
        messages.success(
            request, _("%(count)d marks saved from the paper sheet.") % {"count": saved}
        )
        return redirect(workshop)
    rows = [
        {
            "registration": registration,
            "cells": [
                {"session": session, "status": marks.get((registration.pk, session.pk))}
                for session in sessions
            ],
        }
        for registration in registrations
    ]
    return render(
        request,
        "workshops/paper_sheet_entry.html",
        {
            "workshop": workshop,
            "sessions": sessions,
            "rows": rows,
            "codes": [
                (status, PAPER_CODES[status], label)
                for status, label in ATTENDANCE_CHOICES
            ],
        },
    )


@facilitator_area
def import_participants(request, pk):
    workshop = workshop_for(request, pk)
    form = ParticipantImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        raw = form.cleaned_data["file"].read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            # Excel on Windows saves "CSV" in the Windows code page.
            text = raw.decode("cp1252", errors="replace")
        try:
            result = services.registrations_import_csv(
                workshop=workshop, text=text, imported_by=request.user
            )
        except services.ImportRowsError as error:
            errors = error.errors
        except services.WorkshopNotOpen:
            errors = [_("This workshop is not open for registration.")]
        else:
            messages.success(
                request,
                _(
                    "Imported: %(registered)d registered, %(waitlisted)d on the "
                    "waiting list, %(created)d new participants, %(already)d "
                    "already registered before."
                )
                % {
                    "registered": result.registered,
                    "waitlisted": result.waitlisted,
                    "created": result.participants_created,
                    "already": result.already_registered,
                },
            )
            return redirect(workshop)
    return render(
        request,
        "workshops/import.html",
        {"workshop": workshop, "form": form, "errors": errors},
    )


def _download_name(workshop, extension):
    return f"peserta-{slugify(workshop.title)[:50] or workshop.pk}.{extension}"


@facilitator_area
def export_participants(request, pk, file_format):
    workshop = workshop_for(request, pk)
    export = ParticipantListExport(
        workshop, include_phone=selectors.runs_workshop(request.user, workshop)
    )
    if file_format == "xlsx":
        response = HttpResponse(
            export.as_xlsx(),
            content_type=(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            ),
        )
    else:
        response = HttpResponse(export.as_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{_download_name(workshop, file_format)}"'
    )
    return response


def public_workshops(request):
    """Upcoming open workshops by kecamatan and desa; no personal data."""
    page = Paginator(
        selectors.upcoming_public_workshops(), WORKSHOPS_PER_PAGE
    ).get_page(request.GET.get("halaman"))
    return render(request, "workshops/public_list.html", {"workshops": page})


@facilitator_area
def attendance_sheet(request, pk):
    """The printable sign-in sheet: registered people, then empty rows."""
    workshop = workshop_for(request, pk)
    this_year = timezone.localdate().year
    sheet = AttendanceSheet(
        title=workshop.title,
        place=", ".join(
            part
            for part in (
                workshop.venue.name,
                workshop.venue.address,
                workshop.desa.name,
            )
            if part
        ),
        sessions=[
            SheetSession(
                date=session.date,
                times=f"{session.start_time:%H.%M} – {session.end_time:%H.%M}",
            )
            for session in workshop.sessions.all()
        ],
        rows=[
            SheetRow(
                name=registration.participant.full_name,
                desa=registration.participant.desa.name,
                age=registration.participant.age_in(this_year),
            )
            for registration in workshop.registrations.filter(
                status=Registration.Status.REGISTERED
            )
            .select_related("participant__desa")
            .order_by("participant__full_name")
        ],
    )
    organisation = pdf.organisation_data(OrganisationSettings.for_request(request))
    response = HttpResponse(
        render_attendance_sheet(sheet, organisation=organisation),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = (
        f'inline; filename="daftar-hadir-{slugify(workshop.title)[:50]}.pdf"'
    )
    return response
