"""Background work: importing a long participant list, all or nothing."""

from functools import partial

from django.utils.translation import gettext as _
from django_tasks import task

from workshops import services


@task()
def import_participants(job_id: int) -> dict | None:
    """Check and import the job's file, reporting progress as rows are done.

    Safe to run twice: a finished job, or one another worker has, is left alone;
    and importing a file again registers nobody twice."""
    job = services.import_job_claim(job_pk=job_id)
    if job is None:
        return None
    try:
        result = services.registrations_import(
            workshop=job.workshop,
            content=bytes(job.content),
            imported_by=job.requested_by,
            on_progress=partial(services.import_job_progress, job=job),
        )
    except services.ImportRowsError as error:
        services.import_job_finish(job=job, errors=error.errors)
        return None
    except services.WorkshopNotOpen:
        services.import_job_finish(
            job=job, errors=[_("This workshop is not open for registration.")]
        )
        return None
    except Exception:
        services.import_job_finish(
            job=job,
            errors=[
                _(
                    "Something went wrong while importing, and nothing was "
                    "imported. Please try again; if it fails again, tell the "
                    "administrator."
                )
            ],
        )
        raise
    result = vars(result)
    services.import_job_finish(job=job, result=result)
    return result


@task()
def recover_import_jobs() -> dict:
    """Periodic: retry or fail the imports whose worker died."""
    return services.import_jobs_recover()
