"""Data for the deployment test and benches, made in the stack's own database.

Run by tests/deploy/stack.py as `python -m tests.deploy.scenarios <name> <json>`
with the stack's production settings; the answer is one line of JSON."""

import datetime
import json
import sys

import django


def _facilitator(username, password):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from literacy_site.roles import FACILITATOR

    user, _created = get_user_model().objects.get_or_create(username=username)
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get(name=FACILITATOR))
    return user


def _workshop(title, *, capacity, facilitator, minimum_sessions=1):
    from django.utils import timezone

    from workshops.models import Venue, Workshop, WorkshopSession

    venue = Venue.objects.select_related("desa").first()
    workshop = Workshop.objects.create(
        title=title,
        venue=venue,
        desa=venue.desa,
        capacity=capacity,
        status=Workshop.Status.OPEN,
        minimum_sessions_for_certificate=minimum_sessions,
    )
    workshop.facilitators.add(facilitator)
    session = WorkshopSession.objects.create(
        workshop=workshop,
        date=timezone.localdate() - datetime.timedelta(days=1),
        start_time=datetime.time(9, 0),
        end_time=datetime.time(11, 30),
    )
    return workshop, session


def facilitator(*, username, password):
    return {"user": _facilitator(username, password).pk}


def open_workshop(*, username, password, seats):
    """A facilitator and her open workshop with `seats` seats, nobody registered."""
    user = _facilitator(username, password)
    workshop, _session = _workshop(
        "Lokakarya Uji Dua Server", capacity=seats, facilitator=user
    )
    return {"workshop": workshop.pk, "desa": workshop.desa_id}


def certified_workshop(*, username, password, count):
    """A workshop whose `count` participants all attended and hold certificates."""
    from django.utils import timezone

    from certificates import services
    from workshops.models import Attendance, Participant, Registration

    user = _facilitator(username, password)
    workshop, session = _workshop(
        f"Lokakarya {count} Sertifikat", capacity=count, facilitator=user
    )
    now = timezone.now()
    # Rows made in bulk: the registration rules are tested elsewhere; what is
    # under test here is printing their certificates.
    participants = Participant.objects.bulk_create(
        Participant(
            full_name=f"Peserta Nomor {number} binti Fulan",
            birth_year=1950 + number % 20,
            gender=Participant.Gender.FEMALE,
            desa_id=workshop.desa_id,
            consent_given_at=now,
        )
        for number in range(1, count + 1)
    )
    registrations = Registration.objects.bulk_create(
        Registration(
            workshop=workshop,
            participant=participant,
            status=Registration.Status.REGISTERED,
            source=Registration.Source.FACILITATOR,
        )
        for participant in participants
    )
    Attendance.objects.bulk_create(
        Attendance(
            registration=registration,
            session=session,
            status=Attendance.Status.PRESENT,
        )
        for registration in registrations
    )
    issued = services.certificates_issue_for_workshop(workshop=workshop, issued_by=user)
    return {"workshop": workshop.pk, "certificates": len(issued)}


def registration_counts(*, workshop):
    from django.db.models import Count

    from workshops.models import Registration

    rows = (
        Registration.objects.filter(workshop_id=workshop)
        .values("status")
        .annotate(count=Count("pk"))
    )
    return {row["status"]: row["count"] for row in rows}


def print_job(*, job):
    """The job's progress, and which task workers ran its task."""
    from django_tasks_db.models import DBTaskResult

    from certificates.models import PrintJob

    found = PrintJob.objects.get(pk=job)
    tasks = DBTaskResult.objects.filter(
        task_path="certificates.tasks.print_certificates",
        args_kwargs__args__0=job,
    )
    return {
        "status": found.status,
        "done": found.done,
        "total": found.total,
        "file": found.file.name or "",
        "workers": sorted({w for task in tasks for w in task.worker_ids}),
    }


def lesson_path():
    from courses.models import LessonPage

    return {"path": LessonPage.objects.live().order_by("path").first().url}


def main():
    django.setup()
    name, arguments = (
        sys.argv[1],
        json.loads(sys.argv[2] if len(sys.argv) > 2 else "{}"),
    )
    sys.stdout.write(json.dumps(globals()[name](**arguments)) + "\n")


if __name__ == "__main__":
    main()
