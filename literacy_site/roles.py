"""The groups users are put in. The names are stored; the labels are shown."""

from django.utils.translation import gettext_lazy as _

EDITOR = "Editor"
MODERATOR = "Moderator"
FACILITATOR = "Fasilitator"
VILLAGE_STAFF = "Operator desa"
ADMINISTRATOR = "Administrator"

ROLE_LABELS = {
    EDITOR: _("Editor"),
    MODERATOR: _("Moderator"),
    FACILITATOR: _("Facilitator"),
    VILLAGE_STAFF: _("Village staff"),
    ADMINISTRATOR: _("Administrator"),
}
ALL_ROLES = tuple(ROLE_LABELS)
