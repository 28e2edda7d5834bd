"""Certificates printed together from more than one workshop: a desa's batch,
and a single certificate.

The certificates of one workshop share their wording, so each workshop's are
drawn in one go (its background drawn once) and the pages are then put in the
order wanted with pypdf."""

import io
from itertools import groupby

from django.db.models.functions import Lower
from pypdf import PdfReader, PdfWriter

from certificates import selectors
from certificates.models import Certificate
from certificates.render import render_certificates


def desa_certificates(desa):
    """Every valid certificate of the desa's residents, whatever the workshop,
    sorted by name. Not those whose owner asked to be erased: they would print
    with a placeholder for a name."""
    return (
        Certificate.objects.filter(
            participant__desa=desa,
            participant__anonymised_at__isnull=True,
            revoked_at__isnull=True,
        )
        .select_related("workshop__venue", "workshop__desa")
        .order_by(Lower("name_as_printed"), "name_as_printed", "pk")
    )


def render_certificate_batch(certificates, *, site, on_page=None) -> bytes:
    """One PDF with a page per certificate, in the order given, each with its
    own workshop's wording. `on_page(count)` is called as pages are drawn."""
    certificates = list(certificates)
    by_workshop = sorted(enumerate(certificates), key=lambda item: item[1].workshop_id)
    drawn = 0
    page_of = {}  # position in the batch -> (reader, page index)
    for _workshop_id, group in groupby(
        by_workshop, key=lambda item: item[1].workshop_id
    ):
        group = list(group)
        workshop = group[0][1].workshop

        def report(count, before=drawn):
            if on_page is not None:
                on_page(before + count)

        body = render_certificates(
            selectors.workshop_wording(workshop, site),
            selectors.certificate_texts([certificate for _, certificate in group]),
            on_page=report,
        )
        drawn += len(group)
        if len(group) == len(certificates):
            return body  # one workshop: already in the order given
        reader = PdfReader(io.BytesIO(body))
        for index, (position, _certificate) in enumerate(group):
            page_of[position] = (reader, index)
    writer = PdfWriter()
    for position in range(len(certificates)):
        reader, index = page_of[position]
        writer.add_page(reader.pages[index])
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
