"""The public figures of /capaian/: counts only, with small numbers hidden, kept
in the cache and rebuilt when the data changes or after an hour. The reports of
the Laporan pages are kept the same way."""

import hashlib
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import get_language

from workshops import reports

VERSION_KEY = "capaian:version"
CACHE_SECONDS = 60 * 60
SMALLEST_SHOWN = 5
# Only lansia are counted on /capaian/: the desa table and the kecamatan totals
# leave the under-55 band out alike.
LANSIA_BANDS = tuple(band for band in reports.AGE_BANDS if band[0] != "u55")


@dataclass
class Cell:
    """One desa × gender × age-band count; `shown` is None when hidden (< 5)."""

    people: int
    shown: int | None


def suppress(cells_by_group, *, zero_shown=False):
    """Hide every count under 5 (and 0 too unless `zero_shown`). Where a group
    (whose total is shown) would then hide only one count, hide its next
    smallest too, so the hidden one cannot be worked out from the total."""
    for cells in cells_by_group.values():
        hidden = 0
        for cell in cells:
            small = cell.people < SMALLEST_SHOWN and (
                cell.people > 0 or not zero_shown
            )
            cell.shown = None if small else cell.people
            hidden += small
        if hidden == 1:
            visible = [cell for cell in cells if cell.shown]
            if visible:
                min(visible, key=lambda cell: cell.people).shown = None
    return cells_by_group


def _year_figures(year):
    filters = reports.ReportFilters.for_year(year)
    data = reports.ReportData(filters)
    headline = reports.headline(filters, data)
    kecamatan = [
        (
            name,
            Cell(people=figures.registered, shown=None),
            Cell(people=figures.completed, shown=None),
        )
        for name, figures in reports.by_kecamatan(filters, data)
    ]
    # The year's totals are shown: a kecamatan under 5 hidden alone would be
    # the year's total less the others.
    suppress(
        {
            "registered": [registered for _name, registered, _done in kecamatan],
            "completed": [completed for _name, _registered, completed in kecamatan],
        },
        zero_shown=True,
    )
    places = reports.by_desa(filters, data)
    counts = reports.people_by_desa_age_and_gender(filters, data)
    desa_rows, by_kecamatan = [], {}
    for row in places.rows:
        if not row.reached:
            continue
        cells = [
            Cell(people=counts.get((row.desa_id, band, gender.value), 0), shown=None)
            for gender in reports.GENDERS
            for band, *_rest in LANSIA_BANDS
        ]
        by_kecamatan.setdefault(row.kecamatan, []).extend(cells)
        desa_rows.append({"kecamatan": row.kecamatan, "desa": row.desa, "cells": cells})
    suppress(by_kecamatan)
    return {
        "year": year,
        "headline": headline,
        "kecamatan": kecamatan,
        "desa_rows": desa_rows,
        "reached": places.reached,
        "desa_total": places.total,
    }


def _build():
    this_year = timezone.localdate().year
    return {
        "years": [_year_figures(this_year), _year_figures(this_year - 1)],
        "built_at": timezone.now(),
    }


def _version():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.set(VERSION_KEY, version, None)
    return version


def figures():
    """The figures for the page, from the cache when nothing changed since."""
    key = f"capaian:{_version()}"
    data = cache.get(key)
    if data is None:
        data = _build()
        cache.set(key, data, CACHE_SECONDS)
    return data


def cached_html(render):
    """The page's figures as HTML in the current language, kept for exactly
    those figures (keyed by when they were built), so the page never outlives
    them; `render(figures)` makes it when the figures are new."""
    data = figures()
    built = data["built_at"].isoformat()
    key = f"capaian:{_version()}:{built}:html:{get_language()}"
    html = cache.get(key)
    if html is None:
        html = render(data)
        cache.set(key, html, CACHE_SECONDS)
    return html


def cached_report(filters):
    """reports.build_report(filters), from the cache when nothing changed since
    it was built (nor an hour passed): a year's report reads every registration
    of the year, and the office opens it, sorts it and exports it in turn."""
    digest = hashlib.sha256(repr(filters).encode()).hexdigest()
    key = f"laporan:{_version()}:{digest}"
    report = cache.get(key)
    if report is None:
        report = reports.build_report(filters)
        cache.set(key, report, CACHE_SECONDS)
    return report


def _new_version():
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def data_changed(**kwargs):
    """A registration, attendance, certificate, workshop or person changed: the
    next visitor gets figures built afresh. Bulk writes (update, bulk_create)
    send no signal: their services call this themselves. Done again once the
    transaction commits, so figures built meanwhile from the old rows are not
    kept."""
    _new_version()
    transaction.on_commit(_new_version)


def connect_signals():
    from certificates.models import Certificate
    from workshops.models import (
        Attendance,
        Participant,
        Registration,
        Workshop,
        WorkshopSession,
    )

    for model in (
        Registration,
        Attendance,
        Certificate,
        Workshop,
        WorkshopSession,
        Participant,
    ):
        for signal in (post_save, post_delete):
            signal.connect(
                data_changed, sender=model, dispatch_uid=f"capaian-{model.__name__}"
            )
