from functools import partial
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, Q, When
from django.db.models.functions import Substr, Upper
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from literacy_site import pdf
from literacy_site.addresses import whatsapp_link
from literacy_site.middleware import permissions_policy
from literacy_site.models import OrganisationSettings
from workshops import selectors, services
from workshops.access import desas_for, facilitator_area, workshop_for
from workshops.exports import (
    XLSX_CONTENT_TYPE,
    ImportTemplate,
    ParticipantListExport,
    template_notes,
)
from workshops.forms import (
    ATTENDANCE_CHOICES,
    PAPER_CODES,
    ParticipantForm,
    ParticipantImportForm,
    ParticipantSearchForm,
    ReopenWorkshopForm,
    too_large_message,
)
from workshops.models import (
    Attendance,
    Participant,
    ParticipantImportJob,
    Registration,
    WorkshopSession,
)
from workshops.sheets import render_attendance_sheet

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
    return render(
        request,
        "workshops/my_workshops.html",
        {
            "workshops": page,
            "is_administrator": selectors.is_administrator(request.user),
            "own_desas": list(desas_for(request.user).order_by("name")),
        },
    )


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
        person = already.participant
        entered_again = services.participants_matching(
            full_name=person.full_name,
            birth_year=person.birth_year,
            desa=person.desa_id,
        ).order_by("pk")
        return render(
            request,
            "workshops/register.html",
            {
                "workshop": workshop,
                "already": already,
                "walk_in": source == Registration.Source.WALK_IN,
                "search_query": urlencode({"q": person.full_name}),
                "merge_offers": merge_offers(request.user, person, entered_again),
            },
        )
    except services.WorkshopNotOpen:
        messages.error(request, _("This workshop is not open for registration."))
    else:
        messages.success(request, registration_message(registration))
    return redirect(workshop)


def merge_offers(user, keep, people):
    """For whoever may merge records in the admin: (kept record, other record,
    merge screen) for each of `people` entered twice with `keep`."""
    if not user.has_perm("workshops.delete_participant"):
        return []
    from workshops.participant_admin_views import merge_url

    return [
        (keep, other, merge_url(keep, other)) for other in people if other != keep
    ]


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
    # The same person entered twice already: the first entered is kept.
    first = min(matches, key=lambda person: person.pk, default=None)
    return render(
        request,
        "workshops/register.html",
        {
            "workshop": workshop,
            "form": form,
            "matches": matches,
            "walk_in": walk_in,
            "merge_offers": merge_offers(request.user, first, matches),
        },
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
        try:
            services.workshop_close(workshop=workshop, closed_by=request.user)
        except services.WorkshopRefused as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The workshop is closed."))
        return redirect(workshop)
    return render(
        request,
        "workshops/close_workshop.html",
        {"workshop": workshop, "sessions": selectors.sessions_with_unmarked(workshop)},
    )


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


ATTENDANCE_PER_PAGE = 40
# What the typing screen sends for "take this mark away".
PAPER_CLEAR = "clear"


def _session_for(request, session_pk):
    return get_object_or_404(
        WorkshopSession.objects.select_related("workshop"),
        pk=session_pk,
        workshop__in=selectors.workshops_for(request.user),
    )


def _attendance_page(request, session):
    """One page of registered people (found by name or first letter) with their
    mark for this session, and how many of all are marked; constant queries."""
    registered = session.workshop.registrations.filter(
        status=Registration.Status.REGISTERED
    )
    search = ParticipantSearchForm(request.GET or None)
    words = search.cleaned_data["q"] if search.is_valid() else ""
    letter = request.GET.get("huruf", "")[:1].upper()
    listed = registered.select_related("participant__desa").order_by(
        "participant__full_name", "pk"
    )
    if words:
        listed = listed.filter(participant__full_name__icontains=words)
    elif letter:
        listed = listed.filter(participant__full_name__istartswith=letter)
    page = Paginator(listed, ATTENDANCE_PER_PAGE).get_page(request.GET.get("halaman"))
    marks = dict(
        Attendance.objects.filter(
            session=session, registration__in=[r.pk for r in page]
        ).values_list("registration_id", "status")
    )
    letters = (
        registered.annotate(letter=Upper(Substr("participant__full_name", 1, 1)))
        .values_list("letter", flat=True)
        .distinct()
        .order_by("letter")
    )
    query = {key: value for key, value in (("q", words), ("huruf", letter)) if value}
    return {
        "page_obj": page,
        "rows": [
            {"registration": registration, "status": marks.get(registration.pk, "")}
            for registration in page
        ],
        "search": search,
        "words": words,
        "letter": "" if words else letter,
        "letters": list(letters),
        "query": urlencode(query),
        "total": registered.count(),
        "marked": Attendance.objects.filter(
            session=session, registration__status=Registration.Status.REGISTERED
        ).count(),
    }


def _save_attendance(request, session):
    """The attendance form: every choice on the page, or one choice from
    JavaScript (which wants JSON back), or "everyone present"."""
    wants_json = request.headers.get("Accept") == "application/json"
    try:
        marks, no_longer_registered = _posted_marks(request, session)
    except ValueError:
        message = _("Not saved: choose present, late, excused or absent.")
        return _attendance_refused(request, message, wants_json, status=400)
    everyone = "all_present" in request.POST
    try:
        if everyone:
            saved = services.attendance_mark_all_present(
                session=session, marked_by=request.user
            )
            refused = []
        else:
            saved, refused = services.attendance_mark_many(
                marks=marks, marked_by=request.user, workshop=session.workshop
            )
    except services.AttendanceError as error:  # frozen, or not started yet
        return _attendance_refused(request, str(error), wants_json, status=409)
    if not wants_json:
        messages.success(request, _attendance_saved_message(saved, everyone))
        return redirect(request.get_full_path())
    if no_longer_registered or refused:
        message = _(
            "Not saved: this person is no longer registered. Reload the page to "
            "see the current list."
        )
        return _attendance_refused(request, message, wants_json, status=400)
    return JsonResponse({"saved": saved, "message": _("Saved")})


def _posted_marks(request, session):
    """The (registration, session, status) of each choice posted, and how many
    choices were for people no longer registered (cancelled since the page was
    loaded). ValueError for a status that is not one."""
    registrations = {
        r.pk: r
        for r in session.workshop.registrations.filter(
            status=Registration.Status.REGISTERED
        ).select_related("participant")
    }
    marks, no_longer_registered = [], 0
    for key, status in request.POST.items():
        number = key.removeprefix("status-")
        if key == number or not number.isdigit() or not status:
            continue
        if status not in Attendance.Status.values:
            raise ValueError(status)
        registration = registrations.get(int(number))
        if registration is None:
            no_longer_registered += 1
        else:
            marks.append((registration, session, status))
    return marks, no_longer_registered


def _attendance_refused(request, message, wants_json, *, status):
    if wants_json:
        return JsonResponse({"message": message}, status=status)
    messages.error(request, message)
    return redirect(request.get_full_path())


def _attendance_saved_message(saved, everyone):
    if not everyone:
        return _("Attendance saved for %(count)d people.") % {"count": saved}
    if not saved:
        return _("Everyone already has a mark.")
    return _("%(count)d people marked present. Change anyone who did not come.") % {
        "count": saved
    }


@facilitator_area
def mark_attendance(request, session_pk):
    """One session: a large choice per person, a page of people at a time,
    found by name. Saves each choice at once with JavaScript; without it, the
    page's choices are saved with one button."""
    session = _session_for(request, session_pk)
    if request.method == "POST":
        return _save_attendance(request, session)
    context = {
        "workshop": session.workshop,
        "session": session,
        "choices": ATTENDANCE_CHOICES,
        "frozen": services.attendance_frozen_message(session.workshop),
        "has_ended": session.has_ended,
        "has_started": session.has_started,
        **_attendance_page(request, session),
    }
    context["unmarked"] = context["total"] - context["marked"]
    response = render(request, "workshops/attendance.html", context)
    # The learner-card scanner reads QR codes with this page's camera.
    response["Permissions-Policy"] = permissions_policy(camera="self")
    return response


@facilitator_area
def attendance_follow_up(request, session_pk):
    """Who did not come to a session, or has no mark, with a way to call them."""
    session = _session_for(request, session_pk)
    workshop = session.workshop
    # Those who run the workshop call people; others see the names only.
    shows_phone = selectors.runs_workshop(request.user, workshop)
    rows = []
    for registration in selectors.follow_up(session):
        phone = registration.participant.phone if shows_phone else ""
        rows.append(
            {
                "registration": registration,
                "absent": registration.session_status == Attendance.Status.ABSENT,
                "phone": phone,
                # Only a mobile number (+628…) has WhatsApp; a landline does not.
                "whatsapp": whatsapp_link(phone) if phone.startswith("+628") else "",
            }
        )
    return render(
        request,
        "workshops/attendance_follow_up.html",
        {
            "workshop": workshop,
            "session": session,
            "has_ended": session.has_ended,
            "shows_phone": shows_phone,
            "absent": [row for row in rows if row["absent"]],
            "unmarked": [row for row in rows if not row["absent"]],
        },
    )


def _sheet_marks(request, registrations, sessions, marks):
    """What the typed-in sheet changes: (registration, session, status) triples,
    status None where a mark is to be cleared."""
    changes = []
    for registration in registrations:
        for session in sessions:
            typed = request.POST.get(f"mark-{registration.pk}-{session.pk}")
            current = marks.get((registration.pk, session.pk))
            if typed == PAPER_CLEAR:
                if current:
                    changes.append((registration, session, None))
            elif typed and typed != current:
                changes.append((registration, session, typed))
    return changes


def _add_from_blank_row(request, workshop, form):
    """Register a person written on a blank row of the sheet as a walk-in.

    Someone entered before with the same name, year of birth and desa is
    registered rather than entered again, as the import does; someone who
    already has a place here is refused, saying who it is."""
    data = form.cleaned_data
    try:
        added = services.registration_from_blank_row(
            workshop=workshop,
            registered_by=request.user,
            **{field: data[field] for field in PERSON_FIELDS},
        )
    except services.AlreadyRegistered as error:
        already = error.registration
        if already.participant.submission_key == data["submission_key"]:
            return redirect(request.path)  # the same form sent twice
        form.add_error(None, _already_on_the_sheet_message(already))
        return None
    except services.WorkshopNotOpen:
        form.add_error(None, _("This workshop is not open for registration."))
        return None
    _say_who_was_added(request, added)
    return redirect(f"{request.path}#orang-{added.registration.pk}")


def _already_on_the_sheet_message(registration):
    participant = registration.participant
    return _(
        "%(name)s (born %(year)d, %(desa)s) already has a place in this "
        "workshop: %(status)s. Nobody new was entered; type their marks "
        "in that row."
    ) % {
        "name": participant.full_name,
        "year": participant.birth_year,
        "desa": participant.desa.name,
        "status": registration.get_status_display().lower(),
    }


def _say_who_was_added(request, added):
    registration = added.registration
    participant = registration.participant
    if added.entered_before:
        messages.info(
            request,
            _(
                "%(name)s (born %(year)d, %(desa)s) was entered before; that "
                "person is now registered."
            )
            % {
                "name": participant.full_name,
                "year": participant.birth_year,
                "desa": participant.desa.name,
            },
        )
    if not added.extra_chair:
        messages.success(request, registration_message(registration))
        return
    messages.success(
        request,
        _(
            "The workshop was full, but %(name)s signed the sheet: they have "
            "a seat on an extra chair. The workshop now has %(seats)d seats. "
            "Type their marks in their row."
        )
        % {"name": participant.full_name, "seats": registration.workshop.capacity},
    )


def _adds_person(request):
    """The blank-row person is added by its button, or by Enter in its name box
    (which presses the sheet's button first)."""
    return "add_person" in request.POST or bool(
        request.POST.get("baru-full_name", "").strip()
    )


def _blank_row_form(request, workshop):
    form = ParticipantForm(
        request.POST if request.method == "POST" and _adds_person(request) else None,
        default_desa=workshop.desa,
        prefix="baru",
    )
    form.helper.form_tag = False
    form.helper.inputs = []
    return form


def _paper_sheet(workshop):
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
    return sessions, registrations, marks


def _save_sheet(request, workshop):
    """Save the marks typed on the sheet; False when the workshop is frozen."""
    sessions, registrations, marks = _paper_sheet(workshop)
    changes = _sheet_marks(request, registrations, sessions, marks)
    if not changes and _adds_person(request):
        return True
    try:
        saved, refused = services.attendance_mark_many(
            marks=changes, marked_by=request.user, workshop=workshop
        )
    except services.AttendanceFrozen as error:
        messages.error(request, str(error))
        return False
    if refused:
        messages.warning(
            request,
            _(
                "%(count)d marks could not be saved: the person is no longer "
                "registered. Check the sheet against the list."
            )
            % {"count": len(refused)},
        )
    cleared = sum(1 for change in changes if change[2] is None)
    messages.success(
        request,
        _("%(count)d marks saved from the paper sheet.") % {"count": saved - cleared},
    )
    if cleared:
        messages.success(request, _("%(count)d marks cleared.") % {"count": cleared})
    return True


@facilitator_area
def paper_sheet_entry(request, pk):
    """Type in a signed paper sheet: each person with every session, marks
    cleared where typed by mistake, and people from the blank rows added. It
    is one form: adding a person saves the marks typed so far first."""
    workshop = workshop_for(request, pk)
    form = _blank_row_form(request, workshop)
    if request.method == "POST":
        if not _save_sheet(request, workshop):
            return redirect(request.path)
        if not _adds_person(request):
            return redirect(workshop)
        if form.is_valid() and (done := _add_from_blank_row(request, workshop, form)):
            return done
    sessions, registrations, marks = _paper_sheet(workshop)
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
            "form": form,
            "frozen": services.attendance_frozen_message(workshop),
            "clear_value": PAPER_CLEAR,
            "codes": [
                (status, PAPER_CODES[status], label)
                for status, label in ATTENDANCE_CHOICES
            ],
        },
    )


# Room for the form's other fields and the multipart boundaries around the file.
UPLOAD_OVERHEAD_BYTES = 64 * 1024


@csrf_exempt
@facilitator_area
def import_participants(request, pk):
    """Upload a participant list. Its size is checked before anything reads the
    body (the CSRF check would), so a file that is too large is refused at once;
    the form itself is CSRF-protected as every other."""
    workshop = workshop_for(request, pk)
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    if request.method == "POST" and declared > (
        settings.IMPORT_MAX_BYTES + UPLOAD_OVERHEAD_BYTES
    ):
        return _import_page(
            request, workshop, ParticipantImportForm(), [too_large_message()], 413
        )
    return _import_participants(request, workshop)


@csrf_protect
def _import_participants(request, workshop):
    form = ParticipantImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            people = services.registrations_import_count(content=content)
            if people > settings.IMPORT_TASK_ROWS:
                job = services.import_job_start(
                    workshop=workshop,
                    content=content,
                    file_name=upload.name,
                    total=people,
                    requested_by=request.user,
                )
                return redirect("facilitator:import_job", workshop.pk, job.pk)
            result = services.registrations_import(
                workshop=workshop, content=content, imported_by=request.user
            )
        except services.ImportRowsError as error:
            errors = error.errors
        except services.WorkshopNotOpen:
            errors = [_("This workshop is not open for registration.")]
        else:
            messages.success(request, import_result_message(vars(result)))
            return redirect(workshop)
    return _import_page(request, workshop, form, errors)


def _import_page(request, workshop, form, errors, status=200):
    return render(
        request,
        "workshops/import.html",
        {
            "workshop": workshop,
            "form": form,
            "errors": errors,
            "max_size": settings.IMPORT_MAX_BYTES,
            "task_rows": settings.IMPORT_TASK_ROWS,
            "notes": template_notes(),
            "jobs": workshop.import_jobs.defer("content")[:3],
        },
        status=status,
    )


def import_result_message(result):
    return _(
        "Imported: %(registered)d registered, %(waitlisted)d on the "
        "waiting list, %(created)d new participants, %(already)d "
        "already registered before."
    ) % {
        "registered": result["registered"],
        "waitlisted": result["waitlisted"],
        "created": result["participants_created"],
        "already": result["already_registered"],
    }


@facilitator_area
def import_job(request, pk, job_pk):
    """How far a long import got, and then what it did or why it did nothing."""
    workshop = workshop_for(request, pk)
    jobs = ParticipantImportJob.objects.filter(workshop=workshop).defer("content")
    # Whoever watches the page notices a dead worker without waiting for the
    # periodic check.
    services.import_jobs_recover(jobs=jobs.filter(pk=job_pk))
    job = get_object_or_404(jobs, pk=job_pk)
    return render(
        request,
        "workshops/import_job.html",
        {
            "workshop": workshop,
            "job": job,
            "result": import_result_message(job.result) if job.result else "",
        },
    )


@facilitator_area
def import_template(request, pk, file_format):
    """The columns an import reads with one example row, to fill in."""
    workshop = workshop_for(request, pk)
    return _spreadsheet_response(
        ImportTemplate(workshop), file_format, f"contoh-daftar-peserta.{file_format}"
    )


def _download_name(workshop, extension):
    return f"peserta-{slugify(workshop.title)[:50] or workshop.pk}.{extension}"


def _spreadsheet_response(export, file_format, file_name):
    if file_format == "xlsx":
        response = HttpResponse(export.as_xlsx(), content_type=XLSX_CONTENT_TYPE)
    else:
        response = HttpResponse(export.as_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


@facilitator_area
def export_participants(request, pk, file_format):
    workshop = workshop_for(request, pk)
    export = ParticipantListExport(
        workshop, include_phone=selectors.runs_workshop(request.user, workshop)
    )
    return _spreadsheet_response(
        export, file_format, _download_name(workshop, file_format)
    )


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
    sheet = selectors.attendance_sheet_of(workshop)
    organisation = pdf.organisation_data(OrganisationSettings.for_request(request))
    response = HttpResponse(
        render_attendance_sheet(sheet, organisation=organisation),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = (
        f'inline; filename="daftar-hadir-{slugify(workshop.title)[:50]}.pdf"'
    )
    return response
