"""Background work: drawing a whole workshop's certificates into one PDF."""

from django_tasks import task
from wagtail.models import Site

from certificates import selectors, services
from certificates.render import render_certificates

PROGRESS_EVERY = 25


@task()
def print_certificates(job_id: int) -> None:
    """Draw the job's certificates, reporting progress as pages are drawn.

    Safe to run twice: a job that is done, failed or taken by another worker is
    left alone."""
    job = services.print_job_claim(job_pk=job_id)
    if job is None:
        return
    certificates = list(selectors.certificates_to_print(job.workshop))

    def report(done):
        if done % PROGRESS_EVERY == 0:
            services.print_job_progress(job=job, done=done)

    try:
        body = render_certificates(
            selectors.workshop_wording(
                job.workshop, Site.objects.filter(is_default_site=True).first()
            ),
            selectors.certificate_texts(certificates),
            on_page=report,
        )
        services.print_job_store(job=job, body=body, count=len(certificates))
    except Exception:
        job.refresh_from_db()
        services.print_job_retry_or_fail(job=job)
        raise


@task()
def recover_print_jobs() -> dict:
    """Periodic: retry or fail the print jobs whose worker died."""
    return services.print_jobs_recover()


@task()
def expire_print_files() -> int:
    """Periodic (daily): delete print files older than PRINT_FILES_KEEP_DAYS."""
    return services.print_files_expire()
