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

# One line each on the user screen, so the office picks a role by what the person does.
ROLE_DESCRIPTIONS = {
    EDITOR: _("Writes and changes lessons, then sends them to a moderator for review."),
    MODERATOR: _("Checks lessons sent for review, approves and publishes them."),
    FACILITATOR: _(
        "Runs the workshops they are added to: registration, attendance, certificates."
    ),
    VILLAGE_STAFF: _(
        "Sees and helps with the workshops held in the desa chosen below."
    ),
    ADMINISTRATOR: _(
        "Plans workshops, manages places and the office's people, sees every workshop."
    ),
}

# Roles whose people get e-mail from the site (review requests, password resets).
ROLES_NEEDING_EMAIL = (EDITOR, MODERATOR, ADMINISTRATOR)
