"""Background work: drawing a workshop's or a desa's certificates, or a
workshop's print pack, into one PDF."""

from django_tasks import task
from wagtail.models import Site

from certificates import selectors, services
from certificates.models import PrintJob
from certificates.render import render_certificates

PROGRESS_EVERY = 25


def _draw(job, draw, *, report_every=PROGRESS_EVERY):
    """Run `draw(report)` for the claimed job and store the PDF and count it
    returns; a failure queues the job once more, then marks it failed."""

    def report(done):
        if done % report_every == 0:
            services.print_job_progress(job=job, done=done)

    try:
        body, count = draw(report)
        services.print_job_store(job=job, body=body, count=count)
    except Exception:
        job.refresh_from_db()
        services.print_job_retry_or_fail(job=job)
        raise


@task()
def print_certificates(job_id: int) -> None:
    """Draw the job's certificates (a workshop's or a desa's), reporting
    progress as pages are drawn.

    Safe to run twice: a job that is done, failed or taken by another worker is
    left alone."""
    from certificates.batches import desa_certificates, render_certificate_batch

    job = services.print_job_claim(job_pk=job_id)
    if job is None:
        return
    site = Site.objects.filter(is_default_site=True).first()

    def draw(report):
        if job.kind == PrintJob.Kind.DESA_CERTIFICATES:
            certificates = list(desa_certificates(job.desa))
            body = render_certificate_batch(certificates, site=site, on_page=report)
            return body, len(certificates)
        certificates = list(selectors.certificates_to_print(job.workshop))
        body = render_certificates(
            selectors.workshop_wording(job.workshop, site),
            selectors.certificate_texts(certificates),
            on_page=report,
        )
        return body, len(certificates)

    _draw(job, draw)


@task()
def build_print_pack(job_id: int) -> None:
    """Put the workshop's print pack together, reporting each part as it is
    ready. Safe to run twice, like print_certificates."""
    from workshops.print_pack import render_print_pack

    job = services.print_job_claim(job_pk=job_id)
    if job is None:
        return
    site = Site.objects.filter(is_default_site=True).first()

    def draw(report):
        pack = render_print_pack(job.workshop, site=site, on_part=report)
        return pack.body, pack.parts

    # A pack has few parts, each slow to draw: every one is reported.
    _draw(job, draw, report_every=1)


@task()
def recover_print_jobs() -> dict:
    """Periodic: retry or fail the print jobs whose worker died."""
    return services.print_jobs_recover()


@task()
def expire_print_files() -> int:
    """Periodic (daily): delete print files older than PRINT_FILES_KEEP_DAYS."""
    return services.print_files_expire()
