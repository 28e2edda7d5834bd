"""Panels on the admin's home page for administrators: this week's workshops,
this month's certificates, and the desa no workshop has reached yet."""

import datetime

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from certificates.models import Certificate
from workshops.models import Desa, Workshop
from workshops.selectors import NOT_HELD, held_workshops

LISTED_AT_MOST = 5


def this_week(today):
    monday = today - datetime.timedelta(days=today.weekday())
    return monday, monday + datetime.timedelta(days=6)


def workshops_in(first_day, last_day):
    """Workshops with a session between the two days (not drafts or cancelled),
    with their first session in that time."""
    return (
        Workshop.objects.exclude(status__in=NOT_HELD)
        .filter(sessions__date__range=(first_day, last_day))
        .annotate(first_date=Min("sessions__date"))
        .select_related("desa")
        .order_by("first_date", "title")
    )


def desa_not_reached(today):
    """Desa where no workshop has been held yet (a session today or before)."""
    held = held_workshops(today).filter(desa=OuterRef("pk"))
    return (
        Desa.objects.exclude(Exists(held))
        .select_related("kecamatan")
        .order_by("kecamatan__name", "name")
    )


class DashboardPanel(Component):
    template_name = "workshops/admin/dashboard_panel.html"
    heading = ""
    panel_id = ""

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        return {
            "heading": self.heading,
            "panel_id": self.panel_id,
            **self.figures(today),
        }


class WorkshopsThisWeekPanel(DashboardPanel):
    order = 50
    heading = _("Workshops this week")
    panel_id = "workshops-this-week"

    def figures(self, today):
        monday, sunday = this_week(today)
        workshops = workshops_in(monday, sunday)
        listed = workshops[:LISTED_AT_MOST]
        return {
            "count": workshops.count(),
            "summary": _("%(first)s to %(last)s")
            % {
                "first": monday.strftime("%d-%m-%Y"),
                "last": sunday.strftime("%d-%m-%Y"),
            },
            "items": [
                {
                    "label": f"{w.title} – {w.desa.name}, {w.first_date:%d-%m-%Y}",
                    "url": reverse("workshops:edit", args=[w.pk]),
                }
                for w in listed
            ],
            "more_url": reverse("workshops:index")
            + f"?date_after={monday:%Y-%m-%d}&date_before={sunday:%Y-%m-%d}",
        }


class CertificatesThisMonthPanel(DashboardPanel):
    order = 51
    heading = _("Certificates issued this month")
    panel_id = "certificates-this-month"

    def figures(self, today):
        start = timezone.make_aware(datetime.datetime(today.year, today.month, 1))
        # A corrected certificate replaces one already counted: not a new issue;
        # the one it replaced is still valid through it.
        counts = Certificate.objects.filter(
            issued_at__gte=start, replaces__isnull=True
        ).aggregate(
            issued=Count("pk"),
            still_valid=Count(
                "pk",
                filter=Q(revoked_at__isnull=True)
                | Q(replacement__revoked_at__isnull=True, replacement__isnull=False),
            ),
        )
        return {
            "count": counts["issued"],
            "summary": _("%(valid)d of them still valid")
            % {"valid": counts["still_valid"]},
            "items": [],
            "more_url": reverse("certificate_register:index"),
        }


class DesaNotReachedPanel(DashboardPanel):
    order = 52
    heading = _("Desa not yet reached")
    panel_id = "desa-not-reached"

    def figures(self, today):
        desa = desa_not_reached(today)
        total = Desa.objects.count()
        count = desa.count()
        return {
            "count": count,
            "summary": _("%(count)d of %(total)d desa have had no workshop yet")
            % {"count": count, "total": total},
            "items": [
                {"label": f"{d.name}, {d.kecamatan.name}", "url": ""}
                for d in desa[:LISTED_AT_MOST]
            ],
            "more_url": "",
        }


def dashboard_panels():
    return [
        WorkshopsThisWeekPanel(),
        CertificatesThisMonthPanel(),
        DesaNotReachedPanel(),
    ]
