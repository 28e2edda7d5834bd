from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_card_log_actions(actions):
    actions.register_action(
        "cards.card.reissued",
        _("Learner card replaced"),
        _("Learner card replaced: the old code no longer works"),
    )
