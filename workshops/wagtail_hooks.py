from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from workshops import report_hooks  # noqa: F401  (the Laporan section)
from workshops.models import Participant
from workshops.panels import dashboard_panels
from workshops.participant_admin_views import ParticipantMergeView
from workshops.selectors import is_administrator
from workshops.services import MERGE_CHOSEN_FIELDS
from workshops.viewsets import WorkshopsAdminGroup

LOG_ACTIONS = {
    "workshops.registration.registered": (_("Register"), _("Registered")),
    "workshops.registration.waitlisted": (
        _("Waiting list"),
        _("Put on the waiting list"),
    ),
    "workshops.registration.cancelled": (_("Cancel"), _("Registration cancelled")),
    "workshops.registration.promoted": (
        pgettext_lazy("waiting list", "Promote"),
        _("Moved from the waiting list to a seat"),
    ),
    "workshops.attendance.marked": (_("Attendance"), _("Attendance marked")),
    "workshops.attendance.cleared": (
        _("Clear attendance"),
        _("Attendance mark cleared"),
    ),
    "workshops.workshop.closed": (_("Close"), _("Workshop closed")),
    "workshops.workshop.cancelled": (_("Cancel workshop"), _("Workshop cancelled")),
    "workshops.workshop.reopened": (_("Reopen"), _("Workshop reopened")),
    "workshops.workshop.status_changed": (
        _("Change status"),
        _("Workshop status changed"),
    ),
    "workshops.registration.extra_chair": (
        _("Extra chair"),
        _("Seated from the waiting list on an extra chair"),
    ),
    "workshops.participant.anonymised": (_("Anonymise"), _("Personal data removed")),
    "workshops.participant.corrected": (_("Correct"), _("Personal data corrected")),
    "workshops.participant.exported": (_("Export"), _("Personal data exported")),
}


class ParticipantMergedFormatter(LogFormatter):
    """Says which details the merge took from the other record."""

    label = _("Merge")

    def format_message(self, log_entry):
        chosen = log_entry.data.get("fields") or {}
        taken = [
            str(Participant._meta.get_field(field).verbose_name)
            for field in MERGE_CHOSEN_FIELDS
            if chosen.get(field) == "remove"
        ]
        if not taken:
            return _("Duplicate record merged in")
        return _("Duplicate record merged in; from the other record: %(fields)s") % {
            "fields": ", ".join(taken)
        }


@hooks.register("register_admin_viewset")
def register_workshops_admin():
    return WorkshopsAdminGroup()


@hooks.register("register_log_actions")
def register_workshop_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)
    actions.register_action("workshops.participant.merged")(ParticipantMergedFormatter)


@hooks.register("register_admin_urls")
def register_participant_merge_url():
    return [
        path(
            "participants-merge/<int:pk>/",
            ParticipantMergeView.as_view(),
            name="workshops_participant_merge",
        )
    ]


@hooks.register("construct_homepage_panels")
def add_dashboard_panels(request, panels):
    if is_administrator(request.user):
        panels.extend(dashboard_panels())
