"""Background work: drawing a whole workshop's certificates into one PDF."""

from django.core.files.base import ContentFile
from django.utils.text import slugify
from django_tasks import task
from wagtail.models import Site

from certificates import selectors
from certificates.models import PrintJob
from certificates.render import render_certificates

PROGRESS_EVERY = 25


@task()
def print_certificates(job_id: int) -> None:
    """Draw the job's certificates, reporting progress as pages are drawn."""
    job = PrintJob.objects.select_related("workshop").get(pk=job_id)
    certificates = list(selectors.valid_certificates(job.workshop))
    PrintJob.objects.filter(pk=job_id).update(
        status=PrintJob.Status.RUNNING, total=len(certificates), done=0
    )

    def report(done):
        if done % PROGRESS_EVERY == 0 or done == len(certificates):
            PrintJob.objects.filter(pk=job_id).update(done=done)

    try:
        body = render_certificates(
            selectors.workshop_wording(
                job.workshop, Site.objects.filter(is_default_site=True).first()
            ),
            selectors.certificate_texts(certificates),
            on_page=report,
        )
    except Exception:
        PrintJob.objects.filter(pk=job_id).update(status=PrintJob.Status.FAILED)
        raise
    job.refresh_from_db()
    job.file.save(
        f"sertifikat-{slugify(job.workshop.title)[:40]}-{job.pk}.pdf",
        ContentFile(body),
        save=False,
    )
    job.status = PrintJob.Status.DONE
    job.done = len(certificates)
    job.save(update_fields=["file", "status", "done"])
