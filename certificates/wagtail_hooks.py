from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from certificates.viewsets import CertificateViewSet

LOG_ACTIONS = {
    "certificates.issued": (_("Issue certificate"), _("Certificate issued")),
    "certificates.revoked": (_("Revoke certificate"), _("Certificate revoked")),
    "certificates.issued_early": (
        _("Issue certificate before the workshop ended"),
        _("Certificate issued before the last session ended"),
    ),
    "certificates.reissued": (
        _("Issue certificate again"),
        _("Certificate issued again after a revocation"),
    ),
    "certificates.kept_despite_rule": (
        _("Keep certificate despite the attendance rule"),
        _("Certificate kept despite the attendance rule"),
    ),
}


@hooks.register("register_log_actions")
def register_certificate_log_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


@hooks.register("register_admin_viewset")
def register_certificate_register():
    return CertificateViewSet("certificate_register")
