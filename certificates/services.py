"""Issuing, correcting and revoking certificates. Views call these, nothing else."""

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_tasks.base import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist
from wagtail.log_actions import log
from wagtail.models import Site

from certificates.codes import new_code
from certificates.models import (
    Certificate,
    CertificateSequence,
    CertificateSettings,
    PrintJob,
)
from certificates.selectors import (
    certificates_to_print,
    eligible_registrations,
    registrations_to_certify,
    with_rule_check,
    workshop_ends_at,
)
from literacy_site.erasure import name_pattern, without_names
from literacy_site.files import remove_leftovers, write_in_place
from workshops.normalise import normalise_name, validate_name
from workshops.selectors import is_administrator
from workshops.services import locked_workshop


class CertificateError(Exception):
    """An operation the rules do not allow; the message is for the user."""


def _next_number(year):
    # Lock this year's counter row until the transaction ends: two facilitators
    # issuing at once get consecutive numbers, and a rolled-back issue frees its
    # number for the next one, so there are no gaps. On SQLite the IMMEDIATE
    # transaction holds the write lock already.
    CertificateSequence.objects.get_or_create(year=year)
    counter = CertificateSequence.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def _number_format():
    site = Site.objects.filter(is_default_site=True).first()
    return CertificateSettings.for_site(site) if site else CertificateSettings()


def _create(
    *,
    participant,
    workshop,
    issued_by,
    name,
    early_reason="",
    log_as=None,
    now=None,
    **extra,
):
    now = now or timezone.now()
    year = timezone.localdate(now).year
    sequence = _next_number(year)
    number = _number_format().format_number(sequence=sequence, year=year)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                certificate = Certificate.objects.create(
                    participant=participant,
                    workshop=workshop,
                    number=number,
                    year=year,
                    sequence=sequence,
                    verification_code=new_code(),
                    name_as_printed=" ".join(name.split()),
                    issued_at=now,
                    issued_by=issued_by,
                    **extra,
                )
        except IntegrityError as error:
            # A verification code that exists already (about one in 10**14):
            # draw another. Any other clash is a real error and is raised below.
            if not Certificate.objects.filter(
                participant=participant, workshop=workshop, revoked_at__isnull=True
            ).exists():
                continue
            raise CertificateError(
                _("This participant already has a certificate.")
            ) from error
        if log_as is not None:
            action, data = log_as
            log(certificate, action, user=issued_by, data=data)
        elif early_reason:
            log(
                certificate,
                "certificates.issued_early",
                user=issued_by,
                data={"reason": early_reason},
                timestamp=now,
            )
        else:
            log(certificate, "certificates.issued", user=issued_by, timestamp=now)
        return certificate
    raise CertificateError(
        _(
            "The certificate could not be numbered. Ask the administrator to "
            "check the number format."
        )
    )


def _check_workshop_may_certify(workshop):
    if workshop.status in (workshop.Status.DRAFT, workshop.Status.CANCELLED):
        raise CertificateError(
            _("Certificates are only issued for workshops that took place.")
        )


def _check_workshop_has_ended(workshop, *, issued_by, early_reason, now=None):
    """The reason for issuing early, or "" when the last session is over.

    Certificates follow final attendance, so they wait for the last session;
    only an administrator may issue before that, and must say why."""
    ends_at = workshop_ends_at(workshop)
    if ends_at is None:
        raise CertificateError(
            _("This workshop has no sessions yet. Add its sessions first.")
        )
    if ends_at <= (now or timezone.now()):
        return ""
    if issued_by is None or not is_administrator(issued_by):
        raise CertificateError(
            _(
                "Certificates can be issued once the last session has ended, "
                "on %(when)s. Come back after that."
            )
            % {"when": date_format(timezone.localtime(ends_at), "l, j F Y, H.i")}
        )
    if not early_reason.strip():
        raise CertificateError(
            _(
                "The last session has not ended yet. Write why the certificates "
                "are issued before it ends."
            )
        )
    return early_reason.strip()


def _locked_to_issue_one(*, workshop, participant, issued_by, early_reason):
    """The workshop, locked, once it may give `participant` a certificate, who
    has no valid one; and the reason for issuing early ("" once it has ended).
    Call inside a transaction."""
    if participant.anonymised_at is not None:
        raise CertificateError(_("This participant's data has been removed."))
    workshop = locked_workshop(workshop)
    _check_workshop_may_certify(workshop)
    early_reason = _check_workshop_has_ended(
        workshop, issued_by=issued_by, early_reason=early_reason
    )
    if Certificate.objects.filter(
        participant=participant, workshop=workshop, revoked_at__isnull=True
    ).exists():
        raise CertificateError(_("This participant already has a certificate."))
    return workshop, early_reason


def certificates_issue_for_workshop(
    *, workshop, issued_by, early_reason: str = "", now=None
) -> list[Certificate]:
    """Issue a certificate to every eligible participant who has none yet, once
    the last session has ended (earlier only by an administrator, with a reason).

    Running it again issues nothing new. `now`: the day they are issued (the
    demo's history)."""
    with transaction.atomic():
        # The workshop row is the lock for "who already has one"; its status
        # and sessions are checked as they are once it is locked.
        workshop = locked_workshop(workshop)
        _check_workshop_may_certify(workshop)
        early_reason = _check_workshop_has_ended(
            workshop, issued_by=issued_by, early_reason=early_reason, now=now
        )
        return [
            _create(
                participant=registration.participant,
                workshop=workshop,
                issued_by=issued_by,
                name=registration.participant.full_name,
                early_reason=early_reason,
                now=now,
            )
            for registration in registrations_to_certify(workshop)
        ]


def certificate_issue_outside_rule(
    *, participant, workshop, issued_by, reason: str, early_reason: str = ""
) -> Certificate:
    """An administrator's exception to the attendance rule, with the reason."""
    if not reason.strip():
        raise CertificateError(_("Write why the certificate is issued."))
    with transaction.atomic():
        workshop, early_reason = _locked_to_issue_one(
            workshop=workshop,
            participant=participant,
            issued_by=issued_by,
            early_reason=early_reason,
        )
        return _create(
            participant=participant,
            workshop=workshop,
            issued_by=issued_by,
            name=participant.full_name,
            outside_rule_reason=reason.strip(),
            early_reason=early_reason,
        )


def certificate_reissue(
    *, participant, workshop, issued_by, reason: str
) -> Certificate:
    """Issue a new certificate to someone whose certificate for the workshop was
    revoked and who meets its rule: an administrator's decision, with the reason.

    Issuing for the workshop never does this by itself (a revoked certificate
    stays revoked); the new one is checked against the rule like any other."""
    if not reason.strip():
        raise CertificateError(_("Write why the certificate is issued again."))
    if issued_by is None or not is_administrator(issued_by):
        raise CertificateError(_("Only an administrator issues a certificate again."))
    with transaction.atomic():
        # Before the last session the same reason stands for issuing early.
        workshop, early_reason = _locked_to_issue_one(
            workshop=workshop,
            participant=participant,
            issued_by=issued_by,
            early_reason=reason,
        )
        if not Certificate.objects.filter(
            participant=participant, workshop=workshop
        ).exists():
            raise CertificateError(
                _("This participant has no revoked certificate to issue again.")
            )
        if (
            not eligible_registrations(workshop)
            .filter(participant=participant)
            .exists()
        ):
            raise CertificateError(
                _(
                    "This participant does not meet the attendance rule. Issue "
                    "the certificate as an exception instead, with the reason."
                )
            )
        return _create(
            participant=participant,
            workshop=workshop,
            issued_by=issued_by,
            name=participant.full_name,
            log_as=(
                "certificates.reissued",
                {"reason": reason.strip(), "before_the_end": bool(early_reason)},
            ),
        )


def certificate_revoke(
    *, certificate, revoked_by, reason: str, now=None
) -> Certificate:
    """Withdraw a certificate; its verification page then says so, with the date."""
    if not reason.strip():
        raise CertificateError(_("Write why the certificate is revoked."))
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if not certificate.is_valid:
            raise CertificateError(_("This certificate is already revoked."))
        certificate.revoked_at = now or timezone.now()
        certificate.revoked_by = revoked_by
        certificate.revocation_reason = reason.strip()
        certificate.save(
            update_fields=["revoked_at", "revoked_by", "revocation_reason"]
        )
        # The print files still hold it as valid.
        print_files_expire_for(
            participant=certificate.participant, certificates=[certificate]
        )
        log(
            certificate,
            "certificates.revoked",
            user=revoked_by,
            data={"reason": certificate.revocation_reason},
            timestamp=certificate.revoked_at,
        )
    return certificate


def certificate_correct_name(
    *, certificate, name: str, corrected_by, reason: str, now=None
) -> Certificate:
    """Revoke the certificate and issue a new one with the corrected name.

    The new certificate points to the old one, whose page sends people on."""
    name = normalise_name(name)
    if not name:
        raise CertificateError(_("Write the corrected name."))
    validate_name(name)
    with transaction.atomic():
        old = certificate_revoke(
            certificate=certificate,
            revoked_by=corrected_by,
            reason=_("Name corrected: %(reason)s") % {"reason": reason.strip()},
            now=now,
        )
        return _create(
            participant=old.participant,
            workshop=old.workshop,
            issued_by=corrected_by,
            name=name,
            now=now,
            replaces=old,
            outside_rule_reason=old.outside_rule_reason,
            # A decision to keep it despite the rule holds for the corrected one.
            kept_despite_rule_at=old.kept_despite_rule_at,
            kept_despite_rule_by=old.kept_despite_rule_by,
            kept_despite_rule_reason=old.kept_despite_rule_reason,
        )


def certificates_reissue_with_current_name(
    *, participant, certificates, corrected_by, reason: str
) -> list[Certificate]:
    """Reissue every given certificate of the participant that prints another
    name than theirs now, all or none; returns the new certificates, each
    pointing to the one it replaces."""
    with transaction.atomic():
        return [
            certificate_correct_name(
                certificate=certificate,
                name=participant.full_name,
                corrected_by=corrected_by,
                reason=reason,
            )
            for certificate in certificates.select_for_update().filter(
                participant=participant, revoked_at__isnull=True
            )
            if certificate.name_as_printed != participant.full_name
        ]


def certificate_keep_despite_rule(*, certificate, by, reason: str) -> Certificate:
    """Decide that a certificate whose holder no longer meets the attendance rule
    stays valid; the reason is kept on it and logged, and it is flagged no more."""
    if not reason.strip():
        raise CertificateError(_("Write why the certificate stays valid."))
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if not locked.is_valid:
            raise CertificateError(_("This certificate is already revoked."))
        checked = with_rule_check(Certificate.objects.filter(pk=locked.pk)).get()
        if not checked.breaks_rule:
            raise CertificateError(
                _(
                    "This certificate meets the attendance rule; there is "
                    "nothing to decide."
                )
            )
        locked.kept_despite_rule_at = timezone.now()
        locked.kept_despite_rule_by = by
        locked.kept_despite_rule_reason = reason.strip()
        locked.save(
            update_fields=[
                "kept_despite_rule_at",
                "kept_despite_rule_by",
                "kept_despite_rule_reason",
            ]
        )
        log(
            locked,
            "certificates.kept_despite_rule",
            user=by,
            data={"reason": locked.kept_despite_rule_reason},
        )
    return locked


def certificates_hide_name(*, participant, replacement: str) -> list[Certificate]:
    """Take a participant's name off their certificates, which stay valid.

    The printed name (and any reason quoting it) becomes `replacement`, and the
    print files of their workshops, which hold the name, are deleted once the
    erasure is committed. Call it while the participant still has their name;
    each certificate returned keeps its `old_name`.
    """
    certificates = list(
        Certificate.objects.select_for_update().filter(participant=participant)
    )
    pattern = name_pattern(
        [participant.full_name, *(c.name_as_printed for c in certificates)]
    )
    for certificate in certificates:
        certificate.old_name = certificate.name_as_printed
        certificate.name_as_printed = replacement
        certificate.revocation_reason = without_names(
            certificate.revocation_reason, pattern, replacement
        )
        certificate.outside_rule_reason = without_names(
            certificate.outside_rule_reason, pattern, replacement
        )
    Certificate.objects.bulk_update(
        certificates,
        ["name_as_printed", "revocation_reason", "outside_rule_reason"],
    )
    print_files_expire_for(participant=participant, certificates=certificates)
    return certificates


# Print jobs ------------------------------------------------------------------
#
# A job is drawn by the task worker. It may be killed at any page, so the file is
# written under a temporary name and renamed into place, and a job that stops
# reporting progress is queued once more and then shown as failed.


def _enqueue_print_job(job):
    from certificates.tasks import build_print_pack, print_certificates

    if job.kind == PrintJob.Kind.PRINT_PACK:
        task = build_print_pack
    else:
        task = print_certificates
    job_pk = job.pk

    def enqueue():
        result = task.enqueue(job_pk)
        PrintJob.objects.filter(pk=job_pk).update(task_id=str(result.id))

    # After commit: the worker must find the job row, and a rolled-back request
    # must not leave a task behind.
    transaction.on_commit(enqueue)


def _print_job_create(**fields) -> PrintJob:
    with transaction.atomic():
        job = PrintJob.objects.create(**fields)
        _enqueue_print_job(job)
    return job


def print_job_start(*, workshop, requested_by) -> PrintJob:
    """Queue every valid certificate of the workshop to be drawn into one PDF."""
    return _print_job_create(
        workshop=workshop,
        requested_by=requested_by,
        total=certificates_to_print(workshop).count(),
    )


def _job_under_way(**target):
    """The queued or running job of this kind and target, found under the
    target's lock, so a double click queues one build; call inside a transaction."""
    model = type(target.get("workshop") or target["desa"])
    pk = (target.get("workshop") or target["desa"]).pk
    model.objects.select_for_update().get(pk=pk)
    return (
        PrintJob.objects.filter(
            status__in=[PrintJob.Status.QUEUED, PrintJob.Status.RUNNING], **target
        )
        .order_by("pk")
        .first()
    )


def desa_print_job_start(*, desa, requested_by) -> PrintJob:
    """Queue every valid certificate of the desa's residents, whatever the
    workshop, to be drawn into one PDF sorted by name; the job already queued
    or running when there is one."""
    from certificates.batches import desa_certificates

    with transaction.atomic():
        kind = PrintJob.Kind.DESA_CERTIFICATES
        return _job_under_way(kind=kind, desa=desa) or _print_job_create(
            kind=kind,
            desa=desa,
            requested_by=requested_by,
            total=desa_certificates(desa).count(),
        )


def print_pack_start(*, workshop, requested_by) -> PrintJob:
    """Queue the workshop's print pack (attendance sheet, handouts,
    certificates) to be put together into one PDF; the pack already queued or
    running when there is one."""
    from workshops.print_pack import print_pack_parts

    with transaction.atomic():
        kind = PrintJob.Kind.PRINT_PACK
        return _job_under_way(kind=kind, workshop=workshop) or _print_job_create(
            kind=kind,
            workshop=workshop,
            requested_by=requested_by,
            total=print_pack_parts(workshop),
        )


def print_job_claim(*, job_pk) -> PrintJob | None:
    """Mark a queued job as being drawn, or None when there is nothing to do:
    it is done, failed, expired, or another worker has it."""
    with transaction.atomic():
        job = (
            # Only the job's row: its workshop or desa may be absent (an outer
            # join), which PostgreSQL cannot lock.
            PrintJob.objects.select_for_update(of=("self",))
            .select_related("workshop", "desa")
            .filter(pk=job_pk)
            .first()
        )
        if job is None or job.status != PrintJob.Status.QUEUED:
            return None
        job.status = PrintJob.Status.RUNNING
        job.attempts += 1
        job.done = 0
        job.progress_at = timezone.now()
        job.save(update_fields=["status", "attempts", "done", "progress_at"])
    return job


def print_job_progress(*, job, done):
    PrintJob.objects.filter(pk=job.pk).update(done=done, progress_at=timezone.now())


def print_job_store(*, job, body, count):
    """Put the finished PDF in place and mark the job done.

    Only while the job is still this worker's: a job expired meanwhile (a person
    on it erased) or given to another worker keeps no file from this one."""
    name = job.file_name
    path = Path(job.file.storage.path(name))
    with transaction.atomic():
        current = PrintJob.objects.select_for_update().filter(pk=job.pk).first()
        if (
            current is None
            or current.status != PrintJob.Status.RUNNING
            or current.attempts != job.attempts
        ):
            return
        remove_leftovers(path)
        write_in_place(path, body)
        PrintJob.objects.filter(pk=job.pk).update(
            status=PrintJob.Status.DONE,
            file=name,
            total=count,
            done=count,
            progress_at=timezone.now(),
            finished_at=timezone.now(),
        )


def print_job_retry_or_fail(*, job, now=None) -> bool:
    """Queue the job again if it has tries left, else mark it failed.

    `job` is as last seen; if the row changed since (the worker is alive after
    all), nothing happens. Returns True when the job was queued again."""
    with transaction.atomic():
        locked = PrintJob.objects.select_for_update().get(pk=job.pk)
        if (locked.status, locked.progress_at) != (job.status, job.progress_at):
            return False
        if locked.attempts < settings.PRINT_JOB_ATTEMPTS:
            locked.status = PrintJob.Status.QUEUED
            locked.done = 0
            locked.progress_at = None
            locked.save(update_fields=["status", "done", "progress_at"])
            _enqueue_print_job(locked)
            return True
        locked.status = PrintJob.Status.FAILED
        locked.finished_at = now or timezone.now()
        locked.save(update_fields=["status", "finished_at"])
        return False


def _task_failed(job):
    from certificates.tasks import print_certificates

    backend = print_certificates.get_backend()
    if not job.task_id or not backend.supports_get_result:
        return False
    try:
        result = backend.get_result(job.task_id)
    except TaskResultDoesNotExist:
        return False
    return result.status == TaskResultStatus.FAILED


def print_jobs_recover(*, jobs=None, now=None) -> dict:
    """Retry once, then fail, the jobs whose worker died.

    A running job is taken to be dead when it has reported no progress for
    PRINT_JOB_STALE_AFTER seconds, or when its task is recorded as failed.
    Returns how many jobs were queued again and how many marked failed."""
    now = now or timezone.now()
    stale_before = now - timedelta(seconds=settings.PRINT_JOB_STALE_AFTER)
    jobs = PrintJob.objects.all() if jobs is None else jobs
    candidates = jobs.filter(
        status__in=[PrintJob.Status.QUEUED, PrintJob.Status.RUNNING]
    )
    counts = {"retried": 0, "failed": 0}
    for job in candidates:
        stale = (
            job.status == PrintJob.Status.RUNNING
            and job.progress_at is not None
            and job.progress_at < stale_before
        )
        if not (stale or _task_failed(job)):
            continue
        retried = print_job_retry_or_fail(job=job, now=now)
        job.refresh_from_db(fields=["status"])
        if retried:
            counts["retried"] += 1
        elif job.status == PrintJob.Status.FAILED:
            counts["failed"] += 1
    return counts


def print_files_expire_for(*, participant, certificates, desa_ids=()) -> None:
    """Expire the print files that hold a participant's name: their workshops'
    certificates and print packs (the attendance sheet lists everyone
    registered) and, when they hold certificates, their desa's batches.

    Expired, not deleted: the page of a job still being drawn then offers to
    print again, and print_job_store throws that worker's output away.
    `desa_ids`: other desa whose batches held the name (a desa corrected)."""
    workshop_ids = {c.workshop_id for c in certificates} | set(
        participant.registrations.values_list("workshop_id", flat=True)
    )
    holding_the_name = Q(workshop_id__in=workshop_ids)
    if certificates:
        holding_the_name |= Q(desa_id__in={participant.desa_id, *desa_ids})
    jobs = list(PrintJob.objects.select_for_update().filter(holding_the_name))
    files = [job.file for job in jobs if job.file]
    PrintJob.objects.filter(pk__in=[job.pk for job in jobs]).update(
        status=PrintJob.Status.EXPIRED, file=""
    )
    transaction.on_commit(lambda: [file.delete(save=False) for file in files])


def print_files_expire(*, now=None) -> int:
    """Delete the print files made more than PRINT_FILES_KEEP_DAYS days ago.

    They hold every participant's name and verification code; each certificate
    can still be downloaded on its own, and the job printed again. Returns how
    many files were deleted."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.PRINT_FILES_KEEP_DAYS)
    expired = 0
    made_before_cutoff = Q(finished_at__lt=cutoff) | Q(
        finished_at__isnull=True, requested_at__lt=cutoff
    )
    for job in PrintJob.objects.filter(made_before_cutoff, status=PrintJob.Status.DONE):
        with transaction.atomic():
            locked = PrintJob.objects.select_for_update().get(pk=job.pk)
            if locked.status != PrintJob.Status.DONE:
                continue
            file = locked.file
            locked.status = PrintJob.Status.EXPIRED
            locked.file = ""
            locked.save(update_fields=["status", "file"])
            if file:
                # Only once the row says so, or a failed save leaves a job that
                # is done and has no file.
                transaction.on_commit(lambda file=file: file.delete(save=False))
        expired += 1
    return expired
